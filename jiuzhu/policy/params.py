"""Dated parameter store.

Local values (LOCAL PARAMETER in REQUIREMENTS.md §4) come from a mapping shaped like the YAML parameter file:

    {"regions": {"110113": {"name": "...", key: {date: value}, key2: {"urban": {date: value}, "rural": {...}}}}}

The value in force on a day is the one with the latest date key not after that day. National values live in
NATIONAL below, each with its citation.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .money import AmountError, fmt_area, fmt_money, fmt_ratio, parse_area, parse_money, parse_ratio


class ParamsError(ValueError):
    """A problem in a parameter file: `path` is the key path, `problem` what is wrong."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


# National values fixed in the documents (not local parameters).
NATIONAL: dict[str, dict[str, Any]] = {
    "union_aid_province_threshold": {
        "value": 2_000_000,  # fen: 20,000.00 yuan
        "cite": ["R-AMT-09", "总工办发〔2020〕13号 第九条"],
    },
    "union_aid_national_threshold": {
        "value": 5_000_000,  # fen: 50,000.00 yuan
        "cite": ["R-AMT-09", "总工办发〔2020〕13号 第九条"],
    },
    "union_rules_2020_effective": {
        # 总工办发〔2020〕13号 is effective on issue (2020-06-28); it repeals 总工发〔2015〕20号,
        # 总工办发〔2016〕36号 and 厅字〔2017〕18号 (第二十条).
        "value": dt.date(2020, 6, 28),
        "cite": ["R-INC-05", "总工办发〔2020〕13号 第二十条"],
    },
    "low_income_multiplier_ceiling": {
        "value": 20_000,  # 2.0 scaled by RATIO_SCALE
        "cite": ["R-ELIG-13", "总工办发〔2020〕13号 附件 一.2"],
    },
    "superseded_slightly_above_multiplier": {
        "value": 15_000,  # 1.5 x dibao where no low-income standard (厅字〔2017〕18号 三)
        "cite": ["R-ELIG-25", "厅字〔2017〕18号 三"],
    },
    "superseded_accident_multiplier": {
        "value": 30_000,  # within 3 x dibao (总工办发〔2016〕36号 第三条)
        "cite": ["R-ELIG-23", "总工办发〔2016〕36号 第三条"],
    },
    "out_of_hardship_months": {
        "value": 6,
        "cite": ["R-ELIG-18", "总工办发〔2020〕13号 附件 二.1"],
    },
    "job_refusals_sanction": {
        "value": 3,
        "cite": ["R-ELIG-05", "民发〔2019〕6号 四"],
    },
}

INCREMENT_GROUPS = ("elderly_60", "minor", "severe_disability", "serious_illness")
SEVERITIES = ("minor", "moderate", "severe")
TEMP_TYPES = ("emergency", "expenditure")
AREA_TYPES = ("urban", "rural")
_META_KEYS = {"name", "description", "version", "source", "note"}


def _money(v: Any, path: str) -> int:
    try:
        return parse_money(v)
    except AmountError as e:
        raise ParamsError(path, str(e)) from None


def _ratio(v: Any, path: str) -> int:
    try:
        return parse_ratio(v)
    except AmountError as e:
        raise ParamsError(path, str(e)) from None


def _int(v: Any, path: str, lo: int = 0, hi: int = 10_000) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v.strip())
        else:
            raise ParamsError(path, f"应为整数，实为{v!r}")
    if not lo <= v <= hi:
        raise ParamsError(path, f"应在{lo}到{hi}之间，实为{v}")
    return v


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise ParamsError(path, f"应为 true 或 false，实为{v!r}")
    return v


