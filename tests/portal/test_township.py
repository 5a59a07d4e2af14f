"""R-FLOW-01: online applications arrive on the township worker's to-do list; the worker takes them into the
normal procedure (a 低保 draft with the electronic authorisations as signatures, or a 临时救助 case at
已申请) or asks the applicant for more documents."""

import datetime as dt

import pytest

from jiuzhu.core.models import AuditEvent, Deadline
from jiuzhu.core.workdays import add_working_days
from jiuzhu.portal import actions as a
from jiuzhu.portal.auth import Refused, do_register
from jiuzhu.portal.models import Consent
from tests.factories import new_id

pytestmark = pytest.mark.django_db


def submitted(user, programme="dibao", details=None):
    app = a.do_start(user, programme, region_code="110113001002")
    if details:
        a.do_save(user, app, document=app.document, details=details)
    for m in a.adults(app):
        a.do_consent(user, app, m["id_number"], Consent.Method.ELECTRONIC)
    return a.do_submit(user, app)


def test_r_flow_01_submission_is_on_the_township_to_do_list(client, applicant, users):
    app = submitted(applicant)
    deadline = Deadline.objects.get(object_type="portal.portalapplication", object_id=str(app.pk))
    assert deadline.due == add_working_days(app.submitted_on, 5) and deadline.met_at is None
    client.force_login(users["sy_worker"])
    page = client.get("/todo/").content.decode()
    assert "核查网上申请并受理（或通知补充材料）" in page and f"/portal/work/{app.pk}/" in page
    client.force_login(users["cy_worker"])
    assert f"/portal/work/{app.pk}/" not in client.get("/todo/").content.decode()
    assert client.get(f"/portal/work/{app.pk}/").status_code == 404


def test_r_flow_02_taking_opens_the_dibao_draft_with_the_electronic_signatures(applicant, household, users):
    from jiuzhu.dibao.actions import unsigned_members

    app = submitted(applicant)
    app = a.do_take(users["sy_worker"], app)
    case = app.dibao_application
    assert (app.status, case.status, case.household) == ("taken", "draft", household)
    assert case.applied_on == app.submitted_on
    assert sorted(s.member.name for s in case.signatures.all()) == ["张二", "张建国"]
    assert {(s.capacity, s.method) for s in case.signatures.all()} == {("self", "signature")}
    assert unsigned_members(case) == []
    assert Deadline.objects.get(object_type="portal.portalapplication", object_id=str(app.pk)).met_at
    assert AuditEvent.objects.filter(
        action="portal.take", object_id=str(app.pk), actor=users["sy_worker"]
    ).exists()
    with pytest.raises(Refused):
        a.do_take(users["sy_worker"], app)  # once only


def test_r_flow_01_a_new_household_is_registered_when_taken(demo, users):
    number = new_id()
    user = do_register("13700000001", name="刘芳", id_number=number)
    app = a.do_start(user, "dibao", region_code="110113001002")
    doc = dict(app.document, address="义宾社区3号")
    doc["members"][0].update(occupation="unregistered_unemployed", incomes=[])
    a.do_save(user, app, document=doc)
    a.do_consent(user, app, number, Consent.Method.ELECTRONIC)
    a.do_submit(user, app)
    app = a.do_take(users["sy_worker"], app)
    hh = app.household
    assert (hh.region.code, hh.address, hh.applicant.name) == ("110113001002", "义宾社区3号", "刘芳")
    # the applicant now sees the household the township registered
    from jiuzhu.accounts.scope import visible_households

    assert list(visible_households(user)) == [hh]


def test_r_flow_18_temporary_application_is_taken_as_applied(applicant, users):
    details = {
        "case_type": "expenditure",
        "event_kind": "medical_spending",
        "event_date": (dt.date.today() - dt.timedelta(days=3)).isoformat(),
        "severity": "moderate",
        "event_place": "顺义区医院",
        "loss": "8600.00",
    }
    app = submitted(applicant, "temporary", details)
    app = a.do_take(users["sy_worker"], app)
    case = app.temporary_case
    assert (case.status, case.event_kind, case.loss_fen) == ("applied", "medical_spending", 860000)


def test_r_flow_01_request_for_more_documents_goes_back_to_the_applicant(client, applicant, users):
    app = submitted(applicant)
    worker = users["sy_worker"]
    with pytest.raises(Refused) as e:
        a.do_request_documents(worker, app, "  ")
    assert e.value.field == "more_documents"
    a.do_request_documents(worker, app, "请补充近三个月的医疗费用票据")
    client.force_login(applicant)
    page = client.get(f"/portal/a/{app.pk}/").content.decode()
    assert "请补充近三个月的医疗费用票据" in page and 'data-status="more_documents"' in page
    assert Deadline.objects.get(kind="portal.check").met_at is not None
    with pytest.raises(Refused):
        a.do_take(worker, app)  # not while the applicant is completing it
    a.do_submit(applicant, app)
    assert Deadline.objects.filter(kind="portal.check", met_at__isnull=True).count() == 1


def test_take_refused_by_the_procedure_writes_nothing(applicant, household, users):
    """A 低保 case opened meanwhile at the counter: the take is refused whole (no household change)."""
    from jiuzhu.dibao.actions import do_create_application
    from jiuzhu.registry.models import Household

    app = submitted(applicant)
    do_create_application(users["sy_worker"], household)
    updated = Household.objects.get(pk=household.pk).updated_at
    with pytest.raises(Refused) as e:
        a.do_take(users["sy_worker"], app)
    assert "重复申请" in e.value.message
    app.refresh_from_db()
    assert app.status == "submitted" and app.dibao_application is None
    assert Household.objects.get(pk=household.pk).updated_at == updated


def test_worker_pages_take_an_application(client, applicant, users):
    app = submitted(applicant)
    client.force_login(users["sy_worker"])
    page = client.get(f"/portal/work/{app.pk}/").content.decode()
    assert "张**" in page and applicant.id_number not in page  # masked
    r = client.post(f"/portal/work/{app.pk}/take/")
    app.refresh_from_db()
    assert r.status_code == 302 and r["Location"] == f"/dibao/{app.dibao_application_id}/"


def test_applicants_have_no_worker_pages(client, applicant):
    client.force_login(applicant)
    assert client.get("/portal/work/").status_code == 302
    app = submitted(applicant)
    assert client.post(f"/portal/work/{app.pk}/take/").status_code == 302
    app.refresh_from_db()
    assert app.status == "submitted"
