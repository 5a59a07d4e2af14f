"""The reports (issue 16 item 2): each a list of sections — a table, and a chart drawn from the same numbers.

A report reads the snapshot through a Cube (the viewer's scope, period, region subtree, programme). Every
number shown is an integer count or integer fen shown in 元; the XLSX export and the API give the same table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.registry.money import yuan

from .cube import Cube, Filters, current_snapshot, is_fresh, months


@dataclass
class Money:
    fen: int

    def __str__(self) -> str:
        return yuan(self.fen)

    @property
    def export(self) -> Decimal:
        return Decimal(self.fen) / 100

    @property
    def json(self) -> str:
        return yuan(self.fen)


@dataclass
class Share:
    part: int
    whole: int

    def __str__(self) -> str:
        if not self.whole:
            return "—"
        tenths = (self.part * 1000 + self.whole // 2) // self.whole
        return f"{tenths // 10}.{tenths % 10}%"

    @property
    def export(self) -> str:
        return str(self)

    json = export


@dataclass
class Number:
    """A decimal figure (a performance target or reading), shown without trailing zeros."""

    value: Decimal

    def __str__(self) -> str:
        text = f"{self.value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    @property
    def export(self) -> Decimal:
        return self.value

    json = property(__str__)


@dataclass
class Ratio:
    """part ÷ whole as a percentage with one decimal, rounded half up (Decimal, no float)."""

    part: Decimal
    whole: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.whole:
            return None
        return (Decimal(self.part) * 100 / Decimal(self.whole)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def __str__(self) -> str:
        return "—" if self.percent is None else f"{self.percent}%"

    export = property(__str__)
    json = export


@dataclass
class Linked:
    """A count that links to the list of exactly what it counts (lists.py)."""

    value: int
    url: str

    def __str__(self) -> str:
        return str(self.value)

    @property
    def export(self) -> int:
        return self.value

    json = export


def list_url(slug: str, f: Filters, **params) -> str:
    from django.urls import reverse
    from django.utils.http import urlencode

    query = {k: v for k, v in params.items() if v}
    if f.region is not None:
        query["region"] = f.region.code
    if f.programme:
        query["programme"] = f.programme
    return reverse("reports:list", args=[slug]) + ("?" + urlencode(query) if query else "")


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list]
    chart: dict | None = None
    note: str = ""
    rid: str = ""
    index: int = 0

    @property
    def drawn(self) -> bool:
        """A chart is drawn when it has something to show (an empty one would be a blank frame)."""
        if not self.chart or not self.chart["categories"]:
            return False
        return any(v and v != "0" for series in self.chart["series"] for v in series["data"])

    @property
    def chart_id(self) -> str:
        return f"chart-{self.index}"

    def json_rows(self) -> list[list]:
        return [
            [c.json if hasattr(c, "json") else c if isinstance(c, int) else str(c) for c in row]
            for row in self.rows
        ]


@dataclass
class ReportDef:
    slug: str
    title: str
    rid: str
    build: Callable
    programmes: list = field(default_factory=list)
    union: bool = False
    note: str = ""


@dataclass
class Result:
    slug: str
    title: str
    rid: str
    sections: list[Section]
    snapshot: object
    fresh: bool
    filters: Filters
    programmes: list

    @property
    def filter_text(self) -> str:
        f = self.filters
        region = f.region.name if f.region else _("全部辖区")
        programme = dict(self.programmes).get(f.programme, _("全部")) if f.programme else _("全部")
        return _("统计期：%(start)s至%(end)s；地区：%(region)s；项目：%(programme)s；数据截至%(at)s") % {
            "start": f"{f.start:%Y-%m}",
            "end": f"{f.end:%Y-%m}",
            "region": region,
            "programme": programme,
            "at": f"{timezone.localtime(self.snapshot.built_at):%Y-%m-%d %H:%M}",
        }

    def as_json(self) -> dict:
        f = self.filters
        return {
            "report": self.slug,
            "title": str(self.title),
            "requirement": self.rid,
            "period": {"from": f"{f.start:%Y-%m}", "to": f"{f.end:%Y-%m}"},
            "region": f.region.code if f.region else None,
            "programme": f.programme or None,
            "as_of": timezone.localtime(self.snapshot.built_at).isoformat(),
            "fresh": self.fresh,
            "sections": [
                {
                    "title": str(s.title),
                    "requirement": s.rid,
                    "header": [str(h) for h in s.header],
                    "rows": s.json_rows(),
                    "chart": s.chart,
                    "note": str(s.note),
                }
                for s in self.sections
            ],
        }


def chart(kind: str, categories, series: dict, unit: str = "", stack: bool = False) -> dict:
    return {
        "kind": kind,
        "categories": [str(c) for c in categories],
        "series": [{"name": str(name), "data": list(data)} for name, data in series.items()],
        "unit": str(unit),
        "stack": stack,
    }


def _split(values: dict, keys) -> list:
    """[value per key…, total]"""
    row = [values.get(k, 0) for k in keys]
    return [*row, sum(values.values()) if not keys else sum(row)]


def _ym(m: dt.date) -> str:
    return f"{m:%Y-%m}"


def _last_month(cube: Cube) -> dt.date:
    """The end of the period, or the snapshot's month when the period ends later (no figures after it)."""
    snap_month = cube.snap.as_of.replace(day=1)
    return min(cube.filters.end, snap_month)


