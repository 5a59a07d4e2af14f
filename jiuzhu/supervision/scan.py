"""The risk scan (风险自动预警, R-SHARE-12, R-RPT-05): every rule over the whole registry, its cases and
payments at once, each rule a data-parallel function over columns (rules.py), each hit a ticket to adjudicate.

    run_scan(actor, region=None, rules=None) -> ScanResult

Reading: one query per table into numpy arrays (columns.py), shared by the rules through `Context`. Writing:
the hits not yet ticketed become RiskWarning rows and to-do deadlines (core.Deadline) in one transaction with
one audit event for the run; the unique constraint (rule, subject) keeps a rescan from opening a ticket twice.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuzhu.core.audit import record
from jiuzhu.core.models import Deadline, Region
from jiuzhu.core.workdays import _overrides, add_working_days

from .columns import NONE, fetch, index_of
from .models import RiskWarning, ScanRun, Severity

# Working days a ticket has to be decided in (DEFAULT: the texts set none; OP-style local choice, docs).
DUE_WORKING_DAYS = {Severity.HIGH: 5, Severity.MEDIUM: 10, Severity.LOW: 20}
DEADLINE_KIND = "supervision.warning"


class ScanRefused(Exception):
    """Why this user cannot run the scan (in words)."""


@dataclass(frozen=True)
class Rule:
    code: str
    label: object  # lazy text: what the warning says, shown
    cite: str  # requirement IDs: tooltip only
    clause: str  # the document and clause: shown
    severity: str
    find: Callable  # find(ctx) -> Hits
    union: bool = False  # union work (困难职工帮扶): on union staff's lists


@dataclass
class Hits:
    """The hits of one rule: parallel arrays (subject keys, household ids, case ids) and the details, which
    are made for the hits only (a small fraction of the rows)."""

    subject: np.ndarray  # str
    household: np.ndarray  # int64
    case_type: str | np.ndarray = ""
    case_id: np.ndarray | None = None  # int64, NONE when no case
    detail: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.subject)

    @staticmethod
    def empty() -> Hits:
        return Hits(np.array([], dtype=str), np.array([], dtype=np.int64), "", None, [])


RULES: dict[str, Rule] = {}


def rule(code, label, cite, clause, severity, *, union=False):
    def wrap(fn):
        RULES[code] = Rule(code, label, cite, clause, severity, fn, union)
        return fn

    return wrap


class Context:
    """The tables the rules read, loaded once per scan and shared."""

    def __init__(self, today: dt.date):
        self.today = today
        self.today64 = np.datetime64(today, "D")

    @cached_property
    def households(self) -> dict[str, np.ndarray]:
        from jiuzhu.registry.models import Household

        rows = fetch(
            "SELECT h.id, h.number, r.path, r.code, COALESCE(u.path, ''), h.active, h.near_relative_of_staff,"
            " h.address FROM registry_household h JOIN core_region r ON r.id = h.region_id"
            " LEFT JOIN core_unionorg u ON u.id = h.union_org_id ORDER BY h.id",
            kinds="issssbbs",
        )
        assert Household._meta.db_table == "registry_household"
        keys = ("id", "number", "path", "code", "union_path", "active", "flagged", "address")
        return dict(zip(keys, rows, strict=True))

    def at(self, household_ids: np.ndarray) -> np.ndarray:
        """Row positions of these household ids in `households` (every id exists: foreign keys)."""
        pos, _found = index_of(self.households["id"], household_ids)
        return pos

    @cached_property
    def members(self) -> dict[str, np.ndarray]:
        rows = fetch(
            "SELECT id, household_id, id_number, relation, co_resident, active FROM registry_member ORDER BY id",
            kinds="iissbb",
        )
        return dict(
            zip(("id", "household", "id_number", "relation", "co_resident", "active"), rows, strict=True)
        )

    @cached_property
    def obligors(self) -> dict[str, np.ndarray]:
        rows = fetch("SELECT id, household_id, id_number, co_resident FROM registry_obligor", kinds="iisb")
        return dict(zip(("id", "household", "id_number", "co_resident"), rows, strict=True))

    @cached_property
    def dibao(self) -> dict[str, np.ndarray]:
        rows = fetch(
            "SELECT id, household_id, status, created_by_id, approver_id, opinion_persons, stopped_from"
            " FROM dibao_dibaoapplication ORDER BY id",
            kinds="iisiiid",
        )
        keys = ("id", "household", "status", "created_by", "approver", "persons", "stopped_from")
        return dict(zip(keys, rows, strict=True))

    @cached_property
    def archives(self) -> dict[str, np.ndarray]:
        rows = fetch(
            "SELECT id, household_id, status, removed_on FROM archives_archive ORDER BY id", kinds="iisd"
        )
        return dict(zip(("id", "household", "status", "removed_on"), rows, strict=True))

    def overdue_deadlines(self, kinds: tuple[str, ...], prefixes: tuple[str, ...] = ()) -> dict:
        """Open deadlines of these kinds (or kinds starting with a prefix) whose day has passed."""
        where = " OR ".join(["kind = %s"] * len(kinds) + ["kind LIKE %s"] * len(prefixes))
        rows = fetch(
            "SELECT id, household_id, object_type, object_id, due, label FROM core_deadline"
            f" WHERE met_at IS NULL AND due < %s AND household_id IS NOT NULL AND ({where}) ORDER BY id",
            [self.today.isoformat(), *kinds, *[p + "%" for p in prefixes]],
            kinds="iissds",
        )
        assert Deadline._meta.db_table == "core_deadline"
        return dict(zip(("id", "household", "object_type", "object_id", "due", "label"), rows, strict=True))


@dataclass
class Found:
    rule: Rule
    subject: str
    household_id: int
    case_type: str
    case_id: int | None
    detail: str
    warning: RiskWarning | None = None
    new: bool = False


@dataclass
class ScanResult:
    run: ScanRun | None
    found: list[Found]
    counts: dict[str, int]


def check_scope(actor, region: Region | None) -> tuple[str, str]:
    """(scope path, region code) of a scan by this user, or ScanRefused saying why he may not run it."""
    return _scope(actor, region)


def _scope(actor, region: Region | None) -> tuple[str, str]:
    from jiuzhu.accounts.scope import region_within_scope

    from .models import SUPERVISORS

    if actor is not None:
        if not (actor.is_superuser or (actor.is_active and actor.role in SUPERVISORS)):
            raise ScanRefused(_("您的角色不能运行风险扫描"))
        if actor.role not in ("approver", "admin") and not actor.is_superuser:
            raise ScanRefused(_("审计人员只能查看预警，不能运行扫描"))
    if region is not None:
        if actor is not None and not region_within_scope(actor, region):
            raise ScanRefused(_("该地区不在您的管辖范围内"))
        return region.path, region.code
    if actor is not None and not actor.is_superuser:
        if not actor.region_id:
            raise ScanRefused(_("您没有所属行政区划，请指定地区"))
        return actor.region.path, actor.region.code
    return "", ""


def find_all(
    ctx: Context, rules: list[str] | None = None, scope_path: str = "", progress: Callable | None = None
) -> tuple[list[Found], dict]:
    """Every hit of these rules (all by default) in the scope; `progress(done, total)` after each rule."""
    from . import rules as _rules  # noqa: F401  (registers the rules)

    found: list[Found] = []
    counts: dict[str, int] = {}
    hh = ctx.households
    chosen = [(code, r) for code, r in RULES.items() if not rules or code in rules]
    for done, (code, r) in enumerate(chosen):
        if progress:
            progress(done, len(chosen) + 1)  # the last step is writing the tickets
        hits = r.find(ctx)
        if len(hits) and scope_path:
            pos = ctx.at(hits.household)
            keep = np.char.startswith(hh["path"][pos], scope_path)
            hits = _take(hits, keep)
        counts[code] = len(hits)
        case_ids = hits.case_id if hits.case_id is not None else np.full(len(hits), NONE)
        for i in range(len(hits)):
            ct = hits.case_type if isinstance(hits.case_type, str) else str(hits.case_type[i])
            cid = int(case_ids[i])
            found.append(
                Found(
                    r,
                    str(hits.subject[i]),
                    int(hits.household[i]),
                    ct,
                    None if cid == NONE else cid,
                    hits.detail[i][:300],
                )
            )
    return found, counts


def _take(hits: Hits, keep: np.ndarray) -> Hits:
    idx = np.flatnonzero(keep)
    return Hits(
        hits.subject[idx],
        hits.household[idx],
        hits.case_type if isinstance(hits.case_type, str) else hits.case_type[idx],
        None if hits.case_id is None else hits.case_id[idx],
        [hits.detail[i] for i in idx],
    )


def run_scan(
    actor,
    region: Region | None = None,
    rules: list[str] | None = None,
    *,
    today: dt.date | None = None,
    persist: bool = True,
    progress: Callable | None = None,
) -> ScanResult:
    """Scan, and (persist=True) open a ticket for every hit not ticketed yet. Returns every hit found, each
    with its ticket (new or existing). `progress(done, total)` is told after each rule (the jobs queue)."""
    scope_path, code = _scope(actor, region)
    today = today or timezone.localdate()
    started = time.monotonic()
    ctx = Context(today)
    found, counts = find_all(ctx, rules, scope_path, progress)
    if not persist:
        return ScanResult(None, found, counts)
    overrides = _overrides()
    due = {sev: add_working_days(today, n, overrides) for sev, n in DUE_WORKING_DAYS.items()}
    hh = ctx.households
    with transaction.atomic():
        run = ScanRun.objects.create(
            actor=actor if getattr(actor, "pk", None) else None, scope_path=scope_path, region_code=code
        )
        existing = _existing(found)
        new = [f for f in found if (f.rule.code, f.subject) not in existing]
        for f in found:
            f.warning = existing.get((f.rule.code, f.subject))
        objs = []
        positions = ctx.at(np.array([f.household_id for f in new], dtype=np.int64))
        for f, p in zip(new, positions.tolist(), strict=True):
            objs.append(
                RiskWarning(
                    rule=f.rule.code,
                    subject=f.subject,
                    severity=f.rule.severity,
                    cite=f.rule.cite,
                    clause=f.rule.clause,
                    household_id=f.household_id,
                    case_type=f.case_type,
                    case_id=f.case_id,
                    detail=f.detail,
                    scope_path=str(hh["path"][p]),
                    union_path=str(hh["union_path"][p]),
                    union_work=f.rule.union,
                    due=due[f.rule.severity],
                    run=run,
                )
            )
        RiskWarning.objects.bulk_create(objs, batch_size=2000)
        made = _existing(new)  # ids (bulk_create does not return them on every database)
        deadlines = []
        for f in new:
            w = made[(f.rule.code, f.subject)]
            f.warning, f.new = w, True
            deadlines.append(
                Deadline(
                    object_type="supervision.riskwarning",
                    object_id=str(w.pk),
                    household_id=w.household_id,
                    scope_path=w.scope_path,
                    kind=DEADLINE_KIND,
                    label=f"处理风险预警：{f.rule.label}"[:200],
                    due=w.due,
                    working_days=True,
                    cite=f.rule.cite[:100],
                )
            )
        Deadline.objects.bulk_create(deadlines, batch_size=2000)
        run.finished_at = timezone.now()
        run.found, run.opened, run.counts = len(found), len(new), counts
        run.seconds = round(time.monotonic() - started, 3)
        run.save()
        record(
            actor,
            "supervision.scan",
            run,
            after={"found": len(found), "opened": len(new), "counts": counts},
            scope_path=scope_path,
        )
    if progress:
        progress(len(counts) + 1, len(counts) + 1)
    return ScanResult(run, found, counts)


def _existing(found: list[Found]) -> dict[tuple[str, str], RiskWarning]:
    """The tickets already opened for these hits' rules, by (rule, subject): one query per rule."""
    out: dict[tuple[str, str], RiskWarning] = {}
    wanted = {(f.rule.code, f.subject) for f in found}
    for code in sorted({f.rule.code for f in found}):
        for w in RiskWarning.objects.filter(rule=code).only(
            "id", "rule", "subject", "status", "household_id", "scope_path", "due"
        ):
            if (w.rule, w.subject) in wanted:
                out[(w.rule, w.subject)] = w
    return out


def as_json(result: ScanResult) -> list[dict]:
    from .rules import case_ref

    numbers = {}
    hh = None
    out = []
    for f in result.found:
        if f.household_id not in numbers:
            if hh is None:
                from jiuzhu.registry.models import Household

                ids = {x.household_id for x in result.found}
                hh = dict(Household.objects.filter(pk__in=ids).values_list("id", "number"))
            numbers[f.household_id] = hh.get(f.household_id, "")
        w = f.warning
        out.append(
            {
                "kind": f.rule.code,
                "cite": f.rule.cite,
                "clause": f.rule.clause,
                "severity": f.rule.severity,
                "household": numbers[f.household_id],
                "case": case_ref(f.case_type, f.case_id),
                "detail": f.detail,
                "warning": w.pk if w else None,
                "status": w.status if w else None,
                "new": f.new,
            }
        )
    return out
