"""The actions of a payment roster (R-PAY-02): civil affairs (or the union) makes and confirms it, maker ≠
checker; finance allocates the funds; the bank pays (bank files and returns: bankfiles.py, returns.py).

Every step is a status change through core.workflow.transition (StatusChange + audit event with user and
role, R-SUP-12) or an action writing its own audit event in the same transaction. A refusal raises Refused
with a message for the user, and changes nothing.

Never paying twice: each line claims its (programme, case, slot) in payments.Claim, whose unique index is the
guard; `make` skips what is claimed, and a concurrent roster that claimed first makes the chunk retry without
those cases. Re-running `make` returns the same roster and adds only what became payable since.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.accounts.scope import union_base
from jiuzhu.core.audit import record
from jiuzhu.core.models import Region, UnionOrg
from jiuzhu.core.workdays import add_working_days
from jiuzhu.core.workflow import TransitionRefused, close_deadlines, open_deadline, transition
from jiuzhu.registry.models import Member, PayeeAccount
from jiuzhu.registry.money import yuan

from . import bulk, programmes
from .models import CHECKERS, FINANCE, MAKERS, Claim, MakeRun, Roster, RosterLine
from .scope import covers, visible_rosters

CHUNK = 5000
LIVE = (RosterLine.Status.PENDING, RosterLine.Status.PAID, RosterLine.Status.QUERIED)


class Refused(TransitionRefused):
    """Why a payment step cannot be taken (shown to the user as is)."""


def parse_period(value) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise Refused(_("发放期“%(value)s”格式应为YYYY-MM，例如2026-08") % {"value": text})
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def programme_or_refuse(code: str) -> programmes.Programme:
    p = programmes.get(code)
    if p is None:
        known = "、".join(x.code for x in programmes.all_programmes())
        raise Refused(_("未知的发放项目“%(code)s”（可选：%(known)s）") % {"code": code, "known": known})
    return p


def scope_node(code: str, union: bool):
    model = UnionOrg if union else Region
    node = model.objects.filter(code=str(code).strip()).first()
    if node is None:
        what = _("工会") if union else _("行政区划")
        raise Refused(_("未找到%(what)s“%(code)s”") % {"what": what, "code": code})
    return node


def _require(actor, roles, what: str) -> None:
    if actor is None or not actor.is_active:
        raise Refused(_("未登录或账号已停用"))
    if not actor.is_superuser and actor.role not in roles:
        raise Refused(
            _("您的角色（%(role)s）不能%(what)s") % {"role": actor.get_role_display(), "what": what}
        )


def _deadline_due(days: int) -> dt.date:
    return add_working_days(timezone.localdate(), days)


# ---------------------------------------------------------------------------------------------- make


class _Claimed:
    """What is already claimed for the cases a programme is looking at (loaded chunk by chunk)."""

    def __init__(self, programme: str, run_id: int | None = None):
        self.programme = programme
        self.run_id = run_id
        self._any: set[int] = set()
        self._has: set[tuple[int, str]] = set()

    def load(self, case_ids: list[int], slots: Iterable[str] | None = None) -> None:
        """Read the claims of these cases: of the given slots only, or all (slots None)."""
        qs = Claim.objects.filter(programme=self.programme, case_id__among=case_ids)
        self._any = set(qs.values_list("case_id", flat=True).distinct())
        some = qs if slots is None else qs.filter(slot__among=list(slots))
        self._has = set(some.values_list("case_id", "slot"))

    def any(self, case_id: int) -> bool:
        return case_id in self._any

    def has(self, case_id: int, slot: str) -> bool:
        return (case_id, slot) in self._has

    def exists(self, case_type: str, slot: str | None = None) -> Exists:
        """For a programme's bulk queryset: the outer case has a claim of this programme (of `slot`)."""
        qs = Claim.objects.filter(programme=self.programme, case_type=case_type, case_id=OuterRef("pk"))
        return Exists(qs if slot is None else qs.filter(slot=slot))

    def made_now(self, case_type: str, slot: str) -> Exists:
        """The outer case had `slot` claimed by this make run (its bulk insert): payables leaves it out."""
        return Exists(
            Claim.objects.filter(
                programme=self.programme,
                case_type=case_type,
                case_id=OuterRef("pk"),
                slot=slot,
                line__run_id=self.run_id,
            )
        )


