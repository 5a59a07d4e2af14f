"""R-FLOW-01 online application: a draft with members, incomes and assets, the documents told at once,
the authorisation (附件1) per adult, submission onto the township's to-do list; bad input names the field and
writes nothing."""

import pytest

from jiuzhu.portal import actions as a
from jiuzhu.portal.auth import Refused
from jiuzhu.portal.models import Consent, PortalApplication
from jiuzhu.registry.documents import ValidationFailed
from tests.factories import new_id

pytestmark = pytest.mark.django_db


def form_post(app, **override):
    """The application form as the page posts it, from the draft's document."""
    from jiuzhu.portal.forms import initial

    form = initial(app.document)
    post = {
        k: form[k] for k in ("area_type", "address", "phone", "main_expenditure", "deposits", "securities")
    }
    post.update({"area_m2": "", "nature": "", "vehicles": "0", "reason": "收入低"})
    for row in form["members"]:
        i = row["i"]
        for k in ("name", "id_number", "relation", "occupation", "health", "work_capacity"):
            post[f"m{i}-{k}"] = row[k]
        if row["co_resident"] and row["name"]:
            post[f"m{i}-co_resident"] = "on"
        for inc in row["incomes"]:
            post[f"m{i}-inc{inc['j']}-kind"] = inc.get("kind") or ""
            post[f"m{i}-inc{inc['j']}-amount"] = inc.get("amount") or ""
    post.update(override)
    return post


def test_r_flow_01_the_draft_starts_from_the_registered_household(applicant, household):
    app = a.do_start(applicant, "dibao")
    assert app.household == household and app.region == household.region
    assert [m["name"] for m in app.document["members"]] == ["张建国", "张二"]
    assert app.document["members"][0]["incomes"] == [
        {"kind": "wage", "amount": "1800.00", "per": "month", "method": None, "evidence": ""}
    ]


def test_r_flow_01_second_open_application_is_refused_naming_the_programme(applicant):
    a.do_start(applicant, "dibao")
    with pytest.raises(Refused) as e:
        a.do_start(applicant, "dibao")
    assert e.value.field == "programme" and "未办结" in e.value.message
    assert PortalApplication.objects.count() == 1
    a.do_start(applicant, "temporary")  # another programme is another application


def test_r_flow_01_second_open_application_page_says_so(client, applicant):
    client.force_login(applicant)
    client.post("/portal/apply/", {"programme": "dibao"})
    r = client.post("/portal/apply/", {"programme": "dibao"}, follow=True)
    assert "申请事项：您已有一份未办结的同类网上申请" in r.content.decode()
    assert PortalApplication.objects.count() == 1


def test_r_flow_01_wrong_check_digit_names_the_member_field_and_saves_nothing(client, applicant):
    app = a.do_start(applicant, "dibao")
    before = app.document
    good = new_id(sex="F")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    client.force_login(applicant)
    post = form_post(
        app, **{"m2-name": "张小红", "m2-id_number": bad, "m2-relation": "child", "m2-co_resident": "on"}
    )
    r = client.post(f"/portal/a/{app.pk}/", post)
    page = r.content.decode()
    assert r.status_code == 200
    assert f"第3位家庭成员 · 身份证号码：校验位应为{good[17]}" in page
    app.refresh_from_db()
    assert app.document == before


def test_r_flow_01_saving_the_form_writes_members_incomes_and_assets(client, applicant):
    app = a.do_start(applicant, "dibao")
    child = new_id(sex="F")
    client.force_login(applicant)
    post = form_post(
        app,
        **{
            "m2-name": "张小红",
            "m2-id_number": child,
            "m2-relation": "child",
            "m2-co_resident": "on",
            "m1-inc0-kind": "pension",
            "m1-inc0-amount": "1200.50",
            "deposits": "3000",
            "area_m2": "48.5",
            "nature": "self_owned",
            "vehicles": "1",
        },
    )
    r = client.post(f"/portal/a/{app.pk}/", post)
    assert r.status_code == 302, r.content.decode()[:3000]
    app.refresh_from_db()
    members = app.document["members"]
    assert [m["name"] for m in members] == ["张建国", "张二", "张小红"]
    assert members[1]["incomes"] == [{"kind": "pension", "amount": "1200.50", "per": "month"}]
    assets = app.document["assets"]
    assert (assets["deposits"], assets["houses"][0]["area_m2"], assets["vehicles"]) == (
        "3000",
        "48.5",
        [{"kind": "car"}],
    )


def test_r_flow_01_documents_told_at_once_leave_out_what_sharing_provides(applicant):
    app = a.do_start(applicant, "dibao")
    codes = [d["code"] for d in a.needed_documents(app)]
    assert codes == ["application_form", "economic_sheet", "illness_proof", "income_proof", "bank_account"]
    assert "id_cards" not in codes and "hukou" not in codes


def test_r_flow_02_every_adult_consents_before_submission(applicant):
    app = a.do_start(applicant, "dibao")
    with pytest.raises(Refused) as e:
        a.do_submit(applicant, app)
    assert e.value.field == "consent" and "张建国、张二" in e.value.message
    for m in a.adults(app):
        a.do_consent(applicant, app, m["id_number"], Consent.Method.ELECTRONIC)
    with pytest.raises(Refused) as e:
        a.do_consent(applicant, app, a.adults(app)[0]["id_number"], Consent.Method.ELECTRONIC)
    assert e.value.field == "id_number"
    app = a.do_submit(applicant, app)
    assert app.status == "submitted"


def test_r_flow_02_a_minor_does_not_consent_online(applicant):
    import datetime as dt

    app = a.do_start(applicant, "dibao")
    kid = new_id(birth=dt.date.today().replace(year=dt.date.today().year - 10))
    doc = dict(app.document)
    doc["members"] = [*doc["members"], {"ref": "m3", "name": "张小", "id_number": kid, "relation": "child"}]
    a.do_save(applicant, app, document=doc)
    app.refresh_from_db()
    assert [m["name"] for m in a.adults(app)] == ["张建国", "张二"]
    with pytest.raises(Refused) as e:
        a.do_consent(applicant, app, kid, Consent.Method.ELECTRONIC)
    assert e.value.field == "id_number"


def test_save_refuses_a_member_of_another_household(applicant, other_household):
    app = a.do_start(applicant, "dibao")
    doc = dict(app.document)
    other = other_household.applicant
    doc["members"] = [
        *doc["members"],
        {"ref": "m3", "name": other.name, "id_number": other.id_number, "relation": "other"},
    ]
    with pytest.raises(ValidationFailed) as e:
        a.do_save(applicant, app, document=doc)
    assert e.value.problems.items[0][0] == "members[2].id_number"


def test_temporary_application_needs_the_event_named_by_field(applicant):
    app = a.do_start(applicant, "temporary")
    with pytest.raises(Refused) as e:
        a.do_save(applicant, app, document=app.document, details={"case_type": "emergency"})
    assert e.value.field == "event_kind"
    app.refresh_from_db()
    assert app.details == {}
