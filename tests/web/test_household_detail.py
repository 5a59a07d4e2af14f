"""Household detail: every registry field, ID numbers by role, the engine's assessment, the history."""

from __future__ import annotations

import sys

import pytest
from django.urls import reverse

from jiuzhu.registry.documents import to_document
from jiuzhu.registry.models import PayeeAccount
from tests.factories import new_id

FULL = dict(
    members=3,
    hukou_address="顺义区胜利街道户籍地",
    employer="某物业公司",
    obligors=[
        {
            "name": "张大伟",
            "id_number": new_id("110105"),
            "relation": "儿子",
            "supports": "m1",
            "hukou_region": "110105",
            "income": {"amount": "5200.00", "per": "month"},
            "annual_support_paid": "2400.00",
            "court_ordered_support": {"amount": "300.00", "per": "month"},
        }
    ],
    assets={
        "deposits": "12000.50",
        "securities": "800.00",
        "other": "农用三轮车一辆",
        "houses": [
            {
                "address": "建新社区3号楼",
                "area_m2": "60.5",
                "nature": "self_owned",
                "source": "self_purchased",
                "acquired_on": "2001-05-01",
            }
        ],
        "vehicles": [{"kind": "motorcycle", "model": "五羊", "plate": "京A12345", "price": "3000.00"}],
        "businesses": [{"kind": "shop", "name": "小卖部"}],
    },
    flags={"refused_suitable_jobs": 2, "high_consumption": True},
    union={
        "worker": "m1",
        "hardship_category": "deep",
        "employer": "顺义某汽车零部件公司",
        "labour_relation_since": "2010-03-01",
        "migrant": True,
    },
    plan={
        "causes": "因病致困",
        "measures": "医疗救助",
        "tracks": ["employment", "safety_net"],
        "helping_unit": "区总工会",
        "responsible_person": "王主任",
        "responsible_phone": "13900001111",
    },
)


@pytest.fixture
def full(make_household):
    household = make_household(**FULL)
    doc = to_document(household)
    doc["members"][1]["incomes"] = [
        {
            "kind": "pension",
            "amount": "440.00",
            "per": "month",
            "method": "contract",
            "evidence": "社保缴费记录",
        }
    ]
    doc["members"][2]["expenses"] = [
        {"kind": "education", "amount": "6000.00", "per": "year", "note": "大学学费"}
    ]
    doc["members"][1]["disability"] = {"category": "physical", "grade": 2}
    from jiuzhu.registry.actions import do_update_household

    do_update_household(None, household, doc)
    member = household.members.get(relation="applicant")
    PayeeAccount.objects.create(member=member, bank="北京农商银行", account_number="6222000011112222")
    return household


def test_detail_shows_every_part_of_the_registry(as_user, full):
    body = as_user("sy_worker").get(reverse("household_detail", args=[full.pk])).content.decode()
    for text in (
        full.number,
        "北京市",
        "顺义区",
        "胜利街道",
        "建新社区",
        "城市低保",
        "顺义区胜利街道户籍地",
        "某物业公司",
        "张建国",
        "配偶",
        "子女",
        "肢体残疾",
        "2级",  # members
        "工资性收入",
        "1800.00",
        "养老金/离退休金",
        "440.00",
        "劳动合同",
        "社保缴费记录",  # incomes with method
        "教育支出",
        "6000.00",
        "大学学费",  # expenses
        "12000.50",
        "800.00",
        "农用三轮车一辆",
        "建新社区3号楼",
        "60.50",
        "自有私房",
        "自购房",
        "2001-05-01",
        "摩托车",
        "五羊",
        "京A12345",
        "3000.00",
        "经营性商铺",
        "小卖部",  # assets
        "张大伟",
        "5200.00",
        "2400.00",
        "300.00",  # obligor
        "北京农商银行",
        "6222000011112222",  # payee account
        "深度困难",
        "顺义某汽车零部件公司",
        "2010-03-01",  # worker
        "因病致困",
        "医疗救助",
        "就业创业帮扶一批",
        "社会救助兜底一批",
        "区总工会",
        "王主任",  # plan
        "有高消费行为",
    ):
        assert text in body, text


@pytest.mark.parametrize(
    "username,revealed",
    [("sy_worker", True), ("sy_approver", True), ("admin", True), ("sy_finance", False), ("auditor", False)],
)
def test_id_numbers_unmasked_only_for_roles_that_need_them(as_user, full, username, revealed):
    doc = to_document(full)
    ids = [m["id_number"] for m in doc["members"]] + [doc["obligors"][0]["id_number"]]
    body = as_user(username).get(reverse("household_detail", args=[full.pk])).content.decode()
    for number in ids:
        assert (number in body) is revealed
        assert (number[:6] + "********" + number[-4:] in body) is not revealed
    assert ("13800138000" in body) is revealed
    assert ("6222000011112222" in body) is revealed


def test_assessment_says_engine_not_ready_when_it_cannot_be_imported(as_user, full, monkeypatch):
    monkeypatch.setitem(sys.modules, "jiuzhu.policy", None)  # import of jiuzhu.policy raises ImportError
    for name in ("household_detail", "household_assessment"):
        body = as_user("sy_worker").get(reverse(name, args=[full.pk])).content.decode()
        assert "评估引擎未就绪" in body


def test_assessment_shows_status_amounts_and_cited_reasons(as_user, make_household):
    pytest.importorskip("jiuzhu.policy", reason="policy engine not built yet")
    try:
        from jiuzhu.policy import Params, assess  # noqa: F401
    except ImportError:
        pytest.skip("policy engine has no assess() yet")
    household = make_household(members=2)
    page = as_user("sy_worker").get(reverse("household_assessment", args=[household.pk]), {"at": "2026-07"})
    assessment = page.context["assessment"]
    assert assessment.ready and not assessment.error, assessment.error
    dibao = next(p for p in assessment.programmes if p.key == "dibao")
    assert dibao.status and dibao.reasons
    assert all(r.get("cite") for r in dibao.reasons)
    body = page.content.decode()
    assert "最低生活保障" in body and "R-" in body


def test_history_on_the_detail_page(as_user, full):
    body = as_user("sy_worker").get(reverse("household_detail", args=[full.pk])).content.decode()
    assert "最近变更" in body and "新建家庭档案" in body and "更正家庭信息" in body
    assert "家庭成员2 · 收入1 · 认定方式" in body and "劳动合同" in body


def test_household_page_lists_its_cases_and_starts_new_ones(client, make_household, users):
    """Where the household's procedures stand (一户一档): its 低保 and 临时救助 cases with their status and
    links; region staff start civil-affairs procedures from here, union staff the union archive."""
    from jiuzhu.dibao.actions import do_create_application

    h = make_household(union_org="U110113-B01")
    app = do_create_application(users["sy_worker"], h)
    client.force_login(users["sy_worker"])
    page = client.get(f"/households/{h.pk}/").content.decode()
    assert 'id="cases"' in page and f'href="/dibao/{app.pk}/"' in page and "填写中" in page
    assert f"/dibao/new/?household={h.number}" in page and "/archives/new/" not in page
    assert f'value="{h.number}"' in client.get(f"/dibao/new/?household={h.number}").content.decode()
    client.force_login(users["union_worker"])
    page = client.get(f"/households/{h.pk}/").content.decode()
    assert f"/archives/new/?household={h.number}" in page and "/dibao/new/" not in page
    client.force_login(users["auditor"])
    page = client.get(f"/households/{h.pk}/").content.decode()
    assert f'href="/dibao/{app.pk}/"' in page and "/dibao/new/" not in page
