"""Causes of hardship by kind (R-RPT-02: 致困原因; 总工发〔2016〕7号 三(一)1, 总工办发〔2020〕13号 附件 四.1(3)).

The plan's 致困原因分析 is free text; the kinds are counted from the facts the archive already records, as the
policy names them — the rigid expenditures of 总工办发〔2020〕13号 附件 三.2 (因病, 因残, 因学, 住房), the income
side of 附件 一.1(2) (下岗失业: 企业关停并转过程中下岗失业、停发或减发工资) and the accident-induced category of
附件 一.3 (意外致困). **DEFAULT** (the texts give no list of causes to tick): a household has a cause when

- 因病 (illness): an active member is ill (健康状况 患病) or a serious-illness patient, or has a medical expense;
- 因残 (disability): an active member has a disability category (or 健康状况 残疾), or a rehabilitation/care expense;
- 因学 (education): an active member has an education expense;
- 住房 (housing): an active member pays rent (住房租金);
- 下岗失业 (unemployment): an active member is laid off, or registered/unregistered unemployed;
- 意外致困 (accident): the archive's category is accident-induced.

No double counting (一户一档): each household is counted once per kind, and once in the partition — the kind
when it has exactly one, "多种致困因素" when it has two or more (附件 三.2(5) 多重支出), "未登记致困因素" when
none — so the partition adds up to the households in file. The same Q filters make the snapshot's figures
(snapshot._causes) and the lists behind them (lists.workers_by_cause), so a number and its list agree.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

KINDS = [
    ("illness", _("因病")),
    ("disability", _("因残")),
    ("education", _("因学")),
    ("housing", _("住房困难（租房）")),
    ("unemployment", _("下岗失业")),
    ("accident", _("意外致困")),
]
MULTIPLE = "multiple"
NONE = "none"
PARTITION = [*KINDS, (MULTIPLE, _("多种致困因素")), (NONE, _("未登记致困因素"))]
LABELS = dict(PARTITION)


def _member_exists(q: Q) -> Exists:
    from jiuzhu.registry.models import Member

    return Exists(Member.objects.filter(q, household_id=OuterRef("household_id"), active=True))


def _expense_exists(*kinds: str) -> Exists:
    from jiuzhu.registry.models import Expense

    return Exists(
        Expense.objects.filter(
            member__household_id=OuterRef("household_id"), member__active=True, kind__in=kinds
        )
    )


def flags() -> dict:
    """{kind: an expression true for an Archive with that cause} (annotate or filter an Archive queryset)."""
    from jiuzhu.registry.choices import ExpenseKind, Health, Occupation

    return {
        "illness": _member_exists(Q(health=Health.ILL) | Q(serious_illness=True))
        | _expense_exists(ExpenseKind.MEDICAL),
        "disability": _member_exists(~Q(disability_category="") | Q(health=Health.DISABLED))
        | _expense_exists(ExpenseKind.DISABILITY_CARE),
        "education": _expense_exists(ExpenseKind.EDUCATION),
        "housing": _expense_exists(ExpenseKind.HOUSING_RENT),
        "unemployment": _member_exists(
            Q(laid_off=True)
            | Q(occupation__in=[Occupation.REGISTERED_UNEMPLOYED, Occupation.UNREGISTERED_UNEMPLOYED])
        ),
        "accident": Q(category="accident"),
    }


def annotated(archives):
    """The archives with a boolean `c_<kind>` per kind (one query: an EXISTS per kind)."""
    from django.db.models import BooleanField, ExpressionWrapper

    return archives.annotate(
        **{f"c_{k}": ExpressionWrapper(expr, output_field=BooleanField()) for k, expr in flags().items()}
    )


def part_of(row: dict) -> str:
    """The partition cell of an annotated row: its one kind, MULTIPLE or NONE."""
    have = [k for k, _l in KINDS if row[f"c_{k}"]]
    return have[0] if len(have) == 1 else MULTIPLE if have else NONE


def filter_archives(archives, cause: str, only: bool):
    """The archives counted under `cause` (a kind), or — with `only` — in the partition cell `cause`."""
    expr = flags()
    if not only:
        return archives.filter(expr[cause]) if cause in expr else archives.none()
    qs = annotated(archives)
    if cause == NONE:
        return qs.filter(**{f"c_{k}": False for k, _l in KINDS})
    if cause not in expr and cause != MULTIPLE:
        return archives.none()
    # one kind only: that flag true, all others false; several: not (none or exactly one)
    if cause != MULTIPLE:
        return qs.filter(**{f"c_{k}": k == cause for k, _l in KINDS})
    exactly_one = Q()
    for k, _l in KINDS:
        exactly_one |= Q(**{f"c_{k}": True}) & Q(**{f"c_{o}": False for o, _m in KINDS if o != k})
    return qs.exclude(exactly_one).exclude(**{f"c_{k}": False for k, _l in KINDS})
