"""R-SHARE-11: civil affairs compares its 临时救助 recipients with two successive registered-poor lists
imported from the poverty office: who left poverty, who returned, who is still registered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.core.models import Region
from jiuzhu.sharing import envelope, exchange
from jiuzhu.sharing.access import SharingRefused
from jiuzhu.sharing.keys import Identity
from jiuzhu.sharing.models import AccessLog, Agreement, Counterpart, PoorListEntry
from jiuzhu.sharing.poverty import do_import_poor_list, poverty_changes


@pytest.fixture
def office(demo, users):
    me = Identity.generate("顺义区乡村振兴局")
    cp = Counterpart.objects.create(name=me.name, side="poverty_office", region=Region.objects.get(code="110113"),
                                    signing_key=me.signing_public, encryption_key=me.encryption_public)  # fmt: skip
    Agreement.objects.create(counterpart=cp, reference="保密-扶", signed_on=dt.date(2026, 1, 5))
    Agreement.objects.create(counterpart=cp, user=users["sy_approver"], reference="保密-扶-李",
                             signed_on=dt.date(2026, 1, 5))  # fmt: skip
    return me


def _list(office, local, rows):
    records = [{"name": m.name, "id_type": "resident_id", "id_number": m.id_number, "status": s, "since": "2016-05"}
               for m, s in rows]  # fmt: skip
    doc = exchange.Document(kind="poor_list", sender=office.name, recipient=local.name, purpose="poverty_tracking",
                            records=records).as_dict()  # fmt: skip
    return envelope.seal(doc, office, local.name, local.encryption_public)


def test_r_share_11_left_returned_and_still_registered(make_household, office, ids, users):
    from jiuzhu.temporary.models import TemporaryCase

    today = timezone.localdate()
    hh = {k: make_household(members=1) for k in "ABCD"}
    for k in "ABC":  # D received no 临时救助
        TemporaryCase.objects.create(
            household=hh[k], number=f"T-{k}", status="closed", case_type="emergency", event_kind="sudden_illness",
            event_date=today - dt.timedelta(days=40), severity="moderate", amount_fen=100_000,
            approved_on=today - dt.timedelta(days=30),
        )  # fmt: skip
    m = {k: h.members.get() for k, h in hh.items()}
    approver = users["sy_approver"]
    first = [(m["A"], "registered"), (m["B"], "left"), (m["C"], "registered"), (m["D"], "registered")]
    second = [(m["A"], "left"), (m["B"], "registered"), (m["C"], "registered"), (m["D"], "left")]
    do_import_poor_list(approver, _list(office, ids["civil"], first), identity=ids["civil"])
    do_import_poor_list(approver, _list(office, ids["civil"], second), identity=ids["civil"])
    assert PoorListEntry.objects.count() == 8

    rows = poverty_changes(approver, "poverty_tracking")
    assert [(r["household"], r["change"]) for r in rows] == [
        (hh["A"], "left_poverty"),
        (hh["C"], "registered"),
        (hh["B"], "returned"),
    ]
    assert m["A"].id_number not in rows[0]["id_number"] and rows[0]["name"].endswith(
        "*" * (len(m["A"].name) - 1)
    )
    assert AccessLog.objects.filter(action="view", purpose="poverty_tracking").count() == 1
    assert poverty_changes(users["cy_approver"], "poverty_tracking") == []  # another district
    with pytest.raises(SharingRefused):
        poverty_changes(approver, "hardship_identification")


def test_r_share_11_list_from_a_unit_that_is_not_the_poverty_office_refused(demo, ids, users):
    from jiuzhu.sharing.models import Counterpart as CP

    CP.objects.create(name=ids["union"].name, side="union", region=Region.objects.get(code="110113"),
                      signing_key=ids["union"].signing_public, encryption_key=ids["union"].encryption_public)  # fmt: skip
    doc = exchange.Document(kind="poor_list", sender=ids["union"].name, recipient=ids["civil"].name,
                            purpose="poverty_tracking", records=[]).as_dict()  # fmt: skip
    data = envelope.seal(doc, ids["union"], ids["civil"].name, ids["civil"].encryption_public)
    with pytest.raises(SharingRefused, match="不是扶贫"):
        do_import_poor_list(users["sy_approver"], data, identity=ids["civil"])
    assert not PoorListEntry.objects.exists()


def test_r_share_11_page_needs_the_purpose(demo, users, client):
    client.force_login(users["sy_approver"])
    assert "比对结果" not in client.get("/sharing/poverty/").content.decode()
    page = client.get("/sharing/poverty/", {"purpose": "poverty_tracking"})
    assert page.status_code == 200 and "没有比对结果" in page.content.decode()
    assert AccessLog.objects.filter(action="view", user=users["sy_approver"]).count() == 1