def effective_scope(actor, node, union: bool):
    """The subtree a maker adds cases from: the roster's, or his own where it is deeper (a township worker
    contributes his township's cases to the county roster). Disjoint subtrees are refused."""
    if actor.is_superuser:
        return node
    mine = union_base(actor) if union else actor.region
    if mine is None:
        raise Refused(
            _("您没有所属的%(what)s，不能编制该花名册") % {"what": _("工会") if union else _("行政区划")}
        )
    if node.path.startswith(mine.path):
        return node
    if mine.path.startswith(node.path):
        return mine
    raise Refused(_("“%(name)s”不在您的管辖范围内") % {"name": node.name})


def get_or_create_roster(actor, programme: str, period: dt.date, node, union: bool) -> tuple[Roster, bool]:
    field = "union_org" if union else "region"
    for _attempt in range(3):
        found = (
            Roster.objects.filter(
                programme=programme, period=period, scope_code=node.code, follows__isnull=True
            )
            .exclude(status=Roster.Status.CANCELLED)
            .first()
        )
        if found is not None:
            return found, False
        try:
            with transaction.atomic():
                roster = Roster.objects.create(
                    programme=programme,
                    period=period,
                    scope_code=node.code,
                    scope_path=node.path,
                    created_by=actor if getattr(actor, "pk", None) else None,
                    **{field: node},
                )
                from jiuzhu.core.workflow import record_status

                record_status(roster, "", actor)
                record(
                    actor,
                    "payments.roster.create",
                    roster,
                    after={"programme": programme, "period": f"{period:%Y-%m}", "scope": node.code},
                    scope_path=node.path,
                )
                open_deadline(
                    roster,
                    "roster_confirm",
                    f"确认{period:%Y年%m月}发放花名册",
                    _deadline_due(5),
                    working_days=True,
                    cite="R-PAY-02",
                )
            return roster, True
        except IntegrityError:
            continue  # another maker created it at the same moment: take his
    raise Refused(_("花名册正在由他人编制，请稍后重试"))


def _payees(member_ids: set[int]) -> dict[int, dict]:
    """Name, ID number, whether still a member, and own account (R-REG-10) of each payee member."""
    out: dict[int, dict] = {}
    ids = [i for i in member_ids if i]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for mid, name, idn in Member.objects.filter(pk__among=chunk).values_list("id", "name", "id_number"):
            out[mid] = {"name": name, "id_number": idn, "bank": "", "account": "", "agent": ""}
        for mid, bank, acct, agent in PayeeAccount.objects.filter(member_id__among=chunk).values_list(
            "member_id", "bank", "account_number", "agent_name"
        ):
            if mid in out:
                out[mid].update(bank=bank, account=acct, agent=agent)
    return out


LINE_FIELDS = (
    "roster",
    "run",
    "seq",
    "ref",
    "kind",
    "programme",
    "case_type",
    "case_id",
    "decision",
    "household",
    "member",
    "payee_name",
    "id_number",
    "bank",
    "account_number",
    "agent_name",
    "slots",
    "first_month",
    "last_month",
    "amount_fen",
    "fund_source",
    "status",
    "bank_serial",
    "failure_reason",
    "notified",
    "removed_reason",
)


def line_ref(roster_id: int, seq: int) -> str:
    """业务参考号: unique across all rosters and never reused (roster ids are never reused)."""
    return f"{roster_id:07d}{seq:07d}"


