"""R-FLOW-15 -> R-ELIG-05: the job-offer log keeps the household's refusal count (the value the policy engine
reads) up to date through the registry's action; R-FLOW-16: a lead opens a follow-up deadline that the
follow-up closes. Expected values are worked from OP-23 (per person; counted = suitable + refused + no good
reason; an acceptance or a justified refusal resets) and from the DEFAULT of 7 days for a lead."""

import datetime as dt

import pytest

from jiuzhu.core import todo
from jiuzhu.core.models import AuditEvent, Deadline, Region
from jiuzhu.dibao import actions as a
from jiuzhu.dibao.models import DibaoApplication, JobOffer, Lead
from jiuzhu.registry.models import Member
from tests.dibao.helpers import to_status
from tests.factories import set_param

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)
FIELD = "flags.refused_suitable_jobs"


@pytest.fixture
def active(application, worker, approver):
    return to_status(application, "active", worker, approver)


def _offer(worker, app, member, n, **kw):
    """The n-th offer of the test (one a day); by default a counted refusal."""
    args = {"via": "人社部门", "job": "保洁员", "suitable": True, "response": "refused"} | kw
    return a.do_record_job_offer(worker, app, member=member, offered_on=DAY + dt.timedelta(days=n), **args)


def _household_value(app) -> int:
    app.household.refresh_from_db()
    return app.household.refused_suitable_jobs


def _registry_events(app):
    return AuditEvent.objects.filter(household=app.household, action="household.update").order_by("id")


def _fresh(app):
    """The case as a page or the API loads it (its household read now, not the test's cached copy)."""
    return DibaoApplication.objects.get(pk=app.pk)


def _members(app):
    applicant, spouse = app.household.members.filter(active=True).order_by("id")
    return applicant, spouse


# ---------------------------------------------------------------- R-FLOW-15


def test_r_flow_15_counted_refusal_updates_household_field_with_field_level_audit(active, worker):
    applicant, _ = _members(active)
    assert _household_value(active) == 0
    offer = _offer(worker, active, applicant, 0)
    assert _household_value(active) == 1
    event = _registry_events(active).get()
    # the registry's own field-level event: only this field changed, old and new value
    assert event.before == {FIELD: 0} and event.after == {FIELD: 1}
    assert event.actor == worker and "R-FLOW-15" in event.note and f"#{offer.pk}" in event.note


def test_r_flow_15_household_field_is_the_largest_count_among_members(active, worker):
    applicant, spouse = _members(active)
    _offer(worker, active, applicant, 0)
    _offer(worker, active, applicant, 1)  # applicant 2
    assert _household_value(active) == 2
    _offer(worker, active, spouse, 2)  # spouse 1, applicant still 2
    assert _household_value(active) == 2
    _offer(worker, active, applicant, 3, response="accepted")  # applicant 0, spouse 1
    assert _household_value(active) == 1
    _offer(worker, active, spouse, 4, suitable=False)  # unsuitable: neither counts nor resets
    assert _household_value(active) == 1
    _offer(worker, active, spouse, 5)
    _offer(worker, active, spouse, 6)  # spouse 3: the R-ELIG-05 threshold
    assert _household_value(active) == 3
    # one registry event per change of the value: 0->1, 1->2, 2->1, 1->2, 2->3
    assert [(e.before[FIELD], e.after[FIELD]) for e in _registry_events(active)] == [
        (0, 1),
        (1, 2),
        (2, 1),
        (1, 2),
        (2, 3),
    ]


def test_r_flow_15_justified_refusal_resets_the_household_field(active, worker):
    applicant, _ = _members(active)
    _offer(worker, active, applicant, 0)
    _offer(worker, active, applicant, 1)
    assert _household_value(active) == 2
    _offer(worker, active, applicant, 2, good_reason=True, reason="需照料重病配偶")
    assert _household_value(active) == 0
    last = _registry_events(active).last()
    assert last.before == {FIELD: 2} and last.after == {FIELD: 0}


def test_r_flow_15_offer_that_changes_no_count_writes_nothing_to_the_registry(active, worker):
    applicant, _ = _members(active)
    _offer(worker, active, applicant, 0, suitable=False)
    _offer(worker, active, applicant, 1, response="accepted")
    assert _household_value(active) == 0
    assert not _registry_events(active).exists()
    assert JobOffer.objects.filter(application=active).count() == 2


def test_r_flow_15_offer_and_household_value_are_written_together_or_not_at_all(active, worker):
    applicant, _ = _members(active)
    # a stored ID number that no longer passes the registry's check: the registry action refuses the update
    bad = applicant.id_number[:-1] + ("0" if applicant.id_number[-1] != "0" else "1")
    Member.objects.filter(pk=applicant.pk).update(id_number=bad)
    with pytest.raises(a.TransitionRefused, match="id_number"):
        _offer(worker, active, applicant, 0)
    assert not JobOffer.objects.filter(application=active).exists()
    assert not AuditEvent.objects.filter(action="dibao.job_offer").exists()
    assert _household_value(active) == 0


