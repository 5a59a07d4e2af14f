"""Lists to XLSX: households (one row each) and audit events, streamed with openpyxl's write-only mode.

Masking (docs/import.md, "导出"): staff exports carry full names, because the lists are for the work itself
(home visits, publicity, rosters) and every export is audited; ID numbers and phone numbers are masked
(110113********0013, 138****8000) unless the user is an administrator.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jiuzhu.accounts.models import Role
from jiuzhu.core.cells import safe_row
from jiuzhu.idnumber import mask_id_number
from jiuzhu.policy.household import COUNTED_KINDS
from jiuzhu.registry import choices as c
from jiuzhu.registry.models import House, IncomeItem, Member, Vehicle, mask_phone

from .codes import label_of

CHUNK = 2000
MAX_CELL = 32000
_ID_IN_TEXT = re.compile(r"(?<![0-9])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9])")
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])(1\d{2})\d{4}(\d{4})(?![0-9])")


def may_see_full_identity(user) -> bool:
    return bool(user.is_superuser or user.role == Role.ADMIN)


# -- filters ------------------------------------------------------------------------------------------------
HOUSEHOLD_PARAMS = ("q", "name", "id_number", "number", "region", "area_type", "hardship", "status")


def search_households(user, params) -> QuerySet:
    """The households of the list page for these GET parameters, inside the user's scope.

    The list's own search (jiuzhu.web: name, id_number = all or the last digits, number, region = code and
    its subtree, area_type, hardship, status = active (default) / closed / all), plus ``q``: a member's name,
    an ID number (all or the last digits) or a household number in one box.
    """
    from jiuzhu.web.forms import HouseholdSearchForm
    from jiuzhu.web.views.households import ID_TAIL, _search

    data = {k: params.get(k) for k in HOUSEHOLD_PARAMS if k != "q" and params.get(k)}
    qs = _search(user, HouseholdSearchForm(data or None, user=user))
    q = (params.get("q") or "").strip()
    if q:
        members = Member.objects.filter(active=True)
        match = members.filter(name__contains=q)
        if ID_TAIL.match(q):
            match = match | members.filter(id_number__endswith=q.upper())
        qs = qs.filter(Q(number__contains=q) | Q(pk__in=match.values("household_id")))
    return qs


def household_filters(params) -> dict[str, str]:
    return {k: params.get(k).strip() for k in HOUSEHOLD_PARAMS if (params.get(k) or "").strip()}


class FilterError(ValueError):
    pass


# The audit page's parameter names first; the short names of the export link too.
AUDIT_PARAMS = {
    "household": "household",
    "actor": "actor",
    "user": "actor",
    "action": "action",
    "date_from": "date_from",
    "start": "date_from",
    "date_to": "date_to",
    "end": "date_to",
}


def audit_filters(params) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in AUDIT_PARAMS.items():
        value = (params.get(key) or "").strip()
        if value and name not in out:
            out[name] = value
    return out


def filter_audit_events(qs: QuerySet, params) -> QuerySet:
    """household = household number; actor (or user) = username; action = an action or its prefix
    ("household"); date_from, date_to (or start, end) = YYYY-MM-DD, both days included, local time."""
    f = audit_filters(params)
    if f.get("household"):
        qs = qs.filter(household__number=f["household"])
    if f.get("actor"):
        qs = qs.filter(actor__username=f["actor"])
    if f.get("action"):
        qs = qs.filter(Q(action=f["action"]) | Q(action__startswith=f["action"].rstrip(".") + "."))
    tz = timezone.get_current_timezone()
    for key, label in (("date_from", _("起始日期")), ("date_to", _("截止日期"))):
        if not f.get(key):
            continue
        try:
            day = dt.date.fromisoformat(f[key])
        except ValueError:
            raise FilterError(
                _("%(field)s“%(value)s”不是日期（应为YYYY-MM-DD）") % {"field": label, "value": f[key]}
            ) from None
        if key == "date_from":
            qs = qs.filter(at__gte=dt.datetime.combine(day, dt.time.min, tz))
        else:
            qs = qs.filter(at__lt=dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tz))
    return qs


# -- writing --------------------------------------------------------------------------------------------------
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        return value if len(value) <= MAX_CELL else value[:MAX_CELL] + "…（已截断）"
    return value


def _workbook(title: str, columns: list[tuple[str, int]]):
    """A write-only workbook with one sheet and its bold header row; `columns` are (header, width)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for i, (_header, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text, _width in columns:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    return wb, ws


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100


HOUSEHOLD_COLUMNS = [
    ("家庭编号", 20),
    ("状态", 8),
    ("地区代码", 14),
    ("所在地区", 12),
    ("申请类别", 10),
    ("申请人", 10),
    ("申请人身份证号码", 20),
    ("联系电话", 14),
    ("家庭人口数", 10),
    ("共同生活人数", 10),
    ("月收入合计(元)", 14),
    ("银行存款(元)", 12),
    ("有价证券(元)", 12),
    ("债权(元)", 12),
    ("房屋数", 8),
    ("车辆船舶数", 10),
    ("近亲属中有低保经办人员或村干部", 12),
    ("现住址", 30),
    ("建档日期", 12),
]


def _count(model, **filters) -> Subquery:
    rows = (
        model.objects.filter(**filters).order_by().values("household_id").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(rows[:1]), 0)


def write_households(queryset: QuerySet, *, unmask: bool = False) -> tuple[bytes, int]:
    """(XLSX bytes, number of households). One row per household; the sums are computed by the database."""
    members = Member.objects.filter(household=OuterRef("pk"), active=True)
    applicant = members.filter(relation=c.Relation.APPLICANT).order_by("id")

    def income(per: str) -> Coalesce:
        rows = (
            IncomeItem.objects.filter(
                member__household=OuterRef("pk"),
                member__active=True,
                kind__in=COUNTED_KINDS,
                per=per,
                amount_fen__isnull=False,
            )
            .order_by()
            .values("member__household")
            .annotate(s=Sum("amount_fen"))
            .values("s")
        )
        return Coalesce(Subquery(rows[:1]), 0)

    qs = (
        queryset.order_by("number")
        .annotate(
            x_applicant_name=Subquery(applicant.values("name")[:1]),
            x_applicant_id=Subquery(applicant.values("id_number")[:1]),
            x_members=_count(Member, household=OuterRef("pk"), active=True),
            x_coresident=_count(Member, household=OuterRef("pk"), active=True, co_resident=True),
            x_month=income(c.Period.MONTH),
            x_year=income(c.Period.YEAR),
            x_houses=_count(House, household=OuterRef("pk")),
            x_vehicles=_count(Vehicle, household=OuterRef("pk")),
        )
        .values_list(
            "number",
            "active",
            "region__code",
            "region__name",
            "area_type",
            "x_applicant_name",
            "x_applicant_id",
            "phone",
            "x_members",
            "x_coresident",
            "x_month",
            "x_year",
            "deposits_fen",
            "securities_fen",
            "receivables_fen",
            "x_houses",
            "x_vehicles",
            "near_relative_of_staff",
            "address",
            "created_at",
        )
    )
    with translation.override("zh-hans"):
        area = {value: label_of(c.AreaType, value) for value in c.AreaType.values}
        wb, ws = _workbook("家庭", HOUSEHOLD_COLUMNS)
        n = 0
        for (
            number,
            active,
            region_code,
            region_name,
            area_type,
            name,
            id_number,
            phone,
            members_n,
            coresident,
            month,
            year,
            deposits,
            securities,
            receivables,
            houses,
            vehicles,
            near,
            address,
            created,
        ) in qs.iterator(chunk_size=CHUNK):
            monthly = month + (year + 6) // 12  # yearly items as a monthly figure, rounded half up to the fen
            ws.append(
                safe_row(
                    ws,
                    [
                        _cell(v)
                        for v in (
                            number,
                            "在册" if active else "已注销",
                            region_code,
                            region_name,
                            area.get(area_type, area_type),
                            name or "",
                            (id_number if unmask else mask_id_number(id_number)) if id_number else "",
                            (phone if unmask else mask_phone(phone)) if phone else "",
                            members_n,
                            coresident,
                            _yuan(monthly),
                            _yuan(deposits),
                            _yuan(securities),
                            _yuan(receivables),
                            houses,
                            vehicles,
                            "是" if near else "否",
                            address,
                            timezone.localtime(created).date() if created else None,
                        )
                    ],
                )
            )
            n += 1
        return _save(wb), n


def export_households_xlsx(queryset: QuerySet, *, unmask: bool = False) -> bytes:
    """One row per household of `queryset` (already limited to what the user may see)."""
    return write_households(queryset, unmask=unmask)[0]


AUDIT_COLUMNS = [
    ("时间", 20),
    ("操作人", 14),
    ("角色", 12),
    ("操作", 22),
    ("对象类型", 20),
    ("对象编号", 10),
    ("家庭编号", 20),
    ("变更前", 60),
    ("变更后", 60),
    ("说明", 30),
]


def mask_text(text: str) -> str:
    """ID numbers and mobile numbers inside free text or JSON, masked as in lists."""
    text = _ID_IN_TEXT.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    return _PHONE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def write_audit_events(queryset: QuerySet, *, unmask: bool = False) -> tuple[bytes, int]:
    qs = queryset.order_by("at", "id").values_list(
        "at",
        "actor__username",
        "actor_role",
        "action",
        "object_type",
        "object_id",
        "household__number",
        "before",
        "after",
        "note",
    )

    def js(value: Any) -> str:
        if value is None:
            return ""
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        return text if unmask else mask_text(text)

    with translation.override("zh-hans"):
        roles = {value: str(label) for value, label in Role.choices}
        wb, ws = _workbook("审计事件", AUDIT_COLUMNS)
        n = 0
        for at, username, role, action, object_type, object_id, number, before, after, note in qs.iterator(
            chunk_size=CHUNK
        ):
            ws.append(
                safe_row(
                    ws,
                    [
                        _cell(v)
                        for v in (
                            timezone.localtime(at).replace(tzinfo=None, microsecond=0),
                            username or "系统",
                            roles.get(role, role),
                            action,
                            object_type,
                            object_id,
                            number or "",
                            js(before),
                            js(after),
                            note if unmask else mask_text(note),
                        )
                    ],
                )
            )
            n += 1
        return _save(wb), n


def export_audit_xlsx(queryset: QuerySet, *, unmask: bool = False) -> bytes:
    return write_audit_events(queryset, unmask=unmask)[0]
