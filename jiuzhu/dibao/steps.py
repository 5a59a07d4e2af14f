"""The steps a user can take on a case, each with its form fields: one table for the case page's forms
and for POST /api/dibao/applications/{id}/actions/{name}. Parsing turns strings (forms) or JSON values
(API) into the arguments of the actions; a bad value gives a (field, problem) pair, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiuzhu.registry.money import parse_yuan

from . import actions as a
from .models import COUNTY, PENDING, STAFF, Appeal, ChangeReport, JobOffer, Signature, Source

ALL_STAFF = tuple(set(STAFF) | set(COUNTY))
POST_APPROVAL = ("active", "phase_out")


@dataclass
class Field:
    name: str
    label: Any
    kind: str = "text"  # text, textarea, date, month, int, money, bool, yesno, choice, names, + object kinds
    required: bool = True
    choices: list[tuple[str, Any]] = field(default_factory=list)
    initial: Any = ""  # the value an unposted form shows (a box ticked by default: "true")


@dataclass
class Step:
    name: str
    label: Any
    statuses: tuple[str, ...]
    roles: tuple[str, ...]
    fields: list[Field]
    run: Any  # run(actor, app, values) -> object
    cite: str = ""
    needs: str = ""  # "notices", "objections", ... : shown only when the case has such records


class Invalid(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("；".join(f"{f}：{p}" for f, p in problems))


TRUE = {"true", "1", "on", "yes", "是", True}
FALSE = {"false", "0", "off", "no", "否", False}


def _parse(app, f: Field, raw) -> Any:
    # Problems are shown to the user who sent the value: gettext at run time, in the request's language.
    if isinstance(raw, str):
        raw = raw.strip()
    if raw in (None, "", []):
        if f.kind == "bool":
            return False
        if f.required:
            raise ValueError(gettext("必填"))
        return None
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError(gettext("不是有效的日期（应为YYYY-MM-DD）")) from None
    if f.kind == "month":
        try:
            return dt.date.fromisoformat(str(raw)[:7] + "-01")
        except ValueError:
            raise ValueError(gettext("不是有效的年月（应为YYYY-MM）")) from None
    if f.kind == "int":
        try:
            value = int(str(raw))
        except ValueError:
            raise ValueError(gettext("应为整数")) from None
        if value < 0:
            raise ValueError(gettext("不能为负数"))
        return value
    if f.kind == "money":
        try:
            return parse_yuan(str(raw))
        except Exception as e:  # noqa: BLE001 - parse_yuan's message names the problem
            raise ValueError(gettext("金额无效：%(problem)s") % {"problem": e}) from None
    if f.kind in ("bool", "yesno"):
        key = raw.lower() if isinstance(raw, str) else raw
        if key in TRUE:
            return True
        if key in FALSE:
            return False
        raise ValueError(gettext("应为是或否"))
    if f.kind == "choice":
        if str(raw) not in [str(c) for c, _ in f.choices]:
            codes = gettext("、").join(str(c) for c, _ in f.choices)
            raise ValueError(gettext("不是有效的选项：%(choices)s") % {"choices": codes})
        return str(raw)
    if f.kind == "names":
        names = a._clean_names(raw if isinstance(raw, list | str) else str(raw))
        if f.required and not names:
            raise ValueError(gettext("必填"))
        return names
    if f.kind in OBJECTS:
        obj = objects_for(app, f.kind).filter(pk=str(raw)).first() if str(raw).isdigit() else None
        if obj is None:
            raise ValueError(gettext("不属于本案件"))
        return obj
    if not isinstance(raw, str):
        raise ValueError(gettext("应为文字"))
    return raw


OBJECTS = {"member", "notice", "objection", "appeal", "change", "visit"}


def objects_for(app, kind: str):
    from .models import HomeVisit, Notice, Objection

    if kind == "member":
        return app.household.members.filter(active=True)
    if kind == "notice":
        return Notice.objects.filter(application=app)
    if kind == "objection":
        return Objection.objects.filter(publicity__application=app, handled_on__isnull=True)
    if kind == "appeal":
        return Appeal.objects.filter(notice__application=app, decided_on__isnull=True)
    if kind == "change":
        return ChangeReport.objects.filter(application=app, reported_on__isnull=True)
    if kind == "visit":
        return HomeVisit.objects.filter(application=app, finalised_at__isnull=True)
    raise KeyError(kind)


def parse(app, step: Step, payload: dict) -> dict:
    values, problems = {}, []
    for f in step.fields:
        try:
            values[f.name] = _parse(app, f, payload.get(f.name))
        except ValueError as e:
            problems.append((f.name, str(e)))
    unknown = [k for k in payload if k not in {f.name for f in step.fields} and k != "csrfmiddlewaretoken"]
    problems += [(k, gettext("未知字段")) for k in unknown]
    if problems:
        raise Invalid(problems)
    return values


def _kw(values: dict, *names) -> dict:
    return {n: values[n] for n in names if values.get(n) is not None}


REASON = Field("reason", _("原因"), "textarea")
NOTE = Field("note", _("说明"), "textarea", required=False)

STEPS: dict[str, Step] = {}


def step(name, label, statuses, roles, fields, cite="", needs=""):
    def register(run):
        STEPS[name] = Step(name, label, statuses, roles, fields, run, cite, needs)
        return run

    return register


@step(
    "record_signature",
    _("登记签字/按手印"),
    ("draft",),
    STAFF,
    [
        Field("member", _("家庭成员"), "member"),
        Field("capacity", _("签署身份"), "choice", choices=Signature.Capacity.choices),
        Field("method", _("方式"), "choice", choices=Signature.Method.choices),
        Field("guardian_name", _("监护人姓名"), required=False),
        Field("cannot_write", _("不能书写（按手印）"), "bool", required=False),
        Field("signed_on", _("签署日期"), "date", required=False),
    ],
    cite="R-FLOW-02",
)
def _sig(actor, app, v):
    return a.do_record_signature(
        actor,
        app,
        member=v["member"],
        capacity=v["capacity"],
        method=v["method"],
        guardian_name=v["guardian_name"] or "",
        cannot_write=v["cannot_write"],
        signed_on=v["signed_on"],
    )


@step("submit", _("提交申请"), ("draft",), STAFF, [], cite="R-FLOW-02")
def _submit(actor, app, v):
    return a.do_submit(actor, app)


@step("start_verification", _("开始经济状况核对"), ("submitted",), STAFF, [], cite="R-FLOW-04")
def _sv(actor, app, v):
    return a.do_start_verification(actor, app)


@step(
    "record_verification",
    _("登记核对结果"),
    ("verifying",),
    STAFF,
    [
        Field("source", _("核对来源"), "choice", choices=Source.choices),
        Field("result", _("核对结果"), "textarea"),
        Field("consistent", _("与申报一致"), "yesno"),
        Field("checked_on", _("核对日期"), "date", required=False),
    ],
    cite="R-FLOW-04",
)
def _rv(actor, app, v):
    return a.do_record_verification(
        actor,
        app,
        source=v["source"],
        result=v["result"],
        consistent=v["consistent"],
        checked_on=v["checked_on"],
    )


@step(
    "make_verification_report",
    _("出具核对报告"),
    ("verifying",),
    STAFF,
    [
        Field("summary", _("核对结论"), "textarea"),
    ],
    cite="R-FLOW-04, R-DOC-11",
)
def _mvr(actor, app, v):
    return a.do_make_verification_report(actor, app, summary=v["summary"])


@step("complete_verification", _("核对完成，转入户调查"), ("verifying",), STAFF, [], cite="R-FLOW-04")
def _cv(actor, app, v):
    return a.do_complete_verification(actor, app)


@step(
    "record_visit",
    _("登记入户调查（附件4）"),
    ("visiting",),
    STAFF,
    [
        Field("visited_on", _("调查日期"), "date"),
        Field("investigators", _("调查人（两人以上，用逗号分隔）"), "names"),
        Field("representative", _("被调查家庭代表")),
        Field("findings", _("家庭经济状况及困难情况"), "textarea"),
        Field("agrees", _("调查情况与申请是否相符"), "yesno"),
        Field("explanation", _("说明"), "textarea", required=False),
        Field("draft", _("暂存草稿，不定稿"), "bool", required=False),
        # issue 10, item 7: the worker always does "record" and "done, next step" together
        Field("then_next", _("定稿后即转民主评议"), "bool", required=False, initial="true"),
    ],
    cite="R-FLOW-05",
)
def _visit(actor, app, v):
    """Record the visit; with `then_next` also complete the visit step (two actions, two audit events, one
    transaction: a refused completion writes neither)."""
    with transaction.atomic():
        visit = a.do_record_visit(
            actor,
            app,
            visited_on=v["visited_on"],
            investigators=v["investigators"],
            representative=v["representative"],
            findings=v["findings"],
            agrees=v["agrees"],
            explanation=v["explanation"] or "",
            finalise=not v["draft"],
        )
        if v["then_next"] and not v["draft"]:
            a.do_complete_visit(actor, app)
    return visit


@step(
    "finalise_visit",
    _("入户调查定稿"),
    ("visiting",),
    STAFF,
    [Field("visit", _("调查记录"), "visit")],
    cite="R-FLOW-05",
    needs="visit",
)
def _fv(actor, app, v):
    return a.do_finalise_visit(actor, v["visit"])


@step("complete_visit", _("入户调查完成，转民主评议"), ("visiting",), STAFF, [], cite="R-FLOW-05")
def _cvisit(actor, app, v):
    return a.do_complete_visit(actor, app)


@step(
    "record_appraisal",
    _("登记民主评议"),
    ("appraisal",),
    STAFF,
    [
        Field("held_on", _("评议日期"), "date"),
        Field("participants", _("参加人员"), "textarea"),
        Field("votes_for", _("同意票"), "int"),
        Field("votes_against", _("不同意票"), "int"),
        Field("abstentions", _("弃权票"), "int"),
        Field("conclusion", _("评议意见"), "textarea", required=False),
        Field("then_next", _("评议完成后即转乡镇审核"), "bool", required=False, initial="true"),
    ],
    cite="R-FLOW-05",
)
def _ra(actor, app, v):
    """Record the appraisal; with `then_next` also complete the appraisal step (one transaction)."""
    with transaction.atomic():
        appraisal = a.do_record_appraisal(
            actor,
            app,
            held_on=v["held_on"],
            participants=v["participants"],
            votes_for=v["votes_for"],
            votes_against=v["votes_against"],
            abstentions=v["abstentions"],
            conclusion=v["conclusion"] or "",
        )
        if v["then_next"]:
            a.do_complete_appraisal(actor, app)
    return appraisal


@step("complete_appraisal", _("评议完成，转乡镇审核"), ("appraisal",), STAFF, [], cite="R-FLOW-05")
def _ca(actor, app, v):
    return a.do_complete_appraisal(actor, app)


@step(
    "township_review",
    _("乡镇审核（政策评估）并开始审核公示"),
    ("township_review",),
    STAFF,
    [
        Field("publicity_starts_on", _("公示开始日期（默认今天）"), "date", required=False),
        Field("phone", _("举报电话"), required=False),
        Field("place", _("公示地点"), required=False),
    ],
    cite="R-FLOW-06, R-FLOW-07",
)
def _tr(actor, app, v):
    return a.do_township_review(
        actor,
        app,
        publicity_starts_on=v["publicity_starts_on"],
        phone=v["phone"] or "",
        place=v["place"] or "",
    )


@step(
    "record_objection",
    _("登记公示异议"),
    ("review_publicity", "approval_publicity"),
    STAFF,
    [
        Field("received_on", _("收到日期"), "date"),
        Field("content", _("异议内容"), "textarea"),
    ],
    cite="R-FLOW-07",
)
def _ro(actor, app, v):
    return a.do_record_objection(actor, app, received_on=v["received_on"], content=v["content"])


@step(
    "handle_objection",
    _("处理异议"),
    ("review_publicity", "approval_publicity"),
    STAFF,
    [
        Field("objection", _("异议"), "objection"),
        Field("handling", _("处理情况"), "textarea"),
        Field("result", _("处理结果")),
    ],
    cite="R-FLOW-07",
    needs="objection",
)
def _ho(actor, app, v):
    return a.do_handle_objection(actor, v["objection"], handling=v["handling"], result=v["result"])


@step(
    "township_opinion",
    _("签署乡镇意见（附件3）"),
    ("review_publicity",),
    STAFF,
    [
        Field("case_officer", _("经办人")),
        Field("office_head", _("民政办负责人")),
        Field("leader", _("领导")),
        Field("per_capita", _("人均补助（元/月，默认按评估结果）"), "money", required=False),
        Field("household_amount", _("户月补助（元/月，默认按评估结果）"), "money", required=False),
    ],
    cite="R-FLOW-06, R-FLOW-07",
)
def _to(actor, app, v):
    return a.do_township_opinion(
        actor,
        app,
        case_officer=v["case_officer"],
        office_head=v["office_head"],
        leader=v["leader"],
        per_capita_fen=v["per_capita"],
        household_fen=v["household_amount"],
    )


@step("report_to_county", _("报县级民政部门审批"), ("township_opinion",), STAFF, [], cite="R-FLOW-08")
def _rc(actor, app, v):
    return a.do_report_to_county(actor, app)


@step(
    "second_review",
    _("县级第二审核人复核（近亲属备案）"),
    ("county_approval",),
    COUNTY,
    [
        Field("agrees", _("同意"), "yesno"),
        NOTE,
    ],
    cite="OP-10, R-SUP-01",
)
def _sr(actor, app, v):
    return a.do_second_review(actor, app, agrees=v["agrees"], note=v["note"] or "")


@step(
    "approve",
    _("审批同意"),
    ("county_approval",),
    COUNTY,
    [
        Field("payment_start", _("起始发放年月（YYYY-MM）"), "month"),
        Field("leader", _("领导签字"), required=False),
    ],
    cite="R-FLOW-08",
)
def _approve(actor, app, v):
    return a.do_approve(actor, app, payment_start=v["payment_start"], leader=v["leader"] or "")


@step(
    "refuse",
    _("不予批准（附件6）"),
    ("township_review", "review_publicity", "township_opinion", "county_approval"),
    COUNTY,
    [
        Field("income_exceeds", _("理由（一）：家庭人均收入高于低保标准"), "bool", required=False),
        Field(
            "property_reason",
            _("理由（二）：家庭财产状况不符合规定（写明具体情况）"),
            "textarea",
            required=False,
        ),
        NOTE,
    ],
    cite="R-FLOW-09, R-DOC-07",
)
def _refuse(actor, app, v):
    return a.do_refuse(
        actor,
        app,
        income_exceeds=v["income_exceeds"],
        property_reason=v["property_reason"] or "",
        note=v["note"] or "",
    )


@step(
    "publish_approval",
    _("开始审批公示（附件8）"),
    ("approved",),
    STAFF,
    [
        Field("starts_on", _("公示开始日期（默认今天）"), "date", required=False),
        Field("phone", _("监督电话"), required=False),
    ],
    cite="OP-04",
)
def _pa(actor, app, v):
    return a.do_publish_approval(actor, app, starts_on=v["starts_on"], phone=v["phone"] or "")


@step("start_payment", _("公示期满，开始发放"), ("approval_publicity",), STAFF, [], cite="OP-04, R-FLOW-13")
def _sp(actor, app, v):
    return a.do_start_payment(actor, app)


@step("withdraw", _("撤回申请"), PENDING, STAFF, [REASON])
def _wd(actor, app, v):
    return a.do_withdraw(actor, app, reason=v["reason"])


@step(
    "record_delivery",
    _("登记送达"),
    ("refused", "active", "phase_out", "stopped"),
    ALL_STAFF,
    [
        Field("notice", _("通知书"), "notice"),
        Field("delivered_on", _("送达日期"), "date"),
        Field("deliverer", _("送达人")),
    ],
    cite="R-FLOW-09, R-FLOW-10, OP-17",
    needs="notice",
)
def _rd(actor, app, v):
    return a.do_record_delivery(actor, v["notice"], delivered_on=v["delivered_on"], deliverer=v["deliverer"])


@step(
    "lodge_appeal",
    _("登记复查/行政复议申请"),
    ("refused", "active", "phase_out", "stopped"),
    ALL_STAFF,
    [
        Field("notice", _("通知书"), "notice"),
        Field("lodged_on", _("提出日期"), "date"),
        Field("content", _("请求事项"), "textarea", required=False),
    ],
    cite="R-FLOW-09, R-FLOW-10",
    needs="notice",
)
def _la(actor, app, v):
    return a.do_lodge_appeal(actor, v["notice"], lodged_on=v["lodged_on"], content=v["content"] or "")


@step(
    "decide_appeal",
    _("复查/复议决定"),
    ("refused", "active", "phase_out", "stopped"),
    COUNTY,
    [
        Field("appeal", _("申请"), "appeal"),
        Field("decision", _("决定"), "choice", choices=Appeal.Decision.choices),
        NOTE,
    ],
    cite="R-FLOW-09, R-FLOW-10",
    needs="appeal",
)
def _da(actor, app, v):
    return a.do_decide_appeal(actor, v["appeal"], decision=v["decision"], note=v["note"] or "")


@step(
    "record_change",
    _("登记家庭变化"),
    POST_APPROVAL,
    STAFF,
    [
        Field("kind", _("变化类型"), "choice", choices=ChangeReport.Kind.choices),
        Field("event_on", _("变化发生日期"), "date"),
        Field("reported_on", _("报告日期（未报告可不填）"), "date", required=False),
        Field("description", _("情况说明"), "textarea"),
    ],
    cite="R-FLOW-12",
)
def _rch(actor, app, v):
    return a.do_record_change(
        actor,
        app,
        kind=v["kind"],
        event_on=v["event_on"],
        reported_on=v["reported_on"],
        description=v["description"],
    )


@step(
    "mark_change_reported",
    _("登记变化报告日期"),
    POST_APPROVAL,
    STAFF,
    [
        Field("change", _("家庭变化"), "change"),
        Field("reported_on", _("报告日期"), "date"),
    ],
    cite="R-FLOW-12",
    needs="change",
)
def _mcr(actor, app, v):
    return a.do_mark_change_reported(actor, v["change"], reported_on=v["reported_on"])


@step(
    "dynamic_visit",
    _("动态管理入户复核（附件9）"),
    POST_APPROVAL,
    STAFF,
    [
        Field("visited_on", _("调查时间"), "date"),
        Field("investigators", _("调查人（用逗号分隔）"), "names"),
        Field("findings", _("调查情况"), "textarea"),
        Field("conclusion", _("调查结论"), "textarea"),
        Field("unit", _("调查单位"), required=False),
    ],
    cite="R-FLOW-13, OP-05",
)
def _dv(actor, app, v):
    return a.do_dynamic_visit(
        actor,
        app,
        visited_on=v["visited_on"],
        investigators=v["investigators"],
        findings=v["findings"],
        conclusion=v["conclusion"],
        unit=v["unit"] or "",
    )


@step(
    "record_job_offer",
    _("登记就业推荐"),
    POST_APPROVAL,
    STAFF,
    [
        Field("member", _("家庭成员"), "member"),
        Field("offered_on", _("推荐日期"), "date"),
        Field("via", _("推荐部门")),
        Field("job", _("岗位")),
        Field("suitable", _("与健康状况、劳动能力相适应"), "yesno"),
        Field("response", _("答复"), "choice", choices=JobOffer.Response.choices),
        Field("good_reason", _("拒绝有正当理由"), "bool", required=False),
        Field("reason", _("理由"), "textarea", required=False),
    ],
    cite="R-FLOW-15, OP-23",
)
def _jo(actor, app, v):
    return a.do_record_job_offer(
        actor,
        app,
        member=v["member"],
        offered_on=v["offered_on"],
        via=v["via"],
        job=v["job"],
        suitable=v["suitable"],
        response=v["response"],
        good_reason=v["good_reason"],
        reason=v["reason"] or "",
    )


@step(
    "job_refusal_decision",
    _("拒绝就业的减发/停发决定"),
    POST_APPROVAL,
    COUNTY,
    [
        Field("member", _("家庭成员"), "member"),
        Field(
            "decision",
            _("决定"),
            "choice",
            choices=[("none", _("不减发")), ("reduce", _("减发")), ("stop", _("停发"))],
        ),
        Field("household_amount", _("新的户月保障金（元）"), "money", required=False),
        Field("per_capita", _("新的人均保障金（元）"), "money", required=False),
        Field("stop_month", _("停发年月"), "month", required=False),
        NOTE,
    ],
    cite="R-FLOW-15, R-ELIG-05",
)
def _jrd(actor, app, v):
    return a.do_job_refusal_decision(
        actor,
        app,
        member=v["member"],
        decision=v["decision"],
        household_fen=v["household_amount"],
        per_capita_fen=v["per_capita"],
        stop_month=v["stop_month"],
        note=v["note"] or "",
    )


@step(
    "change_benefit",
    _("变更保障金（附件7）"),
    POST_APPROVAL,
    COUNTY,
    [
        Field("household_amount", _("新的户月保障金（元）"), "money"),
        Field("per_capita", _("新的人均保障金（元）"), "money"),
        Field("effective_month", _("变更生效年月（YYYY-MM，不填为本月）"), "month", required=False),
        REASON,
    ],
    cite="R-FLOW-10",
)
def _cb(actor, app, v):
    return a.do_change_benefit(
        actor,
        app,
        household_fen=v["household_amount"],
        per_capita_fen=v["per_capita"],
        reason=v["reason"],
        effective_month=v["effective_month"],
    )


@step("start_phase_out", _("进入渐退期"), ("active",), COUNTY, [NOTE], cite="R-FLOW-14")
def _spo(actor, app, v):
    return a.do_start_phase_out(actor, app, note=v["note"] or "")


@step("reassess", _("重新评估，继续保障"), ("phase_out",), COUNTY, [NOTE], cite="R-FLOW-14")
def _re(actor, app, v):
    return a.do_reassess(actor, app, note=v["note"] or "")


@step("end_phase_out", _("渐退期满停发"), ("phase_out",), COUNTY, [], cite="R-FLOW-14")
def _epo(actor, app, v):
    return a.do_end_phase_out(actor, app)


@step(
    "stop",
    _("停发（附件7）"),
    POST_APPROVAL,
    COUNTY,
    [
        Field("stop_month", _("停发年月（YYYY-MM）"), "month"),
        REASON,
    ],
    cite="R-FLOW-10",
)
def _stop(actor, app, v):
    return a.do_stop(actor, app, stop_month=v["stop_month"], reason=v["reason"])


def available_steps(app, user) -> list[Step]:
    out = []
    for s in STEPS.values():
        if app.status not in s.statuses:
            continue
        if not (user.is_superuser or user.role in s.roles):
            continue
        if s.needs and not objects_for(app, s.needs).exists():
            continue
        out.append(s)
    return out


def perform(actor, app, name: str, payload: dict):
    """Run a step by name with a raw payload. Raises KeyError (unknown step), Invalid or TransitionRefused."""
    s = STEPS[name]
    a.check_scope(actor, app)
    if app.status not in s.statuses:
        raise a.TransitionRefused(
            gettext("当前状态为“%(status)s”，不能执行“%(action)s”（可能已被他人处理，请刷新）")
            % {"status": app.get_status_display(), "action": s.label}
        )
    if not (actor.is_superuser or actor.role in s.roles):
        raise a.TransitionRefused(gettext("您的角色不能执行此操作"))
    values = parse(app, s, payload)
    return s.run(actor, app, values)
