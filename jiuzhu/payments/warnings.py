"""Warnings on a roster's lines (R-PAY-03, R-PAY-04, R-PAY-05), found again before confirmation, allocation and
the bank file. Each kind has its clause; a blocking warning must be resolved with a recorded reason (or its
line removed) before the roster goes on. Set-based queries over the roster's lines, not a loop per line, so a
county's roster of 100,000 lines is scanned in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.core.audit import record
from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.models import mask_name

from . import programmes
from .models import LineWarning, Roster, RosterLine, StaffAccount

CLAUSE = "民发〔2019〕139号 二(三)"


@dataclass(frozen=True)
class Kind:
    label: object
    cite: str  # requirement ID: shown in a tooltip only
    clause: str  # the document and clause: shown
    blocking: bool = True
    by_reason: bool = True  # may be resolved with a reason (else: fix the data or remove the line)


KINDS = {
    "no_account": Kind(gettext_lazy("收款人没有本人的代理金融机构账户"), "R-PAY-03", CLAUSE, by_reason=False),
    "shared_account": Kind(gettext_lazy("同一账号用于多户收款人"), "R-PAY-03", CLAUSE),
    "staff_account": Kind(gettext_lazy("收款账号登记在社会救助工作人员或村干部名下"), "R-PAY-03", CLAUSE),
    "payee_gone": Kind(gettext_lazy("收款人已不在册（死亡、迁出）或家庭已注销"), "R-PAY-05", CLAUSE),
    "not_payable": Kind(gettext_lazy("案件已停发、暂停或不在本辖区"), "R-PAY-05", CLAUSE),
    "amount_differs": Kind(gettext_lazy("金额与核定金额不一致"), "R-PAY-05", CLAUSE),
    "paid_elsewhere": Kind(gettext_lazy("同一人在同一项目同期的其他明细中"), "R-PAY-05", CLAUSE),
    "agent": Kind(
        gettext_lazy("由监护人、委托照料人或代理人代为支取，须重点关注"), "R-PAY-04", CLAUSE, blocking=False
    ),
}
CHUNK = 5000


def _tail(account: str) -> str:
    return "…" + account[-4:] if account else ""


def _find(roster: Roster) -> dict[tuple[int, str], str]:
    """(line id, kind) -> detail, for the roster's pending lines."""
    lines = roster.lines.filter(status=RosterLine.Status.PENDING)
    found: dict[tuple[int, str], str] = {}
    for line_id in lines.filter(account_number="").values_list("id", flat=True):
        found[(line_id, "no_account")] = _("请在家庭档案中登记收款人本人账户后更新本明细，或移除本明细")
    shared = (
        lines.exclude(account_number="")
        .values("account_number")
        .annotate(h=Count("household", distinct=True))
        .filter(h__gt=1)
    )
    counts = {row["account_number"]: row["h"] for row in shared}
    if counts:
        for line_id, acct in lines.filter(account_number__in=list(counts)).values_list(
            "id", "account_number"
        ):
            found[(line_id, "shared_account")] = _("账号%(acct)s同时用于%(n)s户") % {
                "acct": _tail(acct),
                "n": counts[acct],
            }
    staff = StaffAccount.objects.filter(entry__active=True, account_number__in=lines.values("account_number"))
    staff_of = {
        a: (name, kind) for a, name, kind in staff.values_list("account_number", "entry__name", "entry__kind")
    }
    if staff_of:
        from .models import StaffRegisterEntry

        kinds = dict(StaffRegisterEntry.Kind.choices)
        for line_id, acct in lines.filter(account_number__in=list(staff_of)).values_list(
            "id", "account_number"
        ):
            name, kind = staff_of[acct]
            found[(line_id, "staff_account")] = _("账号%(acct)s登记在%(kind)s%(name)s名下") % {
                "acct": _tail(acct),
                "kind": kinds.get(kind, kind),
                "name": mask_name(name),
            }
    gone = lines.filter(Q(member__isnull=True) | Q(member__active=False) | Q(household__active=False))
    for line_id in gone.values_list("id", flat=True):
        found[(line_id, "payee_gone")] = _("请核实后移除本明细，或说明理由")
    for line_id in lines.exclude(agent_name="").values_list("id", flat=True):
        found[(line_id, "agent")] = _("代领人已登记，发放后请回访确认")
    _recheck(roster, lines, found)
    _elsewhere(roster, lines, found)
    return found


def _recheck(roster, lines, found) -> None:
    """Each line against what the stored decision owes now (R-PAY-05), and the household still in scope."""
    prog = programmes.get(roster.programme)
    field = "household__union_org__path" if roster.union_org_id else "household__region__path"
    out_of_scope = lines.exclude(**{f"{field}__startswith": roster.scope_path})
    for line_id in out_of_scope.values_list("id", flat=True):
        found[(line_id, "not_payable")] = _("家庭已不在本花名册的辖区内")
    if prog is None:
        return
    asked = lines
    if prog.plain is not None:
        # the regular lines of cases plainly owed this month at the line's amount are fine: the database
        # finds them in one query, and only the others are asked about one by one
        fine = prog.plain(roster.period).filter(pk=OuterRef("case_id"), b_amount_fen=OuterRef("amount_fen"))
        asked = lines.exclude(Q(slots=programmes.month_slot(roster.period)) & Exists(fine))
    last = 0
    while True:
        rows = list(
            asked.filter(id__gt=last)
            .order_by("id")
            .values_list("id", "case_id", "slots", "amount_fen")[:CHUNK]
        )
        if not rows:
            return
        last = rows[-1][0]
        owed = prog.recheck([(case_id, tuple(slots.split(","))) for _id, case_id, slots, _a in rows])
        for line_id, case_id, slots, amount in rows:
            due, reason = owed.get((case_id, tuple(slots.split(","))), (None, ""))
            if due is None:
                found.setdefault((line_id, "not_payable"), reason or _("已不在应发范围"))
            elif due != amount:
                from jiuzhu.registry.money import yuan

                found[(line_id, "amount_differs")] = _("本明细%(line)s元，核定金额现为%(due)s元") % {
                    "line": yuan(amount),
                    "due": yuan(due),
                }


