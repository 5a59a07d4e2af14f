"""Policy simulation (issue 11, item 5): "what if the 低保 standard rises by 10% from a month?" — the registry
assessed twice, with the current parameters and with the changed ones, side by side. Nothing is written to
the cases or the database; the result is a report (XLSX) by township and area type.

    jiuzhu simulate --region 110113 --at 2026-07 --standard +10% report.xlsx

The changed parameters: every region's `dibao_standard` in force on the first day of the month is raised by
the percentage (half-up to the fen), as a new value effective that day. Both runs use the same columns.
"""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np


def raised_standard(mapping: dict[str, Any], percent: Decimal, day: Any) -> dict[str, Any]:
    """A copy of the parameter mapping with each region's dibao standard raised by `percent` from `day`."""
    import copy

    from jiuzhu.policy import Params

    params = Params.from_mapping(mapping)
    out = copy.deepcopy(mapping)
    for code, body in out.get("regions", {}).items():
        std = body.get("dibao_standard")
        if not isinstance(std, dict):
            continue
        areas = [a for a in ("urban", "rural") if a in std] or [None]
        for area in areas:
            f = params.lookup(str(code), "dibao_standard", area, day)
            if f is None:
                continue
            new = (Decimal(int(f.value)) * (1 + percent / 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            text = f"{int(new) // 100}.{int(new) % 100:02d}"
            series = std[area] if area else std
            series[day] = text
    return out


def _fen(col: Any) -> np.ndarray:
    vals = col.to_pylist()
    return np.array([0 if v is None else int(v.replace(".", "")) for v in vals], dtype=np.int64)


def simulate(region_code: str | None, at: str, percent: Decimal) -> dict[str, Any]:
    """Both runs and their comparison: {"rows": [...by township and area type...], "total": {...}}."""
    from jiuzhu.core.params import params_mapping
    from jiuzhu.policy import Params, decide_columns, parse_at
    from jiuzhu.policy.tables import tables_to_columns
    from jiuzhu.registry.models import Household

    from .registry import registry_tables

    day = parse_at(at)
    base_map = params_mapping()
    new_map = raised_standard(base_map, percent, day)
    tables = registry_tables(region_code)
    cols = tables_to_columns(tables)
    before = decide_columns(cols, Params.from_mapping(base_map), at)
    after = decide_columns(cols, Params.from_mapping(new_map), at)
    ids = tables["households"].column("id").to_pylist()
    area = tables["households"].column("area_type").to_pylist()
    paths = dict(Household.objects.filter(number__in=ids).values_list("number", "region__path"))
    names = {}
    from jiuzhu.core.models import Region

    for code, name in Region.objects.filter(level=Region.Level.TOWNSHIP).values_list("code", "name"):
        names[code] = name
    township = [(p.strip("/").split("/") + [""] * 4)[3] for p in (paths.get(i, "") for i in ids)]
    elig_b = np.array(before.column("dibao_eligible").to_pylist(), dtype=bool)
    elig_a = np.array(after.column("dibao_eligible").to_pylist(), dtype=bool)
    cost_b = np.where(elig_b, _fen(before.column("dibao_benefit_household")), 0)
    cost_a = np.where(elig_a, _fen(after.column("dibao_benefit_household")), 0)
    groups: dict[tuple[str, str], list[int]] = {}
    for k, key in enumerate(zip(township, area, strict=True)):
        groups.setdefault(key, []).append(k)

    def row(sel: list[int] | np.ndarray) -> dict[str, int]:
        s = np.asarray(sel, dtype=np.int64)
        return {
            "households": int(s.size),
            "eligible_before": int(elig_b[s].sum()),
            "eligible_after": int(elig_a[s].sum()),
            "newly_eligible": int((elig_a[s] & ~elig_b[s]).sum()),
            "newly_ineligible": int((elig_b[s] & ~elig_a[s]).sum()),
            "monthly_before_fen": int(cost_b[s].sum()),
            "monthly_after_fen": int(cost_a[s].sum()),
            "monthly_change_fen": int(cost_a[s].sum() - cost_b[s].sum()),
            "yearly_change_fen": int(12 * (cost_a[s].sum() - cost_b[s].sum())),
        }

    rows = []
    for (tw, ar), sel in sorted(groups.items()):
        rows.append({"township": tw, "township_name": names.get(tw, tw), "area_type": ar, **row(sel)})
    return {"at": at, "percent": str(percent), "rows": rows, "total": row(np.arange(len(ids)))}


def write_xlsx(report: dict[str, Any], path: str) -> None:
    from openpyxl import Workbook

    from jiuzhu.core.cells import safe_row

    def yuan(fen: int) -> Decimal:
        return Decimal(fen).scaleb(-2)

    wb = Workbook()
    ws = wb.active
    ws.title = "低保标准调整测算"
    ws.append([f"评估月份 {report['at']}，低保标准上调 {report['percent']}%（测算，不改变任何案件）"])
    ws.append(
        ["乡镇（街道）", "城乡类别", "户数", "调整前符合条件", "调整后符合条件", "新增符合条件", "不再符合条件",
         "调整前月支出（元）", "调整后月支出（元）", "月支出变化（元）", "年支出变化（元）"]
    )  # fmt: skip
    for r in [*report["rows"], {"township_name": "合计", "area_type": "", **report["total"]}]:
        ws.append(
            safe_row(
                ws,
                [
                    r["township_name"],
                    {"urban": "城市", "rural": "农村"}.get(r["area_type"], r["area_type"]),
                    r["households"],
                    r["eligible_before"],
                    r["eligible_after"],
                    r["newly_eligible"],
                    r["newly_ineligible"],
                    yuan(r["monthly_before_fen"]),
                    yuan(r["monthly_after_fen"]),
                    yuan(r["monthly_change_fen"]),
                    yuan(r["yearly_change_fen"]),
                ],
            )
        )
    wb.save(path)


def simulate_main(argv: list[str]) -> int:
    from jiuzhu.policy.cli import _err, _Parser, _Usage

    p = _Parser(prog="jiuzhu simulate", description="政策测算：低保标准调整后的符合条件户数和支出变化")
    p.add_argument("output", help="report .xlsx")
    p.add_argument("--region", default=None)
    p.add_argument("--at", required=True, help="the month from which the new standard applies (YYYY-MM)")
    p.add_argument("--standard", required=True, help="change of the 低保 standard in percent, e.g. +10%%")
    try:
        args = p.parse_args(argv)
        from jiuzhu.cli import _django

        _django()
        text = args.standard.strip().rstrip("%")
        try:
            percent = Decimal(text)
        except ArithmeticError:
            raise _Usage(f"--standard: “{args.standard}”应为百分数，如 +10%") from None
        if not args.output.lower().endswith(".xlsx"):
            raise _Usage(f"{args.output}: 报表应为 .xlsx")
        try:
            report = simulate(args.region, args.at, percent)
        except ValueError as e:
            raise _Usage(str(e)) from None
        write_xlsx(report, args.output)
        t = report["total"]
        print(
            f"新增符合条件 {t['newly_eligible']} 户，不再符合 {t['newly_ineligible']} 户；"
            f"月支出变化 {Decimal(t['monthly_change_fen']).scaleb(-2)} 元，年 {Decimal(t['yearly_change_fen']).scaleb(-2)} 元"
        )
        return 0
    except _Usage as e:
        _err(str(e))
        return 2
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) else 0


if __name__ == "__main__":
    sys.exit(simulate_main(sys.argv[1:]))
