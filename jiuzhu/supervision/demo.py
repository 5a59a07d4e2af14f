"""Demo data of supervision (issue 15: "demo data contains at least one true case of each kind"), made after the
procedure demo cases (jiuzhu/demo_cases.py) on the same demo households of 顺义区:

- a true case for every risk rule. Where the procedures themselves would refuse the situation (an approver
  approving his own case, a payment after the archive was removed) or time must have passed (a deadline gone
  by), the facts are planted by writing the rows, as an import from an older system or the passing of time
  would leave them; where an action can make it (a stop from a month already paid), the action is used;
- the published phones, three complaints (one closed with feedback, one assigned, one anonymous just received),
  an inspection with three findings (rectify by a deadline, referred, a wrongful inclusion with its reason), the
  county's published 低保 budget;
- then the scan as the administrator: every hit a ticket on the to-do list; one confirmed, one dismissed.

Made by the first run of `jiuzhu serve` (and `jiuzhu demo --cases`) after bootstrap's demo cases, which it
leaves as they are for the payments demo: the stopped case's line on a roster still being paid is removed.
Idempotent: one audit event "demo.supervision" (system); a second call finds it and makes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

MARKER = "demo.supervision"
COUNTY, TOWNSHIP = "110113", "110113001"


def make_supervision_demo() -> dict:
    from django.contrib.auth import get_user_model

    from jiuzhu.core.audit import record
    from jiuzhu.core.models import AuditEvent, Region

    if AuditEvent.objects.filter(action=MARKER).exists():
        return {}
    users = {u.username: u for u in get_user_model().objects.all()}
    if "sy_approver" not in users or not Region.objects.filter(code=COUNTY).exists():
        return {}
    made: dict[str, int] = {}
    with transaction.atomic():
        _plant_risks(users, made)
        _complaints(users, made)
        _inspection(users, made)
        _disclosure(users, made)
        region = Region.objects.get(code=COUNTY)
        record(None, MARKER, region, after=made, scope_path=region.path)
    result = _scan(users, made)
    return {**made, **result}


def _paid_cases():
    from jiuzhu.dibao.models import DibaoApplication

    return list(
        DibaoApplication.objects.filter(
            status__in=("active", "phase_out"), household__region__path__contains=f"/{TOWNSHIP}/"
        )
        .select_related("household")
        .order_by("id")
    )


def _plant_risks(users, made) -> None:
    from jiuzhu.archives.models import Archive, UnionAidPayment
    from jiuzhu.core.models import Deadline
    from jiuzhu.dibao.models import DecisionSnapshot
    from jiuzhu.payments.models import RosterLine, StaffRegisterEntry
    from jiuzhu.registry.models import Household, Obligor, PayeeAccount, Vehicle

    cases = _paid_cases()
    if len(cases) < 8:
        return
    past = timezone.localdate() - dt.timedelta(days=10)
    # a stop from a month already paid: the real stop action, the paid line stays on the reconciled roster
    live = RosterLine.objects.filter(roster__status__in=("draft", "confirmed", "allocated", "sent"))
    line = (
        RosterLine.objects.filter(
            status="paid", case_type="dibao.dibaoapplication", case_id__in=[x.pk for x in cases]
        )
        .order_by("-last_month", "id")
        .first()
    )
    if line is not None:
        from jiuzhu.dibao.actions import do_stop

        app = next(x for x in cases if x.pk == line.case_id)
        do_stop(
            users["sy_approver"],
            app,
            stop_month=line.last_month,
            reason="演示：家庭收入超过低保标准（追溯停发）",
        )
        made["paid_after_stop"] = 1
        # its line on a roster still being paid is taken off by the approver (payments' own action), so that the
        # payments demo (last month's roster waiting for finance) goes on without a blocking warning
        from jiuzhu.payments.rosters import Refused, do_remove_line

        for pending in live.filter(case_id=app.pk, status="pending"):
            try:
                do_remove_line(users["sy_approver"], pending, "已停发（演示）")
            except Refused:
                pass
        cases = [x for x in cases if x.pk != app.pk]  # stopped now: not a paid case for the plants below
    pick = iter(cases)

    def nxt():
        return next(pick, None)

    # a village cadre who is the spouse (or another member) of a paid household that is not flagged
    c = nxt()
    m = c.household.members.filter(active=True).exclude(relation="applicant").first() or c.household.applicant
    Household.objects.filter(pk=c.household_id).update(near_relative_of_staff=False)
    StaffRegisterEntry.objects.create(
        name=m.name, id_number=m.id_number, kind="village_cadre", post="村委会委员"
    )
    made["staff_relative_unflagged"] = 1
    # more persons counted than live in the household (a member moved away, the case unchanged)
    c = nxt()
    co = c.household.members.filter(active=True, co_resident=True).count()
    type(c).objects.filter(pk=c.pk).update(opinion_persons=co + 1)
    made["departed_still_paid"] = 1
    # one person: an active member here, and counted as living with another household there
    a, b = nxt(), nxt()
    person = a.household.applicant
    Obligor.objects.create(
        household=b.household,
        name=person.name,
        id_number=person.id_number,
        sex=person.sex,
        birth_date=person.birth_date,
        relation="子女",
        hukou_region=COUNTY,
        co_resident=True,
        supports=b.household.applicant,
    )
    made["id_in_two_households"] = 1
    # the account of one payee registered for another household's payee too
    accounts = list(
        PayeeAccount.objects.filter(member__household__in=[x.household_id for x in cases]).order_by("id")
    )
    if len(accounts) >= 2:
        PayeeAccount.objects.filter(pk=accounts[1].pk).update(account_number=accounts[0].account_number)
        made["shared_account"] = 1
    # three recipient households at one address
    for x in cases[-3:]:
        Household.objects.filter(pk=x.household_id).update(address="胜利街道幸福家园小区8号楼")
    made["crowded_address"] = 1
    # a car on a paid household
    c = nxt()
    Vehicle.objects.create(household=c.household, kind="car", model="丰田凯美瑞", plate="京N·D1234")
    made["assets_contradict"] = 1
    # the income of the last assessment doubled (a new snapshot, as a reassessment would store)
    c = nxt()
    last = DecisionSnapshot.objects.filter(application=c).order_by("-id").first()
    if last is not None:
        result = dict(last.result)
        dibao = dict((result.get("programs") or {}).get("dibao") or {})
        pc = str(dibao.get("per_capita_income") or "600.00")
        whole, _, frac = pc.partition(".")
        fen = int(whole) * 100 + int((frac + "00")[:2])
        dibao["per_capita_income"] = f"{fen * 2 // 100}.{fen * 2 % 100:02d}" if fen else "900.00"
        result["programs"] = {**result.get("programs", {}), "dibao": dibao}
        if fen == 0:
            dibao_old = dict(dibao, per_capita_income="300.00")
            DecisionSnapshot.objects.filter(pk=last.pk).update(
                result={**result, "programs": {**result["programs"], "dibao": dibao_old}}
            )
        DecisionSnapshot.objects.create(
            application=c,
            purpose="reassess",
            at=f"{timezone.localdate():%Y-%m}",
            facts=last.facts,
            params=last.params,
            params_digest=last.params_digest,
            engine_version=last.engine_version,
            result=result,
        )
        made["income_change"] = 1
    # deadlines gone by: a dynamic review, a delivery, a publicity, a union archive review
    for kind, rule in (
        ("dynamic_review", "review_overdue"),
        ("delivery:", "delivery_overdue"),
        ("publicity_", "publicity_overdue"),
        ("archive.review", "archive_review_overdue"),
    ):
        d = (
            Deadline.objects.filter(met_at__isnull=True, kind__startswith=kind, household__isnull=False)
            .order_by("id")
            .first()
        )
        if d is not None:
            Deadline.objects.filter(pk=d.pk).update(due=past)
            made[rule] = 1
    # union aid not entered in the national system by its deadline
    p = UnionAidPayment.objects.filter(entered_national_on__isnull=True).order_by("id").first()
    if p is not None:
        UnionAidPayment.objects.filter(pk=p.pk).update(entry_due=past)
        made["national_entry_late"] = 1
    # union aid paid after the archive was removed (planted: the action refuses it)
    p = UnionAidPayment.objects.order_by("-id").first()
    if p is not None:
        Archive.objects.filter(pk=p.archive_id).update(
            status="removed",
            removed_on=p.paid_on - dt.timedelta(days=1),
            removal_reason="演示：撤档后仍有支出",
        )
        made["union_paid_after_removal"] = 1
    # approved by its preparer, and approved by a member of the household (planted: the procedure refuses both)
    c = nxt()
    if c is not None:
        type(c).objects.filter(pk=c.pk).update(
            approver=c.created_by or users["sy_approver"], created_by=c.created_by or users["sy_approver"]
        )
        made["approved_by_preparer"] = 1
    c = nxt()
    if c is not None and c.approver_id:
        approver = c.approver
        member = (
            c.household.members.filter(active=True).exclude(relation="applicant").first()
            or c.household.applicant
        )
        if not approver.id_number:
            approver.id_number = member.id_number
            approver.save(update_fields=["id_number"])
            made["approved_by_relative"] = 1


def _complaints(users, made) -> None:
    from jiuzhu.core.models import Region

    from . import complaints as cp
    from .models import Hotline

    sy, township = Region.objects.get(code=COUNTY), Region.objects.get(code=TOWNSHIP)
    Hotline.objects.create(region=sy, kind="service", number="12345", hours="全天")
    Hotline.objects.create(region=sy, kind="supervision", number="010-69443322", hours="工作日 8:30—17:30")
    Hotline.objects.create(region=township, kind="township", number="010-69421234", hours="工作日 8:30—17:30")
    w, w2, ap = users["sy_worker"], users.get("sy_worker2") or users["sy_worker"], users["sy_approver"]
    today = timezone.localdate()
    base = {"kind": "complaint", "channel": "hotline", "about": "staff", "region": TOWNSHIP}
    c = cp.do_receive(
        w,
        {
            **base,
            "content": "申请低保一个多月没有消息",
            "staff_name": "街道经办人",
            "reporter_name": "刘桂兰",
            "reporter_phone": "13910001000",
            "received_on": (today - dt.timedelta(days=20)).isoformat(),
        },
    )
    cp.do_assign(ap, c, w2)
    cp.do_investigate(w2, c)
    cp.do_answer(
        w2,
        c,
        findings="材料已于上周补齐，已进入审核公示",
        substantiated=False,
        reply="您的申请正在审核公示，公示期满后报区民政局审批",
        replied_on=today - dt.timedelta(days=5),
    )
    cp.do_close(
        w2, c, feedback="satisfied", note="电话回访，表示满意", closed_on=today - dt.timedelta(days=3)
    )
    c = cp.do_receive(
        w,
        {
            **base,
            "kind": "report",
            "channel": "letter",
            "about": "household",
            "content": "某户家中开网店，收入较高仍领低保",
            "reporter_name": "赵刚",
            "reporter_address": "胜利街道建新南区3号楼",
            "received_on": (today - dt.timedelta(days=6)).isoformat(),
        },
    )
    cp.do_assign(ap, c, w)
    cp.do_receive(
        None,
        {
            "kind": "report",
            "about": "fund",
            "region": TOWNSHIP,
            "anonymous": "1",
            "fund": "2026年临时救助资金",
            "content": "村里有人反映临时救助金被村干部代领",
        },
    )
    made["complaints"] = 3


def _inspection(users, made) -> None:
    from . import inspections as ins

    ap = users["sy_approver"]
    year = timezone.localdate().year
    i = ins.do_open_inspection(
        ap,
        {
            "title": f"{year}年顺义区社会救助资金专项检查",
            "kind": "special",
            "region": COUNTY,
            "programme": "低保、临时救助",
            "period_from": f"{year}-01-01",
            "period_to": f"{year}-12-31",
            "lead_unit": "顺义区民政局、顺义区财政局",
        },
    )
    ins.do_record_finding(
        ap,
        i,
        {
            "category": "procedure",
            "gravity": "minor",
            "description": "部分入户调查表缺调查人签字",
            "responsible": "胜利街道社会救助经办岗",
            "rectify_by": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    f = ins.do_record_finding(
        ap,
        i,
        {
            "category": "withholding",
            "gravity": "disciplinary",
            "description": "某村报账员截留一户两个月低保金",
            "responsible": "某村报账员",
        },
    )
    ins.do_refer(ap, f, to="顺义区纪委监委")
    ins.do_record_finding(
        ap,
        i,
        {
            "category": "wrongful_inclusion",
            "gravity": "minor",
            "tolerance": "objective",
            "description": "子女收入核算口径错误，一户不符合条件被纳入",
            "responsible": "胜利街道审核岗",
            "rectify_by": (timezone.localdate() + dt.timedelta(days=15)).isoformat(),
        },
    )
    made["inspection_findings"] = 3


def _disclosure(users, made) -> None:
    from jiuzhu.core.models import Region

    from .disclosure import do_publish_budget

    do_publish_budget(
        users.get("sy_finance") or users["sy_approver"],
        Region.objects.get(code=COUNTY),
        timezone.localdate().year,
        "dibao",
        1_200_000_000,
        "顺财社〔2026〕3号",
    )
    made["budgets"] = 1


def _scan(users, made) -> dict:
    from .actions import do_confirm, do_dismiss
    from .models import RiskWarning
    from .scan import run_scan

    result = run_scan(users["admin"])
    w = RiskWarning.objects.filter(rule="paid_after_stop", status="open").first()
    if w is not None:
        do_confirm(
            users["sy_worker"], w, action="recovery", reason="停发后多发一个月，已通知退回", amount_fen=100000
        )
    w = RiskWarning.objects.filter(rule="crowded_address", status="open").first()
    if w is not None:
        do_dismiss(users["sy_worker"], w, reason="该地址为公租房小区，多户分别居住，经入户核实")
    return {"warnings": result.run.opened}
