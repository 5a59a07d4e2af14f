"""The only code that changes 临时救助 cases (R-FLOW-17..24). Each action: scope, checks, write, audit,
in one transaction; every status change goes through jiuzhu.core.workflow.transition()."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from jiuzhu.accounts.scope import civil_households
from jiuzhu.core.audit import jsonable, record
from jiuzhu.core.models import Region
from jiuzhu.core.workdays import add_days
from jiuzhu.core.workflow import (
    TransitionRefused,
    close_deadlines,
    maker_refusal,
    open_deadline,
    record_status,
    transition,
)
from jiuzhu.registry.money import MoneyError, parse_yuan, yuan

from .localparams import param_in_force
from .models import CaseType, EventKind, Handout, Instalment, Level, Referral, Severity, TemporaryCase

REGULARISE_DAYS_DEFAULT = 30  # OP-18: complete an assist-first file within 30 days of payment


class Invalid(ValueError):
    """Bad input: names the field and the problem; nothing was written."""

    def __init__(self, field: str, problem: str):
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


def today() -> dt.date:
    return timezone.localdate()


# ---- small parsers (yuan strings and ISO dates at the edges) ----


def money(data: dict, field: str, *, required: bool = True) -> int | None:
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise Invalid(field, "请填写金额（元）")
        return None
    try:
        return parse_yuan(value)
    except MoneyError as e:
        raise Invalid(field, str(e)) from None


def paid_date(data: dict, field: str = "given_on") -> dt.date:
    """A payment's date: today when not given; a payment cannot be recorded before it happens."""
    value = date(data, field, default=today())
    if value > today():
        raise Invalid(field, "发放日期不能晚于今天")
    return value


def date(data: dict, field: str, *, required: bool = True, default: dt.date | None = None) -> dt.date | None:
    value = data.get(field)
    if value in (None, ""):
        if required and default is None:
            raise Invalid(field, "请填写日期（YYYY-MM-DD）")
        return default
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(field, f"“{value}”不是日期（YYYY-MM-DD）") from None


def choice(data: dict, field: str, choices, *, required: bool = True, default: str = "") -> str:
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise Invalid(field, "请选择")
        return default
    valid = {v: label for v, label in choices.choices}
    if value not in valid:  # the choices by their labels: the person reads words, not codes
        raise Invalid(field, f"“{value}”不是可选值（{'、'.join(str(x) for x in valid.values())}）")
    return value


def text(data: dict, field: str, *, required: bool = False, max_length: int = 200) -> str:
    value = data.get(field)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise Invalid(field, "必填")
    if len(value) > max_length:
        raise Invalid(field, f"不能超过{max_length}字")
    return value


def flag(data: dict, field: str) -> bool:
    value = data.get(field, False)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes", "是"}
    return bool(value)


# ---- scope and levels ----


def check_scope(actor, household) -> None:
    """A case outside the actor's subtree does not exist for the actor (404, never 403)."""
    if actor is None:
        return
    if not civil_households(actor).filter(pk=household.pk).exists():
        raise Http404("未找到该案件")


def check_writer(actor, message: str = "您的角色不能执行此操作") -> None:
    """Records outside the state machine (plans, payments, outcomes, links) are case workers' (and admins')
    work; approvers act through their transitions, finance and auditors only read."""
    if actor is not None and not actor.is_superuser and not actor.can_write():
        raise TransitionRefused(message)


def actor_level(actor) -> str:
    """Township/street staff act on the county's delegation; county (or higher) staff act for the county."""
    region = getattr(actor, "region", None)
    if region is None or region.level <= Region.Level.COUNTY:
        return Level.COUNTY
    return Level.TOWNSHIP


# ---- the policy engine's proposal (R-AMT-04) ----


def engine_event(case: TemporaryCase) -> dict:
    return {
        "kind": case.event_kind,
        "date": case.event_date.isoformat(),
        "severity": case.severity,
        "loss": yuan(case.loss_fen),
        "compensation_received": yuan(case.compensation_fen),
        "still_in_hardship": True,
    }


