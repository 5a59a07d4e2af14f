"""Helpers of the R-DOC-14/17/18 document tests: union archives with payments, a logged-in client, and the
check that a PDF's Chinese is real text set in an embedded CJK font."""

from __future__ import annotations

import io
import shutil
import subprocess

from django.contrib.auth import get_user_model
from django.test import Client

from jiuzhu.archives import actions as a
from jiuzhu.core.models import UnionOrg
from jiuzhu.registry.actions import do_create_household
from tests.documents.demo import full_household_doc


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def org(code: str) -> UnionOrg:
    return UnionOrg.objects.get(code=code)


def union_users(users) -> dict:
    """A base union's worker, the district federation, its help centre, and another district's union."""
    User = get_user_model()

    def make(username, role, code):
        return User.objects.create_user(username, role=role, union_org=org(code), first_name=username)

    return {
        "base": make("b01_worker", "case_worker", "U110113-B01"),
        "street": make("sl_union", "case_worker", "U110113-001"),
        "higher": make("sy_union", "approver", "U110113"),
        "centre": users["union_worker"],  # 顺义区困难职工帮扶中心: serves 顺义区总工会's subtree
        "other": make("cy_union", "case_worker", "U110105"),
    }


def active_archive(u: dict, opener: str = "base", worker: str = "m1", **doc):
    """A household with a hardship worker, its archive opened by `u[opener]`'s union, reviewed by the
    district federation, filed and activated by the help centre."""
    household = do_create_household(
        None,
        full_household_doc(
            union_org=u[opener].union_org.code,
            union={"worker": worker, "employer": "顺义某汽车零部件公司", "hardship_category": "deep"},
            **doc,
        ),
    )
    archive = a.do_open_archive(u[opener], household, {"category": "deep", "investigation": "丈夫重病"})
    a.do_record_investigation(
        u[opener], archive, {"verification": "data_comparison", "verification_note": "比对一致"}
    )
    archive = a.do_submit(u[opener], archive)
    archive = a.do_review_pass(u["higher"], archive, "复核通过")
    archive = a.do_file(u["centre"], archive)
    return a.do_activate(u["centre"], archive)


def pay(user, household, amount, paid_on, project="living", fund_source="central", method="bank"):
    data = {
        "project": project,
        "amount": amount,
        "fund_source": fund_source,
        "method": method,
        "paid_on": paid_on,
    }
    if method == "cash":
        data["cash_reason"] = "one_off"
    if project == "medical":
        data["self_paid_share"] = amount
    return a.do_pay(user, household, data)


def embedded_fonts(pdf: bytes, tmp_path) -> list[str]:
    """pdffonts rows of the PDF (poppler); [] where pdffonts is absent."""
    if not shutil.which("pdffonts"):
        return []
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines()[2:] if line.strip()]


def assert_cjk_embedded(pdf: bytes, tmp_path) -> None:
    """Every font embedded (as a subset) and one of them a CJK font: the Chinese is real, searchable
    text, not boxes or pictures. The callers also find their Chinese words in pdftotext's output."""
    assert pdf.startswith(b"%PDF")
    rows = embedded_fonts(pdf, tmp_path)
    if rows:
        assert all(" yes yes yes " in line for line in rows), rows
        assert any("CJK" in line or "Hei" in line or "WenQuanYi" in line for line in rows), rows


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, without whitespace."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "".join("".join(parts).split())


def docx_rows(data: bytes) -> list[list[str]]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return [[cell.text.strip() for cell in row.cells] for table in doc.tables for row in table.rows]


def missing_items(response) -> list[str]:
    """The list items of the 422 page (documents/missing.html): what the case lacks."""
    import re

    return re.findall(r"<li>(.*?)</li>", response.content.decode())
