"""Who may send a query and for what: same level (R-SHARE-01), the household's stored authorisation first
(R-SHARE-05), the purpose tag (R-SHARE-07), a valid confidentiality agreement (R-SHARE-08)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuzhu.sharing import union
from jiuzhu.sharing.access import SharingRefused, has_agreement
from jiuzhu.sharing.models import AccessLog, Agreement, Batch, Counterpart, Evidence


def _civil():
    return Counterpart.objects.get(name="顺义区民政局")


def test_r_share_05_no_query_without_stored_authorisation(archived, agreements, ids):
    archive = archived()
    with pytest.raises(SharingRefused, match="尚未登记本人授权"):
        union.do_send_query(agreements["union_worker"], _civil(), [archive.household], "hardship_identification",
                            identity=ids["union"])  # fmt: skip
    assert not Batch.objects.exists()
    union.do_record_consent(agreements["union_worker"], archive.household, signed_by="张建国",
                            signed_on=dt.date(2026, 3, 1))  # fmt: skip
    batch, _data = union.do_send_query(agreements["union_worker"], _civil(), [archive.household],
                                       "hardship_identification", identity=ids["union"])  # fmt: skip
    assert batch.record_count == 2


@pytest.mark.parametrize("purpose", [None, "", "aid_sharing", "economic_verification", "marketing"])
def test_r_share_07_query_needs_the_hardship_purpose(consented, agreements, ids, purpose):
    archive = consented()
    with pytest.raises(SharingRefused, match="用途|只能用于"):
        union.do_send_query(agreements["union_worker"], _civil(), [archive.household], purpose,
                            identity=ids["union"])  # fmt: skip
    assert not Batch.objects.exists()


def test_r_share_07_evidence_view_needs_purpose_and_is_logged(consented, agreements, ids):
    archive = consented()
    with pytest.raises(SharingRefused):
        union.evidence_for(agreements["union_worker"], archive.household, "aid_sharing")
    assert AccessLog.objects.filter(action="refused", household=archive.household).count() == 1
    rows = union.evidence_for(agreements["union_worker"], archive.household, "hardship_identification")
    assert rows == []
    log = AccessLog.objects.get(action="view")
    assert (log.user, log.household, log.purpose) == (agreements["union_worker"], archive.household,
                                                     "hardship_identification")  # fmt: skip


def test_r_share_07_database_refuses_evidence_for_another_purpose(consented, agreements, ids):
    from django.db import IntegrityError, transaction

    archive = consented()
    batch, _ = union.do_send_query(agreements["union_worker"], _civil(), [archive.household],
                                   "hardship_identification", identity=ids["union"])  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(household=archive.household, batch=batch, purpose="aid_sharing", name="x",
                                id_type="resident_id", id_number="1", answered_on=dt.date(2026, 1, 1))  # fmt: skip


def test_r_share_08_no_sharing_without_valid_agreement(consented, agreements, ids):
    worker = agreements["union_worker"]
    archive = consented()
    assert has_agreement(worker, _civil())
    own = Agreement.objects.get(user=worker)
    own.revoked_on = dt.date(2026, 6, 1)
    own.save()
    assert not has_agreement(worker, _civil(), on=dt.date(2026, 6, 1))
    assert has_agreement(worker, _civil(), on=dt.date(2026, 5, 31))
    with pytest.raises(SharingRefused, match="保密协议"):
        union.do_send_query(
            worker, _civil(), [archive.household], "hardship_identification", identity=ids["union"]
        )


def test_r_share_08_unit_agreement_needed_too(consented, agreements, ids):
    Agreement.objects.filter(user__isnull=True, counterpart=_civil()).update(valid_until=dt.date(2026, 1, 31))
    assert not has_agreement(agreements["union_worker"], _civil(), on=dt.date(2026, 2, 1))


def test_r_share_01_only_the_counterpart_at_the_same_level(consented, agreements, ids):
    from jiuzhu.core.models import Region

    cp = _civil()
    cp.region = Region.objects.get(code="110105")  # 朝阳区民政局 is not 顺义区总工会's counterpart
    cp.save()
    Agreement.objects.filter(counterpart=cp)  # agreements exist, but the level is wrong
    with pytest.raises(SharingRefused, match="同级"):
        union.do_send_query(agreements["union_worker"], cp, [consented().household], "hardship_identification",
                            identity=ids["union"])  # fmt: skip


def test_r_share_04_household_outside_the_archive_scope_is_not_found(make_household, agreements, ids):
    from django.http import Http404

    household = make_household()  # no archive of the user's union
    with pytest.raises(Http404):
        union.do_send_query(agreements["union_worker"], _civil(), [household], "hardship_identification",
                            identity=ids["union"])  # fmt: skip
