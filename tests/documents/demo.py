"""A complete demo case for the document tests: every field the forms print has a value."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

from tests.factories import household_doc, new_id

TODAY = dt.date(2026, 3, 5)


def full_household_doc(region: str = "110113001001", **extra) -> dict:
    doc = household_doc(region=region, members=3)
    doc.update(
        hukou_address="北京市顺义区胜利街道建新南区3号",
        residence_address="北京市顺义区胜利街道建新社区1号楼2单元301",
        main_expenditure="医疗费、子女教育",
        employer="顺义区某机械厂",
        assets={
            "deposits": "3200.00",
            "securities": "0",
            "receivables": "500.00",
            "other": "电动自行车一辆",
            "houses": [
                {
                    "address": "建新社区1号楼2单元301",
                    "area_m2": "56.30",
                    "nature": "self_owned",
                    "source": "resettlement",
                    "acquired_on": "2008-06-01",
                }
            ],
            "vehicles": [
                {
                    "kind": "motorcycle",
                    "owner_name": "张建国",
                    "model": "五羊WY125",
                    "plate": "京B12345",
                    "displacement": "125ml",
                    "purchased_on": "2015-04-01",
                    "price": "6800.00",
                }
            ],
        },
        obligors=[
            {
                "name": "张建华",
                "id_number": new_id("110105", dt.date(1975, 2, 3)),
                "relation": "兄弟",
                "supports": "m1",
                "hukou_region": "110105",
                "income": {"amount": "4200.00", "per": "month"},
                "annual_support_paid": "1200.00",
                "marital_status": "married",
                "health": "healthy",
                "occupation": "employed",
            }
        ],
    )
    m = doc["members"]
    m[0].update(ethnicity="汉族", marital_status="married", health="ill", phone="13800138000")
    m[1].update(
        name="李秀英",
        ethnicity="汉族",
        marital_status="married",
        health="disabled",
        disability={"category": "physical", "grade": 2},
        occupation="registered_unemployed",
    )
    m[2].update(
        name="张小明",
        ethnicity="汉族",
        marital_status="single",
        occupation="adult_dependent_student",
        id_number=new_id(birth=dt.date(2004, 9, 1)),
    )
    doc.update(extra)
    return doc


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text as extracted by poppler's pdftotext (or pypdf where poppler is absent)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        return out.stdout.decode("utf-8")
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def squash(text: str) -> str:
    """Text without spaces and line breaks: table cells wrap, the words stay in order."""
    return "".join(text.split())
