"""REST endpoints of 低保 cases (mounted at /api/dibao/). The same steps as the case page (steps.py).

Errors: 404 outside the caller's subtree; 422 {"detail": [{"field", "problem"}]} for bad values;
409 {"detail": message} when the step is refused now (wrong state, maker-checker, precondition).
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from ninja import Router

from jiuzhu.accounts.scope import civil_households, region_within_scope
from jiuzhu.core.models import Deadline, Region, StatusChange
from jiuzhu.registry.models import mask_name
from jiuzhu.registry.money import yuan

from . import actions as a
from .models import DibaoApplication, Lead
from .steps import STEPS, Invalid, available_steps, perform

router = Router(tags=["低保审核审批"])


def _user(request):
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user


def _error(status: int, detail) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def _staff(request):
    user = _user(request)
    if user is None:
        return None, _error(401, "未登录")
    if not (user.is_superuser or user.can_read_registry()):
        return None, _error(403, "当前角色不能查看低保案件")
    return user, None


def _get(user, pk):
    return DibaoApplication.objects.filter(household__in=civil_households(user), pk=pk).first()


def _money(fen):
    return None if fen is None else yuan(fen)


def serialize(app: DibaoApplication, user, full: bool = False) -> dict:
    applicant = app.household.applicant
    out = {
        "id": app.pk,
        "household": app.household.number,
        "status": app.status,
        "status_label": str(app.get_status_display()),
        "area_type": app.area_type,
        "applied_on": app.applied_on.isoformat(),
        "applicant": {"name": applicant.name, "id_number": applicant.masked_id_number} if applicant else None,
        "near_relative_of_staff": app.household.near_relative_of_staff,
    }
    if not full:
        return out
    snap = a.latest_snapshot(app)
    out.update(
        {
            "required_documents": app.required_documents,
            "authorisation": app.authorisation_text,
            "benefit_household": _money(app.benefit_household_fen),
            "benefit_per_capita": _money(app.benefit_per_capita_fen),
            "payment_start": app.payment_start.strftime("%Y-%m") if app.payment_start else None,
            "next_review_due": app.next_review_due.isoformat() if app.next_review_due else None,
            "phase_out_end": app.phase_out_end.isoformat() if app.phase_out_end else None,
            "actions": [
                {
                    "name": s.name,
                    "label": str(s.label),
                    "cite": s.cite,
                    "fields": [
                        {
                            "name": f.name,
                            "label": str(f.label),
                            "kind": f.kind,
                            "required": f.required,
                            "choices": [c for c, _ in f.choices],
                        }
                        for f in s.fields
                    ],
                }
                for s in available_steps(app, user)
            ],
            "deadlines": [
                {
                    "kind": d.kind,
                    "label": d.label,
                    "due": d.due.isoformat(),
                    "cite": d.cite,
                    "met_at": d.met_at.isoformat() if d.met_at else None,
                }
                for d in Deadline.objects.filter(object_type=app._meta.label_lower, object_id=str(app.pk))
            ],
            "history": [
                {
                    "at": h.at.isoformat(),
                    "from": h.from_status,
                    "to": h.to_status,
                    "actor": h.actor.username if h.actor else None,
                    "note": h.note,
                }
                for h in StatusChange.objects.filter(
                    object_type=app._meta.label_lower, object_id=str(app.pk)
                ).select_related("actor")
            ],
            "snapshot": None
            if snap is None
            else {
                "at": snap.at,
                "engine_version": snap.engine_version,
                "params_digest": snap.params_digest,
                "dibao": snap.dibao,
            },
            "notices": [
                {
                    "id": n.pk,
                    "kind": n.kind,
                    "number": n.label,
                    "issued_on": n.issued_on.isoformat(),
                    "delivered_on": n.delivered_on.isoformat() if n.delivered_on else None,
                    "deliverer": n.deliverer,
                    "appeal_deadline": n.appeal_deadline.isoformat() if n.appeal_deadline else None,
                    "old_household": _money(n.old_household_fen),
                    "new_household": _money(n.new_household_fen),
                    "stop_month": n.stop_month.strftime("%Y-%m") if n.stop_month else None,
                    "reasons": n.reasons,
                }
                for n in app.notices.all()
            ],
        }
    )
    return out


@router.get("/applications", summary="低保申请列表（本辖区）")
def list_applications(request, status: str = ""):
    user, err = _staff(request)
    if err:
        return err
    qs = DibaoApplication.objects.filter(household__in=civil_households(user)).select_related("household")
    if status:
        qs = qs.filter(status=status)
    return {"items": [serialize(app, user) for app in qs.prefetch_related("household__members")[:500]]}


def _body(request):
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None, _error(400, "请求体不是有效的JSON")
    if not isinstance(data, dict):
        return None, _error(400, "请求体应为JSON对象")
    return data, None


def _staff_body(request):
    """_staff, then _body: (user, data, None), or (None, None, the error response)."""
    user, err = _staff(request)
    if err:
        return None, None, err
    data, err = _body(request)
    if err:
        return None, None, err
    return user, data, None


@router.post("/applications", summary="受理低保申请（R-FLOW-01）")
def create_application(request):
    user, data, err = _staff_body(request)
    if err:
        return err
    number = str(data.get("household", "")).strip()
    if not number:
        return _error(422, [{"field": "household", "problem": "必填（家庭编号）"}])
    household = civil_households(user).filter(number=number).first()
    if household is None:
        return _error(404, "未找到该家庭")
    try:
        app = a.do_create_application(user, household)
    except a.TransitionRefused as e:
        return _error(409, str(e))
    return JsonResponse(
        serialize(app, user, full=True), status=201, json_dumps_params={"ensure_ascii": False}
    )


@router.get("/applications/{pk}", summary="低保案件：状态、可执行操作、期限、历史")
def get_application(request, pk: int):
    user, err = _staff(request)
    if err:
        return err
    app = _get(user, pk)
    if app is None:
        return _error(404, "未找到该案件")
    return serialize(app, user, full=True)


@router.post("/applications/{pk}/actions/{action}", summary="执行一个步骤（字段见案件的 actions）")
def take_action(request, pk: int, action: str):
    user, err = _staff(request)
    if err:
        return err
    app = _get(user, pk)
    if app is None:
        return _error(404, "未找到该案件")
    if action not in STEPS:
        return _error(404, f"未知操作：{action}")
    data, err = _body(request)
    if err:
        return err
    try:
        perform(user, app, action, data)
    except Invalid as e:
        return _error(422, [{"field": f, "problem": p} for f, p in e.problems])
    except a.TransitionRefused as e:
        return _error(409, str(e))
    app.refresh_from_db()
    return serialize(app, user, full=True)


def _lead_out(lead: Lead) -> dict:
    return {
        "id": lead.pk,
        "region": lead.region.code,
        "source": lead.source,
        "person_name": mask_name(lead.person_name),
        "description": lead.description,
        "reported_on": lead.reported_on.isoformat(),
        "follow_up": lead.follow_up,
        "followed_up_on": lead.followed_up_on.isoformat() if lead.followed_up_on else None,
        "application": lead.application_id,
    }


@router.get("/leads", summary="主动发现线索（R-FLOW-16）")
def list_leads(request, pending: bool = False):
    """Leads found in the caller's region subtree (names masked); `pending=true`: not yet followed up."""
    user, err = _staff(request)
    if err:
        return err
    qs = a.leads_for(user).select_related("region")
    if pending:
        qs = qs.filter(followed_up_on__isnull=True)
    return {"items": [_lead_out(lead) for lead in qs[:500]]}


