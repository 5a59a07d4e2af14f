"""Loading the region and union hierarchies from CSV (issue 2 item 4)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from .audit import record
from .models import Region, UnionOrg

DATA = Path(__file__).parent / "data"


class LoadError(ValueError):
    pass


def _rows(path: Path, columns: set[str]) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = columns - set(reader.fieldnames or [])
        if missing:
            raise LoadError(f"{path.name}: 缺少列 {', '.join(sorted(missing))}")
        return list(reader)


def do_load_regions(actor, path: Path = DATA / "regions_demo.csv") -> int:
    """Create or update regions. Parents must come before children in the file."""
    rows = _rows(path, {"code", "name", "level", "parent_code"})
    levels = {v for v, _ in Region.Level.choices}
    with transaction.atomic():
        for n, row in enumerate(rows, start=2):
            code, level = row["code"].strip(), row["level"].strip()
            if not code.isdigit() or not level.isdigit() or int(level) not in levels:
                raise LoadError(f"{path.name} 第{n}行: 代码或层级无效")
            if int(level) <= Region.Level.COUNTY and len(code) != 6:
                raise LoadError(f"{path.name} 第{n}行: 省、市、县应为6位GB/T 2260代码")
            parent = None
            if row["parent_code"].strip():
                parent = Region.objects.filter(code=row["parent_code"].strip()).first()
                if parent is None:
                    raise LoadError(f"{path.name} 第{n}行: 上级代码{row['parent_code']}不存在")
            region, _ = Region.objects.update_or_create(
                code=code,
                defaults={
                    "name": row["name"].strip(),
                    "level": int(level),
                    "parent": parent,
                    "phone": (row.get("phone") or "").strip(),
                },
            )
        if rows:
            record(actor, "regions.load", region, after={"file": path.name, "rows": len(rows)})
    return len(rows)


def do_load_unions(actor, path: Path = DATA / "unions_demo.csv") -> int:
    rows = _rows(path, {"code", "name", "level", "parent_code"})
    with transaction.atomic():
        for n, row in enumerate(rows, start=2):
            parent = None
            if row["parent_code"].strip():
                parent = UnionOrg.objects.filter(code=row["parent_code"].strip()).first()
                if parent is None:
                    raise LoadError(f"{path.name} 第{n}行: 上级工会{row['parent_code']}不存在")
            region = None
            if (row.get("region_code") or "").strip():
                region = Region.objects.filter(code=row["region_code"].strip()).first()
                if region is None:
                    raise LoadError(f"{path.name} 第{n}行: 地区代码{row['region_code']}不存在")
            org, _ = UnionOrg.objects.update_or_create(
                code=row["code"].strip(),
                defaults={
                    "name": row["name"].strip(),
                    "level": int(row["level"]),
                    "parent": parent,
                    "region": region,
                    "is_help_centre": (row.get("is_help_centre") or "0").strip() == "1",
                },
            )
        if rows:
            record(actor, "unions.load", org, after={"file": path.name, "rows": len(rows)})
    return len(rows)
