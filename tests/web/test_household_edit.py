"""Editing a household on the page round-trips its document through the registry actions (issue 2 item 10).

The page is read as a browser would submit it (tests/web/formdata.py), so the templates are tested too.
"""

from __future__ import annotations

from django.urls import reverse

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.documents import to_document
from jiuzhu.registry.models import Household, Member
from tests.factories import new_id
from tests.web.formdata import flat, form_data


def _edit_form(client, household) -> dict:
    page = client.get(reverse("household_edit", args=[household.pk]))
    assert page.status_code == 200
    return form_data(page.content.decode(), "editor")


def _post(client, url, data: dict):
    return client.post(url, flat(data))


def test_unchanged_form_round_trips_the_document_without_any_change(as_user, make_household):
    household = make_household(
        obligors=[
            {
                "name": "张大伟",
                "id_number": new_id(),
                "relation": "儿子",
                "supports": "m1",
                "hukou_region": "110105",
                "income": {"amount": "5200.00", "per": "month"},
                "court_ordered_support": {"amount": "300.00", "per": "month"},
            }
        ],
        assets={
            "deposits": "12000.50",
            "houses": [
                {
                    "area_m2": "60.5",
                    "nature": "self_owned",
                    "source": "self_purchased",
                    "acquired_on": "2001-05-01",
                }
            ],
            "vehicles": [{"kind": "motorcycle", "plate": "京A12345", "price": "3000.00"}],
            "businesses": [{"kind": "shop", "name": "小卖部"}],
        },
        flags={"refused_suitable_jobs": 1, "high_consumption": False},
        union={"worker": "m1", "hardship_category": "deep", "labour_relation_since": "2010-03-01"},
        plan={"causes": "因病", "tracks": ["employment", "safety_net"], "responsible_phone": "13900001111"},
    )
    before = to_document(household)
    events = AuditEvent.objects.count()
    client = as_user("sy_worker")
    response = _post(client, reverse("household_edit", args=[household.pk]), _edit_form(client, household))
    assert response.status_code == 302, response.content.decode()[:3000]
    household.refresh_from_db()
    assert to_document(household) == before
    assert AuditEvent.objects.count() == events  # nothing changed, nothing recorded