@router.post("/leads", summary="登记主动发现线索（R-FLOW-16），并开启跟进期限")
def create_lead(request):
    """{"region": "<code>", "source": "...", "person_name": "...", "description": "...", "id_number": ""}"""
    user, data, err = _staff_body(request)
    if err:
        return err
    region = Region.objects.filter(code=str(data.get("region", ""))).first()
    if region is None or not region_within_scope(user, region):
        return _error(422, [{"field": "region", "problem": "应为本辖区内的地区代码"}])
    try:
        lead = a.do_record_lead(
            user,
            region=region,
            source=str(data.get("source", "")),
            person_name=str(data.get("person_name", "")),
            description=str(data.get("description", "")),
            id_number=str(data.get("id_number", "")).strip(),
        )
    except a.TransitionRefused as e:
        return _error(409, str(e))
    return JsonResponse(_lead_out(lead), status=201, json_dumps_params={"ensure_ascii": False})


@router.post("/leads/{pk}/follow-up", summary="登记线索跟进（关闭跟进期限）")
def follow_up_lead(request, pk: int):
    """{"follow_up": "...", "application": <dibao application id, optional>}"""
    user, err = _staff(request)
    if err:
        return err
    lead = a.leads_for(user).filter(pk=pk).first()
    if lead is None:
        return _error(404, "未找到该线索")
    data, err = _body(request)
    if err:
        return err
    application = None
    if data.get("application") not in (None, ""):
        application = _get(user, data["application"]) if str(data["application"]).isdigit() else None
        if application is None:
            return _error(422, [{"field": "application", "problem": "未找到该低保申请"}])
    try:
        lead = a.do_follow_up_lead(
            user, lead, follow_up=str(data.get("follow_up", "")), application=application
        )
    except a.TransitionRefused as e:
        return _error(409, str(e))
    return _lead_out(lead)
