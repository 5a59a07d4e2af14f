"""Union tables: the real-name payout sheet (R-DOC-15), the 送温暖 real-name table (R-DOC-16), the
real-name summary of the central special fund (R-DOC-14), and the payment notice to a recipient (R-DOC-17).

`table_context` takes plain rows, so the payment modules can fill it from whatever they store; the
`payment_rows` builder reads jiuzhu.archives' UnionAidPayment where that model exists.
These are internal finance records: ID numbers are printed in full (the recipient signs beside them).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from jiuzhu.registry.money import yuan

from .context import ymd

PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Period:
    """A calendar year ("2026") or month ("2026-01") of payments or visits."""

    code: str
    first: dt.date
    last: dt.date
    label: str


def parse_period(code: str) -> Period:
    found = PERIOD.match(code or "")
    if not found:
        raise ValueError(f"期间应为年份（2026）或年月（2026-01）：{code}")
    year, month = int(found.group(1)), found.group(2)
    if not 2000 <= year <= 2100:
        raise ValueError(f"年份超出范围：{year}")
    if month is None:
        return Period(code, dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"月份应为01至12：{month}")
    return Period(
        code, dt.date(year, m, 1), dt.date(year, m, calendar.monthrange(year, m)[1]), f"{year}年{m}月"
    )


def union_in_scope(user, org) -> bool:
    """A union user prints the tables of his union's subtree (a help centre: its parent union's subtree,
    as in jiuzhu.archives); outside it the answer is 404."""
    if user.is_superuser:
        return True
    if user.role == "applicant" or not user.is_active:
        return False
    from jiuzhu.accounts.scope import union_base

    base = union_base(user)
    return base is not None and org.path.startswith(base.path)


def table_context(unit_name: str, rows: list[dict[str, Any]], *, title: str = "", period: str = "") -> dict:
    """rows: dicts with name, id_number, amount_fen and (payout) project, date, handler or (送温暖) work_unit,
    situation, contact."""
    total = sum(int(r.get("amount_fen") or 0) for r in rows)
    out = []
    for r in rows:
        row = {k: ("" if v is None else str(v)) for k, v in r.items() if k != "amount_fen"}
        row["amount"] = yuan(r.get("amount_fen")) if r.get("amount_fen") is not None else ""
        out.append(row)
    return {
        "table": {"unit_name": unit_name, "title": title, "period": period, "rows": out, "total": yuan(total)}
    }


def _recipient(household):
    """The hardship worker the union aid is paid to (R-REG-13), else the household's applicant."""
    info = getattr(household, "worker", None) if hasattr(household, "worker") else None
    return info.worker if info is not None else household.applicant


def payment_rows(payments) -> list[dict[str, Any]]:
    """Rows of the real-name payout sheet from UnionAidPayment records (jiuzhu.archives), cash or transfer."""
    rows = []
    for p in payments:
        person = _recipient(p.household)
        handler = (p.created_by.get_full_name() or p.created_by.username) if p.created_by_id else ""
        rows.append(
            {
                "name": person.name if person else "",
                "id_number": person.id_number if person else "",
                "project": p.get_project_display(),
                "amount_fen": p.amount_fen,
                "date": p.paid_on.isoformat(),
                "handler": handler,
            }
        )
    return rows


def warmth_rows(visits) -> list[dict[str, Any]]:
    """Rows of the 送温暖 real-name table (R-DOC-16) from WarmthVisit records (jiuzhu.archives)."""
    return [
        {
            "name": v.recipient,
            "work_unit": v.work_unit,
            "situation": v.basic_situation,
            "contact": v.contact,
            "id_number": v.id_number,
            "amount_fen": v.condolence_fen,
            "date": v.visited_on.isoformat(),
            "handler": v.handler,
        }
        for v in visits
    ]


def payout_context(org, period: Period) -> dict:
    """R-DOC-15: every union aid payment of the archives filed by `org` or a union below it, in the period."""
    return table_context(org.name, payment_rows(_union_payments(org, period)), period=period.label)


def warmth_context(org, period: Period) -> dict:
    """R-DOC-16: the 送温暖 visits with a condolence payment, by the archive's filing union (or, for a
    household without an archive, its union) in `org`'s subtree, in the period. Visits without money are
    not payouts and are left off the table."""
    from django.db.models import Q

    from jiuzhu.archives.models import WarmthVisit

    visits = WarmthVisit.objects.filter(
        Q(archive__union_org__path__startswith=org.path)
        | Q(archive__isnull=True, household__union_org__path__startswith=org.path),
        visited_on__range=(period.first, period.last),
        condolence_fen__gt=0,
    ).order_by("visited_on", "id")
    return table_context(org.name, warmth_rows(visits), period=period.label)


