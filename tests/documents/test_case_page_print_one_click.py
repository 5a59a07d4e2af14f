"""/documents/<kind>/<id>.pdf: one click from a case page, 404 outside the user's subtree."""

from __future__ import annotations

import pytest
from django.test import Client

from jiuzhu.documents.links import documents_for
from tests.documents.cases import make_case, make_notice


def login(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def case(demo):
    return make_case(status="county_approval")


def test_worker_prints_current_step_document(case):
    links = documents_for(case)
    assert [(link["kind"], link["format"]) for link in links] == [("fj3", "PDF"), ("fj3", "DOCX")]
    response = login("sy_worker").get(links[0]["url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = login("sy_worker").get(links[1]["url"])
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_document_outside_subtree_is_404(case):
    client = login("cy_worker")  # 朝阳区 worker, the case is in 顺义区
    for url in (f"/documents/fj3/{case.pk}.pdf", f"/documents/fj1/{case.household_id}.pdf"):
        assert client.get(url).status_code == 404
    notice = make_notice(case, "refusal")
    assert client.get(f"/documents/fj6/{notice.pk}.pdf").status_code == 404
    assert login("sy_approver").get(f"/documents/fj6/{notice.pk}.pdf").status_code == 200
    assert client.get("/documents/fj5/1.pdf").status_code == 404


def test_anonymous_is_sent_to_login(case):
    response = Client().get(f"/documents/fj3/{case.pk}.pdf")
    assert response.status_code == 302


def test_incomplete_case_shows_missing_fields_page(demo):
    app = make_case(status="county_approval")
    for m in app.household.members.all():
        m.ethnicity = ""
        m.save()
    response = login("sy_worker").get(f"/documents/fj3/{app.pk}.pdf")
    assert response.status_code == 422
    assert "申请人民族" in response.content.decode()


def test_refused_case_links_the_refusal_notice(demo):
    app = make_case(status="refused")
    notice = make_notice(app, "refusal")
    assert [link["url"] for link in documents_for(app)] == [
        f"/documents/fj6/{notice.pk}.pdf",
        f"/documents/fj6/{notice.pk}.docx",
    ]


def test_publicity_step_links_township_list_pdf_and_xlsx(demo):
    app = make_case(status="review_publicity")
    links = documents_for(app)
    assert [(link["kind"], link["format"]) for link in links][:2] == [("fj5", "PDF"), ("fj5", "XLSX")]
    response = login("sy_worker").get(links[1]["url"])
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_dibao_case_page_shows_print_link(demo):
    app = make_case(status="county_approval")
    page = login("sy_worker").get(f"/dibao/{app.pk}/")
    assert page.status_code == 200
    assert f'href="/documents/fj3/{app.pk}.pdf"' in page.content.decode()
