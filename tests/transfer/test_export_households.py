"""Household list export to XLSX: the user's scope, the list's filters, masking, and an audit event."""

from __future__ import annotations

from decimal import Decimal

import pytest
from transfer_helpers import household_doc, read_xlsx

from jiuzhu.core.models import AuditEvent
from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.actions import do_close_household, do_create_household
from jiuzhu.registry.models import Household
from jiuzhu.transfer.export import HOUSEHOLD_COLUMNS, export_households_xlsx


@pytest.fixture
def households(demo):
    shunyi = do_create_household(
        None,
        household_doc(
            "110113001001",
            assets={"deposits": "2000.50", "houses": [{"area_m2": "50", "nature": "self_owned"}]},
        ),
    )
    shunyi2 = do_create_household(None, household_doc("110113002001", name="赵小红"))
    chaoyang = do_create_household(None, household_doc("110105001001", name="孙立"))
    return shunyi, shunyi2, chaoyang


def _get(client, user, params=None):
    client.force_login(user)
    response = client.get("/transfer/export/households.xlsx", params or {})
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    return read_xlsx(response.content)


def test_worker_exports_his_scope_with_id_and_phone_masked(client, users, households):
    shunyi, _shunyi2, _chaoyang = households
    rows = _get(client, users["sy_worker"])
    assert rows[0] == [h for h, _w in HOUSEHOLD_COLUMNS]
    assert len(rows) == 2  # the street worker sees only 胜利街道
    row = dict(zip(rows[0], rows[1], strict=True))
    applicant = shunyi.members.get(relation="applicant")
    assert row["家庭编号"] == shunyi.number and row["状态"] == "在册"
    assert row["地区代码"] == "110113001001" and row["所在地区"] == "建新社区"
    assert row["申请类别"] == "城市低保" and row["申请人"] == "王建华"
    assert row["申请人身份证号码"] == mask_id_number(applicant.id_number) != applicant.id_number
    assert row["联系电话"] == "138****8000"
    assert row["家庭人口数"] == 2 and row["共同生活人数"] == 2
    # 1500/month + 12000/year counted; the scholarship is not counted income (R-INC-05).
    assert Decimal(str(row["月收入合计(元)"])) == Decimal("2500")
    assert Decimal(str(row["银行存款(元)"])) == Decimal("2000.5")
    assert row["房屋数"] == 1 and row["车辆船舶数"] == 0
    assert row["近亲属中有低保经办人员或村干部"] == "否"


def test_admin_export_carries_full_id_numbers(client, users, households):
    rows = _get(client, users["admin"])
    assert len(rows) == 4
    ids = {r[6] for r in rows[1:]}
    assert {h.members.get(relation="applicant").id_number for h in households} == ids
    assert {r[7] for r in rows[1:]} == {"13800138000"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "赵小红"}, ["赵小红"]),
        ({"q": "小红"}, ["赵小红"]),
        ({"region": "110113002"}, ["赵小红"]),
        ({"region": "110113"}, ["王建华", "赵小红"]),
        ({"name": "建华"}, ["王建华"]),
        ({"area_type": "rural"}, []),
        ({"region": "110105"}, []),  # outside the approver's county: nothing, not an error
        ({"region": "999"}, []),
    ],
)
def test_export_honours_the_list_filters(client, users, households, params, expected):
    rows = _get(client, users["sy_approver"], params)
    assert sorted(r[5] for r in rows[1:]) == expected


def test_search_by_id_number_and_household_number(client, users, households):
    shunyi, shunyi2, _ = households
    spouse = shunyi.members.get(relation="spouse").id_number
    for params in ({"q": spouse}, {"q": spouse[-6:]}, {"id_number": spouse}, {"id_number": spouse[-4:]}):
        assert [r[0] for r in _get(client, users["sy_approver"], params)[1:]] == [shunyi.number], params
    for params in ({"q": shunyi2.number}, {"number": shunyi2.number}):
        assert [r[0] for r in _get(client, users["sy_approver"], params)[1:]] == [shunyi2.number]


def test_same_households_as_the_list_page(client, users, households):
    client.force_login(users["sy_approver"])
    params = {"region": "110113", "name": "赵"}
    listed = client.get("/households/", params).content.decode()
    exported = _get(client, users["sy_approver"], params)[1:]
    assert [r[0] for r in exported] == [households[1].number]
    assert households[1].number in listed and households[0].number not in listed


def test_closed_households_only_when_asked_as_in_the_list(client, users, households):
    do_close_household(None, households[1], "死亡")
    assert [r[5] for r in _get(client, users["sy_approver"])[1:]] == ["王建华"]
    rows = _get(client, users["sy_approver"], {"status": "all"})
    assert sorted(r[1] for r in rows[1:]) == ["在册", "已注销"]
    assert [r[1] for r in _get(client, users["sy_approver"], {"status": "closed"})[1:]] == ["已注销"]


def test_export_is_audited_with_filter_and_count(client, users, households):
    _get(client, users["sy_approver"], {"region": "110113", "q": ""})
    event = AuditEvent.objects.get(action="export.households")
    assert event.actor == users["sy_approver"]
    assert event.after == {"filters": {"region": "110113"}, "count": 2}
    assert event.scope_path == users["sy_approver"].region.path


def test_export_needs_a_registry_role(client, users, households):
    from django.contrib.auth import get_user_model

    applicant = get_user_model().objects.create(username="appl", role="applicant", id_number="x")
    client.force_login(applicant)
    assert client.get("/transfer/export/households.xlsx").status_code == 403
    client.logout()
    assert client.get("/transfer/export/households.xlsx").status_code == 302
    assert not AuditEvent.objects.filter(action="export.households").exists()


def test_export_function_on_a_queryset(households):
    rows = read_xlsx(export_households_xlsx(Household.objects.all(), unmask=True))
    assert len(rows) == 4
    assert [r[0] for r in rows[1:]] == sorted(h.number for h in households)


def test_large_export_crosses_fetch_chunks_with_exact_sums(demo):
    """Thousands of rows: the database computes counts and sums, rows stream in chunks (CHUNK=2000)."""
    import datetime as dt

    from jiuzhu.core.models import Region
    from jiuzhu.idnumber import make_id_number
    from jiuzhu.registry.models import IncomeItem, Member

    region = Region.objects.get(code="110113001001")
    n = 2100
    hs = Household.objects.bulk_create(
        Household(number=f"110113-2026-{i:06d}", region=region, area_type="rural") for i in range(n)
    )
    members = Member.objects.bulk_create(
        Member(
            household=h,
            name="张三",
            sex="M",
            birth_date=dt.date(1960, 1, 1),
            relation="applicant",
            id_number=make_id_number(
                "110115", dt.date(1960, 1, 1) + dt.timedelta(days=i // 500), i % 500, "M"
            ),
        )
        for i, h in enumerate(hs)
    )
    IncomeItem.objects.bulk_create(
        IncomeItem(member=m, kind="pension", amount_fen=100001, per="year") for m in members
    )
    rows = read_xlsx(export_households_xlsx(Household.objects.all()))
    assert len(rows) == n + 1
    assert rows[1][0] == "110113-2026-000000" and rows[-1][0] == f"110113-2026-{n - 1:06d}"
    # 1000.01 yuan a year is 83.33 a month (100001 fen / 12 = 8333.4, rounded to the fen).
    assert {str(r[10]) for r in rows[1:]} == {"83.33"}
    assert {r[4] for r in rows[1:]} == {"农村低保"}
