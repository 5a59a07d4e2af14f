"""R-FLOW-01..03: intake, the documents told at once, signatures, the authorisation."""

import pytest

from jiuzhu.dibao import actions as a
from jiuzhu.dibao.models import REQUIRED_DOCUMENTS, Signature

pytestmark = pytest.mark.django_db


def test_r_flow_01_required_documents_told_at_once_and_stored(application):
    docs = application.required_documents
    assert [d["code"] for d in docs] == [d["code"] for d in REQUIRED_DOCUMENTS]
    assert all(d["told_on"] == application.applied_on.isoformat() for d in docs)
    shared = {d["code"] for d in docs if d["shared"]}
    assert {"id_cards", "hukou", "housing", "vehicles"} <= shared  # obtained by data sharing, not asked
    assert "application_form" not in shared


def test_r_flow_01_second_open_application_for_same_household_refused(application, worker):
    with pytest.raises(a.TransitionRefused, match="已有在办"):
        a.do_create_application(worker, application.household)


def test_r_flow_02_submission_refused_until_every_co_resident_member_signed(application, worker):
    first, second = application.household.members.order_by("id")
    a.do_record_signature(worker, application, member=first, capacity="self", method="signature")
    with pytest.raises(a.TransitionRefused, match=second.name):
        a.do_submit(worker, application)
    application.refresh_from_db()
    assert application.status == "draft"
    a.do_record_signature(
        worker, application, member=second, capacity="guardian", method="fingerprint", guardian_name="张建国"
    )
    a.do_submit(worker, application)
    application.refresh_from_db()
    assert application.status == "submitted"
    sig = Signature.objects.get(application=application, member=second)
    assert (sig.capacity, sig.method, sig.guardian_name) == ("guardian", "fingerprint", "张建国")


def test_r_flow_02_capacity_rules(application, worker):
    member = application.household.members.first()
    with pytest.raises(a.TransitionRefused, match="监护人姓名"):
        a.do_record_signature(worker, application, member=member, capacity="guardian", method="signature")
    with pytest.raises(a.TransitionRefused, match="按手印"):
        a.do_record_signature(
            worker, application, member=member, capacity="self", method="signature", cannot_write=True
        )
    a.do_record_signature(
        worker, application, member=member, capacity="self", method="fingerprint", cannot_write=True
    )
    with pytest.raises(a.TransitionRefused, match="重复"):
        a.do_record_signature(worker, application, member=member, capacity="self", method="signature")
    assert application.signatures.count() == 1


def test_r_flow_03_authorisation_valid_from_application_until_assistance_ends(application, worker):
    assert application.authorisation_until is None
    assert application.authorisation_text.startswith(f"自{application.applied_on.isoformat()}")
    assert "救助终止之日" in application.authorisation_text
    a.do_withdraw(worker, application, reason="申请人撤回")
    application.refresh_from_db()
    assert application.authorisation_until is not None
    assert application.authorisation_until.isoformat() in application.authorisation_text