def _flush(roster: Roster, run: MakeRun, programme: str, chunk: list[programmes.Payable]) -> int:
    """Write one chunk of lines and their claims in one transaction. A claim taken meanwhile by another
    roster (a concurrent make over an overlapping subtree) aborts the chunk: it is retried without the
    cases claimed now. Returns the number of lines written."""
    payees = _payees({p.payee_member_id for p in chunk if p.payee_member_id})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                locked = Roster.objects.select_for_update().get(pk=roster.pk)
                if locked.status != Roster.Status.DRAFT:
                    return 0
                seq = locked.next_seq
                rows, multi = [], []
                for p in chunk:
                    who = payees.get(p.payee_member_id or 0, {})
                    rows.append(
                        (
                            roster.pk,
                            run.pk,
                            seq,
                            line_ref(roster.pk, seq),
                            p.kind,
                            programme,
                            p.case_type,
                            p.case_id,
                            p.decision,
                            p.household_id,
                            p.payee_member_id if who else None,
                            who.get("name", ""),
                            who.get("id_number", ""),
                            who.get("bank", ""),
                            who.get("account", ""),
                            who.get("agent", ""),
                            ",".join(p.slots),
                            p.first_month,
                            p.last_month,
                            p.amount_fen,
                            p.fund_source,
                            RosterLine.Status.PENDING,
                            "",
                            "",
                            "",
                            "",
                        )
                    )
                    if len(p.slots) > 1:
                        multi.append((seq, p))
                    seq += 1
                bulk.insert(RosterLine, LINE_FIELDS, rows)
                _claim(roster, locked.next_seq, seq - 1, multi)
                locked.next_seq = seq
                locked.save(update_fields=["next_seq"])
                return len(rows)
        except IntegrityError:
            taken = set(
                Claim.objects.filter(
                    programme=programme, case_id__among=[p.case_id for p in chunk]
                ).values_list("case_id", "slot")
            )
            chunk = [p for p in chunk if not any((p.case_id, s) in taken for s in p.slots)]
            if not chunk:
                return 0
    raise Refused(_("花名册正在由他人同时编制，请稍后重试"))


def _claim(
    roster: Roster, first_seq: int, last_seq: int, multi: list[tuple[int, programmes.Payable]]
) -> None:
    """The claims of the lines just written: single-slot lines in one statement, the others row by row."""
    from django.db import connection

    claim, line = Claim._meta.db_table, RosterLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {claim} (programme, case_type, case_id, slot, line_id) "
            f"SELECT programme, case_type, case_id, slots, id FROM {line} "
            "WHERE roster_id = %s AND seq BETWEEN %s AND %s AND slots NOT LIKE %s",
            [roster.pk, first_seq, last_seq, "%,%"],
        )
    if multi:
        ids = dict(
            RosterLine.objects.filter(roster=roster, seq__among=[s for s, _p in multi]).values_list(
                "seq", "id"
            )
        )
        bulk.insert(
            Claim,
            ("programme", "case_type", "case_id", "slot", "line"),
            [
                (roster.programme, p.case_type, p.case_id, slot, ids[seq])
                for seq, p in multi
                for slot in p.slots
            ],
        )


def _bulk(roster: Roster, run: MakeRun, prog: programmes.Programme, period, scope, claimed) -> int:
    """The plain regular lines the programme can state as a query (programmes.Programme.bulk), written by the
    database in one INSERT … SELECT with their claims, in one transaction. If a concurrent make claimed one
    of these cases first, nothing of it is kept and the chunked path below makes the lines instead."""
    if prog.bulk is None:
        return 0
    source = prog.bulk(period, scope, claimed)
    if source is None:
        return 0
    try:
        with transaction.atomic():
            locked = Roster.objects.select_for_update().get(pk=roster.pk)
            if locked.status != Roster.Status.DRAFT:
                return 0
            first = locked.next_seq
            sql, args = bulk_sql(roster, run, source, first)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # sorts and hashes of a million rows in memory; no JIT (seconds to compile, for one run)
                    cursor.execute("SET LOCAL work_mem = '128MB'")
                    cursor.execute("SET LOCAL jit = off")
                cursor.execute(sql, args)
                added = cursor.rowcount
            if added <= 0:
                return 0
            _claim(roster, first, first + added - 1, [])
            locked.next_seq = first + added
            locked.save(update_fields=["next_seq"])
            return added
    except IntegrityError:
        return 0


