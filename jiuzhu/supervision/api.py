"""REST endpoints of supervision (mounted at /api/supervision/): risk warnings (list, one, assign, confirm,
dismiss, queue a scan), complaints (list, one, receive, the steps), inspections with their findings, and the
performance-evaluation counts (R-SUP-13). Each write calls the same action as the pages and the command line.

A refusal (role, state, a missing reason) is 409 with the reason in "detail" and changes nothing; an object out
of the caller's scope is 404, as if it did not exist. Reporters' identities are masked except to the person
handling the complaint (R-SUP-08); money is in yuan strings.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.http import Http404
from ninja import Router
from ninja.errors import HttpError

from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.registry.money import MoneyError, parse_yuan, yuan

from . import complaints as cp
from .inspections import get_inspection, visible_inspections
from .models import Complaint, RiskWarning
from .rules import case_ref
from .scan import RULES, ScanRefused
from .scope import READERS, get_warning, visible_warnings

router = Router(tags=["supervision"])
MAX = 500


def _body(request) -> dict:
    from jiuzhu.api.errors import read_json

    if not request.body.strip():
        return {}
    data = read_json(request)
    if not isinstance(data, dict):
        raise HttpError(400, "请求体应为JSON对象")
    return data


def _text(data: dict, field: str) -> str:
    value = data.get(field, "")
    if not isinstance(value, str):
        raise HttpError(422, f"{field}: 应为文字")
    return value.strip()


def _reader(user) -> None:
    if not (user.is_superuser or user.role in READERS):
        raise HttpError(403, "监督管理仅供工作人员使用")


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except (TransitionRefused, ScanRefused, MoneyError, ValueError) as e:
        raise HttpError(409, str(e)) from None


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise HttpError(422, f"{field}: 日期格式应为 YYYY-MM-DD") from None


def _warning_json(w: RiskWarning) -> dict:
    r = RULES.get(w.rule)
    return {
        "warning": w.pk,
        "kind": w.rule,
        "label": str(r.label) if r else w.rule,
        "cite": w.cite,
        "clause": w.clause,
        "severity": w.severity,
        "household": w.household.number if w.household_id else None,
        "case": case_ref(w.case_type, w.case_id),
        "detail": w.detail,
        "status": w.status,
        "due": w.due.isoformat() if w.due else None,
        "owner": w.owner.username if w.owner_id else None,
        "action": w.action,
        "resolution": w.resolution,
        "amount": yuan(w.amount_fen) if w.amount_fen is not None else None,
    }


def _warning(user, pk: int) -> RiskWarning:
    return get_warning(user, pk)  # 404 out of scope


@router.get("/warnings", summary="Risk warnings in scope")
def list_warnings(request, status: str = "", rule: str = "", severity: str = ""):
    """Tickets of the risk rules in the caller's region or union subtree, by deadline (at most 500)."""
    user = request.auth
    _reader(user)
    qs = visible_warnings(user).select_related("household", "owner")
    for field, value in (("status", status), ("rule", rule), ("severity", severity)):
        if value:
            qs = qs.filter(**{field: value})
    return {"count": qs.count(), "warnings": [_warning_json(w) for w in qs.order_by("due", "id")[:MAX]]}


@router.get("/warnings/{warning_id}", summary="One risk warning")
def one_warning(request, warning_id: int):
    _reader(request.auth)
    return _warning_json(_warning(request.auth, warning_id))


@router.post("/warnings/{warning_id}/assign", summary="Assign a warning to a person")
def assign_warning(request, warning_id: int):
    from .actions import do_assign
    from .models import ADJUDICATORS

    user = request.auth
    _reader(user)
    w = _warning(user, warning_id)
    if not (user.is_superuser or user.role in ADJUDICATORS):
        raise HttpError(409, "您的角色不能指派预警")
    owner = get_user_model().objects.filter(username=_text(_body(request), "owner"), is_active=True).first()
    if owner is None:
        raise HttpError(422, "owner: 未找到该用户")
    return _warning_json(_run(do_assign, user, w, owner))