def test_correction_shows_in_history_with_old_and_new_value(as_user, make_household):
    household = make_household()
    client = as_user("sy_worker")
    data = _edit_form(client, household)
    assert data["members-1-name"] == ["张二"]
    data["members-1-name"] = ["张小红"]
    data["incomes-0-amount"] = ["1950.00"]
    data["h-note"] = ["核实后更正"]
    response = _post(client, reverse("household_edit", args=[household.pk]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(household=household, action="household.update").get()
    assert event.before == {"members[1].name": "张二", "members[0].incomes[0].amount": "1800.00"}
    assert event.after == {"members[1].name": "张小红", "members[0].incomes[0].amount": "1950.00"}
    assert event.note == "核实后更正"
    assert event.actor.username == "sy_worker"
    history = client.get(reverse("household_history", args=[household.pk])).content.decode()
    for text in (
        "家庭成员2 · 姓名",
        "张二",
        "张小红",
        "家庭成员1 · 收入1 · 金额",
        "1800.00",
        "1950.00",
        "核实后更正",
    ):
        assert text in history
    detail = client.get(reverse("household_detail", args=[household.pk])).content.decode()
    assert "张小红" in detail and "更正家庭信息" in detail


def test_bad_id_number_is_shown_beside_the_field_and_nothing_is_written(as_user, make_household):
    household = make_household()
    before = to_document(household)
    client = as_user("sy_worker")
    data = _edit_form(client, household)
    data["members-1-id_number"] = ["110113198005170011"]  # wrong check digit
    data["members-0-name"] = ["改了名字"]
    page = _post(client, reverse("household_edit", args=[household.pk]), data)
    assert page.status_code == 200
    editor = page.context["editor"]
    member_form = editor.formsets["members"].forms[1]
    assert any("校验位" in e for e in member_form.errors["id_number"])
    body = page.content.decode()
    assert "家庭成员2（张二） · 身份证号码" in body  # the list at the top names the field in Chinese
    household.refresh_from_db()
    assert to_document(household) == before  # nothing half-written


def test_missing_amount_of_an_income_is_shown_in_its_row(as_user, make_household):
    household = make_household()
    client = as_user("sy_worker")
    data = _edit_form(client, household)
    data["incomes-1-kind"] = ["pension"]  # the spare row: a kind without an amount
    page = _post(client, reverse("household_edit", args=[household.pk]), data)
    assert page.status_code == 200
    row = page.context["editor"].formsets["incomes"].forms[1]
    assert row.errors["amount"] == ["必填"]


def test_add_member_income_and_house_then_delete_member(as_user, make_household):
    household = make_household()
    client = as_user("sy_worker")
    data = _edit_form(client, household)
    url = reverse("household_edit", args=[household.pk])
    # "添加一行" re-renders with one more empty row and saves nothing
    data["add"] = ["incomes"]
    page = _post(client, url, data)
    assert page.status_code == 200 and len(page.context["editor"].formsets["incomes"].forms) == 3
    data = form_data(page.content.decode(), "editor")
    child_id = new_id(sex="F")
    data.update(
        {
            "members-2-name": ["张小妹"],
            "members-2-id_number": [child_id],
            "members-2-relation": ["child"],
            "incomes-1-member": ["2"],
            "incomes-1-kind": ["scholarship"],
            "incomes-1-amount": ["500"],
            "incomes-1-per": ["year"],
            "houses-0-area_m2": ["45"],
            "houses-0-nature": ["rented_public"],
        }
    )
    assert _post(client, url, data).status_code == 302
    doc = to_document(household)
    assert [m["name"] for m in doc["members"]] == ["张建国", "张二", "张小妹"]
    assert doc["members"][2]["incomes"] == [
        {"kind": "scholarship", "amount": "500.00", "per": "year", "method": None, "evidence": ""}
    ]
    assert doc["assets"]["houses"][0]["area_m2"] == "45.00"

    data = _edit_form(client, household)
    data["members-1-DELETE"] = ["on"]
    assert _post(client, url, data).status_code == 302
    doc = to_document(household)
    assert [m["name"] for m in doc["members"]] == ["张建国", "张小妹"]
    assert Member.objects.filter(
        household=household, name="张二", active=False
    ).exists()  # kept, not in register


def test_income_of_a_deleted_member_is_refused(as_user, make_household):
    household = make_household()
    client = as_user("sy_worker")
    data = _edit_form(client, household)
    data["members-1-DELETE"] = ["on"]
    data["incomes-1-member"] = ["1"]
    data["incomes-1-kind"] = ["wage"]
    data["incomes-1-amount"] = ["100"]
    page = _post(client, reverse("household_edit", args=[household.pk]), data)
    assert page.status_code == 200
    assert page.context["editor"].formsets["incomes"].forms[1].errors["member"]
    assert Member.objects.filter(household=household, active=True).count() == 2


def test_new_household_page_creates_a_household(as_user, demo):
    client = as_user("sy_worker")
    page = client.get(reverse("household_new"))
    data = form_data(page.content.decode(), "editor")
    assert data["h-region"] == ["110113001"]  # the worker's township preselected
    applicant = new_id()
    data.update(
        {
            "h-region": ["110113001002"],
            "h-area_type": ["rural"],
            "h-phone": ["13800138000"],
            "members-0-name": ["李秀英"],
            "members-0-id_number": [applicant],
            "incomes-0-kind": ["pension"],
            "incomes-0-amount": ["800.00"],
            "incomes-0-method": ["contract"],
        }
    )
    response = _post(client, reverse("household_new"), data)
    assert response.status_code == 302
    household = Household.objects.get(members__id_number=applicant)
    assert response.url == reverse("household_detail", args=[household.pk])
    assert household.region.code == "110113001002" and household.area_type == "rural"
    event = AuditEvent.objects.get(household=household)
    assert event.action == "household.create" and event.actor.username == "sy_worker"


def test_new_household_without_members_says_so_and_writes_nothing(as_user, demo):
    client = as_user("sy_worker")
    data = form_data(client.get(reverse("household_new")).content.decode(), "editor")
    data["members-0-relation"] = [""]
    data["h-area_type"] = ["urban"]
    page = _post(client, reverse("household_new"), data)
    assert page.status_code == 200
    assert "至少应有一名家庭成员" in page.content.decode()
    assert not Household.objects.exists()


def test_id_number_already_in_another_household_is_refused(as_user, make_household):
    first = make_household()
    second = make_household()
    taken = to_document(first)["members"][1]["id_number"]
    client = as_user("sy_worker")
    data = _edit_form(client, second)
    data["members-1-id_number"] = [taken]
    page = _post(client, reverse("household_edit", args=[second.pk]), data)
    assert page.status_code == 200
    assert "一户一档" in " ".join(page.context["editor"].formsets["members"].forms[1].errors["id_number"])


def test_region_outside_scope_cannot_be_chosen(as_user, make_household):
    household = make_household()
    client = as_user("sy_worker")
    data = _edit_form(client, household)
    data["h-region"] = ["110105001001"]
    page = _post(client, reverse("household_edit", args=[household.pk]), data)
    assert page.status_code == 200 and page.context["editor"].household.errors["region"]
    household.refresh_from_db()
    assert household.region.code == "110113001001"


def test_close_household_with_reason(as_user, make_household):
    household = make_household()
    client = as_user("sy_worker")
    url = reverse("household_close", args=[household.pk])
    page = client.post(url, {"reason": "  "})
    assert page.status_code == 200 and "注销原因必填" in page.content.decode()
    household.refresh_from_db()
    assert household.active
    response = client.post(url, {"reason": "全家迁出本市"})
    assert response.status_code == 302
    household.refresh_from_db()
    assert not household.active
    assert not household.members.filter(active=True).exists()
    event = AuditEvent.objects.get(household=household, action="household.close")
    assert event.note == "全家迁出本市"
    # a closed household is no longer edited or closed again
    assert client.get(reverse("household_edit", args=[household.pk])).status_code == 302
    assert client.post(url, {"reason": "again"}).status_code == 302
    assert AuditEvent.objects.filter(household=household, action="household.close").count() == 1
    detail = client.get(reverse("household_detail", args=[household.pk])).content.decode()
    assert "已注销" in detail and "全家迁出本市" in detail


def test_r_reg_01_a_second_applicant_is_refused_beside_its_relation_and_the_form_keeps_it(
    as_user, make_household
):
    household = make_household()
    before = to_document(household)
    client = as_user("sy_worker")
    data = _edit_form(client, household)
    data["members-1-relation"] = ["applicant"]
    data["members-1-name"] = ["改了名字"]
    page = _post(client, reverse("household_edit", args=[household.pk]), data)
    assert page.status_code == 200
    member_form = page.context["editor"].formsets["members"].forms[1]
    assert member_form.errors["relation"] == ["只能有一名申请人"]
    kept = form_data(page.content.decode(), "editor")
    assert kept["members-1-relation"] == ["applicant"] and kept["members-1-name"] == ["改了名字"]
    household.refresh_from_db()
    assert to_document(household) == before
