"""DOCX for editing: the per-household forms written as Word documents (python-docx).

One generic writer, no per-form code: the form's own template (built-in or a province's, R-DOC-01) is the
layout description. The DOCX is made from the same HTML fragment as the PDF (`render.render_fragments`), so
both print the same fields and the statutory sentences word for word, and refuse the same incomplete case
(MissingFields). The writer knows what the form templates use: the heading, paragraphs (indented, centred,
right-aligned, notes), underlined values and blank lines to write on (`fill`), line breaks, and bordered
tables with colspan/rowspan, column widths and tall rows. Signature and seal areas stay blank, as on paper.
"""

from __future__ import annotations

import io
import re

import lxml.html
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .kinds import get_kind
from .render import render_fragments

MARGIN_MM = 14  # as forms.css
TEXT_WIDTH_MM = 210 - 2 * MARGIN_MM
BODY_PT = 10.5
TABLE_PT = 9
MIN_ROW_MM = 6.5  # the PDF's cell padding gives every row about this height
EAST_ASIAN_FONT = "宋体"  # SimSun: present wherever the DOCX is edited (Word, WPS)
LATIN_FONT = "Times New Roman"
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "table", "ul", "ol", "li", "section"}
SKIPPED_TAGS = {"style", "script", "title", "meta", "link", "head", "img", "colgroup", "col"}
HEADING_PT = {"h1": 17, "h2": 14, "h3": 12}
SPACES = re.compile(r"[ \t\r\n]+")  # HTML whitespace; the ideographic space "　" is kept
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_docx(kind_code: str, contexts: list[dict] | dict, *, province_code: str = "") -> bytes:
    """The DOCX of one or more contexts (one household per page). Raises MissingFields like render_pdf."""
    kind = get_kind(kind_code)
    if not kind.docx:
        raise KeyError(f"{kind.title}没有DOCX格式")
    fragments = render_fragments(kind_code, contexts, province_code=province_code)
    doc = _new_document(kind.title)
    writer = _Writer(doc)
    for i, fragment in enumerate(fragments):
        if i:
            doc.add_page_break()
        writer.blocks(lxml.html.fragment_fromstring(fragment, create_parent="div"))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _new_document(title: str):
    doc = Document()
    doc.core_properties.title = title
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.25
    return doc


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _style_number(el, prop: str, unit: str) -> float | None:
    found = re.search(rf"(?:^|;)\s*{prop}\s*:\s*([\d.]+){unit}", el.get("style") or "")
    return float(found.group(1)) if found else None


def _text_align(el) -> str | None:
    found = re.search(r"text-align\s*:\s*(left|center|right)", el.get("style") or "")
    return found.group(1) if found else None


def _is_element(node) -> bool:
    return isinstance(node.tag, str)  # comments and processing instructions are skipped


