"""Columnar core: exact segment sums, chunking, batch = single."""

from __future__ import annotations

import numpy as np

from jiuzhu.policy import assess, assess_many, build_columns, validate_household
from jiuzhu.policy.engine import _offsets, _segsum
from tests.policy.util import example_household, example_params, household, member, wage


def test_segsum_exact_with_empty_and_trailing_owners() -> None:
    owners = np.array([0, 0, 2, 2, 2], dtype=np.int32)
    x = np.array([1, 2, 3, 4, 10**15], dtype=np.int64)
    assert _segsum(x, _offsets(owners, 5)).tolist() == [3, 0, 7 + 10**15, 0, 0]
    assert _segsum(np.zeros(0, dtype=np.int64), _offsets(np.zeros(0, dtype=np.int32), 3)).tolist() == [
        0,
        0,
        0,
    ]


def test_batch_with_trailing_household_without_income_equals_single() -> None:
    p = example_params()
    hs = [household(member("m1", incomes=[wage("100.00"), wage("200.00")])), household(member("m1"))]
    assert assess_many(hs, p, "2026-07") == [assess(h, p, "2026-07") for h in hs]


def test_columns_slice_gives_the_same_results() -> None:
    from jiuzhu.policy import assess_columns

    p = example_params()
    hs = [validate_household(example_household())] + [
        validate_household(household(member("m1", incomes=[wage(f"{k}00.00")]), member("m2")))
        for k in range(1, 9)
    ]
    cols = build_columns(hs)
    a = assess_columns(cols, p, "2026-07")
    b = assess_columns(cols, p, "2026-07", chunk=4)
    for k in a.arrays:
        assert np.array_equal(a[k], b[k]), k
