"""R-ARC-06 (kept as the DEFAULT access policy, OP-08): union archives are for the unions' internal use.
Union staff of the subtree see them; auditors see them for oversight; a civil-affairs case worker of the same
region does not (pages, API, documents, household page), and cannot do union work for the household."""

from django.test import Client

from jiuzhu.archives import actions as a


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_r_arc_06_civil_affairs_staff_do_not_see_union_archives(archive_at, union_users, users):
    archive = archive_at("active")  # the household lives in 胜利街道, sy_worker's township
    sy = login(users["sy_worker"])
    assert sy.get(f"/archives/{archive.pk}/").status_code == 404
    assert sy.get(f"/api/archives/archives/{archive.pk}").status_code == 404
    assert archive.number not in sy.get("/archives/").content.decode()
    assert sy.get(f"/documents/union_archive/{archive.household_id}.pdf").status_code == 404
    assert f"/archives/{archive.pk}/" not in sy.get(f"/households/{archive.household_id}/").content.decode()
    assert not a.household_visible(users["sy_worker"], archive.household)
    # the household itself stays on the civil-affairs pages (the registry is shared)
    assert sy.get(f"/households/{archive.household_id}/").status_code == 200


def test_r_arc_06_union_staff_and_auditors_see_them(archive_at, union_users, users):
    archive = archive_at("active")
    for user in (union_users["base"], union_users["centre"], users["auditor"]):
        assert login(user).get(f"/archives/{archive.pk}/").status_code == 200, user.username
    assert login(union_users["other"]).get(f"/archives/{archive.pk}/").status_code == 404


def test_r_arc_06_policy_can_be_switched_off(archive_at, users, settings):
    """OP-08: each repealed housekeeping rule kept as policy has a setting to switch it off."""
    archive = archive_at("active")
    settings.UNION_ARCHIVES_INTERNAL = False
    assert login(users["sy_worker"]).get(f"/archives/{archive.pk}/").status_code == 200


def test_r_arc_06_union_archive_form_reachable_for_union_staff(archive_at, union_users):
    """The filing union reaches the form (this test household has no worker record yet, so the answer is
    the list of what is missing — not a 404, which is what outsiders get)."""
    archive = archive_at("active")
    r = login(union_users["base"]).get(f"/documents/union_archive/{archive.household_id}.pdf")
    assert r.status_code == 422 and "困难职工姓名" in r.content.decode()


def test_civil_affairs_casework_is_for_region_staff_not_unions(union_household, union_users, users):
    """The mirror of R-ARC-06: a 低保 or 临时救助 case of a union member's household is civil-affairs work —
    union staff neither see it (pages, API, its documents) nor take an application for the household."""
    import json

    from jiuzhu.dibao.actions import do_create_application

    h = union_household()
    app = do_create_application(users["sy_worker"], h)
    for user in (union_users["base"], users["union_worker"]):
        client = login(user)
        assert client.get(f"/dibao/{app.pk}/").status_code == 404
        assert client.get(f"/api/dibao/applications/{app.pk}").status_code == 404
        assert client.get(f"/documents/fj3/{app.pk}.pdf").status_code == 404
        r = client.post(
            "/api/dibao/applications", json.dumps({"household": h.number}), content_type="application/json"
        )
        assert r.status_code == 404
        assert client.get(f"/households/{h.pk}/").status_code == 200  # the registry is shared
    assert login(users["sy_worker"]).get(f"/dibao/{app.pk}/").status_code == 200