def _union_payments(org, period: Period):
    """UnionAidPayment of the archives filed by `org` or a union below it, paid in the period (the scope
    rule of the R-DOC-15 payout sheet)."""
    from jiuzhu.archives.models import UnionAidPayment

    return (
        UnionAidPayment.objects.filter(
            archive__union_org__path__startswith=org.path, paid_on__range=(period.first, period.last)
        )
        .select_related("household__worker__worker", "created_by")
        .prefetch_related("household__members")
        .order_by("paid_on", "id")
    )


def _project_names(codes) -> str:
    """Projects in the order of UnionAidPayment.Project, joined: 生活救助、医疗救助."""
    from jiuzhu.archives.models import UnionAidPayment

    return "、".join(str(label) for value, label in UnionAidPayment.Project.choices if value in codes)


def central_summary_context(org, period: Period) -> dict:
    """R-DOC-14 中央财政专项帮扶资金实名制汇总表: the payments from the central special fund (fund source
    `central`, R-PAY-22) of `org`'s subtree in the year, one row per household: the recipient's name and
    full ID number (an internal finance record, as the payout sheet), the projects, the number of payments
    and their total."""
    from jiuzhu.archives.models import UnionAidPayment

    households: dict[int, dict] = {}
    for p in _union_payments(org, period).filter(fund_source=UnionAidPayment.FundSource.CENTRAL):
        row = households.get(p.household_id)
        if row is None:
            person = _recipient(p.household)
            row = households[p.household_id] = {
                "name": person.name if person else "",
                "id_number": person.id_number if person else "",
                "codes": set(),
                "count": 0,
                "amount_fen": 0,
            }
        row["codes"].add(p.project)
        row["count"] += 1
        row["amount_fen"] += p.amount_fen
    rows = [
        {
            "no": i,
            "name": r["name"],
            "id_number": r["id_number"],
            "projects": _project_names(r["codes"]),
            "count": r["count"],
            "amount_fen": r["amount_fen"],
        }
        for i, r in enumerate(households.values(), 1)
    ]
    ctx = table_context(org.name, rows, period=period.label)
    ctx["table"]["households"] = str(len(rows))
    ctx["table"]["count"] = str(sum(r["count"] for r in rows))
    ctx["table"]["fund_source"] = str(UnionAidPayment.FundSource.CENTRAL.label)
    return ctx


def union_table_context(kind_code: str, org, period: Period) -> dict:
    builders = {
        "union_payment": payout_context,
        "warmth": warmth_context,
        "central_summary": central_summary_context,
    }
    return builders[kind_code](org, period)


def issuing_union(archive):
    """Who notifies the recipient (R-DOC-17): the help centre that filed the archive and pays the aid
    (总工发〔2015〕20号 第八条: 帮扶中心…通知困难职工家庭), else the union that opened the archive."""
    return archive.filed_at if archive.filed_at_id else archive.union_org


def notice_context(archive, period: Period) -> dict:
    """R-DOC-17 工会帮扶资金发放告知书 for one archive and a year or month. DEFAULT (R-DOC-17): all four
    items: for each project the number of payments, the exact date and amount of each, and its amount;
    then the total. Addressed to the hardship worker (else the applicant); no ID number: it goes to the
    person himself."""
    from jiuzhu.archives.models import UnionAidPayment

    payments = (
        archive.payments.filter(paid_on__range=(period.first, period.last))
        .select_related("household__worker__worker")
        .order_by("paid_on", "id")
    )
    by_project: dict[str, list] = {}
    for p in payments:
        by_project.setdefault(p.project, []).append(p)
    projects = []
    for code, label in UnionAidPayment.Project.choices:  # a fixed order, whatever was paid first
        paid = by_project.get(code)
        if not paid:
            continue
        lines = [
            {
                "date": ymd(p.paid_on)["text"],
                "amount": yuan(p.amount_fen),
                "method": p.get_method_display(),
            }
            for p in paid
        ]
        projects.append(
            {
                "project": str(label),
                "count": str(len(paid)),
                "payments": lines,
                "payments_text": "；".join(f"{x['date']} {x['amount']}元" for x in lines),
                "amount": yuan(sum(p.amount_fen for p in paid)),
            }
        )
    household = archive.household
    person = _recipient(household)
    info = getattr(household, "worker", None) if hasattr(household, "worker") else None
    union = issuing_union(archive)
    return {
        "notice": {
            "recipient": person.name if person else "",
            "archive_number": archive.number,
            "employer": info.employer if info is not None else "",
            "period": period.label,
            "projects": projects,
            "count": str(sum(len(v) for v in by_project.values())) if projects else "",
            "total": yuan(sum(p.amount_fen for v in by_project.values() for p in v)) if projects else "",
            "union": union.name if union else "",
        }
    }
