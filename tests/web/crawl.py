"""Crawl the staff pages a signed-in user reaches and find what a user should not read (issue 10): requirement
IDs (R-FLOW-07), open-point codes (OP-18), model or action names (temporarycase.close, archives.archive#5),
raw field names (dibao_application_ref) and amounts in fen. Tooltips (title attributes), help blocks
(class="help") and the auditors' raw view (class="raw", ?raw=1) may show them.

GET only, same-site links only; downloads (files, exports), the admin, the API, the language switch and
logging out are not followed. A URL pattern (digits taken as one placeholder) is visited at most
PER_PATTERN times, so that a list of 500 households does not become 500 visits.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

SKIP_PREFIXES = ("/static/", "/admin/", "/api/", "/i18n/", "/logout", "/transfer/export", "/jobs/")
SKIP_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".zip", ".json", ".txt", ".xml", ".parquet", ".jsonl")
SKIP_WORDS = ("/download", "/print", "/file", "raw=1", "/export", "/bank-file", "format=")
PER_PATTERN = 2
# The procedure pages differ by the step a case is at: every demo case is visited.
PER_PATTERN_OF = {"/dibao/N/": 40, "/temporary/N/": 10, "/archives/N/": 10, "/payments/N/": 10}
FILE_EXTS = {
    "csv",
    "xlsx",
    "xls",
    "yaml",
    "yml",
    "pdf",
    "docx",
    "json",
    "txt",
    "html",
    "zip",
    "jsonl",
    "parquet",
}

RULES = [
    ("requirement ID", re.compile(r"\bR-[A-Z]{2,6}-\d{1,3}\b")),
    ("open-point code", re.compile(r"\bOP-\d{1,3}\b")),
    ("DEFAULT code", re.compile(r"\bDEFAULT-[A-Z0-9-]+\b")),
    ("object reference", re.compile(r"\b[a-z_]+\.[a-z_]+#\d+")),
    ("model/action name", re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*\b")),
    ("field name", re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")),
    ("amount in fen", re.compile(r"（分）|（分/月）|\bfen\b")),
]
# Text that looks like a code but is not one: e-mail-like or host names, version strings...
ALLOWED = re.compile(r"^(?:jiuzhu\.[a-z]+|e\.g|i\.e)$")


class _Text(HTMLParser):
    """Visible text and links of a page; skips head, script, style, title attributes, and the elements of
    class help or raw (with everything inside them)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "area", "col", "wbr", "base"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in self.VOID:
            return
        classes = set((attrs.get("class") or "").split())
        hidden = tag in ("head", "script", "style", "template") or bool(classes & {"help", "raw"})
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def read(html: str) -> tuple[str, list[str]]:
    p = _Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split()), p.links


def _file_name(text: str, m) -> bool:
    """A file name (regions_demo.csv) is data, not a code."""
    word = m.group(0)
    if "." in word and word.rsplit(".", 1)[1] in FILE_EXTS:
        return True
    after = re.match(r"\.([a-z]+)", text[m.end() :])
    return bool(after and after.group(1) in FILE_EXTS)


def findings(text: str) -> list[tuple[str, str, str]]:
    out = []
    for name, rule in RULES:
        for m in rule.finditer(text):
            if ALLOWED.match(m.group(0)) or _file_name(text, m):
                continue
            start = max(0, m.start() - 30)
            out.append((name, m.group(0), text[start : m.end() + 30]))
    return out


def pattern_of(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def followable(url: str) -> bool:
    if not url.startswith("/") or url.startswith("//"):
        return False
    path = urlsplit(url).path
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return False
    return not any(w in url for w in SKIP_WORDS)


def crawl(client, start: str = "/", limit: int = 200):
    """Visit the pages reachable from `start`; yield (url, status, findings)."""
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    queue = deque([start])
    visited = 0
    while queue and visited < limit:
        url = urldefrag(queue.popleft())[0]
        if url in seen:
            continue
        seen.add(url)
        pat = pattern_of(url)
        if per_pattern.get(pat, 0) >= PER_PATTERN_OF.get(pat, PER_PATTERN):
            continue
        per_pattern[pat] = per_pattern.get(pat, 0) + 1
        response = client.get(url)
        visited += 1
        if response.status_code in (301, 302):
            location = response["Location"]
            if followable(location):
                queue.append(location)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        text, links = read(response.content.decode())
        yield url, response.status_code, findings(text)
        for link in links:
            if followable(link):
                queue.append(link)
