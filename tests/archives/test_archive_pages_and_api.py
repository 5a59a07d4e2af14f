"""Archive pages and REST endpoints: state, actions, refusals as messages, scope 404."""

import json


def test_api_payment_refused_without_archive(client, union_household, union_users):
    h = union_household()
    client.force_login(union_users["base"])
    r = client.post(
        f"/api/archives/households/{h.pk}/payments",
        json.dumps({"project": "living", "amount": "100.00", "fund_source": "central", "method": "bank"}),
        content_type="application/json",
    )
    assert r.status_code == 409 and "先建档、后帮扶" in r.json()["detail"]


def test_api_archive_procedure_and_scope(client, archive_at, union_users):
    archive = archive_at("centre_review")
    client.force_login(union_users["centre"])
    r = client.post(
        f"/api/archives/archives/{archive.pk}/actions/file", "{}", content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "filed"
    client.force_login(union_users["other"])
    assert client.get(f"/api/archives/archives/{archive.pk}").status_code == 404


def test_archive_page_shows_state_actions_and_refusal(client, archive_at, union_users):
    archive = archive_at("centre_review")
    client.force_login(union_users["higher"])
    page = client.get(f"/archives/{archive.pk}/").content.decode()
    assert "待帮扶中心审核备案" in page and "帮扶中心备案" in page
    r = client.post(f"/archives/{archive.pk}/do/file/", {}, follow=True)
    assert "县级以上困难职工帮扶中心" in r.content.decode()
    client.force_login(union_users["other"])
    assert client.get(f"/archives/{archive.pk}/").status_code == 404
