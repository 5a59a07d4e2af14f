"""Issue 10, item 3: a refused 低保 step form comes back with what was typed and the problem next to the field
(a long 入户调查 text is not lost); the case's next step is shown open, the other forms folded."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.dibao.helpers import to_status

pytestmark = pytest.mark.django_db

FINDINGS = (
    "家庭成员三人，户主张建国因病丧失劳动能力，妻子务农，子女在读；住房为自建平房，无车辆，存款不足千元。" * 3
)


def test_r_flow_05_refused_home_visit_keeps_the_long_text(application, worker):
    to_status(application, "visiting", worker)
    client = Client()
    client.force_login(worker)
    url = reverse("dibao:step", args=[application.pk, "record_visit"])
    posted = {
        "visited_on": "2026-02-30",  # no such day
        "investigators": "李明、王芳",
        "representative": "张建国",
        "findings": FINDINGS,
        "agrees": "true",
    }
    response = client.post(url, posted)
    assert response.status_code == 400
    page = response.content.decode()
    assert FINDINGS in page and 'value="张建国"' in page and 'value="2026-02-30"' in page
    [step] = [s for s in response.context["steps"] if s["failed"]]
    assert step["open"] and step["step"].name == "record_visit"
    assert [x["f"].name for x in step["fields"] if x["error"]] == ["visited_on"]
    assert '<option value="true" selected>' in page
    assert application.visits.count() == 0  # nothing was written


def test_the_next_step_is_open_and_the_rest_folded(application, worker):
    to_status(application, "visiting", worker)
    client = Client()
    client.force_login(worker)
    steps = client.get(reverse("dibao:case", args=[application.pk])).context["steps"]
    opened = {s["step"].name for s in steps if s["open"] and s["fields"]}
    assert opened == set()  # the next step (complete_visit) has no fields, it is open anyway
    assert {s["step"].name for s in steps if s["open"]} >= {"complete_visit"}
    assert not next(s for s in steps if s["step"].name == "record_visit")["open"]


def test_r_flow_04_all_sources_in_one_post_all_or_nothing(application, worker):
    """The 11 sources of R-FLOW-03 are one form: one post records them all; a row with a problem writes none
    and keeps every row's input."""
    from jiuzhu.dibao.models import Source

    to_status(application, "verifying", worker)
    client = Client()
    client.force_login(worker)
    url = reverse("dibao:verifications", args=[application.pk])
    rows = {f"result_{s}": f"{s}：未发现不符" for s in Source.values}
    rows |= {f"consistent_{s}": "true" for s in Source.values}
    bad = {**rows, "consistent_tax": "maybe"}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert application.verifications.count() == 0  # all or nothing
    form = response.context["sources_form"]
    assert [r["code"] for r in form["rows"] if r["error"]] == ["tax"]
    assert "public_security：未发现不符" in response.content.decode()  # the other rows kept
    response = client.post(url, rows)
    assert response.status_code == 302
    assert sorted(application.verifications.values_list("source", flat=True)) == sorted(Source.values)
    # once all are recorded, the page shows them recorded, with no input left to fill
    page = client.get(reverse("dibao:case", args=[application.pk])).content.decode()
    assert 'name="result_tax"' not in page and "已登记：" in page
