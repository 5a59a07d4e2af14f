"""Issue 10, item 7: the posts of one 低保 case from the application to 保障中, counted through the pages.

Before issue 10: 29 posts (docs/web.md); after the one verification form: 19. Now the worker's pairs that
always go together are one post each — the verification conclusion with 核对完成, the home visit with
"转民主评议", the appraisal with "转乡镇审核" — so a two-person household takes 1 post for its file (the
household form, tests/web/test_household_edit.py) and 14 here: 15. No audit event is lost: every action of
the 19-post path still writes its own event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from jiuzhu.core.models import AuditEvent
from jiuzhu.dibao.models import DibaoApplication, Publicity, Source

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        self.posts = 0

    def post(self, url, data):
        self.posts += 1
        r = self.client.post(url, data)
        assert r.status_code == 302, r.content.decode()[-3000:]
        return r

    def step(self, app, name, **data):
        return self.post(reverse("dibao:step", args=[app.pk, name]), data)


def test_one_dibao_case_takes_15_posts(make_household, worker, approver):
    household = make_household()  # two co-resident members
    w, c = Counter(worker), Counter(approver)
    w.post(reverse("dibao:new"), {"household": household.number})
    app = DibaoApplication.objects.get(household=household)
    for m in household.members.all():
        w.step(app, "record_signature", member=m.pk, capacity="self", method="signature")
    w.step(app, "submit")
    w.step(app, "start_verification")
    rows = {f"result_{s}": "未发现不符" for s in Source.values} | {
        f"consistent_{s}": "true" for s in Source.values
    }
    w.post(
        reverse("dibao:verifications", args=[app.pk]), {**rows, "summary": "与申报一致", "then_next": "true"}
    )
    app.refresh_from_db()
    assert app.status == "visiting"
    today = dt.date.today().isoformat()
    visit = {
        "visited_on": today,
        "investigators": "李明，王芳",
        "representative": "张建国",
        "findings": "属实",
    }
    w.step(app, "record_visit", **visit, agrees="true", then_next="true")
    w.step(
        app,
        "record_appraisal",
        held_on=today,
        participants="村民代表7人",
        votes_for=7,
        votes_against=0,
        abstentions=0,
        then_next="true",
    )
    w.step(app, "township_review")
    week = dt.timedelta(days=8)  # the seven-day publicity has passed
    for pub in Publicity.objects.all():
        Publicity.objects.filter(pk=pub.pk).update(starts_on=pub.starts_on - week, ends_on=pub.ends_on - week)
    w.step(app, "township_opinion", case_officer="李明", office_head="赵强", leader="孙伟")
    w.step(app, "report_to_county")
    c.step(app, "approve", payment_start=today[:7], leader="周局长")
    w.step(app, "publish_approval")
    for pub in Publicity.objects.all():
        Publicity.objects.filter(pk=pub.pk).update(starts_on=pub.starts_on - week, ends_on=pub.ends_on - week)
    w.step(app, "start_payment")
    app.refresh_from_db()
    assert app.status == "active"
    assert 1 + w.posts + c.posts == 15  # the household file, then 14 posts on the case pages
    actions = list(AuditEvent.objects.filter(household=household).values_list("action", flat=True))
    assert actions.count("dibao.verification") == len(Source.values)
    for action in (
        "dibao.signature",
        "dibao.verification_report",
        "dibaoapplication.complete_verification",
        "dibao.visit",
        "dibaoapplication.complete_visit",
        "dibao.appraisal",
        "dibaoapplication.complete_appraisal",
        "dibaoapplication.approve",
        "dibaoapplication.start_payment",
    ):
        assert action in actions, action
    assert actions.count("dibao.signature") == 2


def test_a_refused_completion_writes_neither_record(make_household, worker):
    """With one investigator the visit cannot be finalised (R-FLOW-05): the merged post writes nothing."""
    from jiuzhu.dibao.actions import do_create_application
    from tests.dibao.helpers import to_status

    app = do_create_application(worker, make_household())
    to_status(app, "visiting", worker)
    client = Client()
    client.force_login(worker)
    today = dt.date.today().isoformat()
    r = client.post(
        reverse("dibao:step", args=[app.pk, "record_visit"]),
        {
            "visited_on": today,
            "investigators": "李明",
            "representative": "张建国",
            "findings": "属实",
            "agrees": "true",
            "then_next": "true",
        },
    )
    assert r.status_code == 400 and "两名以上" in r.content.decode()
    app.refresh_from_db()
    assert app.status == "visiting" and app.visits.count() == 0
