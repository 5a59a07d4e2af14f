"""Fixtures of the union-fund tests: one user of each department (R-SUP-04) at the 北京市总工会 (province),
顺义区总工会 and its help centre, ACFTU's rights-protection department, and an archived household of
顺义某汽车零部件公司工会 brought to "active" through the archives' real procedure."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def fund_users(users):
    from django.contrib.auth import get_user_model

    from jiuzhu.core.models import UnionOrg

    User = get_user_model()

    def make(username, role, code):
        return User.objects.create_user(username, role=role, union_org=UnionOrg.objects.get(code=code))

    return {
        "acftu_rights": make("acftu_rights", "approver", "ACFTU"),
        "acftu_finance": make("acftu_finance", "finance", "ACFTU"),
        "bj_rights": make("bj_rights", "approver", "U110000"),
        "bj_rights2": make("bj_rights2", "approver", "U110000"),
        "bj_finance": make("bj_finance", "finance", "U110000"),
        "bj_audit": make("bj_audit", "auditor", "U110000"),
        "sy_rights": make("sy_rights", "approver", "U110113"),
        "sy_finance": make("sy_union_finance", "finance", "U110113"),
        "sy_audit": make("sy_audit", "auditor", "U110113"),
        "centre": users["union_worker"],  # 顺义区困难职工帮扶中心 case worker
        "base": make("b01_worker", "case_worker", "U110113-B01"),
        "cy_finance": make("cy_union_finance", "finance", "U110105"),
        "civil": users["sy_worker"],  # a civil-affairs case worker: no union department
    }


@pytest.fixture
def org():
    from jiuzhu.core.models import UnionOrg

    return lambda code: UnionOrg.objects.get(code=code)


@pytest.fixture
def fund(fund_users, org):
    """A fund opened by the union's finance department, with money received (yuan) when given."""
    from jiuzhu.unionfunds import ledger

    def make(code="U110113-HC", programme="aid", source="central", received=None, by=None, **rules):
        by = by or (fund_users["bj_finance"] if code.startswith("U110000") else fund_users["sy_finance"])
        f = ledger.do_open_fund(by, org(code), {"programme": programme, "source": source, **rules})
        if received:
            ledger.do_receive(
                by,
                f,
                {"amount": received, "counterparty": "北京市财政局", "reference": "京财社〔2026〕1号"},
            )
        return f

    return make


@pytest.fixture
def archived(make_household, fund_users, users):
    """An active archive (category `category`) of a household of 顺义某汽车零部件公司工会."""
    from django.contrib.auth import get_user_model

    from jiuzhu.archives import actions as a
    from jiuzhu.core.models import UnionOrg

    def user(name, role, code):
        User = get_user_model()
        found = User.objects.filter(username=name).first()
        return found or User.objects.create_user(name, role=role, union_org=UnionOrg.objects.get(code=code))

    def make(category="deep", county="U110113"):
        household = make_household(union_org=f"{county}-B01", region="110113001001")
        if county == "U110113":
            base, centre, higher = fund_users["base"], fund_users["centre"], fund_users["sy_rights"]
        else:
            base = user(f"{county}_base", "case_worker", f"{county}-B01")
            centre = user(f"{county}_centre", "case_worker", f"{county}-HC")
            higher = user(f"{county}_rights", "approver", county)
        archive = a.do_open_archive(base, household, {"category": category, "investigation": "入户调查"})
        a.do_record_investigation(
            base, archive, {"verification": "data_comparison", "verification_note": "比对一致"}
        )
        archive = a.do_submit(base, archive)
        archive = a.do_review_pass(higher, archive, "复核通过")
        archive = a.do_file(centre, archive)
        archive = a.do_activate(centre, archive)
        assert archive.status == "active" and archive.activated_on == dt.date.today()
        return archive

    return make
