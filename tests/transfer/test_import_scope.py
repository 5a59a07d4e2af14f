"""A worker imports only into regions inside his scope; each row outside it is reported."""

from __future__ import annotations

import pytest
from transfer_helpers import HEADERS, household_rows, table, to_csv, to_xlsx

from jiuzhu.registry.models import Household
from jiuzhu.transfer.actions import do_import_households


def test_households_outside_the_workers_region_are_reported_per_row(users, nothing_written):
    rows = (
        household_rows("1")
        + household_rows("2", region="110105001001")
        + household_rows("3", region="110113")
    )
    with nothing_written():
        result = do_import_households(users["sy_worker"], to_xlsx({"家庭成员": table(rows)}))
    assert [str(p) for p in result.problems] == [
        "家庭成员 第4行 地区代码: “110105001001”不在您的管辖范围内",
        "家庭成员 第6行 地区代码: “110113”不在您的管辖范围内",  # the county is above the street worker
    ]


def test_a_county_approver_cannot_import_at_all(users, nothing_written):
    with nothing_written():
        result = do_import_households(users["sy_approver"], to_csv(table(household_rows())))
    assert [str(p) for p in result.problems] == ["当前角色不能导入家庭信息"]


def test_admin_imports_anywhere(users):
    rows = household_rows("1") + household_rows("2", region="110105001001")
    result = do_import_households(users["admin"], to_csv(table(rows)))
    assert result.ok, result.report()
    assert {h.region.code for h in result.households} == {"110113001001", "110105001001"}


def test_union_worker_imports_into_his_union(users):
    rows = household_rows("1", 建档工会代码="U110113-HC")
    result = do_import_households(users["union_worker"], to_csv(table(rows, [*HEADERS, "建档工会代码"])))
    assert result.ok, result.report()
    assert result.households[0].union_org.code == "U110113-HC"


@pytest.mark.parametrize("username", ["sy_approver", "sy_finance", "auditor"])
def test_import_page_is_for_write_roles_only(client, users, username):
    client.force_login(users[username])
    assert client.get("/transfer/import/").status_code == 403
    assert client.post("/transfer/import/", {}).status_code == 403
    assert Household.objects.count() == 0


def test_import_page_needs_login(client, db):
    response = client.get("/transfer/import/")
    assert response.status_code == 302 and "/login/" in response["Location"]
