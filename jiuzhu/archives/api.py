"""REST endpoints of 困难职工 archives and union aid (mounted at /api/archives/). Writes go through actions.py."""

from __future__ import annotations

from django.http import Http404
from ninja import Router

from jiuzhu.core.models import Deadline, StatusChange
from jiuzhu.core.workflow import allowed_actions
from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.models import Household, mask_name
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.api import _body, _run

from . import actions as a
from .models import AidApproval, Archive, UnionAidPayment

router = Router(tags=["archives"])


def _household(user, pk) -> Household:
    household = Household.objects.filter(pk=pk).first()
    if household is None or not a.household_visible(user, household):
        raise Http404("未找到该家庭")
    return household


def _out_of_hardship(archive: Archive) -> bool | None:
    """R-ELIG-18 as the policy engine finds it this month; null when the engine cannot assess the household."""
    try:
        return a.out_of_hardship(archive)
    except a.EngineUnavailable:
        return None


def archive_out(user, archive: Archive) -> dict:
    label = archive._meta.label_lower
    return {
        "id": archive.pk,
        "number": archive.number,
        "household": archive.household_id,
        "union_org": archive.union_org.code,
        "category": archive.category,
        "status": archive.status,
        "status_display": str(archive.get_status_display()),
        "verification": archive.verification,
        "filed_at": archive.filed_at.code if archive.filed_at_id else None,
        "phase_out_until": archive.phase_out_until.isoformat() if archive.phase_out_until else None,
        "removed_on": archive.removed_on.isoformat() if archive.removed_on else None,
        "retention_until": archive.retention_until.isoformat() if archive.retention_until else None,
        "out_of_hardship": _out_of_hardship(archive),
        "actions": allowed_actions(archive, user),
        "categories": [
            {"from": c.from_category, "to": c.to_category, "on": c.changed_on.isoformat(), "reason": c.reason}
            for c in archive.category_changes.all()
        ],
        "history": [
            {"from": s.from_status, "to": s.to_status, "at": s.at.isoformat(), "note": s.note}
            for s in StatusChange.objects.filter(object_type=label, object_id=str(archive.pk))
        ],
        "deadlines": [
            {"kind": d.kind, "label": d.label, "due": d.due.isoformat(), "met": d.met_at is not None}
            for d in Deadline.objects.filter(object_type=label, object_id=str(archive.pk))
        ],
        "payments": [payment_out(p) for p in archive.payments.all()],
        "aid_approvals": [
            {
                "id": x.pk,
                "project": x.project,
                "year": x.year,
                "level": x.level,
                "up_to": yuan(x.up_to_fen),
                "reference": x.reference,
                "approved_on": x.approved_on.isoformat(),
            }
            for x in AidApproval.objects.filter(household=archive.household_id)
        ],
        "track_outcomes": [
            {
                "id": t.pk,
                "track": t.track,
                "action_taken": t.action_taken,
                "outcome": t.outcome,
                "on": t.on.isoformat(),
            }
            for t in archive.household.track_outcomes.all()
        ],
        # Names, ID numbers and phones are masked here as on the page; the full values are on the
        # real-name table the recipient signs (/documents/warmth/...).
        "warmth_visits": [
            {
                "id": v.pk,
                "visited_on": v.visited_on.isoformat(),
                "occasion": v.occasion,
                "recipient": mask_name(v.recipient),
                "id_number": mask_id_number(v.id_number),
                "condolence": yuan(v.condolence_fen),
            }
            for v in archive.household.warmth_visits.all()
        ],
    }


def payment_out(p: UnionAidPayment) -> dict:
    return {
        "id": p.pk,
        "project": p.project,
        "amount": yuan(p.amount_fen),
        "fund_source": p.fund_source,
        "paid_on": p.paid_on.isoformat(),
        "method": p.method,
        "year_total": yuan(p.year_total_fen),
        "entry_due": p.entry_due.isoformat(),
        "entered_national_on": p.entered_national_on.isoformat() if p.entered_national_on else None,
    }


