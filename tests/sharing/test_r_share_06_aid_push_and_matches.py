"""R-SHARE-06/11: the union pushes its hardship-worker list with this year's aid to civil affairs; civil
affairs sees, masked and logged, which hardship workers of its region also receive 低保."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from jiuzhu.archives import actions as aa
from jiuzhu.sharing import civil, union
from jiuzhu.sharing.access import SharingRefused
from jiuzhu.sharing.models import AccessLog, Counterpart, PushedWorker
from tests.dibao.helpers import to_status


def test_r_share_06_push_and_match_hand_worked(archived, agreements, ids, users):
    from jiuzhu.dibao.actions import do_create_application

    worker, approver = agreements["union_worker"], agreements["sy_approver"]
    on_dibao, off_dibao = archived(), archived(members=1)
    base = get_user_model().objects.get(username="b01_w")
    data = {"project": "living", "fund_source": "central", "method": "bank"}
    aa.do_pay(base, on_dibao.household, {**data, "amount": "1200.00"})
    aa.do_pay(base, on_dibao.household, {**data, "amount": "300.50"})
    app = do_create_application(users["sy_worker"], on_dibao.household)
    to_status(app, "active", users["sy_worker"], users["sy_approver"])

    batch, pushed = union.do_push_aid(
        worker, Counterpart.objects.get(name="顺义区民政局"), identity=ids["union"]
    )
    assert batch.record_count == 2 and batch.purpose == "aid_sharing"
    civil.do_import_aid_push(approver, pushed, identity=ids["civil"])
    rows = {w.id_number: w for w in PushedWorker.objects.all()}
    applicant = on_dibao.household.applicant
    # hand-worked: 1200.00 + 300.50 yuan = 150050 fen this year; the other worker got nothing
    assert rows[applicant.id_number].aid_year_fen == 150_050
    assert rows[off_dibao.household.applicant.id_number].aid_year_fen == 0
    assert rows[applicant.id_number].archived_since == timezone.localdate().strftime("%Y-%m")

    matches = civil.matches_for(approver, "aid_sharing")
    assert [m["household"] for m in matches] == [on_dibao.household]  # only the one on 低保
    m = matches[0]
    assert m["name"] == applicant.name[0] + "*" * (len(applicant.name) - 1)
    assert applicant.id_number not in m["id_number"] and m["aid_year_fen"] == 150_050
    app.refresh_from_db()
    assert m["dibao_since"] == app.payment_start.strftime("%Y-%m")
    view = AccessLog.objects.filter(action="view").get()
    assert (view.user, view.purpose, view.record_count) == (approver, "aid_sharing", 1)


def test_r_share_06_matches_need_their_purpose_and_a_region(archived, agreements, ids, users):
    with pytest.raises(SharingRefused):
        civil.matches_for(agreements["sy_approver"], "hardship_identification")
    batch, pushed = union.do_push_aid(
        agreements["union_worker"], Counterpart.objects.get(name="顺义区民政局"), identity=ids["union"]
    )
    civil.do_import_aid_push(agreements["sy_approver"], pushed, identity=ids["civil"])
    assert civil.matches_for(users["cy_approver"], "aid_sharing") == []  # another district sees none


def test_r_share_06_a_later_push_replaces_the_earlier(archived, agreements, ids):
    cp = Counterpart.objects.get(name="顺义区民政局")
    archived()
    _b, first = union.do_push_aid(agreements["union_worker"], cp, identity=ids["union"])
    civil.do_import_aid_push(agreements["sy_approver"], first, identity=ids["civil"])
    archived()
    _b, second = union.do_push_aid(agreements["union_worker"], cp, identity=ids["union"])
    civil.do_import_aid_push(agreements["sy_approver"], second, identity=ids["civil"])
    assert PushedWorker.objects.count() == 3 and civil.latest_push_rows().count() == 2
