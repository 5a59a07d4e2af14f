"""The writes of this app: importing households (all or nothing) and recording exports in the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from jiuzhu.core.audit import record
from jiuzhu.registry.actions import PermissionDenied, do_create_household
from jiuzhu.registry.documents import ValidationFailed

from .importer import Loc, Plan, Problem, plan_import


@dataclass
class ImportResult:
    format: str = ""
    problems: list[Problem] = field(default_factory=list)
    households: list = field(default_factory=list)  # the Household rows created
    counts: dict[str, int] = field(default_factory=dict)
    skipped_example_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class _Abort(Exception):
    pass


def do_import_households(actor, data: bytes, *, filename: str = "", dry_run: bool = False) -> ImportResult:
    """Check the whole file; when nothing is wrong, create every household in ONE transaction.

    Each household is created by `do_create_household` (its own audit event); one more event,
    "import.households", records the file, the counts and the household numbers. A file with any
    problem writes nothing and returns every problem by sheet, row and column.
    """
    plan: Plan = plan_import(data, actor)
    result = ImportResult(plan.format, plan.problems, [], plan.counts(), plan.skipped_example_rows)
    if plan.problems or dry_run:
        return result
    try:
        with transaction.atomic():
            for planned in plan.households:
                try:
                    result.households.append(do_create_household(actor, planned.doc))
                except ValidationFailed as e:
                    # Someone registered the same person between the check and the write (R-REG-11).
                    for path, message in e.problems.items:
                        plan.add(planned.locate(path), message)
                    raise _Abort from None
                except PermissionDenied as e:
                    plan.add(Loc("", None), str(e))
                    raise _Abort from None
            record(
                actor,
                "import.households",
                actor if getattr(actor, "pk", None) else result.households[0],
                after={"file": filename, **result.counts, "numbers": [h.number for h in result.households]},
                scope_path=actor.region.path if getattr(actor, "region_id", None) else "",
                note=_("导入文件：%(file)s") % {"file": filename} if filename else "",
            )
    except _Abort:
        plan.sort()
        result.problems, result.households = plan.problems, []
    return result


def do_record_export(actor, action: str, filters: dict, count: int) -> None:
    """An export of personal data is an event of its own: who exported what, with which filter."""
    with transaction.atomic():
        record(
            actor,
            action,
            actor,
            after={"filters": filters, "count": count},
            scope_path=actor.region.path if actor.region_id else "",
        )
