"""Recording a batch run (with its decisions) in the database: one transaction, one audit event."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
from django.db import connection, transaction

from jiuzhu.core import audit

from .models import BatchDecision, BatchRun


def jsonable(obj: Any) -> Any:
    """The parameter mapping as JSON values: date keys and values become ISO text (Params reads both)."""
    if isinstance(obj, dict):
        return {(k.isoformat() if hasattr(k, "isoformat") else str(k)): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return str(obj)


def canonical_digest(obj: Any) -> str:
    """sha256 of the canonical JSON (sorted keys, dates as ISO text)."""
    text = json.dumps(jsonable(obj), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def folder_digest(folder: str | Path) -> str:
    """sha256 over the files of a folder (names and bytes, in name order)."""
    h = hashlib.sha256()
    for p in sorted(Path(folder).iterdir()):
        if p.is_file():
            h.update(p.name.encode("utf-8") + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _fen(values: list[str | None]) -> list[int | None]:
    out: list[int | None] = []
    for v in values:
        if v is None:
            out.append(None)
        else:
            whole, _, frac = v.partition(".")
            sign = -1 if whole.startswith("-") else 1
            out.append(sign * (abs(int(whole)) * 100 + int((frac + "00")[:2])))
    return out


def record_run(
    actor: Any,
    *,
    at: str,
    region_code: str,
    engine: str,
    engine_version: str,
    params: dict[str, Any],
    table: Any,
    household_pks: np.ndarray,
    output: str,
    inputs: str = "",
) -> BatchRun:
    """Store the run and one BatchDecision a household (COPY on PostgreSQL), audited, in one transaction."""
    import pyarrow.compute as pc

    counts: dict[str, dict[str, int]] = {}
    for col in ("dibao_status", "hardship_status", "temporary_status"):
        vc = pc.value_counts(table.column(col)).to_pylist()
        counts[col] = {x["values"]: int(x["counts"]) for x in vc}
    with transaction.atomic():
        run = BatchRun.objects.create(
            created_by=actor if getattr(actor, "pk", None) else None,
            at=at,
            region_code=region_code,
            engine=engine,
            engine_version=engine_version,
            params_digest=canonical_digest(params),
            params=jsonable(params),
            households=table.num_rows,
            counts=counts,
            output=output,
            inputs=inputs,
            inputs_digest=folder_digest(inputs) if inputs else "",
        )
        cols = {
            "params_digest": table.column("params_digest").to_pylist(),
            "dibao_status": table.column("dibao_status").to_pylist(),
            "dibao_benefit_household_fen": _fen(table.column("dibao_benefit_household").to_pylist()),
            "hardship_status": table.column("hardship_status").to_pylist(),
            "hardship_category": [v or "" for v in table.column("hardship_category").to_pylist()],
            "temporary_status": table.column("temporary_status").to_pylist(),
            "reason_codes": table.column("reason_codes").to_pylist(),
        }
        names = list(cols)
        rows = zip(*(cols[k] for k in names), strict=True)
        pks = [int(x) for x in household_pks]
        db_table = BatchDecision._meta.db_table
        fields = ["run_id", "household_id", *names]
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                with cur.cursor.copy(f"COPY {db_table} ({', '.join(fields)}) FROM STDIN") as copy:
                    for pk, row in zip(pks, rows, strict=True):
                        copy.write_row((run.pk, pk, *row))
        else:
            sql = f"INSERT INTO {db_table} ({', '.join(fields)}) VALUES ({', '.join(['%s'] * len(fields))})"
            with connection.cursor() as cur:
                cur.executemany(sql, [(run.pk, pk, *row) for pk, row in zip(pks, rows, strict=True)])
        audit.record(
            actor,
            "batchrun.record",
            run,
            after={
                "at": at,
                "region": region_code,
                "engine": engine,
                "engine_version": engine_version,
                "params_digest": run.params_digest,
                "households": run.households,
                "inputs_digest": run.inputs_digest,
            },
            scope_path=_scope_path(region_code),
        )
    return run


def _scope_path(region_code: str) -> str:
    from jiuzhu.core.models import Region

    if not region_code:
        return ""
    r = Region.objects.filter(code=region_code).first()
    return r.path if r else ""
