"""Project standards (R-AMT-11) and the 20,000 / 50,000 元 approvals (R-AMT-09, R-FLOW-31, OP-15).

- A provincial union's rights-protection department sets each project's standard from a date; a new year's
  standard is a new row, so the year-end report lists the standards adjusted that year (R-RPT-01).
- OP-15: the thresholds count per household, per project, per calendar year, cumulatively; "exceeds" is
  strictly greater than. The help centre asks before the payment that would cross a threshold; the
  provincial union's rights-protection department (above 20,000 元) or ACFTU's (above 50,000 元) decides, and
  not the person who asked. An approval is recorded as the archives' AidApproval, which archives.do_pay
  requires (approved on or before the payment's date).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from jiuzhu.archives import actions as archive_actions
from jiuzhu.core.audit import jsonable, record
from jiuzhu.core.models import UnionOrg
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.registry.money import yuan
from jiuzhu.temporary.actions import Invalid, choice, date, money, text, today

from .ledger import refuse_unless
from .models import Project, ProjectStandard, ThresholdRequest
from .roles import union_in_scope

PROVINCE_THRESHOLD_FEN = archive_actions.PROVINCE_THRESHOLD_FEN  # 20,000.00 元
NATIONAL_THRESHOLD_FEN = archive_actions.NATIONAL_THRESHOLD_FEN  # 50,000.00 元
THRESHOLDS = (
    (ThresholdRequest.Level.PROVINCE, PROVINCE_THRESHOLD_FEN),
    (ThresholdRequest.Level.NATIONAL, NATIONAL_THRESHOLD_FEN),
)


def _audit(actor, action, obj, scope_path, after, household=None):
    record(
        actor,
        action,
        obj,
        after={k: jsonable(v) for k, v in after.items()},
        household=household,
        scope_path=scope_path,
    )


def do_set_standard(actor, union_org: UnionOrg, data: dict) -> ProjectStandard:
    refuse_unless(actor, "set_standard")
    if union_org.level != UnionOrg.Level.PROVINCE or union_org.is_help_centre:
        raise TransitionRefused(_("帮扶项目标准由省级工会制定（总工办发〔2020〕13号 第七条）"))
    if not union_in_scope(actor, union_org):
        raise Http404(_("未找到该工会"))
    project = choice(data, "project", Project)
    amount = money(data, "amount")
    if amount <= 0:
        raise Invalid("amount", _("金额应大于0"))
    index = str(data.get("price_index") or "").strip()
    try:
        price_index = Decimal(index) if index else None
    except InvalidOperation:
        raise Invalid("price_index", _("“%(v)s”不是价格指数（如102.3）") % {"v": index}) from None
    valid_from = date(data, "valid_from")
    with transaction.atomic():
        try:
            with transaction.atomic():
                std = ProjectStandard.objects.create(
                    union_org=union_org,
                    project=project,
                    valid_from=valid_from,
                    amount_fen=amount,
                    basis=text(data, "basis", required=True, max_length=300),
                    price_index=price_index,
                    reference=text(data, "reference", max_length=100),
                    set_by=actor,
                )
        except IntegrityError:
            raise TransitionRefused(_("该项目在这一日期已有标准")) from None
        _audit(
            actor,
            "unionfunds.set_standard",
            std,
            union_org.path,
            {"project": project, "valid_from": valid_from, "amount": yuan(amount), "price_index": index},
        )
    return std


def deciding_union(household, level: str) -> UnionOrg:
    """The provincial union over the household's union, or ACFTU."""
    codes = household.union_org.path.strip("/").split("/") if household.union_org_id else []
    want = 0 if level == ThresholdRequest.Level.NATIONAL else 1
    if len(codes) <= want:
        raise TransitionRefused(_("该家庭不属于任何省级工会"))
    return UnionOrg.objects.get(code=codes[want])


def needed(household, project: str, year: int, amount_fen: int) -> list[str]:
    """The levels whose approval a payment of amount_fen would need, on top of the year's total (OP-15)."""
    total = archive_actions.year_total_fen(household, project, year) + amount_fen
    return [level for level, threshold in THRESHOLDS if total > threshold]


def do_request(actor, household, data: dict) -> ThresholdRequest:
    refuse_unless(actor, "request_threshold")
    if actor is not None and not archive_actions.household_visible(actor, household):
        raise Http404(_("未找到该家庭"))
    project = choice(data, "project", Project)
    level = choice(data, "level", ThresholdRequest.Level)
    year = int(str(data.get("year") or today().year))
    up_to = money(data, "up_to")
    threshold = dict(THRESHOLDS)[level]
    if up_to <= threshold:
        raise Invalid(
            "up_to",
            _("累计不超过%(t)s元的不需要这一级审批（总工办发〔2020〕13号 第九条）") % {"t": yuan(threshold)},
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                req = ThresholdRequest.objects.create(
                    household=household,
                    project=project,
                    year=year,
                    level=level,
                    up_to_fen=up_to,
                    reason=text(data, "reason", required=True, max_length=2000),
                    deciding_union=deciding_union(household, level),
                    requested_by=actor,
                )
        except IntegrityError:
            raise TransitionRefused(_("该家庭该项目本年度已有待审批的申请")) from None
        _audit(
            actor,
            "unionfunds.threshold_request",
            req,
            req.deciding_union.path,
            {"project": project, "year": year, "level": level, "up_to": yuan(up_to)},
            household=household,
        )
    return req


def may_decide(actor, req: ThresholdRequest) -> bool:
    from .roles import Dept, department

    dept = department(actor)
    if dept == Dept.ADMIN:
        return actor.pk != req.requested_by_id
    return (
        dept == Dept.RIGHTS
        and actor.union_org_id == req.deciding_union_id
        and actor.pk != req.requested_by_id
    )


def do_decide(actor, req: ThresholdRequest, approve: bool, note: str = "") -> ThresholdRequest:
    refuse_unless(actor, "decide_threshold")
    if not union_in_scope(actor, req.deciding_union) and not union_in_scope(actor, req.household.union_org):
        raise Http404(_("未找到该申请"))
    if actor.pk == req.requested_by_id:
        raise TransitionRefused(_("申请人不能审批自己的申请"))
    if not may_decide(actor, req):
        raise TransitionRefused(_("须由%(u)s权益保障部审批") % {"u": req.deciding_union.name})
    with transaction.atomic():
        fresh = ThresholdRequest.objects.select_for_update().get(pk=req.pk)
        if fresh.status != ThresholdRequest.Status.PENDING:
            raise TransitionRefused(_("该申请已审批"))
        fresh.status = ThresholdRequest.Status.APPROVED if approve else ThresholdRequest.Status.REFUSED
        fresh.decided_by = actor
        fresh.decided_on = today()
        fresh.decision_note = (note or "").strip()[:300]
        if approve:
            fresh.approval = archive_actions.do_record_aid_approval(
                actor,
                fresh.household,
                {
                    "project": fresh.project,
                    "year": str(fresh.year),
                    "level": fresh.level,
                    "up_to": yuan(fresh.up_to_fen),
                    "reference": _("工会帮扶审批第%(n)s号") % {"n": fresh.pk},
                    "approved_on": fresh.decided_on.isoformat(),
                },
            )
        fresh.save()
        _audit(
            actor,
            "unionfunds.threshold_decide",
            fresh,
            fresh.deciding_union.path,
            {"status": fresh.status, "note": fresh.decision_note},
            household=fresh.household,
        )
    return fresh
