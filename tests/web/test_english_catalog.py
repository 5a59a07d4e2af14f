"""The English catalog (jiuzhu/locale/en) is complete, and key pages in English show no Chinese of their own.

The interface is Chinese first; English is the second language of the switch (a language cookie). A string
wrapped for translation but left untranslated shows up in Chinese on an English page, so:
- every catalog entry has a translation and none is fuzzy, and the compiled .mo matches the .po;
- every simple literal wrapped in the code (`_("…")`, `{% translate "…" %}`) is in the catalog, so a string
  wrapped after the last `makemessages` is caught here too;
- the household pages, the dibao list pages and the import page contain no Chinese characters in
  English, and neither does the chrome (title, headings, labels, buttons, step titles, navigation,
  messages) of a dibao case taken from intake to payment; the rest of that page still shows some Chinese
  text made outside it (see test_dibao_pages_in_english_have_no_chinese, and test_english_procedure_pages.py
  for the checklist, the deadlines and the step messages).
  Data stays as entered: region, union and staff names are Chinese in the demo data and are removed
  before the check; the households and case records of the test are entered in ASCII.
"""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import household_doc

JIUZHU = Path(__file__).resolve().parents[2] / "jiuzhu"
PO = JIUZHU / "locale" / "en" / "LC_MESSAGES" / "django.po"
# The project catalog above, plus one per app that keeps its own (jiuzhu/<app>/locale/en/...): makemessages
# run from jiuzhu/ puts an app's strings in the app's catalog when the app has a locale folder.
POS = sorted(JIUZHU.glob("**/locale/en/LC_MESSAGES/django.po"))

# Han ideographs (with extension A and compatibility forms), kana and hangul: text a reader of the English
# interface could not read. CJK punctuation is not counted: brackets around citations such as ［R-FLOW-01］
# are part of the house style in both languages.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]|%[a-z]|\{\w*\}")


