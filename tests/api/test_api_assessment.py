"""GET /api/households/{id}/assessment: the policy engine's result for the stored household."""

from __future__ import annotations

import sys

import pytest

from tests.api.helpers import problems


def test_assessment_of_stored_household_gives_each_programme(api_as, make_household):
    pytest.importorskip("jiuzhu.policy")
    h = make_household()
    r = api_as("sy_worker").get(f"/api/households/{h.pk}/assessment", {"at": "2026-07"})
    assert r.status_code == 200, r.content
    result = r.json()
    assert result["id"] == h.number
    assert result["at"] == "2026-07"
    assert {"dibao", "hardship_worker", "temporary"} <= set(result["programs"])
    for programme in result["programs"].values():
        assert programme["status"]
        assert programme["reasons"]


def test_assessment_explain_adds_trace(api_as, make_household):
    pytest.importorskip("jiuzhu.policy")
    h = make_household()
    r = api_as("sy_approver").get(f"/api/households/{h.pk}/assessment", {"at": "2026-07", "explain": "true"})
    assert r.status_code == 200, r.content
    assert any("trace" in p for p in r.json()["programs"].values())


def test_assessment_month_must_be_yyyy_mm(api_as, make_household):
    h = make_household()
    for bad in ("2026-13", "2026-7", "July", "2026-07-01"):
        r = api_as("sy_worker").get(f"/api/households/{h.pk}/assessment", {"at": bad})
        assert r.status_code == 422, (bad, r.content)
        assert "at" in problems(r)


def test_assessment_without_engine_answers_503(api_as, make_household, monkeypatch):
    h = make_household()
    monkeypatch.setitem(sys.modules, "jiuzhu.policy", None)  # as before the engine is installed
    r = api_as("sy_worker").get(f"/api/households/{h.pk}/assessment", {"at": "2026-07"})
    assert r.status_code == 503
    assert "评估引擎" in r.json()["detail"]
