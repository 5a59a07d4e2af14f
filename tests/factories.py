"""Test data builders shared by all test modules (import from here, not from conftest)."""

from __future__ import annotations

import copy
import datetime as dt
import itertools

from jiuzhu.idnumber import make_id_number

_seq = itertools.count(1)


def new_id(region: str = "110113", birth: dt.date = dt.date(1980, 5, 17), sex: str = "M") -> str:
    """A fresh valid ID number (unique within a test run)."""
    n = next(_seq)
    return make_id_number(region, birth + dt.timedelta(days=n // 500), n % 500, sex)


def household_doc(region: str = "110113001001", members: int = 2, **extra) -> dict:
    """A valid household document (see jiuzhu/registry/documents.py) with fresh ID numbers."""
    doc = {
        "region": region,
        "area_type": "urban",
        "address": "胜利街道建新社区1号楼",
        "phone": "13800138000",
        "members": [
            {
                "ref": "m1",
                "name": "张建国",
                "id_number": new_id(),
                "relation": "applicant",
                "co_resident": True,
                "occupation": "employed",
                "incomes": [{"kind": "wage", "amount": "1800.00", "per": "month"}],
            },
        ],
    }
    for i in range(1, members):
        doc["members"].append(
            {
                "ref": f"m{i + 1}",
                "name": f"张{'一二三四五六七八九'[i % 9]}",
                "id_number": new_id(sex="F"),
                "relation": "spouse" if i == 1 else "child",
                "co_resident": True,
            }
        )
    doc.update(copy.deepcopy(extra))
    return doc


def set_param(actor=None, **fields):
    """A local parameter through core.params.do_set_param, authorised as R-SUP-14 asks by a rule set in force
    for its region and key: the demo's where one covers it, else one registered for the test."""
    import datetime as dt

    from jiuzhu.core.models import Region, RuleSet
    from jiuzhu.core.params import do_set_param
    from jiuzhu.core.rulesets import do_register_rule_set, rule_sets_for

    found = rule_sets_for(fields["region_code"], fields["key"], fields["effective_from"])
    rule_set = (
        found[0]
        if found
        else do_register_rule_set(
            None,
            title=f"测试用地方规定（{fields['key']}）",
            kind=RuleSet.Kind.ASSISTANCE,
            effective_from=dt.date(2000, 1, 1),
            region=Region.objects.get(code=fields["region_code"]),
            keys=[fields["key"]],
        )
    )
    return do_set_param(actor, rule_set=rule_set, **fields)