@router.post("/warnings/{warning_id}/confirm", summary="Confirm a warning with the action decided")
def confirm_warning(request, warning_id: int):
    """Body: {"action": "stop|recovery|...", "reason": "...", "amount": "1400.00" (recovery)}."""
    from .actions import do_confirm

    user = request.auth
    _reader(user)
    w = _warning(user, warning_id)
    data = _body(request)
    amount = _text(data, "amount")
    amount_fen = _run(parse_yuan, amount) if amount else None
    _run(
        do_confirm, user, w, action=_text(data, "action"), reason=_text(data, "reason"), amount_fen=amount_fen
    )
    return _warning_json(_warning(user, warning_id))


@router.post("/warnings/{warning_id}/dismiss", summary="Dismiss a warning as a false alarm")
def dismiss_warning(request, warning_id: int):
    from .actions import do_dismiss

    user = request.auth
    _reader(user)
    w = _warning(user, warning_id)
    _run(do_dismiss, user, w, reason=_text(_body(request), "reason"))
    return _warning_json(_warning(user, warning_id))


@router.post("/scan", response={201: dict}, summary="Queue a risk scan")
def queue_scan(request):
    """Body: {"region": "110113" (default: the caller's), "rules": [...] (default: all)}. The scan runs on the
    jobs queue; the answer names the job (GET /jobs/{id}/ shows its progress)."""
    from jiuzhu.core.models import Region

    from .jobs import submit_scan

    user = request.auth
    _reader(user)
    data = _body(request)
    region = None
    if _text(data, "region"):
        region = Region.objects.filter(code=_text(data, "region")).first()
        if region is None:
            raise HttpError(422, "region: 未找到该行政区划")
    rules = data.get("rules") or []
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise HttpError(422, "rules: 应为规则名称的列表")
    job = _run(submit_scan, user, region, rules)
    return 201, {"job": job.pk, "status": job.status, "url": f"/jobs/{job.pk}/"}


def _complaint_json(c: Complaint, user) -> dict:
    handler = user.is_superuser or user.role == "admin" or c.assignee_id == user.pk
    return {
        "complaint": c.pk,
        "number": c.number,
        "kind": c.kind,
        "channel": c.channel,
        "about": c.about,
        "region": c.region.code,
        "household": c.household.number if c.household_id else None,
        "content": c.content,
        "anonymous": c.anonymous,
        # R-SUP-08: the reporter's identity only to the person handling it
        "reporter": (
            {"name": c.reporter_name, "phone": c.reporter_phone, "address": c.reporter_address}
            if handler and not c.anonymous
            else c.reporter_masked
        ),
        "received_on": c.received_on.isoformat(),
        "status": c.status,
        "assignee": c.assignee.username if c.assignee_id else None,
        "reply_due": c.reply_due.isoformat(),
        "replied_on": c.replied_on.isoformat() if c.replied_on else None,
        "on_time": cp.on_time(c),
        "feedback": c.feedback,
        "closed_on": c.closed_on.isoformat() if c.closed_on else None,
    }


@router.get("/complaints", summary="Complaints and reports in scope")
def list_complaints(request, status: str = ""):
    user = request.auth
    _reader(user)
    qs = cp.visible_complaints(user).select_related("region", "household", "assignee")
    if status:
        qs = qs.filter(status=status)
    return {"count": qs.count(), "complaints": [_complaint_json(c, user) for c in qs.order_by("-id")[:MAX]]}


@router.post("/complaints", response={201: dict}, summary="Receive a complaint or report")
def receive_complaint(request):
    """Body: the fields of the staff form (kind, channel, about, region, household, staff_name, fund, content,
    anonymous, reporter_name, reporter_phone, reporter_address, received_on)."""
    user = request.auth
    _reader(user)
    data = {k: (v if isinstance(v, str) else ("1" if v is True else "")) for k, v in _body(request).items()}
    c = _run(cp.do_receive, user, data)
    return 201, _complaint_json(c, user)