def bulk_sql(roster: Roster, run: MakeRun, source, first: int) -> tuple[str, list]:
    """The INSERT … SELECT of _bulk: one line per row of the programme's queryset, numbered from `first` in
    case order, with the payee's name, ID number and own account as _flush takes them (R-PAY-03)."""
    select, params = source.order_by().values(*programmes.BULK_COLUMNS).query.sql_with_params()
    qn = connection.ops.quote_name
    line, member = RosterLine._meta.db_table, Member._meta.db_table
    account = PayeeAccount._meta.db_table
    if connection.vendor == "postgresql":
        padded = (
            "CASE WHEN q.seq < 10000000 THEN lpad(CAST(q.seq AS text), 7, '0') ELSE CAST(q.seq AS text) END"
        )
    else:
        padded = "printf('%%07d', q.seq)"
    columns = ", ".join(qn(RosterLine._meta.get_field(f).column) for f in LINE_FIELDS)
    sql = (
        f"INSERT INTO {qn(line)} ({columns}) "
        f"SELECT %s, %s, q.seq, %s || {padded}, q.b_kind, %s, q.b_case_type, q.b_case_id, q.b_decision, "
        "q.b_household_id, m.id, COALESCE(m.name, ''), COALESCE(m.id_number, ''), COALESCE(a.bank, ''), "
        "COALESCE(a.account_number, ''), COALESCE(a.agent_name, ''), q.b_slot, q.b_first_month, "
        "q.b_last_month, q.b_amount_fen, q.b_fund_source, %s, '', '', '', '' "
        f"FROM (SELECT p.*, %s + ROW_NUMBER() OVER (ORDER BY p.b_case_id) - 1 AS seq FROM ({select}) p) q "
        f"LEFT JOIN {qn(member)} m ON m.id = q.b_payee_member_id "
        f"LEFT JOIN {qn(account)} a ON a.member_id = m.id"
    )
    args = [roster.pk, run.pk, f"{roster.pk:07d}", roster.programme, RosterLine.Status.PENDING, first]
    return sql, [*args, *params]


def prepare_make(actor, programme: str, period, scope_code: str) -> tuple[Roster, object]:
    """Check what `make` would refuse and find or create its roster: (roster, subtree the maker adds from).
    The pages call this before queuing the make as a background job, so that a refusal shows at once."""
    prog = programme_or_refuse(programme)
    period = parse_period(period)
    _require(actor, MAKERS, _("编制发放花名册"))
    node = scope_node(scope_code, prog.union)
    scope = effective_scope(actor, node, prog.union)
    roster, _created = get_or_create_roster(actor, programme, period, node, prog.union)
    return roster, scope


def do_make(actor, programme: str, period, scope_code: str, *, progress=None) -> Roster:
    """Make (or extend, while it is a draft) the roster of a programme, period and region/union subtree."""
    roster, scope = prepare_make(actor, programme, period, scope_code)
    if roster.status != Roster.Status.DRAFT:
        return roster  # confirmed or further on: lines stay as they are
    prog, period = programmes.get(programme), roster.period
    with transaction.atomic():
        run = MakeRun.objects.create(
            roster=roster,
            made_by=actor if getattr(actor, "pk", None) else None,
            made_role=getattr(actor, "role", ""),
        )
    claimed = _Claimed(programme, run.pk)
    added, buffer = _bulk(roster, run, prog, period, scope, claimed), []
    if added >= 10_000:
        _analyze()  # the chunked path's queries below look for the claims just made: plan them as they are
    if added and progress:
        progress(added)
    for payable in prog.payables(period, scope, claimed):
        # a case's lines are written together: were its arrears (owed only before its first roster, so
        # decided by "ever claimed") split from its regular month by a crash, a re-run would not owe them
        if len(buffer) >= CHUNK and payable.case_id != buffer[-1].case_id:
            added += _flush(roster, run, programme, buffer)
            buffer = []
            if progress:
                progress(added)
        buffer.append(payable)
    if buffer:
        added += _flush(roster, run, programme, buffer)
    if added >= 10_000:
        _analyze()
    from .warnings import scan

    with transaction.atomic():
        MakeRun.objects.filter(pk=run.pk).update(added=added)
        record(
            actor,
            "payments.roster.make",
            roster,
            after={"added": added, "scope": scope.code},
            scope_path=roster.scope_path,
        )
    scan(roster)
    if progress:
        progress(added)
    roster.refresh_from_db()
    return roster


# ------------------------------------------------------------------------------------- status changes


def _analyze() -> None:
    """After a big bulk load, PostgreSQL's planner still believes the tables as they were (autovacuum comes
    later): the warning queries then join by nested loops over the new lines. Refresh its statistics."""
    if connection.vendor == "postgresql":
        tables = [RosterLine._meta.db_table, Claim._meta.db_table]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def makers(roster: Roster) -> set[int]:
    ids = set(roster.runs.exclude(made_by=None).values_list("made_by_id", flat=True))
    if roster.created_by_id:
        ids.add(roster.created_by_id)
    return ids


