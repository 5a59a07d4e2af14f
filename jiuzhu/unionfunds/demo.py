"""Demo data of the union funds, made through the real actions by demo users of each department: ACFTU's
and 北京市总工会's central aid funds and a year's allocations (the national plan, the province's plan to the
help centres), a donation fund with its own rules, the provincial standards, aid payments to archived
households, a 送温暖 payment, a cash day closed and a close that did not balance, the year-end reports and a
finding; the co-funded share of relative and accident-induced aid from a local-finance fund (R-AMT-12), the
province's 送温暖 standard (R-AMT-15) and a written notice of bank payments (R-PAY-14). Idempotent: nothing is
made when ACFTU's central fund exists. Made by the first run of `jiuzhu serve` and by `jiuzhu demo --cases`
(jiuzhu/cli.py, after the demo cases and supervision's demo), or `jiuzhu manage unionfunds_demo`."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from jiuzhu.archives.models import PAYABLE_STATUSES, Archive
from jiuzhu.core.models import UnionOrg
from jiuzhu.core.workflow import TransitionRefused

from . import approvals, bank, cash, findings, ledger, pay, plans, yearend
from . import warmth as warmth_rules
from .models import Fund

USERS = [  # username, role, union, display name
    ("acftu_rights", "approver", "ACFTU", "全总权益保障部"),
    ("acftu_finance", "finance", "ACFTU", "全总财务部"),
    ("bj_rights", "approver", "U110000", "北京市总工会权益保障部"),
    ("bj_finance", "finance", "U110000", "北京市总工会财务部"),
    ("bj_audit", "auditor", "U110000", "北京市总工会经审办"),
    ("sy_union_finance", "finance", "U110113", "顺义区总工会财务部"),
]


def _users() -> dict:
    from jiuzhu.cli import DEMO_PASSWORD

    User = get_user_model()
    out = {}
    for username, role, code, name in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username,
                password=DEMO_PASSWORD,
                role=role,
                union_org=UnionOrg.objects.get(code=code),
                first_name=name,
            )
        out[username] = user
    out["centre"] = User.objects.get(username="union_worker")
    return out


def make_demo() -> dict:
    org = {o.code: o for o in UnionOrg.objects.all()}
    if (
        "ACFTU" not in org
        or Fund.objects.filter(union_org=org["ACFTU"], programme="aid", source="central").exists()
    ):
        return {"made": False}
    u = _users()
    today = timezone.localdate()
    year = today.year
    received = max(dt.date(year, 1, 5), today - dt.timedelta(days=60))
    acftu = ledger.do_open_fund(u["acftu_finance"], org["ACFTU"], {"programme": "aid", "source": "central"})
    ledger.do_receive(
        u["acftu_finance"],
        acftu,
        {"amount": "3000000.00", "counterparty": "财政部", "reference": f"财社〔{year}〕8号", "on": received},
    )
    national = plans.do_draft(
        u["acftu_rights"],
        org["ACFTU"],
        {
            "year": year,
            "budget": "1000000.00",
            "price_index": "102.0",
            "deep_weight": "1.5",
            "central_share": "60",
        },
    )
    plans.do_adopt(u["acftu_rights"], national, f"全总党组会议纪要〔{year}〕3号")
    plans.do_execute(u["acftu_finance"], national, on=received)
    plans.do_file(u["acftu_rights"], national, f"总工帮〔{year}〕1号")
    province = plans.do_draft(
        u["bj_rights"],
        org["U110000"],
        {"year": year, "budget": "600000.00", "received_on": received, "deep_weight": "1.5"},
    )
    for item in province.items.all():  # the demo splits evenly whatever the archives proposed
        plans.do_set_item(u["bj_rights"], province, item.to_union, {"amount": "300000.00"})
    plans.do_adopt(u["bj_rights"], province, f"市总工会党组会议纪要〔{year}〕5号")
    plans.do_execute(u["bj_finance"], province)
    donations = ledger.do_open_fund(
        u["sy_union_finance"],
        org["U110113-HC"],
        {"programme": "aid", "source": "donations", "projects": ["education"]},
    )
    ledger.do_receive(
        u["sy_union_finance"],
        donations,
        {"amount": "50000.00", "counterparty": "顺义某汽车零部件公司", "reference": "捐赠协议2026-01"},
    )
    warmth = ledger.do_open_fund(
        u["sy_union_finance"], org["U110113"], {"programme": "warmth", "source": "union_funds"}
    )
    ledger.do_receive(
        u["sy_union_finance"],
        warmth,
        {"amount": "20000.00", "counterparty": "顺义区总工会", "reference": "工会经费"},
    )
    approvals.do_set_standard(
        u["bj_rights"],
        org["U110000"],
        {
            "project": "living",
            "amount": "6300.00",
            "valid_from": f"{year}-01-01",
            "basis": "参照本市低保标准",
            "price_index": "102.0",
        },
    )
    warmth_rules.do_set_standard(  # R-AMT-15: the province's 送温暖 standard and approval authority
        u["bj_rights"],
        org["U110000"],
        {
            "amount": "800.00",
            "max": "1500.00",
            "approver": "leadership",
            "valid_from": f"{year}-01-01",
            "basis": "参照本市居民生活水平和物价指数",
            "reference": f"京工发〔{year}〕9号",
        },
    )
    central_sy = Fund.objects.get(union_org=org["U110113-HC"], programme="aid", source="central")
    local_sy = ledger.do_open_fund(  # bears its share of the co-funded aid (R-AMT-12)
        u["sy_union_finance"], org["U110113-HC"], {"programme": "aid", "source": "local_finance"}
    )
    ledger.do_receive(
        u["sy_union_finance"],
        local_sy,
        {"amount": "100000.00", "counterparty": "顺义区财政局", "reference": f"顺财社〔{year}〕2号"},
    )
    archives = list(
        Archive.objects.filter(
            status__in=PAYABLE_STATUSES, household__union_org__path__startswith=org["U110113"].path
        )[:3]
    )
    yesterday = today - dt.timedelta(days=1)
    cash.do_draw(u["sy_union_finance"], org["U110113-HC"], {"amount": "2000.00", "on": yesterday})
    paid = 0
    for i, archive in enumerate(archives):
        h = archive.household
        try:
            pay.do_pay(
                u["centre"],
                central_sy,
                h,
                {"project": "living", "use": "basic_living", "amount": "1500.00", "co_fund": local_sy.pk},
            )
            if i == 0:
                payee = pay.payee_of(h)
                pay.do_pay(
                    u["centre"],
                    central_sy,
                    h,
                    {
                        "project": "medical",
                        "use": "serious_illness",
                        "amount": "800.00",
                        "self_paid_share": "2000.00",
                        "co_fund": local_sy.pk,
                        "method": "cash",
                        "cash_reason": "bedridden",
                        "paid_on": yesterday,
                        "collector_name": payee.name,
                        "collector_id_number": payee.id_number,
                        "recipient_signed": "on",
                        "counted": "on",
                    },
                )
                pay.do_pay(
                    u["centre"],
                    warmth,
                    h,
                    {
                        "use": "condolence",
                        "amount": "500.00",
                        "payee_name": payee.name,
                        "payee_id_number": payee.id_number,
                        "recipient_group": "illness_disaster",
                    },
                )
            paid += 1
        except TransitionRefused:
            continue
    if paid:  # R-PAY-14: the written notice of the month's bank payments to the first household
        first = archives[0].household
        try:
            bank.do_make_notice(
                u["centre"],
                org["U110113"],
                first,
                {"period_start": today.replace(day=1).isoformat(), "period_end": today.isoformat()},
            )
        except TransitionRefused:
            pass
    book = cash.book_fen(org["U110113-HC"], yesterday)
    cash.do_close_day(
        u["sy_union_finance"], org["U110113-HC"], {"day": yesterday, "counted": f"{book / 100:.2f}"}
    )
    cash.do_draw(u["sy_union_finance"], org["U110113-HC"], {"amount": "500.00"})
    try:  # today's close does not balance: 20.00 short
        cash.do_close_day(
            u["sy_union_finance"],
            org["U110113-HC"],
            {"counted": f"{(cash.book_fen(org['U110113-HC']) - 2000) / 100:.2f}"},
        )
    except TransitionRefused:
        pass
    yearend.do_open_year(u["bj_rights"], org["U110000"], year)
    findings.do_record(
        u["bj_audit"],
        {
            "fund": central_sy.pk,
            "kind": "other",
            "description": "抽查发现两笔支出未附领款人身份证复印件",
            "rectify_by": (today + dt.timedelta(days=30)).isoformat(),
        },
    )
    return {"made": True, "paid_households": paid}