# ---- 低保 (R-RPT-10) ---------------------------------------------------------------------------------------

AREAS = [("urban", gettext_lazy("城市")), ("rural", gettext_lazy("农村"))]


def _dibao(user, f: Filters) -> list[Section]:
    from jiuzhu.dibao.models import Appeal

    cube = Cube(current_snapshot(), user, f)
    keys = [k for k, _l in AREAS if not f.programme or k == f.programme]
    labels = [label for k, label in AREAS if k in keys]
    header = [_("项目"), *labels, _("合计")]

    def row(label, measure, stock=False, **extra):
        return [label, *_split(cube.by(measure, "programme", stock=stock, **extra), keys)]

    rows = [
        row(_("申请（受理）"), "dibao.applied"),
        row(_("批准"), "dibao.approved"),
        row(_("不予批准"), "dibao.refused"),
        row(_("其中：家庭人均收入高于低保标准"), "dibao.refused_reason", detail="income"),
        row(_("其中：财产状况不符合规定"), "dibao.refused_reason", detail="property"),
        row(_("变更保障金"), "dibao.changed"),
        row(_("停保"), "dibao.stopped"),
        row(_("拒绝就业推荐（无正当理由）"), "dibao.job_refusal"),
        row(_("渐退期家庭（当前）"), "dibao.status", stock=True, detail="phase_out"),
    ]
    for kind, kind_label in Appeal.Kind.choices:
        rows.append(row(_("%(kind)s申请") % {"kind": kind_label}, "dibao.appeal", detail=kind))
        for decision, decision_label in Appeal.Decision.choices:
            rows.append(
                row(f"　{kind_label}：{decision_label}", "dibao.appeal_decided", detail=f"{kind}:{decision}")
            )
    main = rows[:3] + rows[5:8]
    sections = [
        Section(
            _("低保审核审批情况"),
            header,
            rows,
            chart(
                "bar",
                [r[0] for r in main],
                {label: [r[i + 1] for r in main] for i, label in enumerate(labels)},
                _("件"),
            ),
            note=_("期间内发生的事项，按申请类别分列；渐退期为统计时的在册数。"),
            rid="R-RPT-10",
        )
    ]
    ms = months(f.start, f.end)
    trend = {
        _("申请"): cube.by("dibao.applied", "month"),
        _("批准"): cube.by("dibao.approved", "month"),
        _("不予批准"): cube.by("dibao.refused", "month"),
        _("停保"): cube.by("dibao.stopped", "month"),
        _("享受低保家庭"): cube.by("dibao.receiving", "month"),
    }
    trend_rows = [[_ym(m), *[trend[k].get(m, 0) for k in trend]] for m in ms]
    sections.append(
        Section(
            _("月度趋势"),
            [_("月份"), *trend.keys()],
            trend_rows,
            chart(
                "line",
                [r[0] for r in trend_rows],
                {k: [r[i + 1] for r in trend_rows] for i, k in enumerate(trend)},
                _("户"),
            ),
            note=_("享受低保家庭按月统计最近12个月。"),
            rid="R-RPT-10",
        )
    )
    month = _last_month(cube)
    receiving = dict(cube.by_area("dibao.receiving", month=month))
    persons = dict(cube.by_area("dibao.persons", month=month))
    applied = dict(cube.by_area("dibao.applied"))
    regions = sorted(set(receiving) | set(applied), key=lambda r: r.code)
    area_rows = [[r.name, receiving.get(r, 0), persons.get(r, 0), applied.get(r, 0)] for r in regions]
    sections.append(
        Section(
            _("分地区情况"),
            [_("地区"), _("%(m)s享受低保家庭") % {"m": _ym(month)}, _("保障人数"), _("期间申请")],
            area_rows,
            chart(
                "bar",
                [r[0] for r in area_rows],
                {_("享受低保家庭"): [r[1] for r in area_rows], _("保障人数"): [r[2] for r in area_rows]},
                _("户"),
            ),
            rid="R-RPT-10",
        )
    )
    return sections


# ---- 临时救助 (R-RPT-11) -----------------------------------------------------------------------------------