def _blocking(roster: Roster) -> int:
    return roster.warnings.filter(
        blocking=True, resolved_at__isnull=True, line__status=RosterLine.Status.PENDING
    ).count()


def _check_warnings(roster: Roster, step: str) -> None:
    """Refuse the step while a blocking warning is open. The warnings are found again first, by the caller,
    outside the step's transaction (rescan), so that what was found is kept when the step is refused."""
    n = _blocking(roster)
    if n:
        raise Refused(
            _("有%(n)s条预警尚未处理（须说明理由或移除该明细），不能%(step)s") % {"n": n, "step": step}
        )


def rescan(roster: Roster) -> None:
    from .warnings import scan

    scan(roster)


def do_confirm(actor, roster: Roster, note: str = "") -> Roster:
    """An approver who did not make the roster confirms who is paid how much (R-PAY-02)."""
    _require(actor, CHECKERS, _("确认发放花名册"))
    if not covers(actor, roster):
        raise Refused(_("该花名册超出您的管辖范围，不能确认"))
    if actor.pk in makers(roster):
        raise Refused(_("编制与确认不能为同一人：请由另一名审批人确认"))
    rescan(roster)

    def check(fresh):
        if not fresh.lines.filter(status=RosterLine.Status.PENDING).exists():
            raise Refused(_("花名册没有待发放的明细，不能确认"))
        _check_warnings(fresh, _("确认"))

    def update(fresh):
        close_deadlines(fresh, "roster_confirm")
        open_deadline(
            fresh,
            "roster_allocate",
            f"核拨{fresh.period:%Y年%m月}发放资金",
            _deadline_due(5),
            working_days=True,
            cite="R-PAY-02",
        )

    return transition(roster, "confirm", actor, note=note, check=check, update=update)


def do_allocate(actor, roster: Roster, note: str = "") -> Roster:
    """Finance allocates the funds for a confirmed roster (R-PAY-02), after the warnings are seen."""
    _require(actor, FINANCE, _("核拨资金"))
    if not covers(actor, roster):
        raise Refused(_("该花名册超出您的管辖范围"))
    rescan(roster)

    def check(fresh):
        _check_warnings(fresh, _("核拨资金"))

    def update(fresh):
        close_deadlines(fresh, "roster_allocate")
        open_deadline(
            fresh,
            "roster_bank_file",
            f"生成{fresh.period:%Y年%m月}代发文件送银行",
            _deadline_due(3),
            working_days=True,
            cite="R-PAY-02",
        )

    return transition(roster, "allocate", actor, note=note, check=check, update=update)


def do_cancel(actor, roster: Roster, reason: str) -> Roster:
    """Cancel a draft or confirmed roster: its lines are void and their claims released (a follow-up line's
    go back to the failed line it replaced), so the cases can be paid by a new roster."""
    _require(actor, MAKERS, _("作废花名册"))
    if not covers(actor, roster) and actor.pk not in makers(roster):
        raise Refused(_("该花名册超出您的管辖范围"))
    if not (reason or "").strip():
        raise Refused(_("请填写作废原因"))

    def update(fresh):
        lines = fresh.lines.all()
        for line_id, replaced in lines.filter(replaces__isnull=False).values_list("id", "replaces_id"):
            Claim.objects.filter(line_id=line_id).update(line_id=replaced)
        Claim.objects.filter(line__roster=fresh).delete()
        lines.update(status=RosterLine.Status.CANCELLED)
        close_deadlines(fresh)

    return transition(roster, "cancel", actor, note=reason.strip(), update=update)


# ------------------------------------------------------------------------------------- lines on a draft