# -- the catalog ---------------------------------------------------------------------------------------------
def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr ({"msgstr[0]": ...}), flags, line.
    Just enough for the checks here (no obsolete entries: makemessages runs with --no-obsolete)."""
    entries: list[dict] = []
    entry: dict | None = None
    key = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            entry = None
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
            entry["line"] = number
            entries.append(entry)
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key.startswith("msgstr"):
                entry["msgstr"][key] += _unquote(line)
            else:
                entry[key] += _unquote(line)
        else:
            key, rest = line.split(" ", 1)
            if key.startswith("msgstr"):
                entry["msgstr"][key] = _unquote(rest)
            else:
                entry[key] = _unquote(rest)
    return [e for e in entries if e["msgid"] is not None]


@pytest.fixture(scope="module")
def catalog() -> list[dict]:
    """The entries of every catalog, each with the file it is in (`po`)."""
    assert PO in POS
    out = []
    for po in POS:
        entries = read_po(po)
        assert entries and entries[0]["msgid"] == "", f"the catalog header is missing in {po}"
        out += [dict(e, po=po) for e in entries[1:]]
    return out


def test_every_catalog_entry_has_an_english_translation(catalog):
    assert len(catalog) > 1000
    where = lambda e: f"{e['po'].relative_to(JIUZHU)}:{e['line']}"  # noqa: E731
    untranslated = [(where(e), e["msgid"]) for e in catalog if not all(e["msgstr"].values())]
    fuzzy = [(where(e), e["msgid"]) for e in catalog if "fuzzy" in e["flags"]]
    assert not untranslated, (
        f"{len(untranslated)} entries without a translation (catalog:line, msgid): {untranslated[:20]}"
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries: check the translation, then remove the flag: {fuzzy[:20]}"


def test_translations_keep_the_placeholders(catalog):
    wrong = []
    for e in catalog:
        wanted = sorted(PLACEHOLDER.findall(e["msgid_plural"] or e["msgid"]))
        for text in e["msgstr"].values():
            if sorted(PLACEHOLDER.findall(text)) != wanted and not (e["msgid_plural"] and "%(" not in text):
                wrong.append((e["line"], e["msgid"], text))
    assert not wrong, wrong[:20]


def test_compiled_catalog_matches_the_po_file(catalog):
    """The .mo files are committed (a fresh machine needs no gettext): each compiled from its .po."""
    compiled_of = {}
    for po in POS:
        with po.with_suffix(".mo").open("rb") as f:
            compiled_of[po] = gettext.GNUTranslations(f)._catalog
    stale = []
    for e in catalog:
        compiled = compiled_of[e["po"]]
        key = f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] is not None else e["msgid"]
        if e["msgid_plural"] is None:
            if compiled.get(key) != e["msgstr"]["msgstr"]:
                stale.append(e["msgid"])
        elif compiled.get((key, 1)) != e["msgstr"]["msgstr[1]"]:
            stale.append(e["msgid"])
    assert not stale, f"run compilemessages: {len(stale)} entries differ from django.mo, e.g. {stale[:10]}"


# -- strings wrapped in the code but missing from the catalog --------------------------------------------------
GETTEXT_FUNCTIONS = {"gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}
# The names makemessages (xgettext) extracts strings from: a gettext function imported as anything else
# (`gettext_lazy as _l`) translates at run time, but its strings never reach the catalog.
EXTRACTED = GETTEXT_FUNCTIONS | {"_", "ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}
TEMPLATE_LITERAL = re.compile(
    r"""\{%\s*(?:translate|trans)\s+("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')(?:\s+context\s+("[^"]*"|'[^']*'))?"""
    r"""|\b_\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\)"""
)


def wrapped_in_python(path: Path) -> set[str]:
    """The literals passed to gettext functions under whatever name they were imported (`_`, `_l`...):
    makemessages extracts only the usual names, so a string behind an unusual alias shows up as missing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {name: name for name in GETTEXT_FUNCTIONS} | {"_": "gettext"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {a.asname or a.name: a.name for a in node.names if a.name in GETTEXT_FUNCTIONS}
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in names:
            continue
        arg = node.args[1] if names[name].startswith("pgettext") and len(node.args) > 1 else node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.add(arg.value)
    return found


def wrapped_in_template(path: Path) -> set[str]:
    found = set()
    for m in TEMPLATE_LITERAL.finditer(path.read_text(encoding="utf-8")):
        literal = m.group(1) or m.group(3)
        found.add(ast.literal_eval(literal))
    return found


def test_gettext_is_imported_under_a_name_makemessages_extracts():
    unknown = []
    for path in sorted(JIUZHU.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                unknown += [
                    f"{path.relative_to(JIUZHU)}: {a.name} as {a.asname}"
                    for a in node.names
                    if a.asname
                    and a.asname not in EXTRACTED
                    and (a.name in GETTEXT_FUNCTIONS or "gettext" in a.name)
                ]
    assert not unknown, (
        f"makemessages does not extract these names; import as `_` or by the plain name: {unknown}"
    )


def test_every_wrapped_literal_is_in_the_catalog(catalog):
    """A string wrapped after the last makemessages would stay Chinese on English pages: re-run
    `cd jiuzhu && django-admin makemessages -l en --no-obsolete --add-location=file`, translate, compile."""
    known = {e["msgid"] for e in catalog}
    missing = {}
    for path in sorted(JIUZHU.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for text in wrapped_in_python(path) - known:
            missing.setdefault(text, str(path.relative_to(JIUZHU)))
    for path in sorted(JIUZHU.rglob("templates/**/*.html")):
        for text in wrapped_in_template(path) - known:
            missing.setdefault(text, str(path.relative_to(JIUZHU)))
    missing = {t: p for t, p in missing.items() if CJK.search(t)}  # English-only literals need no entry
    assert not missing, f"{len(missing)} wrapped strings are not in django.po: {sorted(missing.items())[:20]}"


def test_the_checks_see_what_they_look_for(tmp_path):
    """The readers above find an untranslated and a fuzzy entry, and wrapped literals of both kinds."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py\nmsgid "甲"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "乙%(n)s"\nmsgstr "B %(n)s"\n\n'
        'msgid "丙"\nmsgid_plural "丙"\nmsgstr[0] "one"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    entries = read_po(po)[1:]
    assert [e["msgid"] for e in entries if not all(e["msgstr"].values())] == ["甲", "丙"]
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == ["乙%(n)s"]
    source = tmp_path / "x.py"
    source.write_text(
        "from django.utils.translation import gettext as _\n"
        "from django.utils.translation import gettext_lazy as _l\n"
        'A = _("丁")\nB = "戊"\nC = _l("壬")\n',
        encoding="utf-8",
    )
    assert wrapped_in_python(source) == {"丁", "壬"}
    template = tmp_path / "x.html"
    template.write_text('{% translate "己" %} {{ x|default:_("庚") }} 辛', encoding="utf-8")
    assert wrapped_in_template(template) == {"己", "庚"}


# -- pages in English ------------------------------------------------------------------------------------------
def _without_data(html: str) -> str:
    """The page without what is data, not interface: names of regions, unions and staff (Chinese in the
    demo data), citations of the policy documents (民发〔2019〕6号 is a document's official number), the
    sheet and column names of the import file (the file format is the Chinese form 附件2), the seal glyph
    of the logo, the language switch (each language named in itself), scripts and styles."""
    from django.contrib.auth import get_user_model

    from jiuzhu.core.models import Region, UnionOrg
    from jiuzhu.transfer.layout import SHEETS

    names = set(Region.objects.values_list("name", flat=True)) | set(
        UnionOrg.objects.values_list("name", flat=True)
    )
    names |= {u.first_name for u in get_user_model().objects.all() if u.first_name}
    for sheet in SHEETS:
        names |= {f"“{name}”" for name in (sheet.name, *sheet.aliases)}
        names |= {f"“{name}”" for col in sheet.columns for name in (col.header, *col.aliases)}
    names |= {"“示例”", "“是”", "“否”"}  # the example-row prefix and the yes/no words of the file
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<span class="cite">.*?</span>', "", html, flags=re.S)
    html = html.replace('<span class="seal">救</span>', "")
    html = html.replace(">简体中文<", "><")
    for name in sorted(filter(None, names), key=len, reverse=True):
        html = html.replace(name, "")
    return html


def chinese_in(html: str) -> list[str]:
    """Each piece of Chinese left on the page, with a little context to find it by."""
    text = _without_data(html)
    return sorted(
        {text[max(0, m.start() - 40) : m.end() + 20].replace("\n", " ") for m in CJK.finditer(text)}
    )


CHROME = re.compile(
    r"<(title|h1|h2|h3|th|label|button|summary|legend|nav)\b[^>]*>(.*?)</\1>|<p class=\"msg[^\"]*\"[^>]*>(.*?)</p>",
    re.S,
)


def chinese_in_chrome(html: str) -> list[str]:
    """Chinese left in the page chrome only: title, headings, table headers, form labels and their options,
    buttons, step titles, navigation and messages."""
    chrome = "\n".join(m.group(2) or m.group(3) or "" for m in CHROME.finditer(_without_data(html)))
    return chinese_in(chrome)


def ascii_household(make):
    """A household whose own data is ASCII (the region is the demo 胜利街道/建新社区, removed as data)."""
    doc = household_doc(address="1 Shengli Road")
    doc["members"][0]["name"] = "Zhang Jianguo"
    doc["members"][1]["name"] = "Li Xiuying"
    return make(doc)


@pytest.fixture
def english(as_user):
    def client_for(username: str):
        client = as_user(username)
        client.cookies["django_language"] = "en"
        return client

    return client_for


@pytest.fixture
def household(demo):
    from jiuzhu.registry.actions import do_create_household

    return ascii_household(lambda doc: do_create_household(None, doc))


def test_chinese_check_finds_interface_text_and_ignores_data(demo):
    assert chinese_in("<h1>家庭档案</h1>") != []
    assert chinese_in("<td>胜利街道</td><td>Zhang Jianguo</td>") == []
    assert chinese_in('<li>Rule <span class="cite">〔民发〔2019〕6号 一〕</span></li>') == []
    page = "<h2>Home visit</h2><li>入户</li><label>Type <select><option>收入</option></select></label>"
    found = chinese_in_chrome(page)  # the label's option is chrome, the list item is not
    assert len(found) == 1 and "收入" in found[0] and "入户" not in found[0], found


def test_household_pages_in_english_have_no_chinese(english, household):
    client = english("sy_worker")
    for url in (
        reverse("dashboard"),
        reverse("household_list"),
        reverse("household_list") + "?name=Zhang",
        reverse("household_detail", args=[household.pk]),
        reverse("household_history", args=[household.pk]),
        reverse("household_assessment", args=[household.pk]),
        reverse("household_edit", args=[household.pk]),
        reverse("household_close", args=[household.pk]),
        reverse("household_new"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert chinese_in(response.content.decode()) == [], url


def _walk_dibao_case_in_ascii(worker, approver, household):
    """A dibao case from intake to payment, every free-text field in ASCII (R-FLOW-01..13)."""
    from jiuzhu.dibao import actions as a
    from jiuzhu.dibao.models import Signature, Source

    today = timezone.localdate()
    app = a.do_create_application(worker, household)
    for m in household.members.filter(active=True, co_resident=True):
        a.do_record_signature(
            worker, app, member=m, capacity=Signature.Capacity.SELF, method=Signature.Method.SIGNATURE
        )
    a.do_submit(worker, app)
    a.do_start_verification(worker, app)
    for s in Source.values:
        a.do_record_verification(worker, app, source=s, result="no mismatch", consistent=True)
    a.do_make_verification_report(worker, app, summary="as declared")
    a.do_complete_verification(worker, app)
    a.do_record_visit(
        worker,
        app,
        visited_on=today,
        investigators=["Li Ming", "Wang Fang"],
        representative="Zhang Jianguo",
        findings="hardship confirmed",
        agrees=True,
    )
    a.do_complete_visit(worker, app)
    a.do_record_appraisal(
        worker, app, held_on=today, participants="7 villagers", votes_for=7, votes_against=0, abstentions=0
    )
    a.do_complete_appraisal(worker, app)
    a.do_township_review(worker, app, today=today)
    a.do_township_opinion(
        worker,
        app,
        case_officer="Li Ming",
        office_head="Zhao Qiang",
        leader="Sun Wei",
        today=today + dt.timedelta(days=7),
    )
    a.do_report_to_county(worker, app)
    a.do_approve(approver, app, payment_start=today.replace(day=1), today=today + dt.timedelta(days=8))
    a.do_publish_approval(worker, app, today=today + dt.timedelta(days=8))
    a.do_start_payment(worker, app, today=today + dt.timedelta(days=15))
    app.refresh_from_db()
    return app


def test_dibao_pages_in_english_have_no_chinese(english, users, household):
    app = _walk_dibao_case_in_ascii(users["sy_worker"], users["sy_approver"], household)
    assert app.status == "active"
    client = english("sy_worker")
    # The case page: its chrome only. The checklist, the authorisation period and the deadlines are checked
    # in test_english_procedure_pages.py; the titles of the printable forms and the policy documents cited
    # by the decision snapshot are still Chinese, so the whole page is not checked yet.
    case = client.get(reverse("dibao:case", args=[app.pk])).content.decode()
    for heading in ("Dibao case", "Available actions", "Verification of financial situation", "Home visit"):
        assert heading in case, heading
    assert chinese_in_chrome(case) == []
    for url in (
        reverse("dibao:list"),
        reverse("dibao:new"),
        reverse("dibao:leads"),
        reverse("dibao:overdue_reviews"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert chinese_in(response.content.decode()) == [], url
    # A step done from the page: the message, and the case page it comes back to, are in English too.
    step = {"kind": "income", "event_on": timezone.localdate().isoformat(), "description": "new job"}
    response = client.post(reverse("dibao:step", args=[app.pk, "record_change"]), step, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Done: Record a household change"]
    assert chinese_in_chrome(response.content.decode()) == []


def test_import_page_in_english_has_no_chinese(english, demo):
    client = english("sy_worker")
    assert chinese_in(client.get(reverse("transfer:import")).content.decode()) == []
    # A file that cannot be read: the page and its problem report are in English.
    response = client.post(
        reverse("transfer:import"), {"file": SimpleUploadedFile("a.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")}
    )
    html = response.content.decode()
    assert "Old Excel (.xls) files are not supported" in html
    assert chinese_in(html) == []