class _Writer:
    def __init__(self, doc):
        self.doc = doc

    # --- blocks ---

    def blocks(self, container) -> None:
        self._loose_text(container.text)
        for child in container:
            if _is_element(child) and child.tag not in SKIPPED_TAGS:
                if child.tag == "table":
                    self.table(child)
                elif child.tag in ("ul", "ol"):
                    for li in child:
                        if _is_element(li):
                            self.paragraph(li, prefix="· " if child.tag == "ul" else "")
                elif child.tag in ("div", "section") and any(
                    _is_element(g) and g.tag in BLOCK_TAGS for g in child
                ):
                    self.blocks(child)
                else:
                    self.paragraph(child)
            self._loose_text(child.tail)

    def _loose_text(self, text: str | None) -> None:
        if text and SPACES.sub("", text):
            paragraph = self.doc.add_paragraph()
            self._text(paragraph, text, BODY_PT)
            _trim(paragraph)

    def paragraph(self, el, prefix: str = "") -> None:
        cls = _classes(el)
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        size = BODY_PT
        if el.tag in HEADING_PT:
            size = HEADING_PT[el.tag]
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(2)
        elif "attachment" in cls:
            size = 10
        if cls & {"note", "copies", "small"}:
            size = 9
        if cls & {"sub", "center"}:
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if cls & {"right", "seal"}:
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if "seal" in cls:
            fmt.space_before = Mm(10)
            fmt.right_indent = Mm(8)
        if cls & {"sign-line", "copies"}:
            fmt.space_before = Mm(6)
        if "indent" in cls:
            fmt.first_line_indent = Pt(2 * size)
        if _text_align(el):
            fmt.alignment = ALIGN[_text_align(el)]
        if prefix:
            paragraph.add_run(prefix).font.size = Pt(size)
        self.inline(paragraph, el, size)
        _trim(paragraph)

    # --- inline content ---

    def inline(self, paragraph, el, size: float, underline: bool = False) -> None:
        self._text(paragraph, el.text, size, underline)
        for child in el:
            if _is_element(child) and child.tag not in SKIPPED_TAGS:
                cls = _classes(child)
                if child.tag == "br":
                    paragraph.add_run().add_break()
                elif "blank" in cls:  # a blank line to write on: underlined ideographic spaces
                    width = int(_style_number(child, "min-width", "em") or 4)
                    run = paragraph.add_run("　" * width)
                    run.font.size, run.font.underline = Pt(size), True
                else:
                    if child.tag in BLOCK_TAGS and paragraph.text.strip():
                        paragraph.add_run().add_break()
                    filled = "filled" in cls
                    if filled:  # an underlined value, set off by a space as on the paper form
                        self._text(paragraph, " ", size, True)
                    self.inline(paragraph, child, 8.5 if "small" in cls else size, underline or filled)
                    if filled:
                        self._text(paragraph, " ", size, True)
            self._text(paragraph, child.tail, size, underline)

    def _text(self, paragraph, text: str | None, size: float, underline: bool = False) -> None:
        if not text:
            return
        text = SPACES.sub(" ", text).replace("\u200b", "")
        if not paragraph.text:
            text = text.lstrip(" ")
        if text:
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            if underline:
                run.font.underline = True

    # --- tables ---

    def table(self, el) -> None:
        rows = el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        if not rows:
            return
        header_rows = {i for i, tr in enumerate(rows) if tr.getparent().tag == "thead"}
        placed, taken = [], set()
        for r, tr in enumerate(rows):
            c = 0
            for cell in tr:
                if not _is_element(cell) or cell.tag not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                colspan = max(1, int(cell.get("colspan") or 1))
                rowspan = min(max(1, int(cell.get("rowspan") or 1)), len(rows) - r)
                taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
                placed.append((r, c, rowspan, colspan, cell))
                c += colspan
        widths = [
            float(w)
            for col in el.iter("col")
            for w in re.findall(r"width\s*:\s*([\d.]+)%", col.get("style") or "")
        ]
        ncols = max([c + cs for _, c, _, cs, _ in placed] + [len(widths), 1])
        if len(widths) < ncols:
            widths = [100 / ncols] * ncols
        col_mm = [TEXT_WIDTH_MM * w / sum(widths[:ncols]) for w in widths[:ncols]]

        table = self.doc.add_table(rows=len(rows), cols=ncols)
        table.style = "Table Grid"
        table.autofit = False
        for i, column in enumerate(table.columns):
            column.width = Mm(col_mm[i])
        # The unmerged grid, read once (table.cell() re-reads the whole table on every call). The
        # rectangles do not overlap, so a merge never touches the cells of a later one.
        grid = [list(row.cells) for row in table.rows]
        for row in grid:
            for i, cell in enumerate(row):
                cell.width = Mm(col_mm[i])
        heights: dict[int, float] = dict.fromkeys(range(len(rows)), MIN_ROW_MM)
        for r, c, rowspan, colspan, cell_el in placed:
            cell = grid[r][c]
            if rowspan > 1 or colspan > 1:
                cell = cell.merge(grid[r + rowspan - 1][c + colspan - 1])
            self._cell(cell, cell_el)
            height = _row_height(cell_el)
            if height and rowspan == 1:
                heights[r] = max(heights.get(r, 0), height)
        for r, height in heights.items():
            table.rows[r].height = Mm(height)
            table.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for r in header_rows:  # repeated at the top of every page, like the PDF's thead
            table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        spacer = self.doc.add_paragraph()  # keeps consecutive tables (附件9 blocks) apart
        spacer.paragraph_format.space_after = Pt(0)

    def _cell(self, cell, el) -> None:
        cls = _classes(el)
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.1
        left = bool(cls & {"left", "tall"})
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        if _text_align(el):
            paragraph.alignment = ALIGN[_text_align(el)]
        top = "tall" in cls or "top" in (el.get("style") or "")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP if top else WD_CELL_VERTICAL_ALIGNMENT.CENTER
        self.inline(paragraph, el, 8.5 if "small" in cls else TABLE_PT)
        _trim(paragraph)


def _row_height(el) -> float | None:
    """Tall rows of the paper form: findings (22 mm), signature cells (12 mm), or an explicit height."""
    cls = _classes(el)
    explicit = _style_number(el, "height", "mm")
    if explicit:
        return explicit
    if "tall" in cls:
        return 22
    if "sign" in cls:
        return 12
    return None


def _trim(paragraph) -> None:
    if paragraph.runs and paragraph.runs[-1].text.endswith(" ") and not paragraph.runs[-1].font.underline:
        paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip(" ")
