"""Issue 10, "done means": no page a signed-in user reaches shows a requirement ID (R-FLOW-07), an open-point
code (OP-18), a model or action name (temporarycase.close, archives.archive#5), a field name or an amount in fen
outside tooltips, help blocks and the auditors' raw view; and no error page is without Chinese.

The demo is built as `jiuzhu serve` builds it (500 households of seed 1 and the demo cases, through the real
actions); each demo role crawls every page it reaches by links from its landing page (tests/web/crawl.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.web.crawl import crawl

ROLES = ["sy_worker", "sy_approver", "sy_finance", "union_worker", "auditor"]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def demo_site(db):
    from django.contrib.auth import get_user_model

    from jiuzhu.cli import bootstrap

    assert bootstrap(500, 1)
    return {u.username: u for u in get_user_model().objects.all()}


def test_crawl_every_demo_role_finds_no_codes_or_fen(demo_site):
    usernames = set(demo_site)  # login names are data (the audit log names its actors by them)
    problems: list[str] = []
    pages = {}
    for role in ROLES:
        client = Client()
        client.force_login(demo_site[role])
        visited = 0
        for url, status, found in crawl(client):
            visited += 1
            found = [f for f in found if f[1] not in usernames]
            problems += [f"{role} {url}: {name} {match!r} in …{context}…" for name, match, context in found]
            if status >= 400:
                page = client.get(url).content.decode()
                if not CJK.search(page):
                    problems.append(f"{role} {url}: error page {status} without Chinese")
        pages[role] = visited
    # every role reached its pages (a crawl stopped at the landing page would prove nothing)
    assert all(n >= 20 for n in pages.values()), pages
    assert not problems, "\n".join(problems[:40])


def test_crawl_rules_catch_what_issue_10_saw():
    """The rules catch each string the issue reports (a crawl that could not fail proves nothing)."""
    from tests.web.crawl import findings

    seen = {
        "依据 R-FLOW-17 R-DOC-18 OP-18": {"requirement ID", "open-point code"},
        "操作 temporarycase.close": {"model/action name"},
        "对象 archives.archive#5": {"object reference", "model/action name"},
        "字段 dibao_application_ref": {"field name"},
        "损失金额（分） 500000": {"amount in fen"},
    }
    for text, names in seen.items():
        assert names <= {name for name, _m, _c in findings(text)}, text
    assert findings("文件 regions_demo.csv 行数 22") == []  # a file name is data