def propose(case: TemporaryCase, on: dt.date | None = None) -> tuple[int | None, dict]:
    """The tier amount from the policy engine and the decision snapshot (input, params, version, result).

    Without the engine, or when it cannot decide, the worker enters the amount (proposed is None)."""
    on = on or today()
    try:
        from jiuzhu.core.params import params_mapping, params_used_by
        from jiuzhu.policy import ENGINE_VERSION, Params, assess
        from jiuzhu.registry.documents import to_assessment_input
    except ImportError as e:  # pragma: no cover - the engine ships with the project
        return None, {"error": f"测算引擎不可用：{e}"}
    mapping = params_mapping()
    at = f"{on:%Y-%m}"
    inp = to_assessment_input(case.household, events=[engine_event(case)])
    used = params_used_by(inp, mapping)
    snapshot: dict[str, Any] = {"input": inp, "params": _json(used), "engine": ENGINE_VERSION, "at": at}
    try:
        result = assess(inp, Params.from_mapping(mapping), at)
    except Exception as e:  # noqa: BLE001 - the engine's refusal is shown to the worker, not a crash
        snapshot["error"] = str(e)
        return None, snapshot
    temp = result["programs"]["temporary"]
    snapshot.update(result=temp, params_digest=result.get("params_digest"))
    amount = temp.get("amount")
    return (parse_yuan(amount) if amount else None), snapshot


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(jsonable(k)): _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return jsonable(value)


# ---- actions ----

CASE_FIELDS = ("case_type", "event_kind", "event_date", "severity")
STATUS_FLAGS = (
    "is_dibao",
    "is_tekun",
    "is_registered_poor",
    "is_disaster_affected",
    "is_returned_to_poverty",
    "is_hrss_subsidy",
    "applicant_is_individual",
)


def do_create_case(actor, household, data: dict) -> TemporaryCase:
    check_scope(actor, household)
    if actor is not None and not actor.is_superuser and not actor.can_write():
        raise TransitionRefused("您的角色不能登记临时救助申请")
    fields = {
        "case_type": choice(data, "case_type", CaseType),
        "event_kind": choice(data, "event_kind", EventKind),
        "event_date": date(data, "event_date"),
        "severity": choice(data, "severity", Severity),
        "event_place": text(data, "event_place"),
        "hukou_place": text(data, "hukou_place"),
        "loss_fen": money(data, "loss", required=False) or 0,
        "compensation_fen": money(data, "compensation", required=False) or 0,
        "dibao_application_ref": text(data, "dibao_application_ref", max_length=60),
        **{f: flag(data, f) for f in STATUS_FLAGS},
    }
    if fields["event_date"] > today():
        raise Invalid("event_date", "事件发生日期不能晚于今天")
    if not data.get("is_registered_poor") and household.registered_poor:
        fields["is_registered_poor"] = True
    with transaction.atomic():
        case = TemporaryCase.objects.create(
            household=household,
            number=uuid.uuid4().hex[:20],
            created_by=actor if getattr(actor, "pk", None) else None,
            **fields,
        )
        case.number = f"LS{today():%Y}{case.pk:07d}"
        case.proposed_fen, case.decision = propose(case)
        case.save()
        record_status(case, "", actor)
        record(actor, "temporarycase.create", case, after=_json(fields), household=household)
    return case


def do_accept(actor, case: TemporaryCase) -> TemporaryCase:
    """受理. Expenditure cases get the local processing time limit (R-FLOW-18), in calendar days."""
    check_scope(actor, case.household)

    def update(c):
        if c.case_type != CaseType.EXPENDITURE:
            return
        limit = param_in_force(c.household.region, "temporary_processing_days", today())
        if limit is None:
            c.processing_limit_missing = True  # OP-17 style: no deadline computed, the case is flagged
            return
        c.processing_due = add_days(today(), int(limit.value))
        open_deadline(
            c,
            "temporary.processing",
            "临时救助（支出型）办理时限",
            c.processing_due,
            cite=f"R-FLOW-18 {limit.cite()}",
        )

    return transition(case, "accept", actor, update=update)


