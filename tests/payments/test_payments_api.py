"""The payments REST API (/api/payments/, spec/PAYMENTS.md steps; R-PAY-02 roles, R-PAY-05 reconciliation,
R-SUP-09 the total received). Each case of the factory pays 1000.00 yuan a month (tests/payments/conftest.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jiuzhu.payments import rosters as r
from jiuzhu.payments.models import Roster

pytestmark = pytest.mark.django_db
AUG = dt.date(2026, 8, 1)
HEADER = "业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号"


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def return_file(roster, fail_first=False) -> bytes:
    rows = [HEADER]
    for i, line in enumerate(roster.lines.order_by("seq")):
        state, reason = ("失败", "账户已销户") if fail_first and i == 0 else ("成功", "")
        rows.append(
            ",".join(
                [line.ref, line.account_number, line.payee_name, line.amount_yuan(), state, reason, f"S{i}"]
            )
        )
    return ("\n".join(rows) + "\n").encode("utf-8")


def upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("return.csv", data, content_type="text/csv")


def test_the_payment_paths_are_in_the_openapi_document(client, users):
    client.force_login(users["sy_finance"])  # the document needs a login or a token (issue 10, item 6)
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/payments/rosters",
        "/api/payments/rosters/{roster_id}",
        "/api/payments/rosters/{roster_id}/confirm",
        "/api/payments/rosters/{roster_id}/allocate",
        "/api/payments/rosters/{roster_id}/bank-file",
        "/api/payments/rosters/{roster_id}/bank-return",
        "/api/payments/rosters/{roster_id}/follow-up",
        "/api/payments/rosters/{roster_id}/cancel",
        "/api/payments/rosters/{roster_id}/lines",
        "/api/payments/lines/{ref}/warnings/{kind}/resolve",
        "/api/payments/households/{household_id}/",
    ):
        assert path in paths, path


def test_r_pay_05_whole_path_draft_to_reconciled_through_the_api(
    client, users, active_case, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    active_case(AUG)
    active_case(AUG)
    client.force_login(users["sy_worker"])
    made = post(
        client, "/api/payments/rosters", {"programme": "dibao", "period": "2026-08", "region": "110113"}
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["lines"] == 2 and body["total"] == "2000.00" and body["status"] == "draft"
    pk = body["roster"]
    listed = client.get("/api/payments/rosters?period=2026-08").json()
    assert listed["count"] == 1 and listed["rosters"][0]["roster"] == pk
    # R-PAY-02: the maker may not confirm; an approver who did not make it does
    refused = post(client, f"/api/payments/rosters/{pk}/confirm")
    assert refused.status_code == 409 and "角色" in refused.json()["detail"]
    client.force_login(users["sy_approver"])
    assert (
        post(client, f"/api/payments/rosters/{pk}/confirm", {"note": "同意"}).json()["status"] == "confirmed"
    )
    client.force_login(users["sy_finance"])
    assert post(client, f"/api/payments/rosters/{pk}/allocate").json()["status"] == "allocated"
    download = client.post(f"/api/payments/rosters/{pk}/bank-file?layout=generic-csv")
    assert download.status_code == 200
    assert download["X-Lines"] == "2" and download["X-Total"] == "2000.00"
    text = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert text[0] == "序号,业务参考号,收款账号,收款户名,证件号码,金额,用途" and len(text) == 3
    roster = Roster.objects.get(pk=pk)
    assert roster.status == Roster.Status.SENT
    data = return_file(roster, fail_first=True)
    report = client.post(f"/api/payments/rosters/{pk}/bank-return", {"file": upload(data)})
    assert report.status_code == 200, report.content
    assert report.json()["paid"] == 1 and report.json()["failed"] == 1
    again = client.post(f"/api/payments/rosters/{pk}/bank-return", {"file": upload(data)})
    assert again.json().get("repeated") is True  # the same file changes nothing
    shown = client.get(f"/api/payments/rosters/{pk}").json()
    assert shown["status"] == "reconciled" and shown["counts"]["paid"] == 1 and shown["counts"]["failed"] == 1
    client.force_login(users["sy_worker"])
    follow = post(client, f"/api/payments/rosters/{pk}/follow-up")
    assert follow.status_code == 201 and follow.json()["lines"] == 1 and follow.json()["follows"] == pk
    assert post(client, f"/api/payments/rosters/{pk}/follow-up").status_code == 409  # only once


def test_r_pay_02_wrong_state_and_scope(client, users, active_case, worker):
    active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    client.force_login(users["sy_finance"])
    refused = post(client, f"/api/payments/rosters/{roster.pk}/allocate")
    assert refused.status_code == 409 and "编制中" in refused.json()["detail"]
    client.force_login(users["cy_approver"])
    assert client.get(f"/api/payments/rosters/{roster.pk}").status_code == 404
    assert post(client, f"/api/payments/rosters/{roster.pk}/confirm").status_code == 404
    assert client.get("/api/payments/rosters").json()["count"] == 0
    roster.refresh_from_db()
    assert roster.status == Roster.Status.DRAFT


def test_lines_remove_restore_and_cancel(client, users, active_case, worker):
    active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    client.force_login(worker)
    lines = client.get(f"/api/payments/rosters/{roster.pk}/lines").json()
    ref = lines[0]["ref"]
    assert lines[0]["amount"] == "1000.00" and "*" in lines[0]["account"]
    assert post(client, f"/api/payments/lines/{ref}/remove").status_code == 409  # no reason
    assert (
        post(client, f"/api/payments/lines/{ref}/remove", {"reason": "已死亡"}).json()["status"] == "removed"
    )
    assert post(client, f"/api/payments/lines/{ref}/restore").json()["status"] == "pending"
    assert post(client, f"/api/payments/rosters/{roster.pk}/cancel").status_code == 409
    done = post(client, f"/api/payments/rosters/{roster.pk}/cancel", {"reason": "重新编制"})
    assert done.json()["status"] == "cancelled"


def test_r_pay_03_warning_resolved_with_a_reason(client, users, active_case, worker):
    from jiuzhu.payments.models import StaffAccount, StaffRegisterEntry

    app = active_case(AUG)
    entry = StaffRegisterEntry.objects.create(
        name="王村干", id_number="110113198001010011", kind="village_cadre"
    )
    StaffAccount.objects.create(entry=entry, account_number=app.household.applicant.account.account_number)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    client.force_login(worker)
    warnings = client.get(f"/api/payments/rosters/{roster.pk}").json()["warnings"]
    staff = [w for w in warnings if w["kind"] == "staff_account"]
    assert staff and staff[0]["clause"] == "民发〔2019〕139号 二(三)"
    url = f"/api/payments/lines/{staff[0]['ref']}/warnings/staff_account/resolve"
    assert post(client, url, {"reason": ""}).status_code == 409
    assert post(client, url, {"reason": "经核实无关"}).json()["resolved"] is True
    assert (
        post(
            client, f"/api/payments/lines/{staff[0]['ref']}/warnings/nothing/resolve", {"reason": "x"}
        ).status_code
        == 404
    )


def test_r_pay_05_malformed_return_names_row_and_column(
    client, users, active_case, worker, approver, finance, tmp_path
):
    from jiuzhu.payments.bankfiles import do_bank_file

    active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    r.do_confirm(approver, roster)
    r.do_allocate(finance, roster)
    do_bank_file(finance, roster, tmp_path / "f.csv")
    line = roster.lines.get()
    bad = f"{HEADER}\n{line.ref},{line.account_number},{line.payee_name},1000.00,好了,,S1\n".encode()
    client.force_login(finance)
    refused = client.post(f"/api/payments/rosters/{roster.pk}/bank-return", {"file": upload(bad)})
    assert refused.status_code == 409
    assert "第2行“状态”列" in refused.json()["detail"]
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SENT


def test_r_sup_09_household_received_total_between_two_months(
    client, users, active_case, worker, approver, finance, tmp_path
):
    from jiuzhu.payments.bankfiles import do_bank_file
    from jiuzhu.payments.returns import do_bank_return

    app = active_case(AUG)
    for period in ("2026-08", "2026-09", "2026-10"):
        roster = r.do_make(worker, "dibao", period, "110113")
        r.do_confirm(approver, roster)
        r.do_allocate(finance, roster)
        do_bank_file(finance, roster, tmp_path / f"{period}.csv")
        do_bank_return(finance, roster, return_file(roster))
    url = f"/api/payments/households/{app.household.pk}/"
    client.force_login(worker)
    got = client.get(url + "?start=2026-09&end=2026-10").json()
    assert got["received_total"] == "2000.00"  # September and October, 1000.00 each
    assert [x["first_month"] for x in got["received"]] == ["2026-10", "2026-09"]
    assert client.get(url).json()["received_total"] == "3000.00"
    bad = client.get(url + "?start=2026-13")
    assert bad.status_code == 422 and "起始月份" in bad.json()["detail"]
    client.force_login(users["cy_worker"])
    assert client.get(url).status_code == 404