def _temporary(user, f: Filters) -> list[Section]:
    from jiuzhu.temporary.models import CaseType, Level, Referral

    cube = Cube(current_snapshot(), user, f)
    types = [(k, label) for k, label in CaseType.choices if not f.programme or k == f.programme]
    keys = [k for k, _l in types]
    header = [_("项目"), *[label for _k, label in types], _("合计")]

    def row(label, measure, money=False, **extra):
        values = _split(cube.by(measure, "programme", **extra), keys)
        return [label, *([Money(v) for v in values] if money else values)]

    rows = [
        row(_("申请"), "temp.applied"),
        row(_("批准救助"), "temp.approved"),
        row(_("其中：乡镇（街道）审批"), "temp.approved", detail=Level.TOWNSHIP),
        row(_("其中：县级民政部门审批"), "temp.approved", detail=Level.COUNTY),
        row(_("救助金额（元）"), "temp.approved_fen", money=True),
        row(_("其中：乡镇（街道）审批金额（元）"), "temp.approved_fen", money=True, detail=Level.TOWNSHIP),
        row(_("其中：县级审批金额（元）"), "temp.approved_fen", money=True, detail=Level.COUNTY),
        row(_("先行救助"), "temp.assist_first"),
        row(_("其中：已补办手续"), "temp.regularised"),
        row(_("一事一议"), "temp.case_by_case"),
        row(_("分阶段救助"), "temp.staged"),
    ]
    counts = [r for r in rows if not isinstance(r[1], Money)][:4]
    sections = [
        Section(
            _("临时救助办理情况"),
            header,
            rows,
            chart(
                "bar",
                [r[0] for r in counts],
                {label: [r[i + 1] for r in counts] for i, (_k, label) in enumerate(types)},
                _("件"),
                stack=True,
            ),
            rid="R-RPT-11",
        )
    ]
    outcomes = cube.by_two("temp.referral_outcome", "detail", "programme")
    by_target = cube.by("temp.referral", "detail")
    ref_rows = [[label, by_target.get(target, 0)] for target, label in Referral.Target.choices]
    outcome_by_target = {}
    for (outcome, _p), v in outcomes.items():
        outcome_by_target[outcome] = outcome_by_target.get(outcome, 0) + v
    sections.append(
        Section(
            _("转介情况（按转介对象）"),
            [_("转介对象"), _("转介件数")],
            ref_rows,
            chart("hbar", [r[0] for r in ref_rows], {_("转介件数"): [r[1] for r in ref_rows]}, _("件")),
            note=_("转介结果：")
            + "；".join(f"{label} {outcome_by_target.get(k, 0)}" for k, label in Referral.Outcome.choices),
            rid="R-RPT-11",
        )
    )
    ms = months(f.start, f.end)
    approved = cube.by("temp.approved", "month")
    amount = cube.by("temp.approved_fen", "month")
    trend_rows = [[_ym(m), approved.get(m, 0), Money(amount.get(m, 0))] for m in ms]
    sections.append(
        Section(
            _("月度趋势"),
            [_("月份"), _("批准救助"), _("救助金额（元）")],
            trend_rows,
            chart("line", [r[0] for r in trend_rows], {_("批准救助"): [r[1] for r in trend_rows]}, _("件")),
            rid="R-RPT-11",
        )
    )
    by_area = cube.by_area("temp.approved")
    fen_area = dict(cube.by_area("temp.approved_fen"))
    area_rows = [[r.name, n, Money(fen_area.get(r, 0))] for r, n in by_area]
    sections.append(
        Section(
            _("分地区情况"),
            [_("地区"), _("批准救助"), _("救助金额（元）")],
            area_rows,
            chart("bar", [r[0] for r in area_rows], {_("批准救助"): [r[1] for r in area_rows]}, _("件")),
            rid="R-RPT-11",
        )
    )
    return sections


# ---- 困难职工 (R-RPT-02, R-RPT-04) -------------------------------------------------------------------------


def _workers(user, f: Filters) -> list[Section]:
    from jiuzhu.archives.models import Archive
    from jiuzhu.registry.choices import HardshipCategory

    cube = Cube(current_snapshot(), user, f, union=True)
    cats = [(k, label) for k, label in HardshipCategory.choices if not f.programme or k == f.programme]
    statuses = cube.by_two("arch.status", "programme", "detail", stock=True)
    in_file = cube.by("arch.in_file", "programme", stock=True)
    shown = [
        Archive.Status.ACTIVE,
        Archive.Status.PHASE_OUT,
        Archive.Status.INVESTIGATING,
        Archive.Status.HIGHER_REVIEW,
        Archive.Status.CENTRE_REVIEW,
        Archive.Status.REMOVED,
    ]
    rows = [[label, in_file.get(k, 0), *[statuses.get((k, s), 0) for s in shown]] for k, label in cats]
    rows.append([_("合计"), *[sum(r[i] for r in rows) for i in range(1, len(shown) + 2)]])
    sections = [
        Section(
            _("困难职工家庭规模与类别"),
            [_("困难类别"), _("在档家庭（含渐退期）"), *[Archive.Status(s).label for s in shown]],
            rows,
            chart("pie", [r[0] for r in rows[:-1]], {_("在档家庭"): [r[1] for r in rows[:-1]]}, _("户")),
            note=_("一户一档：每户只有一份未撤档的档案（数据库约束），不重复统计。"),
            rid="R-RPT-02",
        )
    ]
    area = cube.by_area("arch.in_file", stock=True)
    area_rows = [[r.name, n] for r, n in area]
    sections.append(
        Section(
            _("分地区分布"),
            [_("地区"), _("在档家庭")],
            area_rows,
            chart("bar", [r[0] for r in area_rows], {_("在档家庭"): [r[1] for r in area_rows]}, _("户")),
            rid="R-RPT-02",
        )
    )
    ms = months(f.start, f.end)
    series = {
        _("纳入帮扶"): cube.by("arch.activated", "month"),
        _("认定脱困"): cube.by("arch.out_of_hardship", "month"),
        _("撤档"): cube.by("arch.removed", "month"),
        _("类别调整"): cube.by("arch.reclassified", "month"),
    }
    trend_rows = [[_ym(m), *[s.get(m, 0) for s in series.values()]] for m in ms]
    totals = [sum(r[i] for r in trend_rows) for i in range(1, len(series) + 1)]
    trend_rows.append([_("期间合计"), *totals])
    sections.append(
        Section(
            _("解困脱困进展"),
            [_("月份"), *series.keys()],
            trend_rows,
            chart(
                "bar",
                [r[0] for r in trend_rows[:-1]],
                {k: [r[i + 1] for r in trend_rows[:-1]] for i, k in enumerate(series)},
                _("户"),
            ),
            note=_("渐退期家庭（当前）：%(n)s户。")
            % {"n": sum(v for (_k, s), v in statuses.items() if s == Archive.Status.PHASE_OUT)},
            rid="R-RPT-04",
        )
    )
    sections.append(_causes_section(cube, f))
    return sections