def _draft_line(actor, line: RosterLine, *, checkers_after_draft: bool = False) -> RosterLine:
    """The line, locked, on a roster that may still change: a draft (its makers), or — for taking a line off
    when a problem comes up later — a confirmed or allocated one, by an approver."""
    _require(actor, MAKERS, _("修改花名册明细"))
    line = RosterLine.objects.select_for_update().select_related("roster").get(pk=line.pk)
    status = line.roster.status
    if status == Roster.Status.DRAFT:
        return line
    if checkers_after_draft and status in (Roster.Status.CONFIRMED, Roster.Status.ALLOCATED):
        _require(actor, CHECKERS, _("从已确认的花名册中移除明细"))
        return line
    raise Refused(_("花名册当前状态为“%(s)s”，不能再修改明细") % {"s": line.roster.get_status_display()})


def do_remove_line(actor, line: RosterLine, reason: str) -> RosterLine:
    """Take a line off a draft roster with the reason. The case keeps its claim on the slot: it is not paid
    for that period by another roster (a removal is a decision, e.g. a payee found deceased)."""
    if not (reason or "").strip():
        raise Refused(_("请填写移除原因"))
    with transaction.atomic():
        line = _draft_line(actor, line, checkers_after_draft=True)
        if line.status != RosterLine.Status.PENDING:
            raise Refused(_("该明细不是待发放状态"))
        line.status, line.removed_reason = RosterLine.Status.REMOVED, reason.strip()[:200]
        line.save(update_fields=["status", "removed_reason"])
        record(
            actor,
            "payments.line.remove",
            line,
            after={"ref": line.ref, "reason": line.removed_reason},
            household=line.household,
            scope_path=line.roster.scope_path,
        )
    return line


def do_restore_line(actor, line: RosterLine) -> RosterLine:
    with transaction.atomic():
        line = _draft_line(actor, line)
        if line.status != RosterLine.Status.REMOVED:
            raise Refused(_("该明细未被移除"))
        line.status, line.removed_reason = RosterLine.Status.PENDING, ""
        line.save(update_fields=["status", "removed_reason"])
        record(
            actor,
            "payments.line.restore",
            line,
            after={"ref": line.ref},
            household=line.household,
            scope_path=line.roster.scope_path,
        )
    from .warnings import scan

    scan(line.roster)
    return line


def do_refresh_account(actor, line: RosterLine) -> RosterLine:
    """Take the payee's account as the registry holds it now (after the worker recorded or corrected it)."""
    with transaction.atomic():
        line = _draft_line(actor, line)
        who = _payees({line.member_id} if line.member_id else set()).get(line.member_id or 0)
        if not who or not who["account"]:
            raise Refused(_("收款人在家庭档案中仍没有代理金融机构账户，请先在家庭档案中补录"))
        before = {"bank": line.bank, "account_number": line.account_number}
        line.bank, line.account_number, line.agent_name = who["bank"], who["account"], who["agent"]
        line.save(update_fields=["bank", "account_number", "agent_name"])
        record(
            actor,
            "payments.line.refresh_account",
            line,
            before=before,
            after={"bank": line.bank, "account_number": line.account_number},
            household=line.household,
            scope_path=line.roster.scope_path,
        )
    from .warnings import scan

    scan(line.roster)
    return line


# ------------------------------------------------------------------------------------------- follow-up