def _elsewhere(roster, lines, found) -> None:
    """The same person on another live line of the same programme for an overlapping period, for another
    case (the claims already stop the same case twice). One query in the database: at a province's roster
    the lines are not brought to Python to be compared."""
    others = (
        RosterLine.objects.filter(
            programme=roster.programme,
            status__in=[RosterLine.Status.PENDING, RosterLine.Status.PAID, RosterLine.Status.QUERIED],
            id_number=OuterRef("id_number"),
            first_month__lte=OuterRef("last_month"),
            last_month__gte=OuterRef("first_month"),
        )
        .exclude(case_id=OuterRef("case_id"))
        .exclude(pk=OuterRef("pk"))
        .exclude(roster__status=Roster.Status.CANCELLED)
        .order_by("roster_id")
        .values("roster_id")[:1]
    )
    hits = (
        lines.exclude(id_number="")
        .annotate(other=Subquery(others))
        .filter(other__isnull=False)
        .values_list("id", "id_number", "other")
    )
    for line_id, idn, roster_id in hits:
        found[(line_id, "paid_elsewhere")] = _("%(id)s也在花名册%(roster)s中领取同期款项") % {
            "id": mask_id_number(idn),
            "roster": roster_id,
        }


def scan(roster: Roster) -> int:
    """Find the warnings of a roster again: new ones are stored, those no longer found are closed (by the
    system, with that reason), those resolved by a person stay resolved. Returns the unresolved count."""
    if roster.status not in (Roster.Status.DRAFT, Roster.Status.CONFIRMED, Roster.Status.ALLOCATED):
        return roster.warnings.filter(resolved_at__isnull=True).count()
    found = _find(roster)
    with transaction.atomic():
        existing = {(w.line_id, w.kind): w for w in roster.warnings.all()}
        new = [
            LineWarning(
                line_id=line_id, roster=roster, kind=kind, detail=detail[:300], blocking=KINDS[kind].blocking
            )
            for (line_id, kind), detail in found.items()
            if (line_id, kind) not in existing
        ]
        LineWarning.objects.bulk_create(new, batch_size=2000)
        stale = [w.pk for key, w in existing.items() if key not in found and w.resolved_at is None]
        if stale:
            LineWarning.objects.filter(pk__in=stale).update(
                resolved_at=timezone.now(), resolution=_("复查时已不再出现")
            )
        # a line taken off again brings back its warnings: reopen those closed by the system only
        reopened = [
            w.pk for key, w in existing.items() if key in found and w.resolved_at and w.resolved_by_id is None
        ]
        if reopened:
            LineWarning.objects.filter(pk__in=reopened).update(resolved_at=None, resolution="")
    return roster.warnings.filter(resolved_at__isnull=True, line__status=RosterLine.Status.PENDING).count()


def do_resolve(actor, warnings, reason: str) -> int:
    """Resolve warnings with a recorded reason (the person and time kept). Kinds that need the data fixed
    (no account) cannot be resolved by a reason."""
    from .models import MAKERS
    from .rosters import Refused, _require

    _require(actor, MAKERS, _("处理预警"))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("请填写处理理由"))
    warnings = list(warnings)
    for w in warnings:
        if not KINDS[w.kind].by_reason:
            raise Refused(
                _("“%(kind)s”不能以说明理由处理：请补录数据或移除该明细") % {"kind": KINDS[w.kind].label}
            )
        if w.roster.status not in (Roster.Status.DRAFT, Roster.Status.CONFIRMED, Roster.Status.ALLOCATED):
            raise Refused(_("花名册已送银行，不能再处理预警"))
    with transaction.atomic():
        now = timezone.now()
        ids = [w.pk for w in warnings]
        n = LineWarning.objects.filter(pk__in=ids, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=actor, resolution=reason[:300]
        )
        if warnings:
            record(
                actor,
                "payments.warnings.resolve",
                warnings[0].roster,
                after={"warnings": ids, "reason": reason},
                scope_path=warnings[0].roster.scope_path,
            )
    return n


def as_json(roster: Roster, *, unresolved_only: bool = True, lines=None) -> list[dict]:
    qs = roster.warnings.select_related("line").order_by("line__seq", "kind")
    if unresolved_only:
        qs = qs.filter(resolved_at__isnull=True, line__status=RosterLine.Status.PENDING)
    if lines is not None:
        qs = qs.filter(line__in=lines)
    out = []
    for w in qs:
        kind = KINDS.get(w.kind)
        item = {
            "ref": w.line.ref,
            "kind": w.kind,
            "cite": kind.cite if kind else "",
            "clause": kind.clause if kind else "",
            "label": str(kind.label) if kind else w.kind,
            "detail": w.detail,
            "blocking": w.blocking,
        }
        if not unresolved_only:
            item["resolved"] = w.resolved_at is not None
            item["resolution"] = w.resolution
        out.append(item)
    return out