def _causes_section(cube: Cube, f: Filters) -> Section:
    """R-RPT-02: causes of hardship by kind (causes.py), each household once per kind and once in the partition
    (its only kind / several / none), which adds up to the households in file. Each number links to its list."""
    from .causes import KINDS, MULTIPLE, NONE

    having = cube.by("arch.cause", "detail", stock=True)
    part = cube.by("arch.cause_part", "detail", stock=True)
    rows = [
        [
            label,
            Linked(having.get(k, 0), list_url("workers_by_cause", f, cause=k)),
            Linked(part.get(k, 0), list_url("workers_by_cause", f, cause=k, only="1")),
        ]
        for k, label in KINDS
    ]
    for k, label in ((MULTIPLE, _("多种致困因素")), (NONE, _("未登记致困因素"))):
        rows.append([label, "—", Linked(part.get(k, 0), list_url("workers_by_cause", f, cause=k, only="1"))])
    total = sum(part.values())
    rows.append([_("在档家庭合计（不重复）"), "—", Linked(total, list_url("workers_in_file", f))])
    pie = rows[:-1]
    return Section(
        _("致困原因"),
        [_("致困原因"), _("涉及该原因的家庭"), _("仅此一项原因的家庭")],
        rows,
        chart("pie", [r[0] for r in pie], {_("在档家庭"): [r[2].value for r in pie]}, _("户")),
        note=_(
            "按档案登记的家庭情况统计：成员患病、重病或有医疗支出为因病；持残疾人证或有康复护理支出为因残；"
            "有教育支出为因学；有住房租金为住房困难；成员下岗失业或登记、未登记失业为下岗失业；意外致困类别为意外致困。"
            "一户可涉及多项原因，故第二列各项之和可大于户数；第三列每户只计一次，合计等于在档家庭数。"
        ),
        rid="R-RPT-02",
    )


# ---- 资金 (R-RPT-05, R-RPT-03) -----------------------------------------------------------------------------

PROGRAMMES = [
    ("dibao", gettext_lazy("低保金")),
    ("price_subsidy", gettext_lazy("价格临时补贴")),
    ("temporary", gettext_lazy("临时救助")),
    ("union_aid", gettext_lazy("工会帮扶")),
]
NEEDS = [
    ("dibao_urban", gettext_lazy("城市低保")),
    ("dibao_rural", gettext_lazy("农村低保")),
    ("temporary", gettext_lazy("临时救助")),
]


