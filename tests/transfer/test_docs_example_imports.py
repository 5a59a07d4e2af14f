"""The CSV example of docs/import.md imports as documented."""

from __future__ import annotations

import re
from pathlib import Path

from jiuzhu.registry.models import Household
from jiuzhu.transfer.actions import do_import_households

DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"


def test_docs_csv_example_imports(users):
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"### Example \(CSV, members only\)\n\n```\n(.*?)```", text, re.S).group(1)
    result = do_import_households(users["sy_worker"], example.encode("gbk"))
    assert result.ok, result.report()
    assert result.counts["households"] == 2 and result.counts["members"] == 4
    spouse = Household.objects.get(members__name="张建国").members.get(relation="spouse")
    assert (spouse.health, spouse.disability_category, spouse.disability_grade) == ("disabled", "physical", 3)