def do_review(actor, case: TemporaryCase, data: dict) -> TemporaryCase:
    """审核: necessary-expenditure check always; income/property investigation unless R-FLOW-19 applies;
    the amount (the engine's tier amount unless entered), or a case-by-case amount (R-AMT-05)."""
    check_scope(actor, case.household)
    expenditure_check = text(data, "expenditure_check", required=True, max_length=2000)
    investigation = text(data, "income_property_check", max_length=2000)
    if case.necessary_expenditure_only and investigation:
        raise Invalid(
            "income_property_check",
            "低保对象、特困人员和建档立卡未脱贫人员只核查必要支出，不进行收入和财产调查（R-FLOW-19）",
        )
    if not case.necessary_expenditure_only and not investigation:
        raise Invalid("income_property_check", "请填写家庭收入和财产调查情况")
    amount = money(data, "amount", required=False)
    if amount is None:
        amount = case.proposed_fen
    if not amount:
        raise Invalid("amount", "请填写救助金额（测算引擎未给出档次金额）")
    case_by_case = flag(data, "case_by_case")
    ref = text(data, "case_decision_ref", max_length=100)
    mechanism = text(data, "coordination_approval")
    if case_by_case and not (ref and mechanism):
        raise Invalid(
            "case_decision_ref" if not ref else "coordination_approval",
            "一事一议须填写决定文号和县级协调机制审批意见（R-AMT-05）",
        )
    if case.proposed_fen and amount > case.proposed_fen and not case_by_case:
        raise Invalid("amount", f"超过档次金额{yuan(case.proposed_fen)}元：须按一事一议办理（R-AMT-05）")

    def update(c):
        c.expenditure_check, c.income_property_check, c.amount_fen = expenditure_check, investigation, amount
        c.case_by_case, c.case_decision_ref, c.coordination_approval = case_by_case, ref, mechanism

    return transition(case, "review", actor, update=update, note=f"拟救助金额 {yuan(amount)} 元")


def _approval_check(actor, c: TemporaryCase, amount: int, on: dt.date) -> tuple[str, str]:
    """R-FLOW-20 / R-AMT-06: (level, delegation) or TransitionRefused."""
    level = actor_level(actor)
    if level == Level.COUNTY:
        return level, "县级民政部门审批"
    if c.case_by_case:
        raise TransitionRefused("一事一议的救助须报县级民政部门审批（R-AMT-05）")
    limit = param_in_force(c.household.region, "temporary_assistance.township_approval_limit", on)
    if limit is None:
        raise TransitionRefused("本地未配置乡镇（街道）临时救助审批额度，须报县级民政部门审批（R-AMT-06）")
    limit_fen = parse_yuan(limit.value)
    if amount > limit_fen:
        raise TransitionRefused(
            f"救助金额{yuan(amount)}元超过乡镇（街道）审批额度{yuan(limit_fen)}元，须报县级民政部门审批（R-FLOW-20）"
        )
    return level, f"县级委托乡镇（街道）审批，额度{yuan(limit_fen)}元（{limit.cite()}）"


APPROVAL_MAKERS = ["applied", "accepted", "reviewed"]  # who prepared the case does not approve it


def refusal(actor, case: TemporaryCase, action: str) -> str:
    """Why `actor` cannot take `action` now although his role allows it ("" when the action would let him
    through): the maker-checker rule, and for the approval the level and the township's delegation. The
    case page offers the step only when this is "", and otherwise shows these words."""
    if action in ("approve", "reject"):
        refused = maker_refusal(case, actor, APPROVAL_MAKERS)
        if refused:
            return refused
    if action == "approve":
        try:
            _approval_check(actor, case, case.amount_fen or 0, today())
        except TransitionRefused as e:
            return str(e)
    return ""


def do_approve(actor, case: TemporaryCase, note: str = "") -> TemporaryCase:
    check_scope(actor, case.household)
    on = today()
    decided: dict = {}

    def check(c):
        decided["level"], decided["delegation"] = _approval_check(actor, c, c.amount_fen or 0, on)

    def update(c):
        c.approval_level, c.delegation = decided["level"], decided["delegation"]
        c.approved_on, c.approved_by = on, actor
        close_deadlines(c, "temporary.processing")

    return transition(
        case,
        "approve",
        actor,
        check=check,
        update=update,
        note=note,
        makers=APPROVAL_MAKERS,
    )


def do_reject(actor, case: TemporaryCase, reason: str) -> TemporaryCase:
    check_scope(actor, case.household)
    if not (reason or "").strip():
        raise Invalid("reason", "请填写不予救助的理由")
    return transition(
        case,
        "reject",
        actor,
        note=reason.strip(),
        update=lambda c: close_deadlines(c),
        makers=APPROVAL_MAKERS,
    )


