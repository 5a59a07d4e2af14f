"""R-ARC-08 (一网通办), R-FLOW-26: a worker asks the union for help online. The request goes to the union he
names and is on the to-do list of that union's staff (and the help centre serving it), not the township's
(R-ARC-06, the DEFAULT access policy); the union takes it as the start of the archive's household
investigation through the archives app's own action (do_open_archive)."""

import pytest
from django.http import Http404

from jiuzhu.archives.models import Archive
from jiuzhu.core.models import AuditEvent, Deadline
from jiuzhu.portal import actions as a
from jiuzhu.portal.auth import Refused

pytestmark = pytest.mark.django_db

DETAILS = {
    "employer": "顺义某汽车零部件公司",
    "union_member": "on",
    "category": "relative",
    "labour_relation_since": "2015-03-01",
}


def union_request(user, union="U110113-B01", details=DETAILS, reason="妻子重病，医疗支出大"):
    app = a.do_start(user, "union", union_code=union)
    a.do_save(user, app, document=app.document, details=details, reason=reason)
    return a.do_submit(user, app)


def test_r_arc_08_a_union_request_names_its_union_and_the_employer(applicant):
    with pytest.raises(Refused) as e:
        a.do_start(applicant, "union")
    assert e.value.field == "union_org"
    with pytest.raises(Refused) as e:
        a.do_start(applicant, "union", union_code="U110113-HC")  # a help centre serves a union; not asked
    assert e.value.field == "union_org"
    app = a.do_start(applicant, "union", union_code="U110113-B01")
    with pytest.raises(Refused) as e:
        a.do_save(applicant, app, document=app.document, details={**DETAILS, "employer": " "})
    assert e.value.field == "employer"
    with pytest.raises(Refused) as e:
        a.do_submit(applicant, app)  # nothing said yet of the work and the hardship
    assert e.value.field == "employer"
    app.refresh_from_db()
    assert app.status == "draft" and app.details == {}


def test_r_arc_08_the_request_is_on_the_union_staff_to_do_list_not_the_township(client, applicant, users):
    app = union_request(applicant)
    deadline = Deadline.objects.get(object_id=str(app.pk), kind="portal.check")
    assert deadline.object_type == "portal.unionrequest" and deadline.household is None
    client.force_login(users["union_worker"])  # 顺义区帮扶中心: serves the district union's subtree
    page = client.get("/todo/").content.decode()
    assert f"/portal/work/{app.pk}/" in page and "核查困难职工网上帮扶申请" in page
    page = client.get("/portal/work/").content.decode()
    assert f"/portal/work/{app.pk}/" in page
    page = client.get(f"/portal/work/{app.pk}/").content.decode()
    assert "顺义某汽车零部件公司" in page and 'id="take"' in page
    client.force_login(users["sy_worker"])  # the civil-affairs office of his street does not see it
    assert f"/portal/work/{app.pk}/" not in client.get("/todo/").content.decode()
    assert client.get(f"/portal/work/{app.pk}/").status_code == 404
    with pytest.raises(Http404):
        a.do_take(users["sy_worker"], app)


def test_r_flow_26_taking_opens_the_archive_at_its_household_investigation(applicant, household, users):
    app = union_request(applicant)
    app = a.do_take(users["union_worker"], app, category="deep")  # the union decides the category
    archive = app.archive
    assert (app.status, archive.status, archive.household) == ("taken", "investigating", household)
    assert (archive.union_org.code, archive.category) == ("U110113-B01", "deep")
    assert f"网上申请 #{app.pk}" in archive.investigation and "妻子重病" in archive.investigation
    household.refresh_from_db()
    worker = household.worker
    assert household.union_org.code == "U110113-B01" and worker.worker.id_number == applicant.id_number
    assert (worker.employer, worker.union_member, worker.hardship_category) == (
        "顺义某汽车零部件公司",
        True,
        "deep",
    )
    assert Deadline.objects.get(object_type="portal.unionrequest", object_id=str(app.pk)).met_at
    assert AuditEvent.objects.filter(action="archive.open", object_id=str(archive.pk)).exists()
    assert AuditEvent.objects.filter(action="portal.take", object_id=str(app.pk)).exists()
    with pytest.raises(Refused):
        a.do_take(users["union_worker"], app)  # once only


def test_r_reg_11_a_household_with_an_open_archive_is_refused_whole(applicant, household, users):
    from jiuzhu.archives.actions import do_open_archive

    app = union_request(applicant)
    do_open_archive(None, household, {"category": "relative", "union_org": "U110113-001"})  # at the counter
    before = household.updated_at
    with pytest.raises(Refused) as e:
        a.do_take(users["union_worker"], app)
    assert "一户一档案" in e.value.message
    app.refresh_from_db()
    household.refresh_from_db()
    assert app.status == "submitted" and app.archive is None and household.updated_at == before
    assert Archive.objects.filter(household=household).count() == 1


def test_r_arc_08_union_pages_take_and_show_the_archive_to_the_applicant(client, applicant, users):
    app = union_request(applicant)
    client.force_login(users["union_worker"])
    r = client.post(f"/portal/work/{app.pk}/take/", {"category": "relative"})
    app.refresh_from_db()
    assert r.status_code == 302 and r["Location"] == f"/archives/{app.archive_id}/"
    client.force_login(applicant)
    page = client.get(f"/portal/a/{app.pk}/").content.decode()
    assert 'id="archive-status"' in page and "入户调查中" in page


def test_r_arc_08_the_applicant_page_asks_for_the_worker_data(client, applicant):
    client.force_login(applicant)
    r = client.post("/portal/apply/", {"programme": "union", "union_org": "U110113-B01"})
    app = a.applications_for(applicant).get()
    assert r["Location"] == f"/portal/a/{app.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert 'id="union-request"' in page and "顺义某汽车零部件公司工会" in page
    post = {**{k: v for k, v in _form(app).items()}, **DETAILS, "employer": ""}
    page = client.post(f"/portal/a/{app.pk}/", post).content.decode()
    assert "工作单位：" in page and 'value="2015-03-01"' in page  # named, and what was typed kept


def _form(app):
    """The household part of the form as the page posts it (members as saved)."""
    from jiuzhu.portal import forms

    values = forms.initial(app.document)
    out = {k: v for k, v in values.items() if isinstance(v, str)}
    for i, m in enumerate(app.document.get("members") or []):
        for key in ("ref", "name", "id_number", "relation"):
            out[f"m{i}-{key}"] = m.get(key, "")
        out[f"m{i}-co_resident"] = "on"
    return out


def test_r_flow_01_a_social_worker_asks_the_union_on_a_workers_behalf(client, household, users):
    client.force_login(users["sy_worker"])
    r = client.post(
        "/portal/work/agent/",
        {
            "programme": "union",
            "agent_capacity": "social_worker",
            "applicant_name": household.applicant.name,
            "applicant_id_number": household.applicant.id_number,
            "union_org": "U110113-B01",
        },
    )
    app = a.applications_for(users["sy_worker"]).get()
    assert r["Location"] == f"/portal/a/{app.pk}/"
    assert (app.programme, app.union_org.code, app.agent, app.agent_capacity) == (
        "union",
        "U110113-B01",
        users["sy_worker"],
        "social_worker",
    )