def _funds(user, f: Filters) -> list[Section]:
    from jiuzhu.payments.models import Roster, RosterLine

    cube = Cube(current_snapshot(), user, Filters(f.start, f.end, f.region, ""))
    month = cube.snap.as_of.replace(day=1)
    need_m = cube.by("fund.need_month_fen", "programme", month=month)
    need_y = cube.by("fund.need_year_fen", "programme", month=month)
    paid_m = cube.by("fund.paid_month_fen", "programme", month=month)
    need_rows = [
        [label, Money(need_m.get(k, 0)), Money(need_y.get(k, 0)), Money(paid_m.get(k, 0))]
        for k, label in NEEDS
    ]
    sections = [
        Section(
            _("资金需求测算（%(m)s）") % {"m": _ym(month)},
            [_("项目"), _("月需求（元）"), _("年需求（元）"), _("当月核定发放（元）")],
            need_rows,
            chart(
                "bar", [r[0] for r in need_rows], {_("月需求"): [r[1].fen // 100 for r in need_rows]}, _("元")
            ),
            note=_("低保：保障人数×县级低保标准；临时救助：前12个月批准金额。"),
            rid="R-RPT-05",
        )
    ]
    progs = [(k, label) for k, label in PROGRAMMES if not f.programme or k == f.programme]
    flow = cube.by_two("fund.roster_fen", "programme", "detail")
    lines = cube.by_two("fund.line_fen", "programme", "detail")
    stages = [
        (_("编入花名册"), lambda k: sum(v for (p, _d), v in flow.items() if p == k)),
        (
            _("已确认（预算）"),
            lambda k: sum(v for (p, d), v in flow.items() if p == k and d != Roster.Status.DRAFT),
        ),
        (
            _("已核拨"),
            lambda k: sum(
                v
                for (p, d), v in flow.items()
                if p == k and d in (Roster.Status.ALLOCATED, Roster.Status.SENT, Roster.Status.RECONCILED)
            ),
        ),
        (_("已发放"), lambda k: lines.get((k, RosterLine.Status.PAID), 0)),
        (_("发放失败"), lambda k: lines.get((k, RosterLine.Status.FAILED), 0)),
    ]
    flow_rows = [[label, *[Money(fn(k)) for _s, fn in stages]] for k, label in progs]
    sections.append(
        Section(
            _("资金预算、核拨与发放（元）"),
            [_("项目"), *[s for s, _fn in stages]],
            flow_rows,
            chart(
                "bar",
                [s for s, _fn in stages],
                {label: [fn(k) // 100 for _s, fn in stages] for k, label in progs},
                _("元"),
            ),
            note=_("按发放期统计花名册（不含已作废的花名册和移除的明细）。"),
            rid="R-RPT-05",
        )
    )
    ms = months(f.start, f.end)
    planned = {m: 0 for m in ms}
    paid = {m: 0 for m in ms}
    keys = [k for k, _l in progs]
    for r in cube.qs.filter(
        measure="fund.roster_fen", month__gte=f.start, month__lte=f.end, programme__in=keys
    ).values("month", "value"):
        planned[r["month"]] = planned.get(r["month"], 0) + r["value"]
    for r in cube.qs.filter(
        measure="fund.line_fen",
        detail=RosterLine.Status.PAID,
        month__gte=f.start,
        month__lte=f.end,
        programme__in=keys,
    ).values("month", "value"):
        paid[r["month"]] = paid.get(r["month"], 0) + r["value"]
    trend_rows = [[_ym(m), Money(planned.get(m, 0)), Money(paid.get(m, 0))] for m in ms]
    sections.append(
        Section(
            _("月度发放"),
            [_("发放期"), _("编入花名册（元）"), _("已发放（元）")],
            trend_rows,
            chart(
                "line",
                [r[0] for r in trend_rows],
                {
                    _("编入花名册"): [r[1].fen // 100 for r in trend_rows],
                    _("已发放"): [r[2].fen // 100 for r in trend_rows],
                },
                _("元"),
            ),
            rid="R-RPT-05",
        )
    )
    union = Cube(cube.snap, user, Filters(f.start, f.end, f.region, ""), union=True)
    spent = union.by("aid.paid_fen", "detail")
    from jiuzhu.archives.models import UnionAidPayment

    sources = dict(UnionAidPayment.FundSource.choices)
    projects = dict(UnionAidPayment.Project.choices)
    union_rows = []
    for key, fen in sorted(spent.items()):
        source, _sep, project = key.partition(":")
        union_rows.append([sources.get(source, source), projects.get(project, project), Money(fen)])
    sections.append(
        Section(
            _("工会帮扶资金支出"),
            [_("资金来源"), _("帮扶项目"), _("支出金额（元）")],
            union_rows,
            None,
            rid="R-RPT-03",
        )
    )
    sections.extend(performance_sections(user, f.end.year))
    return sections


def performance_sections(user, year: int) -> list[Section]:
    """R-RPT-03 (总工办发〔2020〕13号 第十三条、第十四条(一)): the union aid fund's performance targets of `year`
    (jiuzhu.unionfunds: PerformanceTarget), each beside its actual — the latest reading recorded for it (the
    province tracks execution by recording readings) — the completion rate (actual ÷ target), and ACFTU's
    evaluation; then each province's budget execution rate (unionfunds.yearend.execution_rate: paid to workers
    ÷ money that came into the subtree). Scope: the unions of the viewer's subtree (unionfunds.roles.unions_for),
    as on the union-fund pages. Read live: a few rows per province."""
    from jiuzhu.core.models import UnionOrg
    from jiuzhu.unionfunds.models import PerformanceTarget
    from jiuzhu.unionfunds.roles import unions_for
    from jiuzhu.unionfunds.yearend import execution_rate

    unions = unions_for(user)
    targets = (
        PerformanceTarget.objects.filter(union_org__in=unions, year=year)
        .select_related("union_org")
        .prefetch_related("readings")
        .order_by("union_org__path", "indicator", "pk")
    )
    rows = []
    for t in targets:
        readings = list(t.readings.all())  # ordered by date
        last = readings[-1] if readings else None
        rows.append(
            [
                t.union_org.name,
                t.indicator,
                t.unit,
                Number(t.target),
                Number(last.value) if last else "—",
                last.on.isoformat() if last else "—",
                Ratio(last.value, t.target) if last else "—",
                t.evaluation or _("尚未评价"),
            ]
        )
    provinces = [u for u in unions if u.level == UnionOrg.Level.PROVINCE and not u.is_help_centre]
    rate_rows = [[p.name, execution_rate(p, year)] for p in provinces]
    return [
        Section(
            _("%(y)s年度工会帮扶资金绩效目标执行情况") % {"y": year},
            [
                _("工会"),
                _("绩效指标"),
                _("单位"),
                _("目标值"),
                _("完成值"),
                _("完成值日期"),
                _("完成率"),
                _("全国总工会评价结果"),
            ],
            rows,
            chart(
                "hbar",
                [f"{r[0]} {r[1]}" for r in rows],
                {
                    _("完成率（%）"): [
                        str(r[6].percent or 0) if isinstance(r[6], Ratio) else "0" for r in rows
                    ]
                },
                "%",
            ),
            note=_(
                "完成值为该指标最近一次登记的执行情况；完成率＝完成值÷目标值。统计期末所在年度，实时数据。"
            ),
            rid="R-RPT-03",
        ),
        Section(
            _("%(y)s年度预算执行率（省级工会）") % {"y": year},
            [_("工会"), _("预算执行率")],
            rate_rows,
            None,
            note=_("帮扶资金支付给职工的金额÷当年拨入和收到的资金。"),
            rid="R-RPT-03",
        ),
    ]


# ---- 合规 (R-RPT-09, R-RPT-01) -----------------------------------------------------------------------------


def _compliance(user, f: Filters) -> list[Section]:
    from jiuzhu.archives.models import Archive

    cube = Cube(current_snapshot(), user, Filters(f.start, f.end, f.region, ""), union=True)
    on_time = cube.total("aid.entered_on_time")
    late = cube.total("aid.entered_late")
    overdue = cube.total("aid.not_entered_overdue")
    open_ = cube.total("aid.not_entered_open")
    paid = cube.total("aid.paid")
    rows = [
        [_("期间帮扶支出笔数"), paid],
        [_("30个工作日内录入"), on_time],
        [_("逾期录入"), late],
        [_("逾期未录入"), overdue],
        [_("尚在录入期限内"), open_],
        [_("按时录入率"), Share(on_time, paid)],
    ]
    statuses = cube.by("arch.status", "detail", stock=True)
    archive_rows = [
        [_("待上级工会复核"), statuses.get(Archive.Status.HIGHER_REVIEW, 0)],
        [_("待帮扶中心审核备案"), statuses.get(Archive.Status.CENTRE_REVIEW, 0)],
        [_("退回建档单位"), statuses.get(Archive.Status.RETURNED, 0)],
        [_("逾期未复核"), cube.total("deadline.overdue", stock=True, detail="archive.review")],
    ]
    year = f.end.year
    today = timezone.localdate()
    due = [
        (_("预计结转资金报告"), dt.date(year, 11, 30)),
        (_("调整后的帮扶标准报告"), dt.date(year, 12, 31)),
        (_("年度帮扶资金使用情况报告"), dt.date(year + 1, 1, 31)),
    ]
    year_rows = [[label, d.isoformat(), (d - today).days] for label, d in due]
    return [
        Section(
            _("帮扶数据录入及时性"),
            [_("项目"), _("数量")],
            rows,
            chart("pie", [r[0] for r in rows[1:5]], {_("笔数"): [r[1] for r in rows[1:5]]}, _("笔")),
            note=_("支出后30个工作日内录入全国工会帮扶工作管理系统。"),
            rid="R-RPT-09",
        ),
        Section(
            _("档案审核与复核"),
            [_("项目"), _("档案数")],
            archive_rows,
            chart("hbar", [r[0] for r in archive_rows], {_("档案数"): [r[1] for r in archive_rows]}, _("份")),
            rid="R-RPT-09",
        ),
        Section(
            _("%(y)s年度工会年终报告期限") % {"y": year},
            [_("报告"), _("截止日期"), _("剩余天数")],
            year_rows,
            None,
            note=_("省级工会向全国总工会报送。"),
            rid="R-RPT-01",
        ),
        _year_reports_section(user, year, today),
    ]


def _year_reports_section(user, year: int, today: dt.date) -> Section:
    """R-RPT-01 (总工办发〔2020〕13号 第十六条 / R-PAY-18): the year-end reports the provincial unions of the viewer's
    union subtree opened in jiuzhu/unionfunds (YearReport), each with its due date and whether it was submitted
    on time, late, or is overdue. Read live (three rows per province)."""
    from jiuzhu.unionfunds.models import YearReport
    from jiuzhu.unionfunds.roles import unions_for

    rows = []
    reports = YearReport.objects.filter(union_org__in=unions_for(user), year=year).select_related("union_org")
    for r in reports.order_by("union_org__path", "due"):
        if r.submitted_on:
            state = _("按时报送") if r.submitted_on <= r.due else _("逾期报送")
        else:
            state = _("逾期未报送") if r.due < today else _("未到期")
        rows.append(
            [
                r.union_org.name,
                r.get_kind_display(),
                r.due.isoformat(),
                r.submitted_on.isoformat() if r.submitted_on else "—",
                state,
            ]
        )
    return Section(
        _("%(y)s年度工会年终报告报送情况") % {"y": year},
        [_("工会"), _("报告"), _("报送期限"), _("报送日期"), _("情况")],
        rows,
        None,
        rid="R-RPT-01",
    )


# ---- 监测 (R-RPT-06, R-RPT-07) -----------------------------------------------------------------------------

GROUPS = [
    ("elderly", gettext_lazy("老年人")),
    ("disabled", gettext_lazy("残疾人")),
    ("child", gettext_lazy("未成年人")),
]


def _monitoring(user, f: Filters) -> list[Section]:
    cube = Cube(current_snapshot(), user, Filters(f.start, f.end, f.region, ""))
    ms = months(f.start, f.end)
    series = {
        "poor": cube.by("temp.registered_poor", "month"),
        "poor_fen": cube.by("temp.registered_poor_fen", "month"),
        "returned": cube.by("temp.returned_poverty", "month"),
        "returned_fen": cube.by("temp.returned_poverty_fen", "month"),
    }
    rows = [
        [
            _ym(m),
            series["poor"].get(m, 0),
            Money(series["poor_fen"].get(m, 0)),
            series["returned"].get(m, 0),
            Money(series["returned_fen"].get(m, 0)),
        ]
        for m in ms
    ]
    rows.append(
        [
            _("期间合计"),
            sum(r[1] for r in rows),
            Money(sum(r[2].fen for r in rows)),
            sum(r[3] for r in rows),
            Money(sum(r[4].fen for r in rows)),
        ]
    )
    dropped = cube.by("dibao.dropped_group", "detail")
    leads = cube.by("lead", "detail")
    group_rows = [[label, dropped.get(k, 0)] for k, label in GROUPS]
    return [
        Section(
            _("对建档立卡贫困户和返贫人员的临时救助"),
            [_("月份"), _("建档立卡贫困户（件）"), _("金额（元）"), _("返贫人员（件）"), _("金额（元）")],
            rows,
            chart(
                "bar",
                [r[0] for r in rows[:-1]],
                {_("建档立卡贫困户"): [r[1] for r in rows[:-1]], _("返贫人员"): [r[3] for r in rows[:-1]]},
                _("件"),
            ),
            rid="R-RPT-06",
        ),
        Section(
            _("特殊群体脱保情况"),
            [_("群体"), _("停保家庭中的人数")],
            group_rows,
            chart("bar", [r[0] for r in group_rows], {_("人数"): [r[1] for r in group_rows]}, _("人")),
            note=_(
                "期间停保的低保家庭中，停保时60周岁以上、持残疾人证、未满18周岁的在册成员（一人可属多个群体）。"
            ),
            rid="R-RPT-07",
        ),
        Section(
            _("主动发现（可能漏保）线索"),
            [_("项目"), _("条数")],
            [
                [_("登记线索"), leads.get("all", 0)],
                [_("已跟进"), leads.get("followed", 0)],
                [_("已提出申请"), leads.get("applied", 0)],
            ],
            None,
            note=_("漏保按主动发现线索统计：线索未转为申请的，需核实是否漏保。"),
            rid="R-RPT-07",
        ),
        _unstable_section(cube, f),
    ]


def _unstable_section(cube: Cube, f: Filters) -> Section:
    """R-RPT-06: households that left poverty and those of them with unstable income, by reason (poverty.py);
    each number links to its list. A stock as of the snapshot."""
    from .poverty import REASONS

    reasons = cube.by("pov.unstable_reason", "detail", stock=True)
    plain = Filters(f.start, f.end, f.region, "")
    rows = [
        [_("已脱贫家庭"), Linked(cube.total("pov.left", stock=True), list_url("left_poverty", plain))],
        [
            _("其中：收入不稳定"),
            Linked(cube.total("pov.unstable", stock=True), list_url("left_poverty_unstable", plain)),
        ],
        *[
            [
                "　" + str(label),
                Linked(reasons.get(k, 0), list_url("left_poverty_unstable", plain, reason=k)),
            ]
            for k, label in REASONS
        ],
    ]
    return Section(
        _("已脱贫家庭收入不稳定监测"),
        [_("项目"), _("户数")],
        rows,
        chart("hbar", [r[0] for r in rows], {_("户数"): [r[1].value for r in rows]}, _("户")),
        note=_(
            "已脱贫家庭：家庭信息中“建档立卡未脱贫”标识已撤销且未恢复的在册家庭。收入不稳定：有无法推算收入的灵活就业收入，"
            "或成员灵活就业、失业、下岗未再就业（就业不稳定）；没有工资、经营或养老金收入（无稳定收入来源）；"
            "没有完全劳动能力的成员（缺乏劳动能力）。一户可有多项原因，收入不稳定按户只计一次。"
        ),
        rid="R-RPT-06",
    )


# ---- 改革试点 (R-RPT-08) -----------------------------------------------------------------------------------


def _pilot(user, f: Filters) -> list[Section]:
    from jiuzhu.core.models import LocalParameter, Region

    cube = Cube(current_snapshot(), user, Filters(f.start, f.end, f.region, ""))
    pilots = LocalParameter.objects.filter(key="reform_pilot").order_by("region_code", "-effective_from")
    seen, rows = set(), []
    month = _last_month(cube)
    for p in pilots:
        if p.region_code in seen:
            continue
        seen.add(p.region_code)
        county = Region.objects.filter(code=p.region_code).first()
        if county is None:
            continue
        sub = Cube(cube.snap, user, Filters(f.start, f.end, county, ""))
        if not sub.qs.exists():
            continue
        approvals = sub.total("dibao.approved")
        days = sub.total("dibao.approval_days")
        rows.append(
            [
                county.name,
                p.effective_from.isoformat(),
                sub.total("dibao.receiving", month=month),
                sub.total("dibao.persons", month=month),
                sub.total("temp.approved"),
                Money(sub.total("fund.line_fen", detail="paid") + sub.total("temp.approved_fen")),
                approvals,
                (days + approvals // 2) // approvals if approvals else "—",
                sub.total("dibao.stopped"),
            ]
        )
    return [
        Section(
            _("改革试点县监测"),
            [
                _("试点县"),
                _("试点开始"),
                _("享受低保家庭"),
                _("保障人数"),
                _("临时救助（件）"),
                _("投入资金（元）"),
                _("低保批准（件）"),
                _("平均办理天数"),
                _("停保（件）"),
            ],
            rows,
            chart("bar", [r[0] for r in rows], {_("享受低保家庭"): [r[2] for r in rows]}, _("户")),
            note=_("试点县为在地方参数中登记为改革试点的县；平均办理天数为申请日至审批日。"),
            rid="R-RPT-08",
        ),
        _pilot_reports_section(user, cube),
    ]


def _pilot_reports_section(user, cube: Cube) -> Section:
    """R-RPT-08: for each pilot county in the viewer's scope, its mid-term evaluation report and final report
    (pilot.py) as Word documents, made from the snapshot when clicked."""
    from django.urls import reverse

    from jiuzhu.web.access import scope_regions

    from .pilot import KINDS, period_of, pilot_counties

    month = cube.snap.as_of.replace(day=1)
    rows = []
    for county, started in pilot_counties():
        if not scope_regions(user).filter(code=county.code).exists():
            continue
        row = [county.name, started.isoformat()]
        for kind, label in KINDS.items():
            p = period_of(kind, started, month)
            row.append(f"{p.start:%Y-%m}—{p.planned_end:%Y-%m}")
            row.append(Linked(str(label), reverse("reports:pilot_doc", args=[county.code, kind])))
        rows.append(row)
    return Section(
        _("试点评估报告"),
        [_("试点县"), _("试点开始"), _("中期评估期"), _("中期评估报告"), _("试点期"), _("试点工作报告")],
        rows,
        None,
        note=_(
            "按民办函〔2018〕111号三（四），报告列出试点进展、受益人群、资金投入、救助效率、救助效果的统计数据，"
            "主要做法由试点单位填写。中期评估期为试点前6个月。"
        ),
        rid="R-RPT-08",
    )


REPORTS = {
    r.slug: r
    for r in (
        ReportDef("dibao", gettext_lazy("低保统计"), "R-RPT-10", _dibao, AREAS),
        ReportDef("temporary", gettext_lazy("临时救助统计"), "R-RPT-11", _temporary, None),
        ReportDef("workers", gettext_lazy("困难职工统计"), "R-RPT-02 R-RPT-04", _workers, None, union=True),
        ReportDef("funds", gettext_lazy("资金统计"), "R-RPT-05 R-RPT-03", _funds, PROGRAMMES),
        ReportDef(
            "compliance", gettext_lazy("工会录入与档案合规"), "R-RPT-09 R-RPT-01", _compliance, [], union=True
        ),
        ReportDef("monitoring", gettext_lazy("返贫与脱保漏保监测"), "R-RPT-06 R-RPT-07", _monitoring, []),
        ReportDef("pilot", gettext_lazy("改革试点监测"), "R-RPT-08", _pilot, []),
    )
}


def programme_choices(definition: ReportDef) -> list:
    if definition.programmes is not None:
        return list(definition.programmes)
    if definition.slug == "temporary":
        from jiuzhu.temporary.models import CaseType

        return list(CaseType.choices)
    from jiuzhu.registry.choices import HardshipCategory

    return list(HardshipCategory.choices)


def run_report(definition: ReportDef, user, filters: Filters) -> Result:
    sections = definition.build(user, filters)
    for i, s in enumerate(sections):
        s.index = i
    snap = current_snapshot()
    return Result(
        definition.slug,
        definition.title,
        definition.rid,
        sections,
        snap,
        is_fresh(snap),
        filters,
        programme_choices(definition),
    )
