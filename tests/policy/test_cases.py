"""Runner for the hand-worked policy cases in tests/policy/cases/*.yaml.

Each case: name, requirements, source, explanation, at, params (tests/policy/params/<name>.yaml, default
base), optional params_patch (deep-merged; a region key's value replaces the whole value), household, and
either expect (partial match of result["programs"]: dict keys compared recursively, lists whole) with optional
expect_cites, or expect_error (the JSON path of the HouseholdError).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from jiuzhu.policy import HouseholdError, Params, assess

HERE = Path(__file__).parent
CASES_DIR = HERE / "cases"
PARAMS_DIR = HERE / "params"


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for f in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for case in doc.get("cases") or []:
            out.append((f"{f.stem}::{case.get('name', '?')}", case))
    return out


CASES = _load_cases()
_PARAM_CACHE: dict[str, dict[str, Any]] = {}


def _params_mapping(name: str) -> dict[str, Any]:
    if name not in _PARAM_CACHE:
        _PARAM_CACHE[name] = yaml.safe_load((PARAMS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(_PARAM_CACHE[name])


def _merge(base: dict[str, Any], patch: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """Deep merge down to the region's keys; a region key's value (e.g. minimum_wage) replaces the old one."""
    for k, v in patch.items():
        k = str(k) if depth == 1 else k  # region codes may come as ints from YAML
        if depth < 2 and isinstance(v, dict) and isinstance(base.get(k), dict):
            _merge(base[k], v, depth + 1)
        else:
            base[k] = v
    return base


def _partial(actual: Any, expected: Any, path: str, errors: list[str]) -> None:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            errors.append(f"{path}: expected an object, got {actual!r}")
            return
        for k, v in expected.items():
            if k not in actual:
                errors.append(f"{path}.{k}: missing (expected {v!r})")
            else:
                _partial(actual[k], v, f"{path}.{k}", errors)
    elif actual != expected:
        errors.append(f"{path}: expected {expected!r}, got {actual!r}")


def test_case_names_unique() -> None:
    names = [c.get("name") for _, c in CASES]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate case names: {sorted(dup)}"


@pytest.mark.skipif(not CASES, reason="no worked cases in tests/policy/cases yet")
@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_worked_case(case: dict[str, Any]) -> None:
    mapping = _params_mapping(case.get("params") or "base")
    if case.get("params_patch"):
        _merge(mapping, case["params_patch"])
    params = Params.from_mapping(mapping)
    at = str(case["at"])
    if "expect_error" in case:
        with pytest.raises(HouseholdError) as info:
            assess(case["household"], params, at)
        assert info.value.path == case["expect_error"], f"error at {info.value.path}: {info.value.problem}"
        return
    result = assess(case["household"], params, at)
    programs = result["programs"]
    errors: list[str] = []
    _partial(programs, case.get("expect") or {}, "programs", errors)
    for prog, ids in (case.get("expect_cites") or {}).items():
        cited = {c for r in programs.get(prog, {}).get("reasons", []) for c in r["cite"]}
        for rid in ids:
            if rid not in cited:
                errors.append(f"{prog}: no reason cites {rid} (cited: {sorted(cited)})")
    assert not errors, (
        "\n".join(errors) + "\n\nreasons: " + repr({k: v.get("reasons") for k, v in programs.items()})
    )
