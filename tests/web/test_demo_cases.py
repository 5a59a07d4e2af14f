"""Demo procedure cases (jiuzhu/demo_cases.py), made by `bootstrap()` on the first run of `jiuzhu serve`.

The database is built as `jiuzhu serve` builds it on first start: regions, unions, parameters, demo users and
500 demo households of seed 1 (bootstrap's default is 500), then the cases. The expected steps are those the
demo is meant to show (one case per step of the 低保 procedure up to payment, a refusal with its appeal
deadline, the 临时救助 and 困难职工 paths), checked against what the actions recorded.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

DEMO_HOUSEHOLDS = 500


@pytest.fixture
def demo_cases(db):
    from django.contrib.auth import get_user_model

    from jiuzhu.cli import bootstrap

    assert bootstrap(DEMO_HOUSEHOLDS, 1)
    return {u.username: u for u in get_user_model().objects.all()}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def all_cases():
    from jiuzhu.archives.models import Archive
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.temporary.models import TemporaryCase

    return (
        list(DibaoApplication.objects.all()) + list(TemporaryCase.objects.all()) + list(Archive.objects.all())
    )


def test_demo_cases_listed_for_the_users_of_their_region_and_union(demo_cases):
    from jiuzhu.archives.models import Archive
    from jiuzhu.dibao.models import DibaoApplication
    from jiuzhu.temporary.models import TemporaryCase

    users = demo_cases
    dibao_sy = set(
        DibaoApplication.objects.filter(household__region__code__startswith="110113001").values_list(
            "pk", flat=True
        )
    )
    dibao_cy = set(
        DibaoApplication.objects.filter(household__region__code__startswith="110105001").values_list(
            "pk", flat=True
        )
    )
    # One 胜利街道 case per step from application to payment, a second active one (job offers), a
    # refusal and 9 more active ones for the payment rosters; two for 建外街道.
    assert (len(dibao_sy), len(dibao_cy)) == (18, 2)
    assert dibao_sy | dibao_cy == set(DibaoApplication.objects.values_list("pk", flat=True))

    def rows(username, url, key="page"):
        response = client_for(users[username]).get(url)
        assert response.status_code == 200
        assert response.context["total"] == len(response.context[key].items)  # one page: all of them
        return {obj.pk for obj in response.context[key].items}

    # 低保: the township's worker and the county's approver see their own cases, not the other county's.
    assert rows("sy_worker", "/dibao/") == dibao_sy
    assert rows("sy_approver", "/dibao/") == dibao_sy
    assert rows("cy_worker", "/dibao/") == dibao_cy
    # 临时救助: all in 胜利街道.
    temporary = set(TemporaryCase.objects.values_list("pk", flat=True))
    assert len(temporary) == 4
    assert rows("sy_worker", "/temporary/") == temporary
    assert rows("cy_worker", "/temporary/") == set()
    # 困难职工: the county help centre sees every archive of its district's unions.
    archives = set(Archive.objects.values_list("pk", flat=True))
    assert len(archives) == 3  # investigating, waiting for filing, active (no deep household above the line)
    assert rows("union_worker", "/archives/") == archives

    # Every case page opens for its user.
    for app in DibaoApplication.objects.all():
        user = users["sy_worker" if app.pk in dibao_sy else "cy_worker"]
        assert client_for(user).get(reverse("dibao:case", args=[app.pk])).status_code == 200
    for case in TemporaryCase.objects.all():
        assert (
            client_for(users["sy_worker"]).get(reverse("temporary:case", args=[case.pk])).status_code == 200
        )
    for archive in Archive.objects.all():
        page = client_for(users["union_worker"]).get(reverse("archives:archive", args=[archive.pk]))
        assert page.status_code == 200


def test_demo_cases_todo_lists_not_empty(demo_cases):
    from jiuzhu.core.models import Deadline
    from jiuzhu.dibao.models import DibaoApplication, Notice

    users = demo_cases
    today = timezone.localdate()
    response = client_for(users["sy_worker"]).get("/todo/")
    assert response.status_code == 200
    mine = {d.kind.split(":")[0] for d in response.context["mine"]}
    # R-FLOW-07 publicity and its open objection, the running appeal deadline (R-FLOW-09), the dynamic review
    # of the active cases (R-FLOW-13), the overdue assist-first registration (R-FLOW-17, OP-18).
    assert {"publicity_review", "objection", "appeal", "dynamic_review", "temporary.regularise"} <= mine
    # The county approver supervises the overdue ones: the assist-first registration 30 days after payment.
    response = client_for(users["sy_approver"]).get("/todo/")
    assert "temporary.regularise" in {d.kind for d in response.context["overdue"]}
    # ... and has the case waiting for the county on his own list (issue 10)
    assert [w.programme for w in response.context["mine"] if w.label == "审批同意"] == ["dibao"]
    # The case waiting for the county is one sy_approver may approve (maker-checker: he prepared nothing).
    waiting = DibaoApplication.objects.get(
        status="county_approval", household__region__code__startswith="110113"
    )
    page = client_for(users["sy_approver"]).get(reverse("dibao:case", args=[waiting.pk]))
    assert "approve" in {s["step"].name for s in page.context["steps"]}
    # The refusal notice was delivered: the 15-day 复查 deadline counts from delivery and is running.
    notice = Notice.objects.get(kind=Notice.Kind.REFUSAL)
    assert notice.delivered_on is not None
    assert notice.appeal_deadline == notice.delivered_on + dt.timedelta(days=15) > today
    # Union aid: the archive's yearly review (R-FLOW-29) and the payment's national-system entry (R-PAY-17).
    assert {d.kind for d in Deadline.objects.filter(met_at=None, kind__startswith="archive.")} == {
        "archive.review",
        "archive.national_entry",
    }


def test_demo_cases_cover_the_steps_with_history_and_audit(demo_cases):
    from jiuzhu.archives.models import Archive, UnionAidPayment, WarmthVisit
    from jiuzhu.core.models import AuditEvent, Deadline, StatusChange
    from jiuzhu.dibao.models import DecisionSnapshot, DibaoApplication, JobOffer, Objection, Publicity
    from jiuzhu.temporary import actions as t
    from jiuzhu.temporary.models import TemporaryCase

    users = demo_cases
    today = timezone.localdate()
    sy = DibaoApplication.objects.filter(household__region__code__startswith="110113001")
    assert {a.status for a in sy} == {
        "draft",
        "submitted",
        "verifying",
        "visiting",
        "review_publicity",
        "county_approval",
        "active",
        "refused",
    }
    draft = sy.get(status="draft")
    assert len(draft.required_documents) > 0  # R-FLOW-01 checklist told on the day
    # R-FLOW-07: the review publicity is running (7 days, not over) with one objection not yet handled.
    running = sy.get(status="review_publicity")
    publicity = running.publicities.get(kind=Publicity.Kind.REVIEW)
    assert publicity.starts_on <= today <= publicity.ends_on == publicity.starts_on + dt.timedelta(days=6)
    assert Objection.objects.filter(publicity=publicity, handled_on__isnull=True).count() == 1
    # Active cases: approved by the county approver, not by the worker who prepared them (R-FLOW-08);
    # approval publicity over, payment started, the next dynamic review scheduled as a deadline (R-FLOW-13).
    for app in sy.filter(status="active"):
        assert app.approver == users["sy_approver"] and app.payment_start is not None
        preparers = set(
            StatusChange.objects.filter(
                object_type="dibao.dibaoapplication",
                object_id=str(app.pk),
                to_status__in=["township_opinion", "county_approval"],
            ).values_list("actor__username", flat=True)
        )
        assert preparers == {"sy_worker"}
        assert app.publicities.get(kind=Publicity.Kind.APPROVAL).ends_on < today
        assert app.next_review_due > today
        assert Deadline.objects.filter(
            object_id=str(app.pk), object_type="dibao.dibaoapplication", kind="dynamic_review", met_at=None
        ).exists()
    # R-FLOW-15: one active case has its job-offer log.
    assert JobOffer.objects.filter(application__in=sy.filter(status="active")).count() == 2
    # R-FLOW-06: every case past the township review has its decision snapshot; the refused one's says
    # ineligible.
    for app in sy.filter(status__in=["review_publicity", "county_approval", "active", "refused"]):
        assert DecisionSnapshot.objects.filter(application=app, purpose="township_review").exists()
    refused = sy.get(status="refused")
    assert refused.snapshots.get(purpose="township_review").dibao["eligible"] is False

    # 临时救助
    cases = {c.status: c for c in TemporaryCase.objects.all()}
    assert set(cases) == {"to_regularise", "reviewed", "approved", "closed"}
    assert list(t.overdue_regularisation(users["sy_worker"])) == [cases["to_regularise"]]
    assert cases["to_regularise"].missing_registration  # R-DOC-18 record half filled in
    instalments = list(cases["approved"].instalments.order_by("seq"))
    assert len(instalments) == 3 and instalments[0].paid_on and not instalments[1].paid_on
    assert sum(i.amount_fen for i in instalments) == cases["approved"].amount_fen
    assert cases["approved"].approved_by == users["sy_approver"]
    assert cases["closed"].referrals.count() == 1

    # 困难职工
    archives = {a.status: a for a in Archive.objects.all()}
    assert set(archives) == {"investigating", "centre_review", "active"}
    active = archives["active"]
    assert active.category == "deep"
    assert UnionAidPayment.objects.filter(archive=active).count() == 1
    assert WarmthVisit.objects.filter(archive=active).count() == 1
    # R-FLOW-26: investigated and submitted by the filing union, reviewed by the next-higher union, filed by
    # the help centre: three different people.
    actors = dict(
        StatusChange.objects.filter(object_type="archives.archive", object_id=str(active.pk)).values_list(
            "to_status", "actor__username"
        )
    )
    assert actors["higher_review"] == "b01_worker"
    assert actors["centre_review"] == "sy_union"
    assert actors["filed"] == actors["active"] == "union_worker"

    # Every case has its status history, from its creation ("" -> first status) to its status, and audit
    # events, all by demo users, none by the system.
    for case in all_cases():
        label = case._meta.label_lower
        changes = StatusChange.objects.filter(object_type=label, object_id=str(case.pk)).order_by("id")
        events = AuditEvent.objects.filter(object_type=label, object_id=str(case.pk))
        assert changes.first().from_status == "", case
        assert changes.last().to_status == case.status, case
        assert not changes.filter(actor__isnull=True).exists(), case
        assert events.exists(), case
        assert not events.filter(actor__isnull=True).exists(), case


def test_demo_cases_made_once(demo_cases):
    from jiuzhu.cli import bootstrap
    from jiuzhu.core.models import AuditEvent, Deadline
    from jiuzhu.demo_cases import make_demo_cases

    before = [(type(c).__name__, c.pk, c.status) for c in all_cases()]
    deadlines, events = Deadline.objects.count(), AuditEvent.objects.count()
    assert make_demo_cases() == {"dibao": 0, "temporary": 0, "archives": 0}
    assert bootstrap(DEMO_HOUSEHOLDS, 1) is False
    assert [(type(c).__name__, c.pk, c.status) for c in all_cases()] == before
    assert (Deadline.objects.count(), AuditEvent.objects.count()) == (deadlines, events)
    assert AuditEvent.objects.filter(action="demo.cases").count() == 1


def test_demo_leaves_one_reconciled_roster_one_waiting_for_finance_and_ten_payable_cases(demo_cases):
    """Issue 9: the demo's first run shows the whole path — a paid and reconciled 低保 roster (two months ago),
    one confirmed and waiting for sy_finance (last month) — and at least 10 payable 低保 cases with accounts in
    110113 for the current and the next month."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from jiuzhu.payments import rosters as r
    from jiuzhu.payments.models import Roster

    month = timezone.localdate().replace(day=1)
    before = [(month - dt.timedelta(days=1)).replace(day=1)]
    before.insert(0, (before[0] - dt.timedelta(days=1)).replace(day=1))
    statuses = dict(Roster.objects.filter(programme="dibao").values_list("period", "status"))
    assert statuses == {before[0]: "reconciled", before[1]: "confirmed"}
    reconciled = Roster.objects.get(period=before[0])
    assert reconciled.lines.filter(status="failed").count() == 1
    assert reconciled.lines.filter(status="paid").count() == reconciled.lines.count() - 1
    for period in (month, (month + dt.timedelta(days=32)).replace(day=1)):
        with transaction.atomic():
            roster = r.do_make(demo_cases["sy_worker"], "dibao", f"{period:%Y-%m}", "110113")
            assert roster.lines.exclude(account_number="").count() >= 10
            assert not roster.warnings.filter(resolved_at__isnull=True, blocking=True).exists()
            transaction.set_rollback(True)
