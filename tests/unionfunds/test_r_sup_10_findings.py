"""R-SUP-10, R-SUP-11: a finding on a fund or payment with a rectification deadline and a status — rectified,
referred to discipline inspection, or to the judicial authorities."""

import datetime as dt

import pytest

from jiuzhu.core import todo
from jiuzhu.core.models import Deadline
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.temporary.actions import Invalid
from jiuzhu.unionfunds import findings


def test_r_sup_11_finding_with_deadline_and_referral(fund, fund_users, client):
    f = fund(received="100.00")
    due = dt.date.today() + dt.timedelta(days=30)
    with pytest.raises(TransitionRefused, match="部门不能"):
        findings.do_record(
            fund_users["sy_finance"],
            {"fund": f.pk, "kind": "diverting", "description": "x", "rectify_by": due},
        )
    with pytest.raises(Invalid, match="不能早于"):
        findings.do_record(
            fund_users["sy_audit"],
            {"fund": f.pk, "kind": "diverting", "description": "x", "rectify_by": "2020-01-01"},
        )
    finding = findings.do_record(
        fund_users["sy_audit"],
        {
            "fund": f.pk,
            "kind": "diverting",
            "description": "挪用帮扶资金支付办公费用",
            "rectify_by": due.isoformat(),
        },
    )
    deadline = Deadline.objects.get(object_type="unionfunds.finding", object_id=str(finding.pk))
    assert deadline.due == due and deadline.cite == "R-SUP-11"
    assert deadline in todo.worker_list(fund_users["sy_rights"])
    with pytest.raises(Invalid, match="请填写处理结果"):
        findings.do_close(fund_users["sy_audit"], finding, "discipline", "")
    finding = findings.do_close(fund_users["sy_audit"], finding, "discipline", "移送区纪委监委")
    assert finding.status == "discipline" and finding.closed_on == dt.date.today()
    deadline.refresh_from_db()
    assert deadline.met_at is not None
    with pytest.raises(TransitionRefused, match="已办结"):
        findings.do_close(fund_users["sy_audit"], finding, "judicial", "再移送")
    client.force_login(fund_users["sy_audit"])
    page = client.get("/unionfunds/findings/").content.decode()
    assert "挪用帮扶资金支付办公费用" in page and "移送纪检监察" in page
    assert list(findings.findings_for(fund_users["cy_finance"])) == []