def do_follow_up(actor, roster: Roster) -> Roster:
    """A new draft roster with one line for each failed line of `roster` not yet replaced, each naming the line
    it replaces; the claims move to the new line, so the failed payment is made once more and only once."""
    _require(actor, MAKERS, _("编制补发花名册"))
    if not visible_rosters(actor).filter(pk=roster.pk).exists():
        raise Refused(_("该花名册超出您的管辖范围"))
    if roster.status != Roster.Status.RECONCILED:
        raise Refused(_("花名册尚未对账（当前状态：%(s)s），不能补发") % {"s": roster.get_status_display()})
    failed = roster.lines.filter(status=RosterLine.Status.FAILED).exclude(
        replaced_by__status__in=[s for s in RosterLine.Status.values if s != RosterLine.Status.CANCELLED]
    )
    if not failed.exists():
        raise Refused(_("没有待补发的失败明细（失败明细均已补发过）"))
    with transaction.atomic():
        Roster.objects.select_for_update().get(pk=roster.pk)
        failed = list(failed.select_related("household"))
        node = roster.scope
        follow = Roster.objects.create(
            programme=roster.programme,
            period=roster.period,
            scope_code=roster.scope_code,
            scope_path=roster.scope_path,
            follows=roster,
            created_by=actor if getattr(actor, "pk", None) else None,
            region=roster.region,
            union_org=roster.union_org,
        )
        from jiuzhu.core.workflow import record_status

        record_status(follow, "", actor, note=_("补发 %(ref)s") % {"ref": roster.pk})
        run = MakeRun.objects.create(
            roster=follow,
            made_by=actor if getattr(actor, "pk", None) else None,
            made_role=getattr(actor, "role", ""),
            added=len(failed),
        )
        payees = _payees({f.member_id for f in failed if f.member_id})
        rows = []
        for seq, f in enumerate(failed, start=1):
            who = payees.get(f.member_id or 0) or {}
            rows.append(
                RosterLine(
                    roster=follow,
                    run=run,
                    seq=seq,
                    ref=line_ref(follow.pk, seq),
                    kind=RosterLine.Kind.FOLLOW_UP,
                    programme=f.programme,
                    case_type=f.case_type,
                    case_id=f.case_id,
                    decision=f.decision,
                    household=f.household,
                    member_id=f.member_id,
                    payee_name=who.get("name", f.payee_name),
                    id_number=who.get("id_number", f.id_number),
                    bank=who.get("bank", f.bank),
                    account_number=who.get("account", f.account_number),
                    agent_name=who.get("agent", f.agent_name),
                    slots=f.slots,
                    first_month=f.first_month,
                    last_month=f.last_month,
                    amount_fen=f.amount_fen,
                    fund_source=f.fund_source,
                    replaces=f,
                )
            )
        RosterLine.objects.bulk_create(rows)
        for new in RosterLine.objects.filter(roster=follow):
            Claim.objects.filter(line_id=new.replaces_id).update(line_id=new.pk)
        follow.next_seq = len(rows) + 1
        follow.save(update_fields=["next_seq"])
        record(
            actor,
            "payments.roster.follow_up",
            follow,
            after={"follows": roster.pk, "lines": len(rows), "scope": node.code},
            scope_path=follow.scope_path,
        )
        open_deadline(
            follow,
            "roster_confirm",
            f"确认{follow.period:%Y年%m月}补发花名册",
            _deadline_due(5),
            working_days=True,
            cite="R-PAY-02",
        )
    from .warnings import scan

    scan(follow)
    follow.refresh_from_db()
    return follow


# ------------------------------------------------------------------------------------------- figures


def totals(roster: Roster, lines=None) -> dict:
    """Counts and sums by line status (removed and cancelled lines apart)."""
    qs = roster.lines.all() if lines is None else lines
    by = {row["status"]: row for row in qs.values("status").annotate(n=Count("id"), fen=Sum("amount_fen"))}
    out = {"count": 0, "total_fen": 0}
    for status in RosterLine.Status.values:
        row = by.get(status, {"n": 0, "fen": 0})
        out[status] = {"count": row["n"], "total_fen": row["fen"] or 0}
        if status not in (RosterLine.Status.REMOVED, RosterLine.Status.CANCELLED):
            out["count"] += row["n"]
            out["total_fen"] += row["fen"] or 0
    return out


def summary(roster: Roster) -> dict:
    """The answer of `make` (spec/PAYMENTS.md)."""
    from .warnings import as_json

    t = totals(roster)
    return {
        "roster": roster.pk,
        "status": roster.status,
        "lines": t["count"],
        "total": yuan(t["total_fen"]),
        "warnings": as_json(roster),
    }


def live_claim(case_type: str, case_id: int, slot: str, programme: str | None = None) -> RosterLine | None:
    """The live line that pays a case's slot (pending, paid or queried; a failed line too until it is
    replaced), if any: procedures ask before paying the same thing in cash."""
    qs = Claim.objects.filter(case_type=case_type, case_id=case_id, slot=slot).select_related("line")
    if programme:
        qs = qs.filter(programme=programme)
    claim = qs.first()
    return claim.line if claim is not None else None


__all__ = [
    "Refused",
    "prepare_make",
    "do_make",
    "do_confirm",
    "do_allocate",
    "do_cancel",
    "do_follow_up",
    "do_remove_line",
    "do_restore_line",
    "do_refresh_account",
    "summary",
    "totals",
    "parse_period",
    "live_claim",
]
