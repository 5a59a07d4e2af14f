"""No formula injection: every XLSX and CSV writer stores text beginning with = + - @ tab or CR as text.

The probe of issue 13: an address `=HYPERLINK("http://x","点击")` came back from the household export with
openpyxl's data_type "f" (a live formula). Each writer is checked here with such text in a field a user
controls; jiuzhu.core.cells is the one place that neutralises it.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from openpyxl import load_workbook

from jiuzhu.core.cells import is_formula_like, safe_text
from tests.factories import household_doc

LINK = '=HYPERLINK("http://x","点击")'


def _cells(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _holding(data: bytes, text: str) -> list:
    """The cells whose value contains `text`; none of the workbook's cells may be a formula."""
    cells = _cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    return [c for c in cells if isinstance(c.value, str) and text in c.value]


def test_what_counts_as_a_formula():
    for text in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "+86 138 0013 8000"):
        assert is_formula_like(text) and safe_text(text) == "'" + text
    # plain numbers stay numbers for whoever reads the CSV; other values pass unchanged
    for value in ("-12.50", "+3", "0.5", "王建华", "", 5, None):
        assert not is_formula_like(value) and safe_text(value) == value


def test_household_export_keeps_a_formula_address_as_text(client, users):
    from jiuzhu.registry.actions import do_create_household

    do_create_household(None, household_doc("110113001001", address=LINK))
    client.force_login(users["sy_worker"])
    response = client.get("/transfer/export/households.xlsx")
    assert response.status_code == 200
    (cell,) = _holding(response.content, "HYPERLINK")
    assert cell.value == LINK and cell.data_type == "s"


def test_audit_export_keeps_a_formula_note_as_text(client, users):
    from jiuzhu.registry.actions import do_close_household, do_create_household

    household = do_create_household(None, household_doc("110113001001"))
    do_close_household(users["sy_worker"], household, "=1+1&cmd")
    client.force_login(users["admin"])
    response = client.get("/transfer/export/audit.xlsx")
    assert response.status_code == 200
    (cell,) = _holding(response.content, "=1+1&cmd")
    assert cell.value == "=1+1&cmd" and cell.data_type == "s"


def test_import_templates_keep_formula_text_as_text():
    from jiuzhu.transfer.template_files import template_csv, template_xlsx

    region = "=1+2"  # the example rows carry the user's region code
    cells = _holding(template_xlsx(region), "=1+2")
    assert cells and all(c.data_type == "s" for c in cells)
    rows = list(csv.reader(io.StringIO(template_csv(example_region=region).decode("utf-8-sig"))))
    values = [v for row in rows for v in row]
    assert "'=1+2" in values and "=1+2" not in values


def test_document_tables_keep_a_formula_village_name_as_text(demo):
    from jiuzhu.core.models import Region
    from jiuzhu.documents.office import render_xlsx
    from jiuzhu.documents.procedure import publicity_context
    from tests.documents.cases import make_case

    make_case(status="review_publicity")
    Region.objects.filter(code="110113001001").update(name=LINK)
    data = render_xlsx("fj5", publicity_context(Region.objects.get(code="110113001"), "fj5"))
    cells = _holding(data, "HYPERLINK")
    assert cells and all(c.value == LINK and c.data_type == "s" for c in cells)


def test_batch_csv_keeps_a_formula_household_id_as_text(tmp_path):
    from jiuzhu.policy.cli import batch_main
    from tests.policy.util import HERE, example_household

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({**example_household(), "id": "=cmd|' /C calc'!A0"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    params = str(HERE / "data" / "params.yaml")
    assert batch_main([str(src), str(out), "--params", params, "--at", "2026-07", "--no-progress"]) == 0
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert row["id"] == "'=cmd|' /C calc'!A0"
    assert row["dibao_benefit_household"] == "2795.00"  # numbers untouched


def test_cells_loads_no_django():
    """The policy engine's batch writer uses jiuzhu.core.cells, so it must stay plain Python."""
    code = "import sys, jiuzhu.core.cells; assert not [m for m in sys.modules if m.startswith('django')]"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
