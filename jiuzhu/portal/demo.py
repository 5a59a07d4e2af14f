"""The demo applicant (issue 17): an account the township made for the applicant of the 胜利街道 household whose
低保 case is in its review publicity (R-FLOW-07), and an online 临时救助 application of his waiting on the
worker's to-do list. Made through the real actions, by jiuzhu.demo_cases.

Log in at /portal/login/ with the phone below; in development the code is printed to the log (sms.LogBackend).
"""

from __future__ import annotations

DEMO_PHONE = "13800000017"
DEMO_LABEL = f"网上办事申请人（/portal/，手机 {DEMO_PHONE}，验证码见日志）"


def make_demo_applicant(maker) -> None:
    """The applicant of the demo's 低保 case in its review publicity gets the account (the case stays the one
    the demo made: the applicant follows it online); he then applies online for 临时救助, which waits on the
    worker's to-do list."""
    from django.contrib.auth import get_user_model

    from . import actions as a
    from .auth import do_make_account

    worker = maker.users.get("sy_worker")
    if worker is None or get_user_model().objects.filter(phone=DEMO_PHONE).exists():
        return
    case = next((c for c in maker.made["dibao"] if c.status == "review_publicity"), None)
    if case is None or case.household.applicant is None:
        return
    user = do_make_account(worker, case.household.applicant, DEMO_PHONE)
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