def do_withdraw(actor, case: TemporaryCase, reason: str = "") -> TemporaryCase:
    check_scope(actor, case.household)
    return transition(
        case, "withdraw", actor, note=reason or "申请人撤回", update=lambda c: close_deadlines(c)
    )


def do_close(actor, case: TemporaryCase, note: str = "") -> TemporaryCase:
    """办结. Refused while any of the approved amount is unpaid or unaccounted for: each yuan was handed out in
    cash (from the township's reserve) or paid by the bank on a reconciled roster line (issue 9, R-PAY-05)."""
    check_scope(actor, case.household)
    with transaction.atomic():
        fresh = TemporaryCase.objects.select_for_update().get(pk=case.pk)
        if fresh.status == TemporaryCase.Status.APPROVED and fresh.amount_fen:
            _check_accounted(fresh)
        return transition(fresh, "close", actor, note=note)


def _check_accounted(case: TemporaryCase) -> None:
    from jiuzhu.payments.history import case_paid_fen

    bank = case_paid_fen(case._meta.label_lower, case.pk)
    if bank["open_fen"]:
        raise TransitionRefused(f"尚有{yuan(bank['open_fen'])}元在发放花名册中，银行回盘确认到账后才能办结")
    cash = sum(h.amount_fen or 0 for h in case.handouts.filter(form=Handout.Form.CASH))
    left = case.amount_fen - cash - bank["paid_fen"]
    if left > 0:
        raise TransitionRefused(
            f"批准金额{yuan(case.amount_fen)}元，已发放{yuan(case.amount_fen - left)}元，"
            f"尚有{yuan(left)}元未发放，不能办结"
        )


def _on_roster(case: TemporaryCase, slot: str) -> None:
    """Refuse cash for what a payment roster already pays (never pay twice, R-PAY-05)."""
    from jiuzhu.payments.rosters import live_claim

    line = live_claim(case._meta.label_lower, case.pk, slot)
    if line is not None:
        raise TransitionRefused(
            f"该笔救助金已列入{line.roster.period:%Y年%m月}第{line.roster.pk}号发放花名册（银行代发），不能再发放现金"
        )


def _new_handout(
    actor, case, *, form, recipient, what, quantity, amount, given_on, instalment=None
) -> Handout:
    handout = Handout.objects.create(
        case=case,
        instalment=instalment,
        form=form,
        recipient=recipient,
        what=what,
        quantity=quantity,
        amount_fen=amount,
        given_on=given_on,
        handler=actor,
        handler_name=(actor.get_full_name() or actor.first_name or actor.username),
    )
    if form == Handout.Form.CASH and amount:
        # Township cash comes out of its reserve fund (备用金, R-PAY-09): the ledger entry is written in the
        # same transaction as the handout.
        from jiuzhu.payments.reserve import cash_out

        cash_out(actor, case.household, case, amount, given_on, reference=f"{case.number} {what}")
    record(
        actor,
        "temporarycase.handout",
        handout,
        household=case.household,
        after={
            "case": case.number,
            "form": form,
            "recipient": recipient,
            "what": what,
            "quantity": quantity,
            "amount": yuan(amount),
            "given_on": given_on.isoformat(),
        },
    )
    return handout