@router.get("/archives")
def list_archives(request, status: str = "", overdue_review: bool = False):
    qs = a.overdue_reviews(request.auth) if overdue_review else a.archives_for(request.auth)
    if status:
        qs = qs.filter(status=status)
    return [
        {
            "id": x.pk,
            "number": x.number,
            "household": x.household_id,
            "status": x.status,
            "category": x.category,
            "union_org": x.union_org.code,
        }
        for x in qs[:500]
    ]


@router.post("/households/{household_id}/archives", response={201: dict})
def open_archive(request, household_id: int):
    archive = _run(a.do_open_archive, request.auth, _household(request.auth, household_id), _body(request))
    return 201, archive_out(request.auth, archive)


@router.get("/archives/{archive_id}")
def get_archive(request, archive_id: int):
    return archive_out(request.auth, a.get_archive_or_404(request.auth, archive_id))


ACTIONS = {
    "investigation": a.do_record_investigation,
    "submit": lambda u, x, d: a.do_submit(u, x),
    "review_pass": lambda u, x, d: a.do_review_pass(u, x, d.get("note", "")),
    "return": lambda u, x, d: a.do_return(u, x, d.get("reason", "")),
    "refuse": lambda u, x, d: a.do_refuse(u, x, d.get("reason", "")),
    "file": lambda u, x, d: a.do_file(u, x),
    "activate": lambda u, x, d: a.do_activate(u, x),
    "review": a.do_review,
    "month": a.do_record_month,
    "start_phase_out": lambda u, x, d: a.do_start_phase_out(u, x),
    "end_phase_out": lambda u, x, d: a.do_end_phase_out(
        u, x, d.get("new_category") or None, d.get("reason", "")
    ),
    "remove": lambda u, x, d: a.do_remove(u, x, d.get("reason", "")),
    "cancel_fraud": a.do_cancel_fraud,
}


@router.post("/archives/{archive_id}/actions/{action}")
def act(request, archive_id: int, action: str):
    """investigation, submit, review_pass, return, refuse, file, activate, review, month, start_phase_out,
    end_phase_out, remove, cancel_fraud. Refused: 409 with the reason; bad input: 422."""
    archive = a.get_archive_or_404(request.auth, archive_id)
    if action not in ACTIONS:
        raise Http404(f"未知操作“{action}”")
    _run(ACTIONS[action], request.auth, archive, _body(request))
    archive.refresh_from_db()
    return archive_out(request.auth, archive)


@router.post("/households/{household_id}/payments", response={201: dict})
def pay(request, household_id: int):
    """先建档、后帮扶: 409 without an active archive or without the approval the 20,000/50,000 元 rule needs."""
    payment = _run(a.do_pay, request.auth, _household(request.auth, household_id), _body(request))
    return 201, payment_out(payment)


@router.post("/households/{household_id}/aid-approvals", response={201: dict})
def aid_approval(request, household_id: int):
    x = _run(a.do_record_aid_approval, request.auth, _household(request.auth, household_id), _body(request))
    return 201, {
        "id": x.pk,
        "level": x.level,
        "project": x.project,
        "year": x.year,
        "up_to": yuan(x.up_to_fen),
    }


@router.post("/payments/{payment_id}/entered")
def entered(request, payment_id: int):
    p = UnionAidPayment.objects.filter(pk=payment_id, archive__in=a.archives_for(request.auth)).first()
    if p is None:
        raise Http404("未找到该支出")
    return payment_out(_run(a.do_mark_entered, request.auth, p))


@router.post("/households/{household_id}/track-outcomes", response={201: dict})
def track_outcome(request, household_id: int):
    row = _run(a.do_track_outcome, request.auth, _household(request.auth, household_id), _body(request))
    return 201, {"id": row.pk, "track": row.track, "outcome": row.outcome}


@router.post("/households/{household_id}/warmth-visits", response={201: dict})
def warmth_visit(request, household_id: int):
    v = _run(a.do_warmth_visit, request.auth, _household(request.auth, household_id), _body(request))
    return 201, {"id": v.pk, "visited_on": v.visited_on.isoformat(), "condolence": yuan(v.condolence_fen)}
