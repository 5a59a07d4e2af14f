"""Walk a 低保 case through its steps, as the township and county staff would (real database, no mocks)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jiuzhu.dibao import actions as a
from jiuzhu.dibao.models import TO_PAYMENT, Signature, Source

TODAY = timezone.localdate


def sign_all(worker, app):
    for m in app.household.members.filter(active=True, co_resident=True):
        a.do_record_signature(
            worker, app, member=m, capacity=Signature.Capacity.SELF, method=Signature.Method.SIGNATURE
        )


def verify_all(worker, app):
    for s in Source.values:
        a.do_record_verification(worker, app, source=s, result="未发现不符", consistent=True)
    a.do_make_verification_report(worker, app, summary="家庭经济状况与申报一致")


def visit(worker, app):
    a.do_record_visit(
        worker,
        app,
        visited_on=TODAY(),
        investigators=["李明", "王芳"],
        representative="张建国",
        findings="家庭困难属实",
        agrees=True,
    )


def appraise(worker, app):
    a.do_record_appraisal(
        worker, app, held_on=TODAY(), participants="村民代表7人", votes_for=7, votes_against=0, abstentions=0
    )


def to_status(app, status: str, worker, approver=None, *, start: dt.date | None = None):
    """Take the case forward until it reaches `status`. Dates are simulated through the `today=` argument."""
    today = start or TODAY()
    order = list(TO_PAYMENT)
    app.refresh_from_db()
    while order.index(app.status) < order.index(status):
        s = app.status
        if s == "draft":
            sign_all(worker, app)
            a.do_submit(worker, app)
        elif s == "submitted":
            a.do_start_verification(worker, app)
        elif s == "verifying":
            verify_all(worker, app)
            a.do_complete_verification(worker, app)
        elif s == "visiting":
            visit(worker, app)
            a.do_complete_visit(worker, app)
        elif s == "appraisal":
            appraise(worker, app)
            a.do_complete_appraisal(worker, app)
        elif s == "township_review":
            a.do_township_review(worker, app, today=today)
        elif s == "review_publicity":
            a.do_township_opinion(
                worker,
                app,
                case_officer="李明",
                office_head="赵强",
                leader="孙伟",
                today=today + dt.timedelta(days=7),
            )
        elif s == "township_opinion":
            a.do_report_to_county(worker, app)
        elif s == "county_approval":
            a.do_approve(
                approver, app, payment_start=today.replace(day=1), today=today + dt.timedelta(days=8)
            )
        elif s == "approved":
            a.do_publish_approval(worker, app, today=today + dt.timedelta(days=8))
        elif s == "approval_publicity":
            a.do_start_payment(worker, app, today=today + dt.timedelta(days=15))
        app.refresh_from_db()
    return app
