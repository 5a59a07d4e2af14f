"""The payment pages (R-PAY-02 the three roles on the page, R-PAY-03/05 warnings and reconciliation shown,
R-SUP-09 a household's payments): each button calls the backend action; a refusal is shown with the input kept.

Worked figures from the household factory (tests/payments/conftest.py): each case pays 2 × 1400.00 − 1800.00 =
1000.00 yuan a month, so two cases for 2026-08 make a roster of 2 lines and 2000.00 yuan.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from jiuzhu.payments import rosters as r
from jiuzhu.payments.models import Roster, RosterLine
from jiuzhu.registry.models import Member

pytestmark = pytest.mark.django_db
AUG = dt.date(2026, 8, 1)
HEADER = "业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号"


def text(response) -> str:
    return response.content.decode()


def visible(html: str) -> str:
    """The page's text without tags and attributes (what a user reads)."""
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def roster(active_case, worker):
    active_case(AUG)
    active_case(AUG)
    return r.do_make(worker, "dibao", "2026-08", "110113")


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


def upload(data: bytes, name="return.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize("username", ["sy_worker", "sy_approver", "sy_finance", "admin", "auditor"])
def test_r_pay_02_list_and_roster_page_render_for_each_role(client, users, roster, username):
    client.force_login(users[username])
    page = client.get("/payments/")
    assert page.status_code == 200
    assert "共 1 份" in text(page)
    page = client.get(f"/payments/{roster.pk}/")
    assert page.status_code == 200
    html = text(page)
    assert "2000.00" in html  # the total in yuan, two decimals
    assert not re.search(r"(?<![\d.])200000(?![\d.])", visible(html))  # never fen (a line's ref aside)


def test_r_pay_02_roster_page_shows_totals_lines_masked_and_buttons_by_role(client, users, roster):
    line = roster.lines.order_by("seq").first()
    client.force_login(users["sy_approver"])
    html = text(client.get(f"/payments/{roster.pk}/"))
    assert re.search(r'id="total-count">2<', html)
    assert re.search(r'id="total-sum" class="num">2000.00<', html)
    assert line.payee_name not in html  # the name masked
    assert line.account_number not in html  # the account masked
    assert line.account_number[-4:] in html
    assert "1000.00" in html
    assert f"/dibao/{line.case_id}/" in html  # the decision's case
    assert "确认花名册" in html and "核拨资金</button>" not in html
    client.force_login(users["sy_finance"])
    html = text(client.get(f"/payments/{roster.pk}/"))
    assert "确认花名册</button>" not in html  # finance does not confirm


def test_r_pay_02_scope_a_user_of_another_region_gets_404(client, users, roster):
    client.force_login(users["cy_worker"])
    assert client.get(f"/payments/{roster.pk}/").status_code == 404
    assert client.post(f"/payments/{roster.pk}/do/cancel/", {"reason": "x"}).status_code == 404
    assert "共 0 份" in text(client.get("/payments/"))
    roster.refresh_from_db()
    assert roster.status == Roster.Status.DRAFT


def test_r_pay_02_maker_is_refused_as_checker_on_the_page(client, users, active_case):
    active_case(AUG)
    approver = users["sy_approver"]
    made = r.do_make(approver, "dibao", "2026-08", "110113")
    client.force_login(approver)
    page = client.post(f"/payments/{made.pk}/do/confirm/", {"note": "我的意见"})
    assert page.status_code == 409
    html = text(page)
    assert "编制与确认不能为同一人" in html
    assert 'value="我的意见"' in html  # the form keeps its input
    made.refresh_from_db()
    assert made.status == Roster.Status.DRAFT


def test_make_form_refusal_keeps_the_input(client, users, active_case):
    client.force_login(users["sy_worker"])
    page = client.post("/payments/make/", {"programme": "dibao", "period": "2026-13", "region": "110113"})
    assert page.status_code == 409
    html = text(page)
    assert "格式应为YYYY-MM" in html and 'value="2026-13"' in html
    assert not Roster.objects.exists()


def test_r_pay_03_warning_shows_its_clause_and_is_resolved_with_a_reason(client, users, active_case, worker):
    from jiuzhu.payments.models import StaffAccount, StaffRegisterEntry

    app = active_case(AUG)
    account = app.household.applicant.account.account_number
    entry = StaffRegisterEntry.objects.create(
        name="王村干", id_number="110113198001010011", kind="village_cadre"
    )
    StaffAccount.objects.create(entry=entry, account_number=account)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    client.force_login(worker)
    html = text(client.get(f"/payments/{roster.pk}/"))
    assert "工作人员或村干部" in html
    assert "民发〔2019〕139号 二(三)" in html
    assert 'title="R-PAY-03"' in html and "R-PAY-03" not in visible(html)  # R-ID in the tooltip only
    warning = roster.warnings.get(kind="staff_account")
    page = client.post(f"/payments/{roster.pk}/warnings/{warning.pk}/resolve/", {"reason": ""})
    assert page.status_code == 409 and "请填写处理理由" in text(page)
    page = client.post(
        f"/payments/{roster.pk}/warnings/{warning.pk}/resolve/", {"reason": "经核实为本人亲属账户"}
    )
    assert page.status_code == 302
    warning.refresh_from_db()
    assert warning.resolved_at and warning.resolution == "经核实为本人亲属账户"


def test_line_removed_and_restored_on_the_page(client, users, roster, worker):
    line = roster.lines.order_by("seq").first()
    client.force_login(worker)
    page = client.post(f"/payments/{roster.pk}/lines/{line.pk}/remove/", {"reason": ""})
    assert page.status_code == 409 and "请填写移除原因" in text(page)
    assert (
        client.post(f"/payments/{roster.pk}/lines/{line.pk}/remove/", {"reason": "已死亡"}).status_code == 302
    )
    line.refresh_from_db()
    assert line.status == RosterLine.Status.REMOVED
    html = text(client.get(f"/payments/{roster.pk}/"))
    assert re.search(r'id="total-sum" class="num">1000.00<', html)
    assert client.post(f"/payments/{roster.pk}/lines/{line.pk}/restore/").status_code == 302
    line.refresh_from_db()
    assert line.status == RosterLine.Status.PENDING


def test_r_pay_05_whole_path_draft_to_reconciled_through_the_pages(
    client, users, active_case, settings, tmp_path, django_capture_on_commit_callbacks
):
    from jiuzhu.jobs.models import Job
    from jiuzhu.jobs.queue import work

    settings.DATA_DIR = tmp_path
    active_case(AUG)
    active_case(AUG)
    client.force_login(users["sy_worker"])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/payments/make/", {"programme": "dibao", "period": "2026-08", "region": "110113"})
    assert page.status_code == 302
    roster, job = Roster.objects.get(), Job.objects.get()
    assert page["Location"] == f"/jobs/{job.pk}/"  # the lines are made in the background
    assert job.params["roster"] == roster.pk and not roster.lines.exists()
    waiting = client.get(page["Location"])
    assert waiting["Refresh"] == "2" and "排队中" in text(waiting)
    work(batch=True)
    done = client.get(page["Location"])
    assert "Refresh" not in done and "已完成" in text(done) and f"/payments/{roster.pk}/" in text(done)
    assert roster.lines.count() == 2
    client.force_login(users["sy_approver"])
    assert client.post(f"/payments/{roster.pk}/do/confirm/", {"note": ""}).status_code == 302
    client.force_login(users["sy_finance"])
    html = text(client.get("/payments/"))
    assert "待财务处理的花名册 1 份" in html
    assert client.post(f"/payments/{roster.pk}/do/allocate/", {"note": ""}).status_code == 302
    download = client.post(f"/payments/{roster.pk}/bank-file/", {"layout": "generic-csv"})
    assert download.status_code == 200
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "序号,业务参考号,收款账号,收款户名,证件号码,金额,用途"
    assert len(body.splitlines()) == 3
    assert list((tmp_path / "bankfiles").iterdir())  # the file sent is kept where BankFile.path says
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SENT
    page = client.post(
        f"/payments/{roster.pk}/bank-return/", {"file": upload(return_file(roster, fail_first=True))}
    )
    assert page.status_code == 200
    html = text(page)
    assert "回盘对账结果" in html and "账户已销户" in html
    roster.refresh_from_db()
    assert roster.status == Roster.Status.RECONCILED
    assert sorted(roster.lines.values_list("status", flat=True)) == ["failed", "paid"]
    # the failed line goes to a follow-up roster, made by civil affairs
    client.force_login(users["sy_worker"])
    page = client.post(f"/payments/{roster.pk}/do/follow_up/")
    assert page.status_code == 302
    follow = Roster.objects.get(follows=roster)
    assert follow.lines.count() == 1


def test_r_pay_05_malformed_return_shows_the_row_and_column(
    client, users, roster, approver, finance, tmp_path
):
    from jiuzhu.payments.bankfiles import do_bank_file

    r.do_confirm(approver, roster)
    r.do_allocate(finance, roster)
    do_bank_file(finance, roster, tmp_path / "f.csv")
    line = roster.lines.order_by("seq").first()
    bad = f"{HEADER}\n{line.ref},{line.account_number},{line.payee_name},12.345,成功,,S1\n".encode()
    client.force_login(finance)
    page = client.post(f"/payments/{roster.pk}/bank-return/", {"file": upload(bad)})
    assert page.status_code == 409
    assert "第2行“金额”列" in text(page)
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SENT  # nothing imported


def test_r_sup_09_household_payments_page_with_the_total_between_two_months(
    client, users, active_case, worker, approver, finance, tmp_path
):
    from jiuzhu.payments.bankfiles import do_bank_file
    from jiuzhu.payments.returns import do_bank_return

    app = active_case(AUG)
    for period in ("2026-08", "2026-09"):
        roster = r.do_make(worker, "dibao", period, "110113")
        r.do_confirm(approver, roster)
        r.do_allocate(finance, roster)
        do_bank_file(finance, roster, tmp_path / f"{period}.csv")
        do_bank_return(finance, roster, return_file(roster))
    household = app.household
    client.force_login(worker)
    assert f"/payments/households/{household.pk}/" in text(client.get(f"/households/{household.pk}/"))
    html = text(client.get(f"/payments/households/{household.pk}/?start=2026-08&end=2026-09"))
    assert "共领取 2000.00 元" in html
    html = text(client.get(f"/payments/households/{household.pk}/?start=2026-09&end=2026-09"))
    assert "共领取 1000.00 元" in html
    page = client.get(f"/payments/households/{household.pk}/?start=2026-10&end=2026-09")
    assert page.status_code == 422 and "起始月份不能晚于截止月份" in text(page)
    client.force_login(users["cy_worker"])
    assert client.get(f"/payments/households/{household.pk}/").status_code == 404


def test_payee_name_is_masked_in_the_household_lines(client, users, roster):
    member = Member.objects.get(pk=roster.lines.first().member_id)
    client.force_login(users["sy_worker"])
    assert member.name not in text(client.get(f"/payments/{roster.pk}/"))


def test_admin_keeps_bank_layouts_staff_register_and_reserve_funds(client, users):
    from jiuzhu.core.models import AuditEvent, Region
    from jiuzhu.payments.models import BankLayout, ReserveFund, StaffRegisterEntry

    client.force_login(users["admin"])
    for model in ("banklayout", "staffregisterentry", "reservefund"):
        assert client.get(f"/admin/payments/{model}/").status_code == 200
        assert client.get(f"/admin/payments/{model}/add/").status_code == 200
    layout = {
        "code": "demo-bank",
        "name": "某银行",
        "format": "xlsx",
        "encoding": "",
        "sheet": "",
        "title_rows": "[]",
    }
    bad = client.post(
        "/admin/payments/banklayout/add/", {**layout, "columns": '[{"header": "密码", "field": "pin"}]'}
    )
    assert bad.status_code == 200 and "第1列：字段“pin”不可用" in bad.content.decode()  # R-PAY-03: no PIN
    assert not BankLayout.objects.filter(code="demo-bank").exists()
    good = client.post(
        "/admin/payments/banklayout/add/",
        {**layout, "columns": '[{"header": "账号", "field": "account_number"}]'},
    )
    assert (
        good.status_code == 302
        and BankLayout.objects.get(code="demo-bank").columns[0]["field"] == "account_number"
    )
    entry = client.post(
        "/admin/payments/staffregisterentry/add/",
        {
            "name": "李干部",
            "id_number": "110113198001010011",
            "kind": "village_cadre",
            "post": "村委会主任",
            "active": "on",
            "accounts-TOTAL_FORMS": "1",
            "accounts-INITIAL_FORMS": "0",
            "accounts-0-bank": "农商银行",
            "accounts-0-account_number": "6216610000009999",
        },
    )
    assert entry.status_code == 302, entry.content.decode()[:2000]
    assert StaffRegisterEntry.objects.get(name="李干部").accounts.get().account_number == "6216610000009999"
    township = Region.objects.filter(code__regex=r"^\d{9}$", reserve_fund__isnull=True).first()
    assert client.post("/admin/payments/reservefund/add/", {"region": township.pk}).status_code == 302
    assert ReserveFund.objects.filter(region=township).exists()
    assert AuditEvent.objects.filter(action__startswith="payments.staff_").exists()
    client.force_login(users["sy_worker"])
    assert client.get("/admin/payments/banklayout/").status_code in (302, 403)
