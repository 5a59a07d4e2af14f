"""Create, read, replace, close and read the history of a household through the API, with audit events."""

from __future__ import annotations

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.models import Household
from tests.factories import household_doc, new_id


def full_doc() -> dict:
    """A document using every part of the schema, so the response schema is exercised in full."""
    doc = household_doc(members=3)
    doc.update(
        {
            "union_org": "U110113-001",
            "hukou_address": "顺义区胜利街道",
            "residence_address": "顺义区胜利街道建新社区1号楼",
            "employer": "顺义某汽车零部件公司",
            "main_expenditure": "医疗",
            "near_relative_of_staff": False,
            "obligors": [
                {
                    "name": "张大山",
                    "id_number": new_id(),
                    "relation": "子女",
                    "supports": "m1",
                    "hukou_region": "110105",
                    "income": {"amount": "5200.00", "per": "month"},
                    "annual_support_paid": "1200.00",
                    "low_income_status": None,
                    "court_ordered_support": {"amount": "300.00", "per": "month"},
                    "marital_status": "married",
                    "health": "healthy",
                    "occupation": "employed",
                    "co_resident": False,
                }
            ],
            "assets": {
                "deposits": "12000.50",
                "securities": "0",
                "receivables": "0.00",
                "other": "无",
                "houses": [
                    {
                        "address": "建新社区1号楼",
                        "area_m2": "56.3",
                        "nature": "self_owned",
                        "source": "self_purchased",
                        "acquired_on": "2001-05-01",
                        "in_large_city": True,
                    }
                ],
                "vehicles": [
                    {
                        "kind": "motorcycle",
                        "owner_name": "张建国",
                        "model": "五羊",
                        "plate": "京B12345",
                        "displacement": "125cc",
                        "purchased_on": "2015-03-01",
                        "price": "4000",
                        "mobility_aid": False,
                    }
                ],
                "businesses": [{"kind": "shop", "name": "小卖部"}],
            },
            "flags": {"registered_poor": False, "refused_suitable_jobs": 1},
            "union": {
                "worker": "m1",
                "union_member": True,
                "employer": "顺义某汽车零部件公司",
                "labour_relation_since": "2010-01-01",
                "migrant": False,
                "retiree_type": None,
                "hardship_category": "deep",
            },
            "plan": {
                "causes": "因病致困",
                "measures": "医疗救助",
                "tracks": ["medical_mutual_aid", "safety_net"],
                "helping_unit": "区总工会",
                "responsible_person": "王五",
                "responsible_phone": "13900139000",
                "goal": "脱困",
                "goal_met": False,
            },
        }
    )
    doc["members"][1].update(
        {
            "health": "disabled",
            "disability": {"category": "physical", "grade": 2},
            "needs_carer": True,
            "expenses": [{"kind": "medical", "amount": "600.00", "per": "month", "note": "透析"}],
            "marital_status": "married",
            "work_capacity": "none",
            "occupation": "unregistered_unemployed",
        }
    )
    doc["members"][0]["incomes"].append(
        {
            "kind": "pension",
            "amount": "5280",
            "per": "year",
            "method": "contract",
            "evidence": "养老金发放记录",
        }
    )
    return doc


def test_create_read_update_close_history_round_trip(api_as):
    api = api_as("sy_worker")
    doc = full_doc()
    r = api.post("/api/households", doc)
    assert r.status_code == 201, r.content
    created = r.json()
    hid = created["id"]
    assert created["active"] is True and created["id_numbers_masked"] is False
    assert created["number"].startswith("110113-")
    assert AuditEvent.objects.filter(
        household_id=hid, action="household.create", actor__username="sy_worker"
    ).exists()

    r = api.get(f"/api/households/{hid}")
    assert r.status_code == 200
    stored = r.json()["document"]
    assert stored["members"][0]["id_number"] == doc["members"][0]["id_number"]
    assert stored["assets"]["deposits"] == "12000.50"
    assert stored["members"][1]["disability"] == {"category": "physical", "grade": 2}
    assert stored["union"]["hardship_category"] == "deep"

    # The document read back is a valid PUT body: a round trip changes nothing and writes no event.
    r = api.put(f"/api/households/{hid}", stored)
    assert r.status_code == 200, r.content
    assert r.json()["document"] == stored
    assert not AuditEvent.objects.filter(household_id=hid, action="household.update").exists()

    stored["members"][0]["incomes"][0]["amount"] = "2100.00"
    stored["address"] = "胜利街道建新社区2号楼"
    r = api.put(f"/api/households/{hid}", stored)
    assert r.status_code == 200, r.content
    event = AuditEvent.objects.get(household_id=hid, action="household.update")
    assert event.actor.username == "sy_worker"
    assert event.before["members[0].incomes[0].amount"] == "1800.00"
    assert event.after["members[0].incomes[0].amount"] == "2100.00"

    r = api.post(f"/api/households/{hid}/close", {"reason": "迁出本区"})
    assert r.status_code == 200, r.content
    assert r.json()["active"] is False
    assert Household.objects.get(pk=hid).active is False
    close = AuditEvent.objects.get(household_id=hid, action="household.close")
    assert close.note == "迁出本区"

    r = api.get(f"/api/households/{hid}/history")
    assert r.status_code == 200
    history = r.json()
    assert [e["action"] for e in history] == ["household.create", "household.update", "household.close"]
    update = {c["field"]: c for c in history[1]["changes"]}
    assert update["members[0].incomes[0].amount"] == {
        "field": "members[0].incomes[0].amount",
        "before": "1800.00",
        "after": "2100.00",
    }
    assert update["address"]["after"] == "胜利街道建新社区2号楼"
    assert history[1]["actor"] == "sy_worker"
    assert history[2]["note"] == "迁出本区"


def test_closed_household_cannot_be_changed_or_closed_again(api_as, make_household):
    api = api_as("sy_worker")
    h = make_household()
    assert api.post(f"/api/households/{h.pk}/close", {"reason": "死亡"}).status_code == 200
    assert api.post(f"/api/households/{h.pk}/close", {"reason": "死亡"}).status_code == 409
    r = api.put(f"/api/households/{h.pk}", household_doc())
    assert r.status_code == 409
    assert "注销" in r.json()["detail"]


def test_close_needs_a_reason(api_as, make_household):
    api = api_as("sy_worker")
    h = make_household()
    r = api.post(f"/api/households/{h.pk}/close", {"reason": "  "})
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "reason"
    r = api.post(f"/api/households/{h.pk}/close", {})
    assert r.status_code == 422
    assert r.json()["detail"] == [{"field": "reason", "problem": "必填"}]
    assert Household.objects.get(pk=h.pk).active
