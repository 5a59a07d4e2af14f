"""Demo procedure cases for the first run of `jiuzhu serve`: 低保, 临时救助 and 困难职工 cases at different
steps, so that the demo users find real cases on /dibao/, /temporary/, /archives/ and /todo/.

Every case is made through the real actions (jiuzhu/dibao/actions.py, jiuzhu/temporary/actions.py,
jiuzhu/archives/actions.py) by demo users of the right roles, the preparer never the approver, so the history,
status changes, audit events, deadlines and decision snapshots are those the pages would have written. No
status field is written here.

Time: steps that need time to pass (the 7-day review publicity of R-FLOW-07 and the approval publicity of
OP-04, which cannot be shortened) are taken with the actions' `today=` / date arguments set back some days or
weeks, as the tests do; the clock itself is never changed. The temporary and archive actions have no `today=`:
their steps happen today, with the payment dates (which they accept in the past) set back where a deadline
should already be running or overdue.

Households: the demo generator's households (numbers "D<seed>-…"), picked in number order among those that
fit (township of the demo case worker, eligible or not for 低保 by the policy engine, union worker data...), so
the same demo data gives the same cases. A case that finds no fitting household is left out.

The union archives need the filing union's worker and the next-higher union's reviewer besides the help centre
(R-FLOW-26, maker-checker); the demo users have only the help centre (union_worker), so `b01_worker` and
`sy_union` are added here with the demo password.

Idempotent: the run writes one audit event "demo.cases" (actor: system); a second call finds it and makes
nothing. Everything is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

MARKER = "demo.cases"
SY_TOWNSHIP = "110113001"  # 胜利街道: sy_worker, sy_worker2 (county 110113: sy_approver)
CY_TOWNSHIP = "110105001"  # 建外街道: cy_worker (county 110105: cy_approver)
SY_UNION = "U110113"  # 顺义区总工会; its help centre U110113-HC is union_worker's
BASE_UNION = "U110113-B01"
# Union staff the archive procedure needs besides the help centre (username, role, union, display name).
UNION_STAFF = [
    ("b01_worker", "case_worker", BASE_UNION, "顺义某汽车零部件公司工会经办人"),
    ("sy_union", "approver", SY_UNION, "顺义区总工会复核人"),
]
INVESTIGATORS = ["李明", "王芳"]
OPINION = {"case_officer": "李明", "office_head": "赵强", "leader": "孙伟"}


def make_demo_cases() -> dict:
    """Make the demo cases once; return how many of each were made ({"dibao": n, "temporary": n,
    "archives": n}; all 0 when they were made before, or when there are no demo households to use yet)."""
    from django.db import transaction
    from django.utils import timezone

    from jiuzhu.core.audit import record
    from jiuzhu.core.models import AuditEvent, Region

    counts = {"dibao": 0, "temporary": 0, "archives": 0}
    if AuditEvent.objects.filter(action=MARKER).exists():
        return counts
    root = Region.objects.filter(code="110000").first()
    if root is None:  # regions not loaded: nothing to make cases in
        return counts
    with transaction.atomic():
        maker = _Maker(timezone.localdate())
        maker.dibao()
        maker.temporary()
        maker.archives()
        maker.payments()
        from jiuzhu.portal.demo import make_demo_applicant

        make_demo_applicant(maker)  # issue 17: the online portal's demo applicant
        counts = {k: len(v) for k, v in maker.made.items()}
        if not any(counts.values()):  # no demo households to work on yet: a later run may make them
            return counts
        record(
            None,
            MARKER,
            root,
            scope_path=root.path,
            after={**counts, "cases": maker.log},
            note=summary(counts),
        )
    return counts


def summary(counts: dict) -> str:
    if not any(counts.values()):
        return "未生成演示案件（此前已生成过，或没有合适的演示家庭）。"
    return (
        f"已创建演示案件：低保 {counts.get('dibao', 0)} 件，临时救助 {counts.get('temporary', 0)} 件，"
        f"困难职工档案 {counts.get('archives', 0)} 件。"
    )


class _Maker:
    def __init__(self, today: dt.date):
        from django.contrib.auth import get_user_model

        from jiuzhu.core.params import params_mapping

        self.T = today
        self.users = {u.username: u for u in get_user_model().objects.all()}
        self.mapping = params_mapping()
        self.used: set[int] = set()
        self._results: dict[tuple[int, str], dict] = {}
        self._facts: dict[int, tuple[dict, dict]] = {}
        self.made: dict[str, list] = {"dibao": [], "temporary": [], "archives": []}
        self.log: list[dict] = []

    def day(self, offset: int) -> dt.date:
        return self.T + dt.timedelta(days=offset)

    def _made(self, kind: str, obj, what: str) -> None:
        obj.refresh_from_db()
        self.made[kind].append(obj)
        self.log.append({"kind": kind, "id": obj.pk, "household": obj.household.number, "what": what})

    # ---- households ----------------------------------------------------------------------------------

    def candidates(self, *, region: str | None = None, union_path: str | None = None, worker: bool = False):
        from django.db.models import Q

        from jiuzhu.registry.models import Household

        qs = Household.objects.filter(number__startswith="D", active=True, near_relative_of_staff=False)
        if region:
            qs = qs.filter(region__code__startswith=region)
        if union_path:
            qs = qs.filter(union_org__path__startswith=union_path)
        else:
            qs = qs.filter(union_org__isnull=True)
        if worker:
            qs = qs.filter(worker__isnull=False)
        busy = (
            Q(dibao_applications__isnull=False) | Q(temporary_cases__isnull=False) | Q(archives__isnull=False)
        )
        busy_ids = set(qs.filter(busy).values_list("pk", flat=True))
        return [
            h
            for h in qs.select_related("region", "union_org").prefetch_related("members").order_by("number")
            if h.pk not in busy_ids
        ]

    def hardship(self, household) -> dict:
        """The engine's 困难职工 result this month for the household as registered, as a deep archive
        without recorded months (cached)."""
        from jiuzhu.policy import Params, assess
        from jiuzhu.registry.documents import to_assessment_input

        key = (household.pk, "hardship")
        if key not in self._results:
            data = to_assessment_input(household, history={"hardship_category": "deep", "months": []})
            out = assess(data, Params.from_mapping(self.mapping), f"{self.T:%Y-%m}")
            self._results[key] = out["programs"]["hardship_worker"]
        return self._results[key]

    def pick(self, households, fits: Callable[[Any], bool]):
        for h in households:
            if h.pk not in self.used and fits(h):
                self.used.add(h.pk)
                return h
        return None

    def dibao_result(self, household, on: dt.date) -> dict:
        """The 低保 result the township review's snapshot will hold (R-FLOW-06): the engine run as
        jiuzhu.dibao.actions.make_snapshot runs it, on the parameters the snapshot stores."""
        from jiuzhu.dibao import actions as d
        from jiuzhu.registry.documents import to_assessment_input

        key = (household.pk, f"dibao {on:%Y-%m}")
        if key not in self._results:
            if household.pk not in self._facts:  # the same for every month: read the household once
                facts = d._json(to_assessment_input(household))
                self._facts[household.pk] = (facts, d._params_for(facts))
            facts, params = self._facts[household.pk]
            self._results[key] = d.assess_snapshot_input(facts, params, f"{on:%Y-%m}")["programs"]["dibao"]
        return self._results[key]

    def dibao_eligible(self, on: dt.date) -> Callable[[Any], bool]:
        return lambda h: bool(self.dibao_result(h, on).get("eligible"))

    # ---- 低保 (R-FLOW-01..16) -------------------------------------------------------------------------

    def dibao(self) -> None:
        from jiuzhu.dibao import actions as d

        w, ap = self.users.get("sy_worker"), self.users.get("sy_approver")
        if w is None or ap is None:
            return
        pool = self.candidates(region=SY_TOWNSHIP)
        eligible = self.dibao_eligible

        # 1. Just applied: the checklist told on the day (R-FLOW-01), one signature so far.
        h = self.pick(pool, eligible(self.T))
        if h:
            app = d.do_create_application(w, h, applied_on=self.day(-1))
            self.sign(w, app, self.day(-1), only_first=True)
            self._made("dibao", app, "刚受理，一次性告知材料清单，签字未齐")
        # 2. Every member signed (R-FLOW-02), submitted.
        h = self.pick(pool, eligible(self.T))
        if h:
            app = self.dibao_case(w, ap, h, "submitted", applied=self.day(-3))
            self._made("dibao", app, "签字齐全，已提交")
        # 3. Verification under way: 6 of the 11 sources answered (R-FLOW-04).
        h = self.pick(pool, eligible(self.T))
        if h:
            app = self.dibao_case(w, ap, h, "verifying", applied=self.day(-7))
            self.verify(w, app, self.day(-2), sources=6)
            self._made("dibao", app, "信息核对中（11个来源已核对6个）")
        # 4. Verification report made; home visit recorded as a draft, to be finalised (R-FLOW-05).
        h = self.pick(pool, eligible(self.T))
        if h:
            app = self.dibao_case(w, ap, h, "visiting", applied=self.day(-12))
            d.do_record_visit(
                w,
                app,
                visited_on=self.day(-1),
                investigators=INVESTIGATORS,
                representative=self.applicant_name(h),
                findings="家庭成员、收入与申报基本一致，住房简陋",
                agrees=True,
                finalise=False,
            )
            self._made("dibao", app, "入户调查（调查记录草稿待定稿）")
        # 5. Review publicity running (R-FLOW-07), one objection still open.
        review = self.day(-3)
        h = self.pick(pool, eligible(review))
        if h:
            app = self.dibao_case(w, ap, h, "review_publicity", applied=self.day(-20), review=review)
            d.do_record_objection(
                w, app, received_on=self.day(-1), content="有群众反映该户有一辆小汽车，请核实"
            )
            self._made("dibao", app, "审核公示中（7天），有一件异议待处理")
        # 6. Reported to the county: sy_approver has a case to approve (R-FLOW-08).
        review = self.day(-12)
        h = self.pick(pool, eligible(review))
        if h:
            app = self.dibao_case(w, ap, h, "county_approval", applied=self.day(-30), review=review)
            self._made("dibao", app, "已报县级民政部门，待审批")
        # 7. Active: approved, approval publicity over, payment started, dynamic review scheduled (R-FLOW-13).
        review = self.day(-45)
        h = self.pick(pool, eligible(review))
        if h:
            app = self.dibao_case(w, ap, h, "active", applied=self.day(-60), review=review)
            self._made("dibao", app, "已批准、公示期满、开始发放，动态复核已排期")
        # 7b. More active cases, paid for some months already, so that the payment rosters have content
        #     (the payments demo below): reviewed 80 to 104 days ago.
        for i in range(9):
            review = self.day(-104 + 3 * i)
            h = self.pick(pool, eligible(review))
            if h:
                app = self.dibao_case(w, ap, h, "active", applied=self.day(-120 + 3 * i), review=review)
                self._made("dibao", app, "在保，按月发放")
        # 8. Active with a job-offer log (R-FLOW-15): two suitable offers refused without good reason.
        review = self.day(-50)
        h = self.pick(pool, lambda h: eligible(review)(h) and self.job_seeker(h, self.T) is not None)
        if h:
            app = self.dibao_case(w, ap, h, "active", applied=self.day(-65), review=review)
            member = self.job_seeker(h, self.T)
            for offered, job in ((-21, "超市理货员（月薪3200元）"), (-7, "社区物业保洁员（月薪2800元）")):
                d.do_record_job_offer(
                    w,
                    app,
                    member=member,
                    offered_on=self.day(offered),
                    via="顺义区公共就业服务中心",
                    job=job,
                    suitable=True,
                    response="refused",
                )
            self._made("dibao", app, "在保，就业推荐记录（连续两次无正当理由拒绝）")
        # 9. Refused: the engine finds income above the standard (snapshot kept), the county refuses (附件6,
        #    R-FLOW-09), the notice delivered (OP-17): the 15-day appeal deadline is running.
        review = self.day(-10)
        h = self.pick(pool, lambda h: self.income_above_standard(h, review))
        if h:
            app = self.dibao_case(w, ap, h, "township_review", applied=self.day(-25), review=review)
            try:
                d.do_township_review(w, app, today=review)
            except d.TransitionRefused:
                pass  # ineligible: the snapshot is kept as the basis of the refusal
            notice = d.do_refuse(
                ap, app, income_exceeds=True, note="家庭人均收入不低于低保标准", today=self.day(-8)
            )
            d.do_record_delivery(w, notice, delivered_on=self.day(-6), deliverer="李明")
            self._made("dibao", app, "不予批准，附件6已送达，申请复查期限进行中")

        # 建外街道 (朝阳区): one case for cy_approver to approve, one active, for the 朝阳 demo users.
        cw, ca = self.users.get("cy_worker"), self.users.get("cy_approver")
        if cw is None or ca is None:
            return
        pool = self.candidates(region=CY_TOWNSHIP)
        review = self.day(-11)
        h = self.pick(pool, eligible(review))
        if h:
            app = self.dibao_case(cw, ca, h, "county_approval", applied=self.day(-28), review=review)
            self._made("dibao", app, "已报县级民政部门，待审批（朝阳区）")
        review = self.day(-40)
        h = self.pick(pool, eligible(review))
        if h:
            app = self.dibao_case(cw, ca, h, "active", applied=self.day(-55), review=review)
            self._made("dibao", app, "在保（朝阳区）")

    def dibao_case(self, worker, approver, household, until: str, *, applied: dt.date, review=None):
        """A new application taken step by step until `until`, on simulated days: the intake steps spread
        between the application and the township review (or today), the review publicity from the review
        day (7 days, R-FLOW-07), the township opinion the day after it ends, approval the day after, the
        approval publicity (OP-04) the next day and payment the day after that one ends."""
        from jiuzhu.dibao import actions as d
        from jiuzhu.dibao.models import TO_PAYMENT

        order = list(TO_PAYMENT)
        target = order.index(until)
        end = review or self.day(-1)
        span = (end - applied).days

        def at(fraction: float) -> dt.date:
            return applied + dt.timedelta(days=int(span * fraction))

        opinion = (review or end) + dt.timedelta(days=7)
        approve = opinion + dt.timedelta(days=1)
        publish = approve + dt.timedelta(days=1)
        pay = publish + dt.timedelta(days=7)

        app = d.do_create_application(worker, household, applied_on=applied)
        steps = [
            lambda: (self.sign(worker, app, applied), d.do_submit(worker, app)),
            lambda: d.do_start_verification(worker, app),
            lambda: (self.verify(worker, app, at(0.3)), d.do_complete_verification(worker, app)),
            lambda: (self.visit(worker, app, at(0.5)), d.do_complete_visit(worker, app)),
            lambda: (self.appraise(worker, app, at(0.7)), d.do_complete_appraisal(worker, app)),
            lambda: d.do_township_review(worker, app, today=review),
            lambda: d.do_township_opinion(worker, app, **OPINION, today=opinion),
            lambda: d.do_report_to_county(worker, app),
            lambda: d.do_approve(
                approver, app, payment_start=approve.replace(day=1), leader="周局长", today=approve
            ),
            lambda: d.do_publish_approval(worker, app, today=publish),
            lambda: d.do_start_payment(worker, app, today=pay),
        ]
        for step in steps[:target]:
            step()
        app.refresh_from_db()
        return app

    def sign(self, worker, app, on: dt.date, only_first: bool = False) -> None:
        """R-FLOW-02: adults sign themselves; for a minor the applicant signs as guardian."""
        from jiuzhu.dibao import actions as d

        applicant = self.applicant_name(app.household)
        members = list(app.household.members.filter(active=True, co_resident=True).order_by("id"))
        for m in members[:1] if only_first and len(members) > 1 else members:
            minor = _age(m.birth_date, on) < 18
            d.do_record_signature(
                worker,
                app,
                member=m,
                capacity="guardian" if minor else "self",
                method="signature",
                guardian_name=applicant if minor else "",
                signed_on=on,
            )

    def verify(self, worker, app, on: dt.date, sources: int | None = None) -> None:
        """R-FLOW-04: one result per source, and the report once all 11 are in."""
        from jiuzhu.dibao import actions as d
        from jiuzhu.dibao.models import Source

        for s in Source.values[:sources]:
            d.do_record_verification(worker, app, source=s, result="未发现与申报不符的情况", checked_on=on)
        if sources is None:
            d.do_make_verification_report(worker, app, summary="家庭经济状况与申报一致", made_on=on)

    def visit(self, worker, app, on: dt.date) -> None:
        from jiuzhu.dibao import actions as d

        d.do_record_visit(
            worker,
            app,
            visited_on=on,
            investigators=INVESTIGATORS,
            representative=self.applicant_name(app.household),
            findings="家庭困难属实，与申请相符",
            agrees=True,
        )

    def appraise(self, worker, app, on: dt.date) -> None:
        from jiuzhu.dibao import actions as d

        d.do_record_appraisal(
            worker,
            app,
            held_on=on,
            participants="社区居民代表7人",
            votes_for=7,
            votes_against=0,
            abstentions=0,
            conclusion="同意上报",
        )

    def applicant_name(self, household) -> str:
        applicant = household.applicant
        return applicant.name if applicant else ""

    def job_seeker(self, household, on: dt.date):
        """A co-resident member of working age (16-59) able to work: the one offered jobs (R-FLOW-15)."""
        for m in household.members.filter(active=True, co_resident=True).order_by("id"):
            if 16 <= _age(m.birth_date, on) < 60 and m.work_capacity == "full":
                return m
        return None

    def income_above_standard(self, household, on: dt.date) -> bool:
        result = self.dibao_result(household, on)
        codes = {r.get("code") for r in result.get("reasons", [])}
        return not result.get("eligible") and codes == {"income_not_below_standard"}

    # ---- 临时救助 (R-FLOW-17..24) ---------------------------------------------------------------------

    def temporary(self) -> None:
        from jiuzhu.temporary import actions as t

        w, ap = self.users.get("sy_worker"), self.users.get("sy_approver")
        if w is None or ap is None:
            return
        pool = self.candidates(region=SY_TOWNSHIP)
        anyone = lambda h: True  # noqa: E731

        # A. Emergency, assisted first (R-FLOW-17) 36 days ago: the registration (R-DOC-18) half filled in,
        #    30 days over, so it is on the overdue list (OP-18).
        h = self.pick(pool, anyone)
        if h:
            case = t.do_create_case(
                w,
                h,
                {
                    "case_type": "emergency",
                    "event_kind": "fire",
                    "event_date": self.day(-37),
                    "severity": "moderate",
                    "event_place": "住宅厨房",
                    "loss": "20000.00",
                },
            )
            t.do_assist_first(
                w,
                case,
                {"amount": "3000.00", "recipient": self.applicant_name(h), "given_on": self.day(-36)},
            )
            t.do_record_registration(
                w,
                case,
                {
                    "reg_recipient": self.applicant_name(h),
                    "reg_reason": "住宅失火，生活用品损毁",
                    "reg_amount": "3000.00",
                },
            )
            self._made("temporary", case, "先行救助，补办登记未完成，已逾期")
        # B. Expenditure (medical), accepted and reviewed: waiting for sy_approver (R-FLOW-20).
        h = self.pick(pool, anyone)
        if h:
            case = self.temporary_case(
                w, h, "expenditure", "medical_spending", self.day(-20), "15000.00", "住院医疗费用票据已核"
            )
            self._made("temporary", case, "支出型（医疗），已审核，待审批")
        # C. Emergency (sudden illness), approved once, paid in instalments (R-FLOW-21): the first paid.
        h = self.pick(pool, anyone)
        if h:
            case = self.temporary_case(
                w, h, "emergency", "sudden_illness", self.day(-25), "30000.00", "急诊及住院费用票据已核"
            )
            t.do_approve(ap, case, note="同意，分三期发放")
            amount = case.amount_fen
            first, second = amount // 3, amount // 3
            plan = [
                {"due": self.day(-2), "amount": _yuan(first)},
                {"due": self.day(28), "amount": _yuan(second)},
                {"due": self.day(58), "amount": _yuan(amount - first - second)},
            ]
            instalments = t.do_plan_instalments(w, case, plan)
            t.do_pay_instalment(
                w, instalments[0], {"recipient": self.applicant_name(h), "given_on": self.day(-2)}
            )
            self._made("temporary", case, "已审批，分三期发放，第1期已发")
        # D. Expenditure (education) of a dibao household: only the necessary expenditure is checked
        #    (R-FLOW-19); approved, paid, referred to education assistance (R-FLOW-23), closed.
        dibao_active = [
            a
            for a in self.made["dibao"]
            if a.status == "active" and a.household.region.code.startswith(SY_TOWNSHIP)
        ]
        h = dibao_active[0].household if dibao_active else self.pick(pool, anyone)
        if h:
            case = self.temporary_case(
                w,
                h,
                "expenditure",
                "education_spending",
                self.day(-30),
                "8000.00",
                "学费、住宿费缴费凭证已核",
                is_dibao=bool(dibao_active),
            )
            t.do_approve(ap, case)
            t.do_register_handout(
                w,
                case,
                {"form": "cash", "amount": _yuan(case.amount_fen), "recipient": self.applicant_name(h)},
            )
            t.do_refer(w, case, {"target": "education", "note": "子女就学，转介教育部门申请助学金"})
            t.do_close(w, case, note="救助金已发放，已转介教育救助")
            self._made("temporary", case, "支出型（教育），已发放并转介教育救助，已办结")

    def temporary_case(
        self, worker, household, case_type, event_kind, event_date, loss, check, *, is_dibao=False
    ):
        """Created, accepted and reviewed by the case worker; amount: the engine's tier amount (R-AMT-04)."""
        from jiuzhu.temporary import actions as t

        case = t.do_create_case(
            worker,
            household,
            {
                "case_type": case_type,
                "event_kind": event_kind,
                "event_date": event_date,
                "severity": "severe" if case_type == "emergency" else "moderate",
                "loss": loss,
                "is_dibao": is_dibao,
            },
        )
        t.do_accept(worker, case)
        data = {"expenditure_check": check}
        if not case.necessary_expenditure_only:
            data["income_property_check"] = "家庭收入和财产已调查，符合临时救助条件"
        if not case.proposed_fen:
            data["amount"] = "2000.00"
        return t.do_review(worker, case, data)

    # ---- 困难职工 (R-FLOW-25..33) ---------------------------------------------------------------------

    def archives(self) -> None:
        from jiuzhu.archives import actions as a
        from jiuzhu.core.models import UnionOrg

        centre = self.users.get("union_worker")
        district = UnionOrg.objects.filter(code=SY_UNION).first()
        if centre is None or district is None:
            return
        pool = self.candidates(union_path=district.path, worker=True)

        # E. The help centre investigating a household of its own (R-FLOW-28): appraisal publicity running.
        h = self.pick(pool, lambda h: h.union_org.code == centre.union_org.code)
        if h:
            archive = a.do_open_archive(
                centre,
                h,
                {
                    "category": self.category(h),
                    "investigation": "入户调查：职工本人因病长期休假，家庭收入下降",
                },
            )
            a.do_record_investigation(
                centre,
                archive,
                {
                    "verification": "appraisal_publicity",
                    "verification_note": "暂无法与民政部门数据比对，经职工代表评议后公示",
                    "publicity_from": self.day(-2),
                    "publicity_to": self.day(4),
                },
            )
            self._made("archives", archive, "入户调查中，评议公示期内")

        base = self.union_staff()
        if base is None:
            return
        b01, higher = base
        below = lambda h: not self.hardship_above(h)  # noqa: E731
        base_pool = [h for h in pool if h.union_org.code == BASE_UNION]
        # F. Filed and active, deep hardship (R-FLOW-26): a living-aid payment (R-FLOW-25, entry deadline
        #    R-PAY-17) and a 送温暖 visit (R-FLOW-33).
        h = self.pick(base_pool, lambda h: self.category(h) == "deep" and below(h)) or self.pick(
            base_pool, below
        )
        if h:
            archive = self.active_archive(b01, higher, centre, h, self.category(h))
            a.do_pay(
                centre,
                h,
                {
                    "project": "living",
                    "amount": "2000.00",
                    "fund_source": "central",
                    "method": "bank",
                },
            )
            worker = h.worker.worker
            a.do_warmth_visit(
                centre,
                h,
                {
                    "visitors": "顺义区总工会、顺义区困难职工帮扶中心",
                    "occasion": "difficulty",
                    "condolence": "500.00",
                    "recipient": worker.name,
                    "work_unit": h.worker.employer or h.union_org.name,
                    "basic_situation": "职工本人患病，家庭收入低于当地低保标准",
                    "contact": worker.phone or h.phone or "010-69440000",
                    "id_number": worker.id_number,
                    "handler": centre.first_name,
                },
            )
            tracks = getattr(h, "plan", None) and h.plan.tracks
            if tracks:
                a.do_track_outcome(
                    centre, h, {"track": tracks[0], "action_taken": "联系帮扶责任人，制定本年度帮扶措施"}
                )
            self._made(
                "archives", archive, f"在档（{archive.get_category_display()}），已发放生活救助，已送温暖"
            )
        # H. Investigated and submitted by the filing union, passed by the district union: waiting for the
        #    help centre (union_worker) to file it (R-FLOW-26).
        h = self.pick(base_pool, below)
        if h:
            archive = a.do_open_archive(
                b01,
                h,
                {"category": self.category(h), "investigation": "入户调查：家庭成员、收入、支出情况已核实"},
            )
            a.do_record_investigation(
                b01,
                archive,
                {"verification": "data_comparison", "verification_note": "与民政部门低收入人口数据比对一致"},
            )
            a.do_submit(b01, archive)
            a.do_review_pass(higher, archive, "复核通过，报帮扶中心备案")
            self._made("archives", archive, "上级工会复核通过，待帮扶中心备案")
        # G. Phase-out (R-ELIG-18), where the demo data has a household registered in deep hardship whose
        #    income is now above the standard: six months above it (five recorded + this month as
        #    registered), found by the engine; the phase-out period from union_phase_out_months.
        h = self.pick(base_pool, lambda h: self.category(h) == "deep" and self.hardship_above(h))
        if h:
            archive = self.active_archive(b01, higher, centre, h, "deep")
            per_capita = self.hardship(h)["per_capita_net_income"]
            month = self.T.replace(day=1)
            for back in range(5, 0, -1):
                a.do_record_month(
                    centre,
                    archive,
                    {"month": _months_before(month, back), "per_capita_income": per_capita},
                )
            if a.out_of_hardship(archive):
                a.do_start_phase_out(centre, archive)
                self._made("archives", archive, "脱困渐退期（连续6个月收入高于低保标准）")
            else:
                self._made("archives", archive, "在档（深度困难），已登记月收入")

    def active_archive(self, base, higher, centre, household, category):
        """R-FLOW-26: the filing union investigates and submits, the next-higher union reviews, the county
        help centre files and activates (maker-checker: three different people)."""
        from jiuzhu.archives import actions as a

        archive = a.do_open_archive(
            base,
            household,
            {"category": category, "investigation": "入户调查：家庭成员、收入、支出情况已核实"},
        )
        a.do_record_investigation(
            base,
            archive,
            {"verification": "data_comparison", "verification_note": "与民政部门低收入人口数据比对一致"},
        )
        a.do_submit(base, archive)
        a.do_review_pass(higher, archive, "复核通过")
        a.do_file(centre, archive)
        return a.do_activate(centre, archive)

    def union_staff(self):
        """The filing union's worker and the district union's reviewer (created once, demo password)."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password

        from jiuzhu.cli import DEMO_PASSWORD
        from jiuzhu.core.models import UnionOrg

        User = get_user_model()
        out, password = [], None
        for username, role, union, name in UNION_STAFF:
            user = self.users.get(username)
            if user is None:
                org = UnionOrg.objects.filter(code=union).first()
                if org is None:
                    return None
                password = password or make_password(DEMO_PASSWORD)  # hashing is slow: once for both
                user = User(username=username, role=role, first_name=name, union_org=org, password=password)
                user.save()
                self.users[username] = user
            out.append(user)
        return tuple(out)

    def payments(self) -> None:
        """Payments (issue 9): each paid 低保 applicant of 顺义 has an account at the agent bank; the roster of two
        months ago is confirmed, allocated, sent and reconciled (one line failed: the account was closed); last
        month's is confirmed and waits for finance (sy_finance); the township's reserve fund got its money."""
        from pathlib import Path

        from django.conf import settings

        from jiuzhu.dibao.models import DibaoApplication
        from jiuzhu.payments import reserve
        from jiuzhu.payments import rosters as r
        from jiuzhu.payments.bankfiles import do_bank_file
        from jiuzhu.payments.returns import do_bank_return
        from jiuzhu.registry.actions import do_set_payee_account

        w, ap, fin = (self.users.get(n) for n in ("sy_worker", "sy_approver", "sy_finance"))
        if not (w and ap and fin):
            return
        active = DibaoApplication.objects.filter(
            status__in=["active", "phase_out"], household__region__path__startswith=self._sy_path()
        ).select_related("household")
        for n, app in enumerate(active.order_by("id"), 1):
            applicant = app.household.applicant
            if applicant is not None and not hasattr(applicant, "account"):
                do_set_payee_account(
                    w, applicant, {"bank": "北京农商银行顺义支行", "account_number": f"62216100{n:08d}"}
                )
        if not active.exists():
            return
        reserve.do_top_up(
            fin, self._township(SY_TOWNSHIP), 5_000_000, self.day(-60), "顺财社〔2026〕12号 备用金拨付"
        )
        this_month = self.T.replace(day=1)
        paid = r.do_make(w, "dibao", f"{_months_before(this_month, 2):%Y-%m}", "110113")
        if not paid.lines.exists():
            return
        r.do_confirm(ap, paid)
        r.do_allocate(fin, paid)
        folder = Path(settings.DATA_DIR) / "bankfiles"
        folder.mkdir(parents=True, exist_ok=True)
        do_bank_file(fin, paid, folder / f"roster-{paid.pk}.csv")
        failed = paid.lines.order_by("seq").last()
        do_bank_return(fin, paid, _demo_return(paid, failed.ref), f"return-{paid.pk}.csv")
        self.log.append({"kind": "payments", "what": "两个月前的低保花名册已发放并对账（一笔失败待补发）"})
        waiting = r.do_make(w, "dibao", f"{_months_before(this_month, 1):%Y-%m}", "110113")
        if waiting.lines.exists():
            r.do_confirm(ap, waiting)
            self.log.append({"kind": "payments", "what": "上月低保花名册已确认，待财务核拨"})

    def _sy_path(self) -> str:
        return self._township(SY_TOWNSHIP).path

    def _township(self, code: str):
        from jiuzhu.core.models import Region

        return Region.objects.get(code=code)

    def category(self, household) -> str:
        return household.worker.hardship_category or "deep"

    def hardship_above(self, household) -> bool:
        """Per-capita net income above the dibao standard (the 困难职工 threshold) this month."""
        from decimal import Decimal

        hw = self.hardship(household)
        income, threshold = hw.get("per_capita_net_income"), hw.get("threshold")
        return income is not None and threshold is not None and Decimal(income) > Decimal(threshold)


def _demo_return(roster, failed_ref: str) -> bytes:
    """The agent bank's return of a demo roster: every line paid, one failed (the account was closed)."""
    rows = ["业务参考号,收款账号,收款户名,金额,状态,失败原因,银行流水号,通知状态"]
    for n, line in enumerate(roster.lines.order_by("seq"), 1):
        failed = line.ref == failed_ref
        rows.append(
            ",".join(
                [
                    line.ref,
                    line.account_number,
                    line.payee_name,
                    line.amount_yuan(),
                    "失败" if failed else "成功",
                    "账户已销户" if failed else "",
                    "" if failed else f"DEMO{roster.pk:04d}{n:05d}",
                    "" if failed else "短信已发送",
                ]
            )
        )
    return ("\n".join(rows) + "\n").encode("utf-8")


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _yuan(fen: int) -> str:
    from jiuzhu.registry.money import yuan

    return yuan(fen)


def _months_before(month: dt.date, n: int) -> dt.date:
    m = month.month - 1 - n
    return dt.date(month.year + m // 12, m % 12 + 1, 1)
