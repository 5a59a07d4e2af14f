"""R-FLOW-01 uploads: type and size checked, a virus-scan hook, stored with the application, served only in
its scope; a refused file leaves neither a row nor a file."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiuzhu.portal import actions as a
from jiuzhu.portal import files
from jiuzhu.portal.models import Upload
from tests.portal.conftest import png

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[str]:
    root = settings.PORTAL_UPLOAD_DIR
    return [f for _d, _s, fs in os.walk(root) for f in fs] if os.path.exists(root) else []


def post_file(client, app, data: bytes, name="scan.png", code="income_proof"):
    return client.post(
        f"/portal/a/{app.pk}/upload/",
        {"doc_code": code, "file": SimpleUploadedFile(name, data, content_type="image/png")},
        follow=True,
    )


def test_r_flow_01_a_photo_is_stored_with_the_application(client, applicant, settings):
    app = a.do_start(applicant, "dibao")
    client.force_login(applicant)
    r = post_file(client, app, png(300))
    assert "文件已上传" in r.content.decode()
    upload = Upload.objects.get()
    assert (upload.application, upload.doc_code, upload.content_type, upload.size) == (
        app,
        "income_proof",
        "image/png",
        300,
    )
    assert upload.scanned == "eicar_only"
    assert stored_files(settings) == [upload.stored_name]
    got = client.get(f"/portal/files/{upload.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == png(300)
    assert got["Content-Type"] == "image/png"


def test_r_flow_01_oversized_upload_is_refused_naming_the_file(client, applicant, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    app = a.do_start(applicant, "dibao")
    client.force_login(applicant)
    r = post_file(client, app, png(1025))
    assert "上传文件：文件过大：最大1 KB" in r.content.decode()
    assert Upload.objects.count() == 0 and stored_files(settings) == []


def test_r_flow_01_wrong_type_is_refused_by_content_not_name(client, applicant, settings):
    app = a.do_start(applicant, "dibao")
    client.force_login(applicant)
    r = post_file(client, app, b"MZ\x90\x00 an executable", name="photo.png")
    assert "上传文件：文件类型不支持：只接受JPG、PNG照片或PDF扫描件" in r.content.decode()
    assert Upload.objects.count() == 0 and stored_files(settings) == []


def test_virus_scan_hook_refuses_the_eicar_test_file(client, applicant, settings):
    app = a.do_start(applicant, "dibao")
    client.force_login(applicant)
    r = post_file(client, app, b"%PDF-1.4\n" + files.EICAR, name="a.pdf")
    assert "上传文件：文件未通过病毒扫描，已拒收" in r.content.decode()
    assert Upload.objects.count() == 0 and stored_files(settings) == []


def test_virus_scan_hook_is_pluggable(client, applicant, settings):
    settings.PORTAL_VIRUS_SCANNER = "tests.portal.test_uploads.refuse_all"
    app = a.do_start(applicant, "dibao")
    client.force_login(applicant)
    r = post_file(client, app, png())
    assert "病毒扫描" in r.content.decode() and Upload.objects.count() == 0


def refuse_all(data: bytes) -> str:
    return "everything"


def test_uploads_cannot_reach_other_users(client, applicant, other_applicant, users, settings):
    app = a.do_start(applicant, "dibao")
    client.force_login(applicant)
    post_file(client, app, png())
    upload = Upload.objects.get()
    for user in (other_applicant, users["cy_worker"], users["cy_approver"]):
        client.force_login(user)
        assert client.get(f"/portal/files/{upload.pk}/").status_code == 404, user.username
    client.force_login(users["sy_worker"])  # the township in whose area the household lives
    assert client.get(f"/portal/files/{upload.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/portal/files/{upload.pk}/").status_code == 404


def test_other_applicants_cannot_upload_into_an_application(client, applicant, other_applicant, settings):
    app = a.do_start(applicant, "dibao")
    client.force_login(other_applicant)
    r = post_file(client, app, png())
    assert r.status_code == 404 and Upload.objects.count() == 0


def test_no_upload_after_submission(applicant, settings):
    from jiuzhu.portal.auth import Refused
    from jiuzhu.portal.models import Consent

    app = a.do_start(applicant, "dibao")
    for m in a.adults(app):
        a.do_consent(applicant, app, m["id_number"], Consent.Method.ELECTRONIC)
    a.do_submit(applicant, app)
    with pytest.raises(Refused) as e:
        a.do_upload(applicant, app, "income_proof", SimpleUploadedFile("x.png", png()))
    assert e.value.field == "status"