@router.get("/complaints/{complaint_id}", summary="One complaint")
def one_complaint(request, complaint_id: int):
    _reader(request.auth)
    return _complaint_json(cp.get_complaint(request.auth, complaint_id), request.auth)


@router.post(
    "/complaints/{complaint_id}/{step}", summary="A step of a complaint: assign, investigate, answer, close"
)
def complaint_step(request, complaint_id: int, step: str):
    """assign {"assignee": username}; investigate {}; answer {"findings", "substantiated": true|false, "reply"};
    close {"feedback", "note"}."""
    user = request.auth
    _reader(user)
    c = cp.get_complaint(user, complaint_id)
    data = _body(request)
    handler = user.is_superuser or user.role == "admin" or c.assignee_id == user.pk
    if step in ("investigate", "answer", "close") and not handler:
        raise HttpError(409, "只有承办人可以办理该投诉举报")
    if step == "assign":
        assignee = get_user_model().objects.filter(username=_text(data, "assignee"), is_active=True).first()
        _run(cp.do_assign, user, c, assignee)
    elif step == "investigate":
        _run(cp.do_investigate, user, c)
    elif step == "answer":
        sub = data.get("substantiated")
        if sub is not None and not isinstance(sub, bool):
            raise HttpError(422, "substantiated: 应为 true 或 false")
        _run(
            cp.do_answer,
            user,
            c,
            findings=_text(data, "findings"),
            substantiated=sub,
            reply=_text(data, "reply"),
        )
    elif step == "close":
        _run(cp.do_close, user, c, feedback=_text(data, "feedback"), note=_text(data, "note"))
    else:
        raise Http404("未知的操作")
    return _complaint_json(cp.get_complaint(user, complaint_id), user)


def _finding_json(f) -> dict:
    return {
        "finding": f.pk,
        "household": f.household.number if f.household_id else None,
        "case": case_ref(f.case_type, f.case_id),
        "category": f.category,
        "description": f.description,
        "responsible": f.responsible,
        "gravity": f.gravity,
        "rectify_by": f.rectify_by.isoformat() if f.rectify_by else None,
        "status": f.status,
        "referred_to": f.referred_to,
        "tolerance": f.tolerance,
        "received": yuan(f.received_fen) if f.received_fen is not None else None,
        "penalty": yuan(f.penalty_fen) if f.penalty_fen is not None else None,
        "recovered": yuan(f.recovered_fen) if f.recovered_fen is not None else None,
    }


def _inspection_json(i, findings: bool = False) -> dict:
    out = {
        "inspection": i.pk,
        "title": i.title,
        "kind": i.kind,
        "region": i.region.code,
        "programme": i.programme,
        "period_from": i.period_from.isoformat(),
        "period_to": i.period_to.isoformat(),
        "lead_unit": i.lead_unit,
        "started_on": i.started_on.isoformat(),
        "status": i.status,
    }
    if findings:
        out["findings"] = [_finding_json(f) for f in i.findings.select_related("household").order_by("id")]
    return out


@router.get("/inspections", summary="Inspections in scope")
def list_inspections(request, status: str = ""):
    user = request.auth
    _reader(user)
    qs = visible_inspections(user).select_related("region")
    if status:
        qs = qs.filter(status=status)
    return {"count": qs.count(), "inspections": [_inspection_json(i) for i in qs.order_by("-id")[:MAX]]}


@router.get("/inspections/{inspection_id}", summary="One inspection with its findings")
def one_inspection(request, inspection_id: int):
    _reader(request.auth)
    return _inspection_json(get_inspection(request.auth, inspection_id), findings=True)


@router.get("/performance", summary="Performance-evaluation counts")
def performance(request, start: str, end: str):
    """R-SUP-13: documents used and deadlines met in the caller's region subtree, from start to end."""
    from .performance import performance_counts

    user = request.auth
    _reader(user)
    scope = "" if user.is_superuser or not user.region_id else user.region.path
    return performance_counts(scope, _date(start, "start"), _date(end, "end"))
