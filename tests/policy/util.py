"""Builders for the policy tests (no Django)."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import yaml

from jiuzhu.idnumber import make_id_number
from jiuzhu.policy import Params

SPEC = Path("/work/shared/spec/examples")
HERE = Path(__file__).parent
_EXAMPLE_HH = HERE / "data" / "household-zhang.json"
_EXAMPLE_PARAMS = HERE / "data" / "params.yaml"

_seq = itertools.count(1)


def example_household() -> dict[str, Any]:
    return json.loads(_EXAMPLE_HH.read_text(encoding="utf-8"))


def example_params_mapping() -> dict[str, Any]:
    return yaml.safe_load(_EXAMPLE_PARAMS.read_text(encoding="utf-8"))


def example_params(**patch: Any) -> Params:
    m = example_params_mapping()
    region = m["regions"]["110113"]
    for k, v in patch.items():
        if v is None:
            region.pop(k, None)
        else:
            region[k] = v
    return Params.from_mapping(m)


def pid(birth: dt.date = dt.date(1980, 5, 17), sex: str = "M", region: str = "110113") -> str:
    n = next(_seq)
    return make_id_number(region, birth + dt.timedelta(days=n // 500), n % 500, sex)


def member(
    ref: str, *, birth: dt.date = dt.date(1980, 5, 17), co_resident: bool = True, **kw: Any
) -> dict[str, Any]:
    m: dict[str, Any] = {
        "ref": ref,
        "name": "测试" + ref,
        "id_number": pid(birth),
        "relation": "applicant" if ref == "m1" else "other",
        "co_resident": co_resident,
    }
    m.update(kw)
    return m


def wage(amount: str, per: str = "month", kind: str = "wage") -> dict[str, Any]:
    return {"kind": kind, "amount": amount, "per": per}


def household(*members: dict[str, Any], **kw: Any) -> dict[str, Any]:
    h: dict[str, Any] = {
        "schema": "jiuzhu.household/1",
        "id": f"t{next(_seq)}",
        "region": "110113",
        "area_type": "urban",
        "members": list(members) or [member("m1")],
    }
    h.update(copy.deepcopy(kw))
    return h


UNION = {"worker_ref": "m1", "union_member": True, "labour_relation_since": "2016-04-01", "migrant": False}


def params_from(day: str = "2019-01-01") -> Params:
    """The example parameters with every series re-dated to start on `day` (for pre-2020 months)."""
    m = example_params_mapping()
    for region in m["regions"].values():
        for k, v in list(region.items()):
            if k == "name":
                continue
            if set(v) <= {"urban", "rural"}:
                region[k] = {a: {day: s[max(s)]} for a, s in v.items()}
            else:
                region[k] = {day: v[max(v)]}
    return Params.from_mapping(m)
