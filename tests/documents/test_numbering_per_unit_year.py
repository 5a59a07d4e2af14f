"""R-DOC-12: a sequence per issuing unit and kind, reset each year."""

from __future__ import annotations

from jiuzhu.core.models import Region
from jiuzhu.documents.numbering import allocate_number, format_number


def test_r_doc_12_sequence_per_unit_and_year_resets(demo):
    shunyi, chaoyang = Region.objects.get(code="110113"), Region.objects.get(code="110105")
    assert [allocate_number(shunyi, "fj6", 2026) for _ in range(3)] == [1, 2, 3]
    assert allocate_number(chaoyang, "fj6", 2026) == 1  # another unit
    assert allocate_number(shunyi, "fj7", 2026) == 1  # another series
    assert allocate_number(shunyi, "fj6", 2027) == 1  # a new year
    assert allocate_number(shunyi, "fj6", 2026) == 4
    assert format_number(2026, 4) == "（2026年第4号）"
