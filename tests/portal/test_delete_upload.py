"""R-FLOW-01 uploads: the applicant may remove a file while the application may still be changed (填写中,
需补充材料) — audited, the file gone from the storage — and never once it is submitted or taken."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiuzhu.core.models import AuditEvent
from jiuzhu.portal import actions as a
from jiuzhu.portal.auth import Refused
from jiuzhu.portal.models import Consent, Upload
from tests.portal.conftest import png
from tests.portal.test_uploads import post_file, stored_files

pytestmark = pytest.mark.django_db


def test_r_flow_01_a_file_is_deleted_from_a_draft(
    client, applicant, settings, django_capture_on_commit_callbacks
):
    app = a.do_start(applicant, "dibao")
    client.force_login(applicant)
    post_file(client, app, png(300), name="wrong-page.png")
    upload = Upload.objects.get()
    assert f'id="delete-upload-{upload.pk}"' in client.get(f"/portal/a/{app.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/portal/a/{app.pk}/files/{upload.pk}/delete/", follow=True)
    assert "文件已删除" in r.content.decode()
    assert not Upload.objects.exists() and stored_files(settings) == []
    event = AuditEvent.objects.get(action="portal.delete_upload", object_id=str(app.pk))
    assert event.actor == applicant
    assert (event.after["original_name"], event.after["size"], event.after["sha256"]) == (
        "wrong-page.png",
        300,
        upload.sha256,
    )
    assert client.get(f"/portal/files/{upload.pk}/").status_code == 404


def test_r_flow_01_deleted_while_more_documents_are_asked(applicant, users, settings):
    app = a.do_start(applicant, "dibao")
    upload = a.do_upload(applicant, app, "income_proof", SimpleUploadedFile("a.png", png()))
    for m in a.adults(app):
        a.do_consent(applicant, app, m["id_number"], Consent.Method.ELECTRONIC)
    a.do_submit(applicant, app)
    with pytest.raises(Refused) as e:  # submitted: the township is checking what was sent
        a.do_delete_upload(applicant, app, upload.pk)
    assert e.value.field == "status" and Upload.objects.count() == 1
    a.do_request_documents(users["sy_worker"], app, "收入证明不清楚，请重新上传")
    a.do_delete_upload(applicant, app, upload.pk)
    assert not Upload.objects.exists()


def test_r_flow_01_no_deletion_once_taken_nor_by_others(client, applicant, other_applicant, users, settings):
    app = a.do_start(applicant, "dibao")
    upload = a.do_upload(applicant, app, "income_proof", SimpleUploadedFile("a.png", png()))
    client.force_login(other_applicant)
    assert client.post(f"/portal/a/{app.pk}/files/{upload.pk}/delete/").status_code == 404
    client.force_login(users["sy_worker"])  # the township reads the files; it does not remove them
    assert client.post(f"/portal/a/{app.pk}/files/{upload.pk}/delete/").status_code == 404
    for m in a.adults(app):
        a.do_consent(applicant, app, m["id_number"], Consent.Method.ELECTRONIC)
    a.do_submit(applicant, app)
    a.do_take(users["sy_worker"], app)
    with pytest.raises(Refused):
        a.do_delete_upload(applicant, app, upload.pk)
    client.force_login(applicant)
    page = client.get(f"/portal/a/{app.pk}/").content.decode()
    assert "delete-upload" not in page
    assert Upload.objects.count() == 1 and stored_files(settings) == [upload.stored_name]