def _struct(v: Any, path: str, fields: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(v, Mapping):
        raise ParamsError(path, "应为映射（键: 值）")
    out: dict[str, Any] = {}
    for k, raw in v.items():
        kp = f"{path}.{k}"
        if k not in fields:
            raise ParamsError(kp, f"未知的键；允许的键: {', '.join(fields)}")
        out[str(k)] = fields[k](raw, kp)
    for k in required:
        if k not in out:
            raise ParamsError(f"{path}.{k}", "缺少此项")
    return out


def _property(v: Any, path: str) -> dict[str, Any]:
    return _struct(
        v,
        path,
        {
            "financial_assets_months_per_capita": _ratio,
            "max_houses": _int,
            "vehicles_allowed": _bool,
        },
        required=("financial_assets_months_per_capita", "max_houses", "vehicles_allowed"),
    )


def _increments(v: Any, path: str) -> dict[str, Any]:
    return _struct(v, path, dict.fromkeys(INCREMENT_GROUPS, _ratio))


def _tiers(v: Any, path: str) -> dict[str, Any]:
    return _struct(v, path, dict.fromkeys(SEVERITIES, _ratio))


def _temporary(v: Any, path: str) -> dict[str, Any]:
    # disaster_uplift (R-AMT-07): the share by which a disaster victim's tier amount is raised (0.5: +50%)
    return _struct(
        v,
        path,
        {
            "emergency": _tiers,
            "expenditure": _tiers,
            "township_approval_limit": _money,
            "disaster_uplift": _ratio,
        },
    )


def _low_mult(v: Any, path: str) -> int:
    r = _ratio(v, path)
    if r > NATIONAL["low_income_multiplier_ceiling"]["value"]:
        raise ParamsError(path, "低收入标准倍数不得超过2倍低保标准（R-ELIG-13, OP-30）")
    return r


def _area(v: Any, path: str) -> int:
    try:
        return parse_area(v)
    except AmountError as e:
        raise ParamsError(path, str(e)) from None


def _raw(v: Any, path: str) -> Any:
    return v


# key -> (parser, kind for display, citation)
KEYS: dict[str, tuple[Any, str, list[str]]] = {
    "dibao_standard": (_money, "money", ["R-AMT-01", "民办发〔2019〕10号 附件6"]),
    "low_income_standard": (_money, "money", ["R-ELIG-13", "总工办发〔2020〕13号 附件 一.2"]),
    "low_income_multiplier": (_low_mult, "ratio", ["R-ELIG-13", "总工办发〔2020〕13号 附件 一.2"]),
    "minimum_wage": (_money, "money", ["R-INC-06", "总工办发〔2020〕13号 附件 三.1(1)"]),
    "obligor_support_ratio": (_ratio, "ratio", ["R-INC-10", "总工办发〔2020〕13号 附件 三.1(4)"]),
    "dibao_deduct_rigid_expenses": (_bool, "bool", ["R-INC-02", "民发〔2019〕6号 一"]),
    "dibao_property": (_property, "property", ["R-ELIG-01", "民发〔2019〕6号 一"]),
    "classified_increment": (_increments, "increments", ["R-AMT-03", "民发〔2019〕6号 一"]),
    "phase_out_months": (_int, "int", ["R-ELIG-04", "民发〔2019〕6号 一"]),
    "prior_year_disposable_income_per_capita": (_money, "money", ["R-ELIG-07", "民发〔2018〕23号 二(一)"]),
    "temporary_assistance": (_temporary, "temporary", ["R-AMT-04", "民发〔2018〕23号 二(三)"]),
    "local_floor_area_per_capita": (_area, "area", ["R-INC-11", "总工办发〔2020〕13号 附件 三.2(4)"]),
    "union_phase_out_months": (_int, "int", ["R-ELIG-18", "总工办发〔2020〕13号 附件 二.1"]),
}


def display(key: str, value: Any) -> Any:
    """JSON form of a parsed parameter value (decimal strings, as in the file)."""
    kind = KEYS[key][1] if key in KEYS else "raw"
    if kind == "money":
        return fmt_money(value)
    if kind == "ratio":
        return fmt_ratio(value)
    if kind == "area":
        return fmt_area(value)
    if kind == "property":
        return {
            "financial_assets_months_per_capita": fmt_ratio(value["financial_assets_months_per_capita"]),
            "max_houses": value["max_houses"],
            "vehicles_allowed": value["vehicles_allowed"],
        }
    if kind == "increments":
        return {k: fmt_ratio(v) for k, v in value.items()}
    if kind == "temporary":
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k == "township_approval_limit":
                out[k] = fmt_money(v)
            elif k == "disaster_uplift":
                out[k] = fmt_ratio(v)
            else:
                out[k] = {s: fmt_ratio(r) for s, r in v.items()}
        return out
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _date(k: Any, path: str) -> dt.date:
    if isinstance(k, dt.datetime):
        return k.date()
    if isinstance(k, dt.date):
        return k
    if isinstance(k, str):
        try:
            return dt.date.fromisoformat(k.strip())
        except ValueError:
            pass
    raise ParamsError(path, f"生效日期“{k}”应为 YYYY-MM-DD 格式的日期")


@dataclass(frozen=True)
class Found:
    value: Any
    effective: dt.date
    region: str
    key: str
    area_type: str | None

    def record(self) -> dict[str, Any]:
        """{key, region, [area_type], effective, value}: how the trace and the digest name a value used."""
        cached = _RECORDS.get(id(self))
        if cached is not None and cached[0] is self:
            return dict(cached[1])
        d: dict[str, Any] = {"key": self.key, "region": self.region}
        if self.area_type:
            d["area_type"] = self.area_type
        d["effective"] = self.effective.isoformat()
        d["value"] = display(self.key, self.value)
        if len(_RECORDS) > 10_000:
            _RECORDS.clear()
        _RECORDS[id(self)] = (self, d)
        return dict(d)


_RECORDS: dict[int, tuple[Found, dict[str, Any]]] = {}


class Series:
    """One dated value series: sorted effective dates and their parsed values."""

    __slots__ = ("dates", "values")

    def __init__(self, items: list[tuple[dt.date, Any]]) -> None:
        items.sort(key=lambda t: t[0])
        self.dates = [d for d, _ in items]
        self.values = [v for _, v in items]

    def at(self, day: dt.date) -> tuple[dt.date, Any] | None:
        i = bisect.bisect_right(self.dates, day) - 1
        if i < 0:
            return None
        return self.dates[i], self.values[i]


def _series(raw: Any, path: str, parse: Any) -> Series:
    if not isinstance(raw, Mapping) or not raw:
        raise ParamsError(path, "应为“生效日期: 值”的映射，至少一项")
    items: list[tuple[dt.date, Any]] = []
    seen: set[dt.date] = set()
    for k, v in raw.items():
        d = _date(k, f"{path}.{k}")
        if d in seen:
            raise ParamsError(f"{path}.{k}", "生效日期重复")
        seen.add(d)
        items.append((d, parse(v, f"{path}.{d.isoformat()}")))
    return Series(items)


class Params:
    """Validated local parameters. Build with Params.from_mapping or load_params."""

    def __init__(self, regions: dict[str, dict[str, Any]], names: dict[str, str]) -> None:
        # regions[code][key] is a Series, or {"urban": Series, "rural": Series} (either may be absent)
        self.regions = regions
        self.names = names
        self._cache: dict[tuple[str, str, str | None, dt.date], Found | None] = {}

    @classmethod
    def from_mapping(cls, mapping: Any) -> Params:
        if not isinstance(mapping, Mapping):
            raise ParamsError("(top)", "参数文件应为映射，顶层键为 regions")
        for k in mapping:
            if k != "regions" and k not in _META_KEYS:
                raise ParamsError(str(k), "未知的顶层键；参数应写在 regions 下")
        regs = mapping.get("regions")
        if not isinstance(regs, Mapping):
            raise ParamsError("regions", "缺少 regions 映射（按区划代码组织）")
        regions: dict[str, dict[str, Any]] = {}
        names: dict[str, str] = {}
        for code, body in regs.items():
            code_s = f"{code:06d}" if isinstance(code, int) and not isinstance(code, bool) else str(code)
            rpath = f"regions.{code_s}"
            if not (len(code_s) == 6 and code_s.isdigit()):
                raise ParamsError(rpath, "区划代码应为6位数字（GB/T 2260）")
            if code_s in regions:
                raise ParamsError(rpath, "区划代码重复")
            if body is None:
                body = {}
            if not isinstance(body, Mapping):
                raise ParamsError(rpath, "应为参数映射")
            entries: dict[str, Any] = {}
            for key, raw in body.items():
                kpath = f"{rpath}.{key}"
                if not isinstance(key, str):
                    raise ParamsError(kpath, "参数名应为字符串")
                if key == "name":
                    if not isinstance(raw, str):
                        raise ParamsError(kpath, "名称应为字符串")
                    names[code_s] = raw
                    continue
                parse = KEYS[key][0] if key in KEYS else _raw
                if isinstance(raw, Mapping) and raw and set(raw) <= set(AREA_TYPES):
                    entries[key] = {a: _series(raw[a], f"{kpath}.{a}", parse) for a in raw}
                else:
                    entries[key] = _series(raw, kpath, parse)
            regions[code_s] = entries
        return cls(regions, names)

    def lookup(self, region: str, key: str, area_type: str | None, day: dt.date) -> Found | None:
        """The value of `key` for `region` in force on `day`, or None if nobody configured it."""
        ck = (region, key, area_type, day)
        if ck in self._cache:
            return self._cache[ck]
        found: Found | None = None
        entry = self.regions.get(region, {}).get(key)
        if entry is not None:
            series = entry
            used_area: str | None = None
            if isinstance(entry, dict):
                series = entry.get(area_type) if area_type else None
                used_area = area_type
            if series is not None:
                hit = series.at(day)
                if hit is not None:
                    found = Found(hit[1], hit[0], region, key, used_area)
        self._cache[ck] = found
        return found


def load_params(path: str | Path) -> Params:
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ParamsError(str(path), f"无法读取参数文件: {e.strerror or e}") from None
    try:
        mapping = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ParamsError(str(path), f"YAML 格式错误: {e}") from None
    return Params.from_mapping(mapping)


def digest(records: list[dict[str, Any]]) -> str:
    """sha256 of the canonical JSON of the parameter values used."""
    uniq = {json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for r in records}
    canon = "[" + ",".join(sorted(uniq)) + "]"
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()
