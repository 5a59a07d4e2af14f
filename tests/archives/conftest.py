"""Fixtures of the archive tests: union users at each level and an archived household."""

from __future__ import annotations

import pytest


@pytest.fixture
def union_users(users):
    from django.contrib.auth import get_user_model

    from jiuzhu.core.models import UnionOrg

    User = get_user_model()

    def make(username, role, code):
        return User.objects.create_user(username, role=role, union_org=UnionOrg.objects.get(code=code))

    return {
        "base": make("b01_worker", "case_worker", "U110113-B01"),  # filing union (employer's union)
        "base2": make("b01_worker2", "case_worker", "U110113-B01"),
        "higher": make("sy_union", "approver", "U110113"),  # next-higher union
        "centre": users["union_worker"],  # 顺义区困难职工帮扶中心 (county help centre)
        "other": make("cy_union", "case_worker", "U110105"),  # another district's union
        "finance": make("sy_union_fin", "finance", "U110113"),
    }


@pytest.fixture
def union_household(make_household):
    def make(**extra):
        return make_household(union_org="U110113-B01", **extra)

    return make


@pytest.fixture
def worker_household(demo):
    """A one-person worker household of the filing union (顺义, standard 1320.00 in 2025, 1400.00 from 2026)
    with one monthly wage and no expenses, so that its per-capita net income is the wage (R-INC-12)."""
    from jiuzhu.registry.actions import do_create_household
    from tests.factories import household_doc

    def make(wage: str = "1500.00"):
        doc = household_doc(
            members=1,
            union_org="U110113-B01",
            union={"worker": "m1", "union_member": True, "labour_relation_since": "2012-04-01"},
        )
        doc["members"][0]["incomes"] = [{"kind": "wage", "amount": wage, "per": "month"}]
        return do_create_household(None, doc)

    return make


@pytest.fixture
def archive_at(union_household, union_users):
    """An archive brought to `status` through the real procedure."""
    import datetime as dt

    from jiuzhu.archives import actions as a

    def make(status="active", category="deep", household=None):
        u = union_users
        archive = a.do_open_archive(
            u["base"],
            household or union_household(),
            {"category": category, "investigation": "入户调查：夫妻二人，丈夫重病"},
        )
        if status == "investigating":
            return archive
        a.do_record_investigation(
            u["base"], archive, {"verification": "data_comparison", "verification_note": "与民政数据比对一致"}
        )
        archive = a.do_submit(u["base"], archive)
        if status == "higher_review":
            return archive
        archive = a.do_review_pass(u["higher"], archive, "复核通过")
        if status == "centre_review":
            return archive
        archive = a.do_file(u["centre"], archive)
        if status == "filed":
            return archive
        archive = a.do_activate(u["centre"], archive)
        assert archive.status == "active" and dt.date.today() == archive.activated_on
        return archive

    return make
