"""Inspections and accountability (R-SUP-02, 03, 06, 09, 11, 12): special inspections and audits of funds, their
findings with the person or post responsible, rectification deadlines, referral to discipline inspection or the
judicial authorities, the error-tolerance reason of a wrongful inclusion, and for fraud the amount received over
the period with the 1–3× penalty range (R-AMT-16). Every change is an action with its audit event."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import region_within_scope
from jiuzhu.core.audit import record, snapshot
from jiuzhu.core.models import Region
from jiuzhu.core.workflow import TransitionRefused, close_deadlines, open_deadline, record_status, transition
from jiuzhu.registry.money import MoneyError, parse_yuan

from .models import Finding, Inspection

INSPECTORS = (Role.APPROVER, Role.AUDITOR, Role.ADMIN)
RECTIFY_KIND = "finding.rectify"


class Invalid(TransitionRefused):
    pass


def penalty_range(received_fen: int) -> tuple[int, int]:
    """R-SUP-09 / R-AMT-16: a fine of 1 to 3 times the amount received."""
    return received_fen, 3 * received_fen


def inspection_q(user) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if user.role not in (*INSPECTORS, Role.CASE_WORKER) or not user.region_id:
        return Q(pk__in=[])
    return Q(scope_path__startswith=user.region.path) | Q(region__in=_ancestors(user.region))


def _ancestors(region) -> list[int]:
    ids, node = [], region
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


def visible_inspections(user):
    return Inspection.objects.filter(inspection_q(user))


def get_inspection(user, pk) -> Inspection:
    i = visible_inspections(user).filter(pk=pk).select_related("region").first()
    if i is None:
        raise Http404(_("未找到该检查"))
    return i


def _require(actor):
    if actor is not None and not (actor.is_superuser or actor.role in INSPECTORS):
        raise TransitionRefused(_("您的角色不能登记检查"))


def _date(data, key, label, required=True):
    value = str(data.get(key) or "").strip()
    if not value:
        if required:
            raise Invalid(_("请填写%(label)s") % {"label": label})
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("%(label)s应为YYYY-MM-DD") % {"label": label}) from None


def do_open_inspection(actor, data: dict) -> Inspection:
    _require(actor)
    region = Region.objects.filter(code=str(data.get("region") or "").strip()).first()
    if region is None:
        raise Invalid(_("请填写检查范围（行政区划代码）"))
    if actor is not None and not region_within_scope(actor, region):
        raise Invalid(_("该地区不在您的管辖范围内"))
    kind = str(data.get("kind") or "")
    if kind not in Inspection.Kind.values:
        raise Invalid(_("请选择检查类型"))
    title, programme, lead = (str(data.get(k) or "").strip() for k in ("title", "programme", "lead_unit"))
    if not (title and programme and lead):
        raise Invalid(_("请填写名称、资金项目和牵头单位"))
    start, end = _date(data, "period_from", _("检查期间自")), _date(data, "period_to", _("检查期间至"))
    if start > end:
        raise Invalid(_("检查期间的起点不能晚于终点"))
    with transaction.atomic():
        i = Inspection.objects.create(
            title=title[:200],
            kind=kind,
            region=region,
            scope_path=region.path,
            programme=programme[:100],
            period_from=start,
            period_to=end,
            lead_unit=lead[:100],
            started_on=_date(data, "started_on", _("开始日期"), required=False) or timezone.localdate(),
            created_by=actor,
        )
        record_status(i, "", actor)
        record(actor, "supervision.inspection.open", i, after=snapshot(i), scope_path=i.scope_path)
    return i


def do_record_finding(actor, inspection: Inspection, data: dict) -> Finding:
    """A finding. For a false claim with a household and a period, the amount received over the period is
    totalled from the payments (R-SUP-09) and a fine, if given, must lie within 1–3× of it (R-AMT-16)."""
    _require(actor)
    if inspection.status != Inspection.Status.OPEN:
        raise TransitionRefused(_("检查已结束，不能再登记问题"))
    category, gravity = str(data.get("category") or ""), str(data.get("gravity") or "")
    if category not in Finding.Category.values:
        raise Invalid(_("请选择问题类型"))
    if gravity not in Finding.Gravity.values:
        raise Invalid(_("请选择问题性质"))
    description = str(data.get("description") or "").strip()
    responsible = str(data.get("responsible") or "").strip()
    if not description:
        raise Invalid(_("请填写问题描述"))
    if not responsible:
        raise Invalid(_("请填写责任人或岗位（谁经办、谁负责）"))
    rectify_by = _date(data, "rectify_by", _("整改期限"), required=gravity == Finding.Gravity.MINOR)
    tolerance = str(data.get("tolerance") or "")
    if tolerance and tolerance not in Finding.Tolerance.values:
        raise Invalid(_("请选择容错认定"))
    if category == Finding.Category.WRONGFUL_INCLUSION and not tolerance:
        raise Invalid(_("不符合条件被纳入的，须记录原因：主观故意、客观偏差或探索创新"))
    household = None
    number = str(data.get("household") or "").strip()
    if number:
        from jiuzhu.registry.models import Household

        household = Household.objects.filter(
            number=number, region__path__startswith=inspection.scope_path
        ).first()
        if household is None:
            raise Invalid(_("检查范围内没有编号为%(n)s的家庭") % {"n": number})
    received_from = _date(data, "received_from", _("领取期间自"), required=False)
    received_to = _date(data, "received_to", _("领取期间至"), required=False)
    received_fen = None
    if category == Finding.Category.FALSE_CLAIM and household is not None and received_from and received_to:
        from jiuzhu.payments.history import received_total_fen

        received_fen = received_total_fen(household, received_from, received_to)
    try:
        penalty = parse_yuan(data["penalty"]) if str(data.get("penalty") or "").strip() else None
        involved = parse_yuan(data["involved"]) if str(data.get("involved") or "").strip() else None
    except MoneyError as e:
        raise Invalid(str(e)) from None
    if penalty is not None:
        if received_fen is None:
            raise Invalid(_("罚款须先按领取期间统计领取金额"))
        low, high = penalty_range(received_fen)
        if not low <= penalty <= high:
            from jiuzhu.registry.money import yuan

            raise Invalid(
                _("罚款应为领取金额的1至3倍：%(low)s元至%(high)s元") % {"low": yuan(low), "high": yuan(high)}
            )
    with transaction.atomic():
        f = Finding.objects.create(
            inspection=inspection,
            scope_path=household.region.path if household else inspection.scope_path,
            household=household,
            category=category,
            description=description[:5000],
            responsible=responsible[:100],
            gravity=gravity,
            rectify_by=rectify_by,
            tolerance=tolerance,
            involved_fen=involved,
            received_from=received_from,
            received_to=received_to,
            received_fen=received_fen,
            penalty_fen=penalty,
            recorded_by=actor,
        )
        record_status(f, "", actor)
        if rectify_by:
            d = open_deadline(
                f,
                RECTIFY_KIND,
                f"检查发现问题限期整改（{inspection.title[:60]}）",
                rectify_by,
                cite="R-SUP-11",
            )
            if household is None:
                d.scope_path = inspection.scope_path
                d.save(update_fields=["scope_path"])
        record(
            actor,
            "supervision.finding.record",
            f,
            after=snapshot(f),
            household=household,
            scope_path=f.scope_path,
        )
    return f


def do_rectify(actor, f: Finding, *, outcome: str, recovered_fen: int | None = None) -> Finding:
    outcome = (outcome or "").strip()
    if not outcome:
        raise Invalid(_("请填写整改结果"))

    def update(fresh):
        fresh.outcome, fresh.recovered_fen = outcome[:5000], recovered_fen
        close_deadlines(fresh, RECTIFY_KIND)

    return transition(f, "rectify", actor, note=outcome, update=update)


def do_refer(actor, f: Finding, *, to: str, on: dt.date | None = None) -> Finding:
    """R-SUP-06 / R-SUP-11: pass the finding to the discipline-inspection body (or the judicial authorities)."""
    to = (to or "").strip()
    if not to:
        raise Invalid(_("请填写移送单位"))

    def update(fresh):
        fresh.referred_to, fresh.referred_on = to[:100], on or timezone.localdate()
        close_deadlines(fresh, RECTIFY_KIND)

    return transition(f, "refer", actor, note=to, update=update)


def do_close_finding(actor, f: Finding, *, outcome: str = "") -> Finding:
    def update(fresh):
        if outcome:
            fresh.outcome = (fresh.outcome + "\n" + outcome).strip()[:5000]

    return transition(f, "close", actor, note=outcome, update=update)


def do_close_inspection(actor, i: Inspection) -> Inspection:
    def check(fresh):
        if fresh.findings.filter(status=Finding.Status.OPEN).exists():
            raise TransitionRefused(_("尚有待整改的问题，不能结束检查"))

    return transition(i, "close", actor, check=check)
