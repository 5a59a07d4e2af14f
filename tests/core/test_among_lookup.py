"""`field__among=[...]` (one array parameter on PostgreSQL, an IN list on SQLite) selects what `__in` does."""

from __future__ import annotations

import pytest

from jiuzhu.core.models import Region

pytestmark = pytest.mark.django_db


def test_among_selects_the_same_rows_as_in(demo):
    codes = ["110113", "110105", "no-such-code"]
    ids = list(Region.objects.filter(code__in=codes[:2]).values_list("id", flat=True))
    assert len(ids) == 2
    assert set(Region.objects.filter(code__among=codes).values_list("code", flat=True)) == {
        "110113",
        "110105",
    }
    assert set(Region.objects.filter(pk__among=ids).values_list("id", flat=True)) == set(ids)
    assert not Region.objects.filter(pk__among=[]).exists()
    assert Region.objects.exclude(pk__among=ids).count() == Region.objects.count() - 2
    children = set(Region.objects.filter(parent_id__in=ids).values_list("id", flat=True))
    assert (
        children and set(Region.objects.filter(parent_id__among=ids).values_list("id", flat=True)) == children
    )
    assert set(Region.objects.filter(parent__among=ids).values_list("id", flat=True)) == children
