"""The demo applicant (issue 17): an account the township made for the applicant of a 胜利街道 household, an
online 低保 application taken into the procedure and now in its review publicity (R-FLOW-07), and an online
临时救助 application waiting on the worker's to-do list. Made through the real actions, by jiuzhu.demo_cases.

Log in at /portal/login/ with the phone below; in development the code is printed to the log (sms.LogBackend).
"""

from __future__ import annotations

DEMO_PHONE = "13800000017"
DEMO_LABEL = f"网上办事申请人（/portal/，手机 {DEMO_PHONE}，验证码见日志）"


def make_demo_applicant(maker) -> None:
    from django.contrib.auth import get_user_model

    from jiuzhu.demo_cases import SY_TOWNSHIP
    from jiuzhu.dibao import actions as d

    from . import actions as a
    from .auth import do_make_account
    from .models import Consent

    worker = maker.users.get("sy_worker")
    if worker is None or get_user_model().objects.filter(phone=DEMO_PHONE).exists():
        return
    household = maker.pick(maker.candidates(region=SY_TOWNSHIP), maker.dibao_eligible(maker.T))
    if household is None:
        return
    user = do_make_account(worker, household.applicant, DEMO_PHONE)
    app = a.do_start(user, "dibao")
    for member in a.adults(app):
        a.do_consent(user, app, member["id_number"], Consent.Method.ELECTRONIC)
    a.do_submit(user, app)
    app = a.do_take(worker, app)
    case = app.dibao_application
    signed = set(case.signatures.values_list("member_id", flat=True))
    for m in case.household.members.filter(active=True, co_resident=True):
        if m.pk not in signed:  # a minor: the applicant signs as guardian (R-FLOW-02)
            d.do_record_signature(
                worker, case, member=m, capacity="guardian", method="signature", guardian_name=user.first_name
            )
    d.do_submit(worker, case)
    d.do_start_verification(worker, case)
    maker.verify(worker, case, maker.T)
    d.do_complete_verification(worker, case)
    maker.visit(worker, case, maker.T)
    d.do_complete_visit(worker, case)
    maker.appraise(worker, case, maker.T)
    d.do_complete_appraisal(worker, case)
    d.do_township_review(worker, case)
    maker._made("dibao", case, "网上申请（演示申请人），审核公示中")
    # a 临时救助 application submitted online, on the worker's to-do list
    temp = a.do_start(user, "temporary")
    a.do_save(
        user,
        temp,
        document=temp.document,
        details={
            "case_type": "expenditure",
            "event_kind": "medical_spending",
            "event_date": maker.day(-10).isoformat(),
            "severity": "moderate",
            "event_place": "顺义区医院",
            "loss": "8600.00",
        },
        reason="家人住院，医疗费用自付部分较多，生活困难",
    )
    a.do_submit(user, temp)