def do_assist_first(actor, case: TemporaryCase, data: dict) -> TemporaryCase:
    """R-FLOW-17 先行救助: pay an emergency case at once; the file stays 待补办 until completed (R-DOC-18)."""
    check_scope(actor, case.household)
    if case.case_type != CaseType.EMERGENCY:
        raise TransitionRefused("先行救助仅适用于急难型临时救助（支出型须按申请、受理、审核、审批程序办理）")
    form = choice(data, "form", Handout.Form, default=Handout.Form.CASH, required=False)
    amount = money(data, "amount", required=form == Handout.Form.CASH)
    recipient = text(data, "recipient", required=True, max_length=50)
    what = text(data, "what", max_length=100) or ("救助金" if form == Handout.Form.CASH else "")
    if not what:
        raise Invalid("what", "请填写发放的物品")
    quantity = text(data, "quantity", max_length=50)
    given_on = paid_date(data)
    decided: dict = {}

    def check(c):
        decided["level"], decided["delegation"] = _approval_check(actor, c, amount or 0, given_on)

    def update(c):
        c.assist_first, c.paid_first_on, c.amount_fen = True, given_on, amount
        c.approval_level, c.delegation = decided["level"], decided["delegation"]
        c.approved_on, c.approved_by = given_on, actor
        _new_handout(
            actor,
            c,
            form=form,
            recipient=recipient,
            what=what,
            quantity=quantity,
            amount=amount,
            given_on=given_on,
        )
        days = param_in_force(c.household.region, "temporary_regularise_days", given_on)
        n = int(days.value) if days else REGULARISE_DAYS_DEFAULT
        open_deadline(
            c,
            "temporary.regularise",
            "先行救助补办登记（救助对象、事由、金额、经办人签字、单位盖章）",
            add_days(given_on, n),
            cite="R-FLOW-17 R-DOC-18 OP-18",
        )

    return transition(
        case,
        "assist_first",
        actor,
        check=check,
        update=update,
        note=f"先行救助 {yuan(amount)} 元" if amount else "先行救助（实物）",
    )


REGISTRATION_FIELDS = ("reg_recipient", "reg_reason", "reg_amount", "reg_officer", "reg_seal")


def do_record_registration(actor, case: TemporaryCase, data: dict) -> TemporaryCase:
    """Fill in (part of) the assist-first registration record (R-DOC-18); the case stays 待补办."""
    check_scope(actor, case.household)
    if case.status != TemporaryCase.Status.TO_REGULARISE:
        raise TransitionRefused("只有先行救助待补办的案件可以补填登记表")
    if actor is not None and not actor.is_superuser and not actor.can_write():
        raise TransitionRefused("您的角色不能执行此操作")
    values = {}
    if "reg_recipient" in data:
        values["reg_recipient"] = text(data, "reg_recipient", max_length=50)
    if "reg_reason" in data:
        values["reg_reason"] = text(data, "reg_reason")
    if "reg_amount" in data:
        values["reg_amount_fen"] = money(data, "reg_amount", required=False)
    if "reg_officer" in data:
        values["reg_officer"] = text(data, "reg_officer", max_length=50)
    if "reg_seal" in data:
        values["reg_seal"] = flag(data, "reg_seal")
    if not values:  # an empty save would only add an empty audit event
        raise Invalid("reg_recipient", "请至少填写一项登记内容")
    with transaction.atomic():
        fresh = TemporaryCase.objects.select_for_update().get(pk=case.pk)
        before = {k: jsonable(getattr(fresh, k)) for k in values}
        for k, v in values.items():
            setattr(fresh, k, v)
        fresh.save()
        record(
            actor,
            "temporarycase.registration",
            fresh,
            before=before,
            after={k: jsonable(v) for k, v in values.items()},
            household=fresh.household,
        )
    case.refresh_from_db()
    return case


def do_regularise(actor, case: TemporaryCase, data: dict | None = None) -> TemporaryCase:
    """Complete the assist-first file: refused while a R-DOC-18 field is empty."""
    if data:
        do_record_registration(actor, case, data)
    check_scope(actor, case.household)

    def check(c):
        missing = c.missing_registration
        if missing:
            raise TransitionRefused("先行救助登记尚未完成，缺少：" + "、".join(missing) + "（R-DOC-18）")

    def update(c):
        c.regularised_on = today()
        close_deadlines(c, "temporary.regularise")

    return transition(case, "regularise", actor, check=check, update=update)


