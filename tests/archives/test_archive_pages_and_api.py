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


def test_api_archive_lists_approvals_tracks_and_masked_visits(client, archive_at, union_users):
    """R-FLOW-31..33 records are part of the archive's API view; names and ID numbers masked."""
    from tests.factories import new_id

    archive = archive_at()
    client.force_login(union_users["base"])

    def post(url, body):
        return client.post(url, json.dumps(body), content_type="application/json")

    h = archive.household.pk
    r = post(
        f"/api/archives/households/{h}/warmth-visits",
        {
            "visitors": "王主席",
            "occasion": "spring_festival",
            "condolence": "1000.00",
            "recipient": "张建国",
            "work_unit": "顺义某汽车零部件公司",
            "basic_situation": "本人重病",
            "contact": "13800138000",
            "id_number": new_id(),
            "handler": "李干事",
        },
    )
    assert r.status_code == 201, r.content
    body = client.get(f"/api/archives/archives/{archive.pk}").json()
    (visit,) = body["warmth_visits"]
    assert visit["recipient"] == "张**" and visit["condolence"] == "1000.00"
    assert "*" in visit["id_number"] and visit["id_number"][:6].isdigit()
    assert body["track_outcomes"] == []  # this household's plan has no "four batches" tracks
    r = post(
        f"/api/archives/households/{h}/aid-approvals",
        {
            "project": "living",
            "year": "2026",
            "level": "province",
            "up_to": "30000.00",
            "reference": "京工帮〔2026〕3号",
            "approved_on": "2026-03-02",
        },
    )
    assert r.status_code == 201, r.content
    (approval,) = client.get(f"/api/archives/archives/{archive.pk}").json()["aid_approvals"]
    assert (approval["level"], approval["up_to"], approval["year"]) == ("province", "30000.00", 2026)
