"""The risk-warning pages: the list in the user's scope, a ticket with its clause, the decision forms calling
the actions (a refusal shown with the input kept), the scan button for approvers; R-ID only in tooltips."""

import pytest
from django.urls import reverse

from jiuzhu.registry.models import Member
from jiuzhu.supervision.models import RiskWarning
from jiuzhu.supervision.scan import run_scan

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_household, case_row, approver):
    h = make_household(members=2)
    case_row("active", household=h, opinion_persons=2)
    Member.objects.filter(household=h, relation="spouse").update(active=False)
    run_scan(approver, rules=["departed_still_paid"], today=TODAY)
    return RiskWarning.objects.get()


def test_list_and_ticket_page_in_scope(client, ticket, users):
    client.force_login(users["sy_worker"])
    page = client.get(reverse("supervision:warnings")).content.decode()
    assert "保障人数2人，家庭在册共同生活成员仅1人" in page and 'title="R-PAY-05, R-FLOW-10"' in page
    assert ">R-PAY-05" not in page  # the requirement ID only in the tooltip
    one = client.get(reverse("supervision:warning", args=[ticket.pk])).content.decode()
    assert "民发〔2019〕139号 二(三)" in one and "核实属实" in one
    client.force_login(users["cy_worker"])  # another district: not found
    assert client.get(reverse("supervision:warning", args=[ticket.pk])).status_code == 404
    assert "家庭在册共同生活成员仅1人" not in client.get(reverse("supervision:warnings")).content.decode()


def test_decide_on_the_page(client, ticket, users):
    client.force_login(users["sy_worker"])
    url = reverse("supervision:decide", args=[ticket.pk, "confirm"])
    r = client.post(url, {"action": "recovery", "reason": "多发两个月", "amount": ""})
    assert r.status_code == 409 and "追回资金须填写追回金额" in r.content.decode()
    assert 'value="多发两个月"' in r.content.decode()  # the input is kept
    r = client.post(url, {"action": "recovery", "reason": "多发两个月", "amount": "1400.00"})
    assert r.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.amount_fen) == ("confirmed", 140000)
    page = client.get(reverse("supervision:warning", args=[ticket.pk])).content.decode()
    assert "1400.00" in page and "多发两个月" in page and "追回资金" in page


def test_auditor_reads_but_cannot_scan_or_decide(client, ticket, users):
    client.force_login(users["auditor"])
    assert client.get(reverse("supervision:warning", args=[ticket.pk])).status_code == 200
    r = client.post(reverse("supervision:decide", args=[ticket.pk, "dismiss"]), {"reason": "误报"})
    assert r.status_code == 403
    assert client.post(reverse("supervision:scan")).status_code == 403


def test_r_share_12_scan_button_queues_a_job_with_progress(
    client, users, make_household, case_row, django_capture_on_commit_callbacks
):
    """The page's scan runs on the jobs queue, not in the request: the button answers with the job's page
    (queued, reloading), the worker runs the rules one step each, then the new ticket is on the list."""
    from jiuzhu.jobs.models import Job
    from jiuzhu.jobs.queue import work
    from jiuzhu.supervision.scan import RULES

    h = make_household(members=2)
    case_row("active", household=h, opinion_persons=2)
    Member.objects.filter(household=h, relation="spouse").update(active=False)
    client.force_login(users["sy_approver"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("supervision:scan"))
    job = Job.objects.get(kind="supervision.scan")
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.pk}/"
    assert not RiskWarning.objects.exists()  # nothing found in the request itself
    waiting = client.get(r["Location"])
    assert waiting["Refresh"] == "2" and "排队中" in waiting.content.decode()
    work(batch=True)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert (job.done, job.total) == (len(RULES) + 1, len(RULES) + 1)  # one step per rule, one to write
    assert job.result["opened"] >= 1 and job.result_url == reverse("supervision:warnings")
    assert RiskWarning.objects.filter(rule="departed_still_paid", household=h).exists()
    assert job.scope_path == users["sy_approver"].region.path


def test_r_share_12_queued_scan_refused_for_auditor_and_outside_scope(users, db):
    from jiuzhu.core.models import Region
    from jiuzhu.jobs.models import Job
    from jiuzhu.supervision.jobs import submit_scan
    from jiuzhu.supervision.scan import ScanRefused

    with pytest.raises(ScanRefused, match="审计人员只能查看预警"):
        submit_scan(users["auditor"])
    other = Region.objects.get(code="110105")  # 朝阳区, not the Shunyi approver's
    with pytest.raises(ScanRefused, match="不在您的管辖范围内"):
        submit_scan(users["sy_approver"], other)
    with pytest.raises(ScanRefused, match="未知的预警规则"):
        submit_scan(users["sy_approver"], rules=["no_such_rule"])
    assert not Job.objects.exists()