def do_plan_instalments(actor, case: TemporaryCase, plan: list[dict]) -> list[Instalment]:
    """R-FLOW-21: one approval, several instalments (emergency cases and people returned to poverty).

    Bad rows are named `instalments[i].due` / `instalments[i].amount` (i counts from 0)."""
    check_scope(actor, case.household)
    check_writer(actor, "您的角色不能登记分期发放计划")
    if not isinstance(plan, list) or not all(isinstance(item, dict) for item in plan):
        raise Invalid("instalments", "应为各期（计划发放日期、金额）的列表")
    if len(plan) < 2:
        raise Invalid("instalments", "分阶段救助至少两期")
    rows = []
    for i, item in enumerate(plan):
        try:
            due, amount = date(item, "due"), money(item, "amount")
        except Invalid as e:
            raise Invalid(f"instalments[{i}].{e.field}", e.problem) from None
        if amount <= 0:  # a zero instalment is no instalment
            raise Invalid(f"instalments[{i}].amount", "每期金额应大于零")
        rows.append((due, amount))
    total = sum(a for _d, a in rows)
    with transaction.atomic():
        # Checked on the locked row: two plans at once, or a plan racing a handout, cannot both pass.
        fresh = TemporaryCase.objects.select_for_update().get(pk=case.pk)
        if fresh.status != TemporaryCase.Status.APPROVED:
            raise TransitionRefused("分阶段救助计划须在审批通过后登记")
        if not fresh.may_stage:
            raise TransitionRefused("一次审批、分阶段救助仅适用于急难型案件和返贫人员（R-FLOW-21）")
        if fresh.instalments.exists():
            raise TransitionRefused("本案已有分期发放计划")
        if fresh.handouts.filter(form=Handout.Form.CASH).exists():
            # The plan must add up to the approved amount; cash already paid would be paid twice.
            raise TransitionRefused("本案已登记现金发放，不能再登记分期发放计划")
        if total != fresh.amount_fen:
            raise Invalid(
                "instalments", f"各期金额合计{yuan(total)}元，应等于批准金额{yuan(fresh.amount_fen)}元"
            )
        out = [
            Instalment.objects.create(case=fresh, seq=i + 1, due=d, amount_fen=a)
            for i, (d, a) in enumerate(rows)
        ]
        TemporaryCase.objects.filter(pk=case.pk).update(staged=True)
        record(
            actor,
            "temporarycase.instalments",
            fresh,
            household=fresh.household,
            after={"instalments": [{"due": d.isoformat(), "amount": yuan(a)} for d, a in rows]},
        )
    return out


def do_pay_instalment(actor, instalment: Instalment, data: dict) -> Handout:
    """Pay one planned instalment under the existing approval (no new approval)."""
    case = instalment.case
    check_scope(actor, case.household)
    check_writer(actor, "您的角色不能登记发放")
    recipient = text(data, "recipient", required=True, max_length=50)
    given_on = paid_date(data)
    with transaction.atomic():
        # The case row is locked first so that a payment cannot race a close or a second plan.
        if TemporaryCase.objects.select_for_update().get(pk=case.pk).status != TemporaryCase.Status.APPROVED:
            raise TransitionRefused("案件不在已审批状态，不能发放")
        fresh = Instalment.objects.select_for_update().get(pk=instalment.pk)
        if fresh.paid_on:
            raise TransitionRefused(f"第{fresh.seq}期已于{fresh.paid_on}发放")
        _on_roster(case, f"instalment-{fresh.seq}")
        fresh.paid_on = given_on
        fresh.save()
        handout = _new_handout(
            actor,
            case,
            form=Handout.Form.CASH,
            recipient=recipient,
            what=f"临时救助金第{fresh.seq}期",
            quantity="",
            amount=fresh.amount_fen,
            given_on=given_on,
            instalment=fresh,
        )
    return handout


def do_register_handout(actor, case: TemporaryCase, data: dict) -> Handout:
    """R-FLOW-24: register one cash or in-kind handout of an approved (or assist-first) case."""
    check_scope(actor, case.household)
    if actor is not None and not actor.is_superuser and not actor.can_write():
        raise TransitionRefused("您的角色不能登记发放")
    if case.status not in (
        TemporaryCase.Status.APPROVED,
        TemporaryCase.Status.TO_REGULARISE,
        TemporaryCase.Status.CLOSED,
    ):
        raise TransitionRefused("案件尚未审批（或先行救助），不能发放")
    form = choice(data, "form", Handout.Form)
    amount = money(data, "amount", required=form == Handout.Form.CASH)
    recipient = text(data, "recipient", required=True, max_length=50)
    what = text(data, "what", max_length=100) or ("救助金" if form == Handout.Form.CASH else "")
    if not what:
        raise Invalid("what", "请填写发放的物品")
    quantity = text(data, "quantity", max_length=50)
    if form == Handout.Form.IN_KIND and not quantity:
        raise Invalid("quantity", "实物发放请填写数量")
    given_on = paid_date(data)
    with transaction.atomic():
        fresh = TemporaryCase.objects.select_for_update().get(pk=case.pk)
        if form == Handout.Form.CASH and fresh.case_type and fresh.amount_fen is not None:
            if fresh.instalments.exists():
                raise TransitionRefused("本案按分期计划发放，请逐期发放")
            _on_roster(fresh, "grant")
            paid = sum(h.amount_fen or 0 for h in fresh.handouts.filter(form=Handout.Form.CASH))
            if paid + amount > fresh.amount_fen:
                raise TransitionRefused(
                    f"累计发放{yuan(paid + amount)}元将超过批准金额{yuan(fresh.amount_fen)}元"
                )
        return _new_handout(
            actor,
            fresh,
            form=form,
            recipient=recipient,
            what=what,
            quantity=quantity,
            amount=amount,
            given_on=given_on,
        )


