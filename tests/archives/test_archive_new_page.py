"""Opening an archive (建档) from the pages: the filing union starts the investigation (R-FLOW-26); one
household, one archive (R-REG-11); bad input names the field; nothing half-written."""

from jiuzhu.archives.models import Archive
from jiuzhu.core.models import AuditEvent, StatusChange


def test_r_flow_26_archive_opened_from_the_page(client, union_household, union_users):
    h = union_household()
    client.force_login(union_users["base"])
    assert 'id="new-archive"' in client.get("/archives/").content.decode()
    form = client.get(f"/archives/new/?household={h.pk}").content.decode()
    assert f'value="{h.number}"' in form  # the link's id is shown as the number people know
    r = client.post(
        "/archives/new/", {"household": h.number, "category": "deep", "investigation": "夫妻二人，丈夫重病"}
    )
    archive = Archive.objects.get(household=h)
    assert r.status_code == 302 and r["Location"] == f"/archives/{archive.pk}/"
    assert (archive.status, archive.category, archive.union_org.code) == (
        "investigating",
        "deep",
        "U110113-B01",
    )
    assert StatusChange.objects.filter(object_id=str(archive.pk), to_status="investigating").exists()
    assert AuditEvent.objects.filter(action="archive.open").count() == 1
    r = client.post("/archives/new/", {"household": h.number, "category": "relative"})
    assert r.status_code == 409 and "一户一档" in r.content.decode()
    assert Archive.objects.filter(household=h).count() == 1


def test_bad_input_names_the_field_and_writes_nothing(client, union_household, union_users):
    h = union_household()
    client.force_login(union_users["base"])
    r = client.post("/archives/new/", {"household": h.number, "category": "rich"})
    assert r.status_code == 422 and "困难类别" in r.content.decode()
    r = client.post("/archives/new/", {"household": "110113-2099-999999", "category": "deep"})
    assert r.status_code == 422 and "家庭编号" in r.content.decode()
    assert not Archive.objects.exists()


def test_outside_the_union_subtree_and_read_only_roles(client, union_household, union_users, users):
    h = union_household()
    client.force_login(union_users["other"])  # another district's union
    r = client.post("/archives/new/", {"household": h.number, "category": "deep"})
    assert r.status_code == 422 and not Archive.objects.exists()
    client.force_login(users["auditor"])
    assert client.get("/archives/new/").status_code == 403
    assert 'id="new-archive"' not in client.get("/archives/").content.decode()