def test_r_flow_15_third_refusal_reaches_the_engine_as_r_elig_05(active, worker, approver):
    """Household of 2, wage 1800.00/month, standard 1400.00 (2026): per capita 900.00 < 1400.00, eligible.
    Two refusals: nothing happens; the third: needs_review, still eligible, reason citing R-ELIG-05."""
    applicant, _ = _members(active)
    _offer(worker, active, applicant, 0)
    _offer(worker, active, applicant, 1)
    two = a.make_snapshot(approver, _fresh(active), "reassess", at="2026-07")
    assert two.facts["flags"]["refused_suitable_jobs"] == 2
    assert two.dibao["status"] == "eligible"
    _offer(worker, active, applicant, 2)
    three = a.make_snapshot(approver, _fresh(active), "reassess", at="2026-07")
    assert three.facts["flags"]["refused_suitable_jobs"] == 3
    assert three.dibao["status"] == "needs_review" and three.dibao["eligible"] is True
    assert any("R-ELIG-05" in " ".join(r.get("cite", [])) for r in three.dibao["reasons"])


# ---------------------------------------------------------------- R-FLOW-16


def _lead(user, region_code="110113001001", **kw):
    args = {
        "source": "resident_cadre",
        "person_name": "王大爷",
        "description": "独居老人，无固定收入",
        "reported_on": DAY,
    } | kw
    return a.do_record_lead(user, region=Region.objects.get(code=region_code), **args)


def _lead_deadline(lead):
    return Deadline.objects.get(object_type="dibao.lead", object_id=str(lead.pk), kind="lead_follow_up")


def test_r_flow_16_lead_opens_a_follow_up_deadline_on_the_todo_list(worker, users):
    lead = _lead(worker)
    d = _lead_deadline(lead)
    assert d.due == dt.date(2026, 6, 8)  # DEFAULT 7 calendar days after 2026-06-01
    assert d.met_at is None and "DEFAULT" in d.cite and "R-FLOW-16" in d.cite
    assert "王大爷" not in d.label and "王**" in d.label  # masked on the list
    assert d.scope_path == lead.region.path
    assert d in todo.worker_list(worker)
    assert d not in todo.worker_list(users["cy_worker"])  # another district
    assert d in todo.supervisor_list(users["sy_approver"], today=dt.date(2026, 6, 9))
    assert d not in todo.supervisor_list(users["sy_approver"], today=dt.date(2026, 6, 8))


def test_r_flow_16_follow_up_closes_the_deadline(worker):
    lead = _lead(worker)
    a.do_follow_up_lead(
        worker, lead, follow_up="已上门了解，指导申请低保", followed_up_on=dt.date(2026, 6, 3)
    )
    d = _lead_deadline(lead)
    assert d.met_at is not None
    assert d not in todo.worker_list(worker)
    assert AuditEvent.objects.filter(action="dibao.lead_follow_up", object_id=str(lead.pk)).exists()


def test_r_flow_16_local_parameter_sets_the_time_limit(worker, users):
    set_param(
        None,
        region_code="110113",
        key="dibao_lead_follow_up_days",
        variant="",
        effective_from=dt.date(2026, 1, 1),
        value=3,
    )
    assert _lead_deadline(_lead(worker)).due == dt.date(2026, 6, 4)
    assert "dibao_lead_follow_up_days" in _lead_deadline(_lead(worker)).cite
    # 朝阳区 has not set it: the DEFAULT applies there
    other = _lead(users["cy_worker"], region_code="110105001")
    assert _lead_deadline(other).due == dt.date(2026, 6, 8)


def test_r_flow_16_bad_local_parameter_is_refused_and_nothing_is_written(worker):
    set_param(
        None,
        region_code="110113",
        key="dibao_lead_follow_up_days",
        variant="",
        effective_from=dt.date(2026, 1, 1),
        value="一周",
    )
    with pytest.raises(a.TransitionRefused, match="dibao_lead_follow_up_days"):
        _lead(worker)
    assert not Lead.objects.exists()
    assert not Deadline.objects.filter(object_type="dibao.lead").exists()


def test_r_flow_16_follow_up_from_the_leads_page_closes_the_deadline(worker, users, application, client):
    """The to-do row links to the lead on the leads page, where its follow-up form is; linking the lead to
    a dibao application in scope is optional; a lead outside the user's region is 404."""
    lead = _lead(worker)
    assert todo.link_for(_lead_deadline(lead)) == f"/dibao/leads/#lead-{lead.pk}"
    client.force_login(worker)
    page = client.get("/dibao/leads/").content.decode()
    assert f'id="lead-{lead.pk}"' in page and f"/dibao/leads/{lead.pk}/follow-up/" in page
    r = client.post(f"/dibao/leads/{lead.pk}/follow-up/", {"follow_up": "", "application": ""})
    assert r.status_code == 302 and _lead_deadline(lead).met_at is None  # refused: nothing to record
    r = client.post(f"/dibao/leads/{lead.pk}/follow-up/", {"follow_up": "已上门", "application": "999999"})
    assert _lead_deadline(lead).met_at is None  # an unknown application: refused
    r = client.post(
        f"/dibao/leads/{lead.pk}/follow-up/",
        {"follow_up": "已上门，受理低保申请", "application": str(application.pk)},
    )
    lead.refresh_from_db()
    assert lead.follow_up == "已上门，受理低保申请" and lead.application_id == application.pk
    assert _lead_deadline(lead).met_at is not None
    assert AuditEvent.objects.filter(action="dibao.lead_follow_up", object_id=str(lead.pk)).count() == 1
    other = _lead(users["cy_worker"], region_code="110105001")
    assert client.post(f"/dibao/leads/{other.pk}/follow-up/", {"follow_up": "x"}).status_code == 404
    assert _lead_deadline(other).met_at is None