def do_refer(actor, case: TemporaryCase, data: dict) -> Referral:
    """R-FLOW-23 转介."""
    check_scope(actor, case.household)
    if actor is not None and not actor.is_superuser and not actor.can_write():
        raise TransitionRefused("您的角色不能登记转介")
    target = choice(data, "target", Referral.Target)
    with transaction.atomic():
        ref = Referral.objects.create(
            case=case,
            target=target,
            referred_on=date(data, "referred_on", default=today()),
            note=text(data, "note"),
            created_by=actor,
        )
        record(
            actor,
            "temporarycase.refer",
            ref,
            household=case.household,
            after={"case": case.number, "target": target, "note": ref.note},
        )
    return ref


def do_referral_outcome(actor, referral: Referral, data: dict) -> Referral:
    check_scope(actor, referral.case.household)
    check_writer(actor, "您的角色不能登记转介结果")
    outcome = choice(data, "outcome", Referral.Outcome)
    if outcome == Referral.Outcome.PENDING:
        raise Invalid("outcome", "请选择转介结果（已受理、已获帮助或未获帮助）")
    with transaction.atomic():
        fresh = Referral.objects.select_for_update().get(pk=referral.pk)
        before = {"outcome": fresh.outcome}
        fresh.outcome = outcome
        fresh.outcome_on = date(data, "outcome_on", default=today())
        fresh.outcome_note = text(data, "outcome_note")
        fresh.save()
        record(
            actor,
            "temporarycase.referral_outcome",
            fresh,
            before=before,
            household=referral.case.household,
            after={
                "outcome": outcome,
                "outcome_on": fresh.outcome_on.isoformat(),
                "note": fresh.outcome_note,
            },
        )
    return fresh


def do_link_dibao(actor, case: TemporaryCase, ref: str) -> TemporaryCase:
    """R-FLOW-22: link to the pending dibao / 特困 application (its number or id)."""
    check_scope(actor, case.household)
    check_writer(actor)
    value = text({"ref": ref}, "ref", required=True, max_length=60)
    with transaction.atomic():
        fresh = TemporaryCase.objects.select_for_update().get(pk=case.pk)
        before = {"dibao_application_ref": fresh.dibao_application_ref}
        fresh.dibao_application_ref = value
        fresh.save()
        record(
            actor,
            "temporarycase.link_dibao",
            fresh,
            before=before,
            after={"dibao_application_ref": value},
            household=fresh.household,
        )
    case.refresh_from_db()
    return case


def overdue_regularisation(user, on: dt.date | None = None):
    """OP-18: assist-first cases not completed within the limit, in the user's scope."""
    from jiuzhu.core.models import Deadline

    on = on or today()
    ids = Deadline.objects.filter(
        object_type=TemporaryCase._meta.label_lower,
        kind="temporary.regularise",
        met_at__isnull=True,
        due__lt=on,
    ).values_list("object_id", flat=True)
    return cases_for(user).filter(pk__in=[int(i) for i in ids], status=TemporaryCase.Status.TO_REGULARISE)


def cases_for(user):
    return TemporaryCase.objects.filter(household__in=civil_households(user)).select_related("household")


def get_case_or_404(user, pk) -> TemporaryCase:
    case = cases_for(user).filter(pk=pk).first()
    if case is None:
        raise Http404("未找到该案件")
    return case
