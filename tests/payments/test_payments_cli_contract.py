"""`jiuzhu payments ...` exactly as spec/PAYMENTS.md says: one JSON object and exit 0; a refusal exits 2 with a
message on standard error naming the problem, and changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.payments.cli import main
from jiuzhu.payments.models import Roster, RosterLine

pytestmark = pytest.mark.django_db
AUG = dt.date(2026, 8, 1)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, (json.loads(out.getvalue()) if code == 0 else None), err.getvalue()


def ok(*argv):
    code, data, err = run(*argv)
    assert code == 0, err
    return data


def refused(*argv, match: str):
    events = AuditEvent.objects.count()
    code, _data, err = run(*argv)
    assert code == 2 and match in err, err
    assert AuditEvent.objects.count() == events  # nothing changed
    return err


@pytest.fixture
def two(active_case):
    return [active_case(AUG), active_case(AUG)]


def test_the_whole_path_through_the_command_line(two, tmp_path):
    made = ok(
        "make", "--programme", "dibao", "--period", "2026-08", "--region", "110113", "--as", "sy_worker"
    )
    assert set(made) == {"roster", "status", "lines", "total", "warnings"}
    assert (made["status"], made["lines"], made["total"], made["warnings"]) == ("draft", 2, "2000.00", [])
    rid = str(made["roster"])
    assert (
        ok("make", "--programme", "dibao", "--period", "2026-08", "--region", "110113", "--as", "sy_worker")
        == made
    )
    assert ok("confirm", rid, "--as", "sy_approver") == {"roster": made["roster"], "status": "confirmed"}
    assert ok("allocate", rid, "--as", "sy_finance")["status"] == "allocated"
    out = tmp_path / "bank.csv"
    written = ok("bank-file", rid, "--out", str(out), "--as", "sy_finance")
    assert (written["file"], written["lines"], written["total"]) == (str(out), 2, "2000.00")
    shown = ok("show", rid, "--as", "sy_finance")
    assert shown["status"] == "sent" and shown["count"] == 2 and shown["total"] == "2000.00"
    line = shown["lines"][0]
    assert set(line) >= {"ref", "case", "payee", "account", "amount", "fund_source", "status"}
    assert (line["amount"], line["fund_source"], line["status"]) == ("1000.00", "assistance", "pending")
    assert "*" in line["account"]  # masked
    full = {ln.ref: ln for ln in RosterLine.objects.all()}
    rows = ["业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号"]
    for i, x in enumerate(shown["lines"]):
        ln = full[x["ref"]]
        state = "成功" if i == 0 else "失败"
        rows.append(
            f"{ln.ref},{ln.account_number},{ln.payee_name},{x['amount']},{state},{'' if i == 0 else '账户已销户'},B{i}"
        )
    ret = tmp_path / "ret.csv"
    ret.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    report = ok("bank-return", rid, str(ret), "--as", "sy_finance")
    assert {k: report[k] for k in ("paid", "failed", "unknown", "mismatched", "missing")} == {
        "paid": 1,
        "failed": 1,
        "unknown": 0,
        "mismatched": 0,
        "missing": 0,
    }
    assert (report["paid_total"], report["failed_total"], report["problems"]) == ("1000.00", "1000.00", [])
    again = ok("bank-return", rid, str(ret), "--as", "sy_finance")
    assert {k: again[k] for k in report} == report
    follow = ok("follow-up", rid, "--as", "sy_worker")
    assert (follow["status"], follow["lines"], follow["total"]) == ("draft", 1, "1000.00")
    shown = ok("show", str(follow["roster"]), "--as", "sy_worker")
    assert shown["lines"][0]["replaces"] == shown_failed_ref(rid)


def shown_failed_ref(rid) -> str:
    return RosterLine.objects.get(roster_id=int(rid), status=RosterLine.Status.FAILED).ref


def test_refusals_exit_2_and_change_nothing(two, tmp_path):
    made = ok(
        "make", "--programme", "dibao", "--period", "2026-08", "--region", "110113", "--as", "sy_worker"
    )
    rid = str(made["roster"])
    refused("confirm", rid, "--as", "sy_worker", match="角色")  # wrong role
    refused("allocate", rid, "--as", "sy_finance", match="当前状态为“编制中”")  # wrong state
    refused("confirm", rid, "--as", "nobody", match="用户“nobody”不存在")
    refused("show", "999999", "--as", "sy_worker", match="未找到")
    refused("show", rid, "--as", "cy_worker", match="未找到")  # another county: out of scope
    refused(
        "make",
        "--programme",
        "dibao",
        "--period",
        "2026/08",
        "--region",
        "110113",
        "--as",
        "sy_worker",
        match="YYYY-MM",
    )
    mine = ok(
        "make", "--programme", "dibao", "--period", "2026-09", "--region", "110113", "--as", "sy_approver"
    )
    refused("confirm", str(mine["roster"]), "--as", "sy_approver", match="编制与确认不能为同一人")  # maker
    ok("confirm", rid, "--as", "sy_approver")
    ok("allocate", rid, "--as", "sy_finance")
    refused("bank-return", rid, str(tmp_path / "none.csv"), "--as", "sy_finance", match="无法读取文件")
    refused(
        "bank-file",
        rid,
        "--out",
        str(tmp_path / "f.x"),
        "--layout",
        "nope",
        "--as",
        "sy_finance",
        match="未知的代发文件格式“nope”",
    )
    ok("bank-file", rid, "--out", str(tmp_path / "f.csv"), "--as", "sy_finance")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号\nX,1,2,3.5x,成功,,\n", encoding="utf-8"
    )
    refused("bank-return", rid, str(bad), "--as", "sy_finance", match="第2行“金额”列")  # malformed
    assert Roster.objects.get(pk=int(rid)).status == "sent"
    refused("follow-up", rid, "--as", "sy_worker", match="尚未对账")


def test_argument_errors_exit_2():
    with pytest.raises(SystemExit) as e:
        main(
            ["make", "--programme", "dibao", "--as", "sy_worker"], stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert e.value.code == 2
