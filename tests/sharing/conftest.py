"""Two sharing identities in one database — the demo's "both" installation: the 顺义区总工会 system and the
顺义区民政局 system, each registered as the other's counterpart with its public keys, and the
confidentiality agreements (R-SHARE-08) of the units and of the staff doing the work."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def ids():
    from jiuzhu.sharing.keys import Identity

    return {"union": Identity.generate("顺义区总工会"), "civil": Identity.generate("顺义区民政局")}


@pytest.fixture
def counterparts(demo, ids):
    from jiuzhu.core.models import Region
    from jiuzhu.sharing.models import Counterpart

    region = Region.objects.get(code="110113")

    def make(identity, side):
        return Counterpart.objects.create(
            name=identity.name,
            side=side,
            region=region,
            address="http://127.0.0.1/sharing/exchange/",
            signing_key=identity.signing_public,
            encryption_key=identity.encryption_public,
        )

    return {"civil": make(ids["civil"], "civil_affairs"), "union": make(ids["union"], "union")}


@pytest.fixture
def agreements(counterparts, users):
    from jiuzhu.sharing.models import Agreement

    signed = dt.date(2026, 1, 5)
    for cp in counterparts.values():
        Agreement.objects.create(counterpart=cp, reference=f"保密-{cp.pk}", signed_on=signed)
    Agreement.objects.create(
        counterpart=counterparts["civil"], user=users["union_worker"], reference="保密-张", signed_on=signed
    )
    Agreement.objects.create(
        counterpart=counterparts["union"], user=users["sy_approver"], reference="保密-李", signed_on=signed
    )
    return users


@pytest.fixture
def archived(make_household, users):
    """A household archived by the 顺义 help centre, through the real archive actions."""
    from django.contrib.auth import get_user_model

    from jiuzhu.archives import actions as a
    from jiuzhu.core.models import UnionOrg

    User = get_user_model()
    base = User.objects.create_user(
        "b01_w", role="case_worker", union_org=UnionOrg.objects.get(code="U110113-B01")
    )
    higher = User.objects.create_user("sy_u", role="approver", union_org=UnionOrg.objects.get(code="U110113"))
    centre = users["union_worker"]

    def make(status="active", household=None, **extra):
        household = household or make_household(union_org="U110113-B01", **extra)
        archive = a.do_open_archive(base, household, {"category": "deep", "investigation": "入户调查"})
        if status == "investigating":
            return archive
        a.do_record_investigation(
            base, archive, {"verification": "data_comparison", "verification_note": "待比对"}
        )
        a.do_submit(base, archive)
        a.do_review_pass(higher, archive, "复核通过")
        a.do_file(centre, archive)
        return a.do_activate(centre, archive)

    return make


@pytest.fixture
def consented(archived, users):
    from jiuzhu.sharing.union import do_record_consent

    def make(**kw):
        archive = archived(**kw)
        do_record_consent(
            users["union_worker"], archive.household, signed_by="张建国", signed_on=dt.date(2026, 2, 1)
        )
        return archive

    return make
