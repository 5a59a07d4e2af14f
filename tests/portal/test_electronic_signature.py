"""R-FLOW-02, R-DOC-02: the authorisation (附件1) signed online is recorded as the member's own 签字 with who
confirmed it, when, for which member and the version (and SHA-256) of the text agreed to, and printed so on
附件1; an adult who did not sign is shown as not signed."""

import hashlib

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from jiuzhu.core.models import AuditEvent
from jiuzhu.documents.procedure import application_form_context
from jiuzhu.portal import actions as a
from jiuzhu.portal.models import Consent

pytestmark = pytest.mark.django_db

SHOWN = (  # the authorisation as the applicant's page shows it (附件1's scope and validity, R-FLOW-03)
    "申请人及年满18周岁的共同生活家庭成员，每人授权民政部门及其委托的核对机构核查家庭收入和财产（公安、人社、住建、"
    "交通、市场监管、税务、自然资源、公积金、银行、保险、证券等），授权自申请之日起至救助终止之日止。"
    "未成年人或无民事行为能力人由监护人在受理时代签。"
)
DECLARATION = "本人%(name)s已阅读授权书，同意授权核查，并保证所填信息真实（诚信声明）"


def test_r_flow_02_the_electronic_signature_records_who_when_and_the_text(client, applicant):
    app = a.do_start(applicant, "dibao")
    client.force_login(applicant)
    page = client.get(f"/portal/a/{app.pk}/").content.decode()
    assert SHOWN in page and DECLARATION % {"name": "张二"} in page
    assert page.count("未签字") == 2  # both adults, before signing
    before = timezone.now()
    spouse = next(m for m in a.adults(app) if m["name"] == "张二")
    client.post(
        f"/portal/a/{app.pk}/consent/",
        {"id_number": spouse["id_number"], "method": "electronic", "agree": "on"},
    )
    consent = Consent.objects.get(application=app)
    assert (consent.name, consent.id_number, consent.recorded_by) == ("张二", spouse["id_number"], applicant)
    assert before <= consent.signed_at <= timezone.now()
    assert consent.text_version == "1"
    assert consent.text_sha256 == hashlib.sha256((SHOWN + "\n" + DECLARATION).encode()).hexdigest()
    event = AuditEvent.objects.get(action="portal.consent", object_id=str(app.pk))
    assert event.after["text_sha256"] == consent.text_sha256 and event.after["signed_at"]
    page = client.get(f"/portal/a/{app.pk}/").content.decode()
    assert "（授权书文本第1版）" in page and page.count("未签字") == 1  # the applicant has not signed yet


def test_r_doc_02_taken_signatures_are_the_members_own_and_printed_on_fj1(applicant, household, users):
    app = a.do_start(applicant, "dibao")
    adults = {m["name"]: m["id_number"] for m in a.adults(app)}
    a.do_consent(applicant, app, adults["张建国"], Consent.Method.ELECTRONIC)
    a.do_consent(applicant, app, adults["张二"], Consent.Method.PRINTED)  # to sign on paper: not signed yet
    a.do_submit(applicant, app)
    app = a.do_take(users["sy_worker"], app)
    case = app.dibao_application
    sig = case.signatures.get()
    consent = app.consents.get(method="electronic")
    assert (sig.member.name, sig.capacity, sig.method) == ("张建国", "self", "signature")
    signed_at = timezone.localtime(consent.signed_at)
    assert sig.electronic == {
        "signed_at": signed_at.isoformat(timespec="minutes"),
        "confirmed_by": "张建国",
        "confirmed_by_account": applicant.username,
        "text_version": "1",
        "text_sha256": consent.text_sha256,
        "consent": consent.pk,
    }
    html = render_to_string("documents/fj1.html", application_form_context(household, case))
    assert "本人签字（网上电子签名）" in html
    assert f"张建国（电子签名）{signed_at:%Y-%m-%d %H:%M}，授权书文本第1版，经张建国的网上账户确认" in html
    rows = [r for r in html.split("<tr>") if "<td>2</td>" in r]
    assert len(rows) == 1 and "张二" in rows[0] and "未签字" in rows[0]  # the adult who did not sign


def test_r_flow_02_an_electronic_signature_is_only_the_members_own(applicant, household, users):
    from jiuzhu.core.workflow import TransitionRefused
    from jiuzhu.dibao.actions import do_create_application, do_record_signature

    case = do_create_application(users["sy_worker"], household)
    member = household.members.get(name="张二")
    with pytest.raises(TransitionRefused):
        do_record_signature(
            users["sy_worker"],
            case,
            member=member,
            capacity="guardian",
            guardian_name="张建国",
            method="signature",
            electronic={"signed_at": "2026-12-01T10:00"},
        )
    assert not case.signatures.exists()
