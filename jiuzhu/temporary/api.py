"""REST endpoints of 临时救助 (mounted at /api/temporary/). Writes go through actions.py."""

from __future__ import annotations

from django.http import Http404
from ninja import Router
from ninja.errors import HttpError

from jiuzhu.accounts.scope import get_household_or_404
from jiuzhu.core.models import Deadline, StatusChange
from jiuzhu.core.workflow import TransitionRefused, allowed_actions
from jiuzhu.registry.money import yuan

from . import actions as a
from .models import Instalment, Referral, TemporaryCase

router = Router(tags=["temporary"])


def _body(request) -> dict:
    from jiuzhu.api.errors import read_json

    data = read_json(request)
    if not isinstance(data, dict):
        raise HttpError(400, "请求体应为JSON对象")
    return data


def _run(fn, *args):
    try:
        return fn(*args)
    except a.Invalid as e:
        raise HttpError(422, f"{e.field}: {e.problem}") from None
    except TransitionRefused as e:
        raise HttpError(409, str(e)) from None


def case_out(user, case: TemporaryCase) -> dict:
    label = case._meta.label_lower
    return {
        "id": case.pk,
        "number": case.number,
        "household": case.household_id,
        "status": case.status,
        "status_display": str(case.get_status_display()),
        "case_type": case.case_type,
        "event_kind": case.event_kind,
        "event_date": case.event_date.isoformat(),
        "severity": case.severity,
        "proposed_amount": yuan(case.proposed_fen) or None,
        "amount": yuan(case.amount_fen) or None,
        "assist_first": case.assist_first,
        "missing_registration": case.missing_registration if case.assist_first else [],
        "approval_level": case.approval_level,
        "delegation": case.delegation,
        "case_by_case": case.case_by_case,
        "dibao_application_ref": case.dibao_application_ref,
        "processing_due": case.processing_due.isoformat() if case.processing_due else None,
        "processing_limit_missing": case.processing_limit_missing,
        "actions": allowed_actions(case, user),
        "history": [
            {
                "from": s.from_status,
                "to": s.to_status,
                "at": s.at.isoformat(),
                "actor": s.actor_id,
                "note": s.note,
            }
            for s in StatusChange.objects.filter(object_type=label, object_id=str(case.pk))
        ],
        "deadlines": [
            {"kind": d.kind, "label": d.label, "due": d.due.isoformat(), "met": d.met_at is not None}
            for d in Deadline.objects.filter(object_type=label, object_id=str(case.pk))
        ],
        "handouts": [
            {
                "form": h.form,
                "recipient": h.recipient,
                "what": h.what,
                "quantity": h.quantity,
                "amount": yuan(h.amount_fen) or None,
                "given_on": h.given_on.isoformat(),
            }
            for h in case.handouts.all()
        ],
        "instalments": [
            {
                "id": i.pk,
                "seq": i.seq,
                "due": i.due.isoformat(),
                "amount": yuan(i.amount_fen),
                "paid_on": i.paid_on.isoformat() if i.paid_on else None,
            }
            for i in case.instalments.all()
        ],
        "referrals": [{"id": r.pk, "target": r.target, "outcome": r.outcome} for r in case.referrals.all()],
    }


@router.get("/cases")
def list_cases(request, status: str = "", overdue: bool = False):
    """Cases in the caller's scope; `overdue=true`: assist-first cases not regularised in time (OP-18)."""
    qs = a.overdue_regularisation(request.auth) if overdue else a.cases_for(request.auth)
    if status:
        qs = qs.filter(status=status)
    return [
        {
            "id": c.pk,
            "number": c.number,
            "household": c.household_id,
            "status": c.status,
            "case_type": c.case_type,
            "amount": yuan(c.amount_fen) or None,
        }
        for c in qs[:500]
    ]


@router.post("/households/{household_id}/cases", response={201: dict})
def create_case(request, household_id: int):
    household = get_household_or_404(request.auth, household_id)
    case = _run(a.do_create_case, request.auth, household, _body(request))
    return 201, case_out(request.auth, case)


@router.get("/cases/{case_id}")
def get_case(request, case_id: int):
    return case_out(request.auth, a.get_case_or_404(request.auth, case_id))


ACTIONS = {
    "accept": lambda u, c, d: a.do_accept(u, c),
    "review": a.do_review,
    "approve": lambda u, c, d: a.do_approve(u, c, d.get("note", "")),
    "reject": lambda u, c, d: a.do_reject(u, c, d.get("reason", "")),
    "withdraw": lambda u, c, d: a.do_withdraw(u, c, d.get("reason", "")),
    "close": lambda u, c, d: a.do_close(u, c, d.get("note", "")),
    "assist_first": a.do_assist_first,
    "registration": a.do_record_registration,
    "regularise": a.do_regularise,
    "instalments": lambda u, c, d: a.do_plan_instalments(u, c, d.get("instalments") or []),
    "handout": a.do_register_handout,
    "refer": a.do_refer,
    "link_dibao": lambda u, c, d: a.do_link_dibao(u, c, d.get("ref", "")),
}


@router.post("/cases/{case_id}/actions/{action}")
def act(request, case_id: int, action: str):
    """Take an action: accept, review, approve, reject, withdraw, close, assist_first, registration,
    regularise, instalments, handout, refer, link_dibao. Refused: 409 with the reason; bad input: 422."""
    case = a.get_case_or_404(request.auth, case_id)
    if action not in ACTIONS:
        raise HttpError(404, f"未知操作“{action}”")
    _run(ACTIONS[action], request.auth, case, _body(request))
    case.refresh_from_db()
    return case_out(request.auth, case)


def of_case_in_scope(model, user, pk: int, missing: str):
    """The instalment or referral `pk` of a case in the user's scope (with its case), else 404 `missing`."""
    row = model.objects.filter(pk=pk, case__in=a.cases_for(user)).select_related("case").first()
    if row is None:
        raise Http404(missing)
    return row


@router.post("/instalments/{instalment_id}/pay")
def pay_instalment(request, instalment_id: int):
    inst = of_case_in_scope(Instalment, request.auth, instalment_id, "未找到该分期")
    _run(a.do_pay_instalment, request.auth, inst, _body(request))
    return case_out(request.auth, inst.case)


@router.post("/referrals/{referral_id}/outcome")
def referral_outcome(request, referral_id: int):
    ref = of_case_in_scope(Referral, request.auth, referral_id, "未找到该转介")
    _run(a.do_referral_outcome, request.auth, ref, _body(request))
    return case_out(request.auth, ref.case)
