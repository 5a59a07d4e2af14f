"""Bank files and the bank's return (spec/PAYMENTS.md; R-PAY-05 reconciliation before release and after the
return; R-PAY-07 the bank's notification status; R-PAY-03 no card PIN anywhere)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.payments import rosters as r
from jiuzhu.payments.bankfiles import do_bank_file
from jiuzhu.payments.models import BankLayout, Roster, RosterLine
from jiuzhu.payments.returns import do_bank_return
from tests.payments.conftest import set_account

pytestmark = pytest.mark.django_db
AUG = dt.date(2026, 8, 1)
HEADER = "业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号"


@pytest.fixture
def sent(active_case, worker, approver, finance, tmp_path):
    """A roster of three cases for 2026-08, confirmed, allocated and written to the bank (generic-csv)."""
    apps = [active_case(AUG) for _ in range(3)]
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    r.do_confirm(approver, roster)
    r.do_allocate(finance, roster)
    do_bank_file(finance, roster, tmp_path / "bank.csv")
    roster.refresh_from_db()
    return roster, apps, tmp_path / "bank.csv"


def lines(roster):
    return list(roster.lines.order_by("seq"))


def ret(*rows, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def row(line, state="成功", reason="", serial="S1", amount=None, account=None, name=None) -> str:
    return ",".join(
        [
            line.ref,
            account or line.account_number,
            name or line.payee_name,
            amount or line.amount_yuan(),
            state,
            reason,
            serial,
        ]
    )


def test_generic_csv_is_the_contracts_layout(sent):
    roster, _apps, path = sent
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    text = data.decode("utf-8-sig").splitlines()
    assert text[0] == "序号,业务参考号,收款账号,收款户名,证件号码,金额,用途"
    first = lines(roster)[0]
    assert (
        text[1]
        == f"1,{first.ref},{first.account_number},{first.payee_name},{first.id_number},1000.00,2026年08月低保金"
    )
    assert len(text) == 4
    refs = [ln.ref for ln in lines(roster)]
    assert len(set(refs)) == 3 and all(len(x) == 14 and x.isdigit() for x in refs)


def test_text_that_a_spreadsheet_would_run_is_neutralised(active_case, worker, approver, finance, tmp_path):
    from jiuzhu.registry.models import Member

    app = active_case(AUG)
    Member.objects.filter(pk=app.household.applicant.pk).update(name="=HYPERLINK(1)")
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    r.do_confirm(approver, roster)
    r.do_allocate(finance, roster)
    do_bank_file(finance, roster, tmp_path / "f.csv")
    assert ",'=HYPERLINK(1)," in (tmp_path / "f.csv").read_text(encoding="utf-8-sig")


def test_a_banks_own_xlsx_template_is_data(sent, finance, tmp_path):
    from openpyxl import load_workbook

    roster, _apps, _path = sent
    BankLayout.objects.create(
        code="icbc-demo",
        name="某银行代发模板",
        format="xlsx",
        sheet="Sheet1",
        columns=[
            {"header": "账号", "field": "account_number"},
            {"header": "户名", "field": "payee_name"},
            {"header": "金额", "field": "amount"},
            {"header": "备注", "field": "ref"},
        ],
    )
    do_bank_file(finance, roster, tmp_path / "f.xlsx", layout="icbc-demo")
    ws = load_workbook(tmp_path / "f.xlsx").active
    got = [[c.value for c in r_] for r_ in ws.iter_rows()]
    first = lines(roster)[0]
    assert got[0] == ["账号", "户名", "金额", "备注"]
    assert got[1] == [first.account_number, first.payee_name, "1000.00", first.ref]
    assert ws.cell(2, 1).data_type == "s"  # an account number stays text, never 6.2E+18


def test_r_pay_03_no_layout_field_can_hold_a_pin():
    from jiuzhu.payments.bankfiles import FIELDS
    from jiuzhu.registry.models import PayeeAccount

    assert not [f for f in FIELDS if "pin" in f.lower() or "password" in f.lower()]
    assert not [f.name for f in PayeeAccount._meta.fields if "pin" in f.name or "password" in f.name]


def test_r_pay_05_the_bank_file_is_refused_when_a_line_no_longer_matches_the_decision(
    active_case, worker, approver, finance, tmp_path
):
    from jiuzhu.dibao.actions import do_stop

    app = active_case(AUG)
    active_case(AUG)
    roster = r.do_make(worker, "dibao", "2026-08", "110113")
    r.do_confirm(approver, roster)
    r.do_allocate(finance, roster)
    do_stop(approver, app, stop_month=AUG, reason="死亡")  # after allocation: August is no longer owed
    with pytest.raises(r.Refused, match="预警"):
        do_bank_file(finance, roster, tmp_path / "f.csv")
    assert not (tmp_path / "f.csv").exists()
    roster.refresh_from_db()
    assert roster.status == Roster.Status.ALLOCATED


def test_r_pay_05_return_paid_failed_unknown_mismatched_missing(sent, finance):
    roster, _apps, _path = sent
    a, b, c = lines(roster)
    report = do_bank_return(
        finance,
        roster,
        ret(
            row(a, serial="B001"),
            row(b, "失败", "账户已销户", serial=""),
            "99999999999999,6216000000000000,某人,1.00,成功,,B009",
            row(c, amount="999.00"),
        ),
    )
    assert {k: report[k] for k in ("paid", "failed", "unknown", "mismatched", "missing")} == {
        "paid": 1,
        "failed": 1,
        "unknown": 1,
        "mismatched": 1,
        "missing": 0,
    }
    assert (report["paid_total"], report["failed_total"]) == ("1000.00", "1000.00")
    problems = {p["ref"]: p["problem"] for p in report["problems"]}
    assert "没有此业务参考号" in problems["99999999999999"] and "金额" in problems[c.ref]
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()  # noqa: E702
    assert (a.status, a.bank_serial) == (RosterLine.Status.PAID, "B001")
    assert (b.status, b.failure_reason) == (RosterLine.Status.FAILED, "账户已销户")
    assert c.status == RosterLine.Status.QUERIED  # the mismatched row changed nothing; the line is queried
    roster.refresh_from_db()
    assert roster.status == Roster.Status.RECONCILED


def test_r_pay_05_lines_the_return_does_not_mention_are_missing_and_queried(sent, finance):
    roster, _apps, _path = sent
    a, b, c = lines(roster)
    report = do_bank_return(finance, roster, ret(row(a), row(b)))
    assert (report["paid"], report["missing"]) == (2, 1)
    c.refresh_from_db()
    assert c.status == RosterLine.Status.QUERIED
    later = do_bank_return(finance, roster, ret(row(c, serial="S3")))  # the bank's later answer settles it
    assert (later["paid"], later["missing"]) == (1, 0)
    c.refresh_from_db()
    assert c.status == RosterLine.Status.PAID


def test_importing_the_same_return_twice_changes_nothing(sent, finance):
    roster, _apps, _path = sent
    a, b, c = lines(roster)
    data = ret(row(a), row(b, "失败", "户名不符"), row(c))
    first = do_bank_return(finance, roster, data)
    state = sorted(roster.lines.values_list("ref", "status", "bank_serial", "settled_at"))
    second = do_bank_return(finance, roster, data)
    assert sorted(roster.lines.values_list("ref", "status", "bank_serial", "settled_at")) == state
    assert {k: second[k] for k in first} == first and second["repeated"] is True
    assert roster.returns.count() == 1


def test_a_later_return_cannot_overturn_a_settled_line(sent, finance):
    roster, _apps, _path = sent
    a, b, c = lines(roster)
    do_bank_return(finance, roster, ret(row(a), row(b), row(c)))
    report = do_bank_return(finance, roster, ret(row(a, "失败", "冲正")))
    assert report["failed"] == 0 and "此前已记为“已发放”" in report["problems"][0]["problem"]
    a.refresh_from_db()
    assert a.status == RosterLine.Status.PAID


@pytest.mark.parametrize(
    "data, where",
    [
        (b"", "第1行"),
        ("业务参考号,收款账号,金额\n".encode(), "第1行第3列：表头应为“收款户名”，实为“金额”"),
        (ret("1,2,3,12a,成功,,"), "第2行“金额”列：“12a”不是金额"),
        (ret("1,2,3,1.00,已退回,,"), "第2行“状态”列：应为“成功”或“失败”"),
        (ret("1,2,3,1.00,成功"), "第2行：应有7列，实有5列"),
        (ret(",2,3,1.00,成功,,"), "第2行“业务参考号”列：不能为空"),
        (b"\xff\xfe\x00\x01garbage", "编码"),
    ],
)
def test_a_malformed_return_is_refused_whole_naming_row_and_column(sent, finance, data, where):
    roster, _apps, _path = sent
    before = sorted(roster.lines.values_list("ref", "status"))
    with pytest.raises(r.Refused, match=where):
        do_bank_return(finance, roster, data)
    assert sorted(roster.lines.values_list("ref", "status")) == before
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SENT and not roster.returns.exists()


def test_a_gb18030_return_with_the_notification_status_is_read(sent, finance):
    roster, _apps, _path = sent
    a, b, c = lines(roster)
    text = "\n".join(
        [HEADER + ",通知状态", row(a) + ",已短信通知", row(b) + ",未通知", row(c) + ",已短信通知"]
    )
    report = do_bank_return(finance, roster, text.encode("gb18030"))
    assert report["paid"] == 3
    a.refresh_from_db()
    b.refresh_from_db()  # noqa: E702
    assert (a.notified, b.notified) == ("已短信通知", "未通知")  # R-PAY-07


def test_follow_up_pays_a_failed_line_once_naming_it(sent, worker, approver, finance, tmp_path):
    roster, _apps, _path = sent
    a, b, c = lines(roster)
    do_bank_return(finance, roster, ret(row(a), row(b, "失败", "账户已销户"), row(c)))
    set_account(worker, b.member, "6228480000000099")  # the worker records the new account
    follow = r.do_follow_up(worker, roster)
    new = follow.lines.get()
    assert (new.replaces_id, new.amount_fen, new.account_number, new.kind) == (
        b.pk,
        b.amount_fen,
        "6228480000000099",
        "follow_up",
    )
    assert follow.follows_id == roster.pk and follow.status == Roster.Status.DRAFT
    with pytest.raises(r.Refused, match="均已补发过"):
        r.do_follow_up(worker, roster)
    # the claim moved: the month is still paid once
    assert list(new.claims.values_list("slot", flat=True)) == ["2026-08"] and not b.claims.exists()
    r.do_confirm(approver, follow)
    r.do_allocate(finance, follow)
    do_bank_file(finance, follow, tmp_path / "again.csv")
    do_bank_return(finance, follow, ret(row(new)))
    new.refresh_from_db()
    assert new.status == RosterLine.Status.PAID


def test_a_cancelled_follow_up_frees_the_failed_line_for_another(sent, worker, approver, finance):
    roster, _apps, _path = sent
    a, b, c = lines(roster)
    do_bank_return(finance, roster, ret(row(a), row(b, "失败", "账户冻结"), row(c)))
    first = r.do_follow_up(worker, roster)
    r.do_cancel(approver, first, "账户仍未更正")
    assert list(b.claims.values_list("slot", flat=True)) == ["2026-08"]
    second = r.do_follow_up(worker, roster)
    assert second.lines.get().replaces_id == b.pk
