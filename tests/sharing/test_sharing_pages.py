"""The sharing pages: a union worker records consent, queries by network and sees the answers only with the
purpose (R-SHARE-05/07, logged R-SHARE-09); a refused file shows row and column and imports nothing; civil
affairs imports a query file and gets the answer file; auditors list the access log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiuzhu.sharing import keys, union
from jiuzhu.sharing.models import AccessLog, Counterpart, Evidence


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_r_share_05_07_household_page_consent_query_and_view(archived, agreements, ids, as_user, monkeypatch):
    from jiuzhu.sharing import network

    archive = archived()
    worker = agreements["union_worker"]
    c = as_user(worker)

    def transport(url, data, headers):  # the civil-affairs system answering (its own identity)
        monkeypatch.setattr(keys, "local_identity", lambda: ids["civil"])
        try:
            r = c.post("/sharing/exchange/", data=data, content_type=headers["Content-Type"],
                       HTTP_X_SHARING_PURPOSE=headers[network.PURPOSE_HEADER])  # fmt: skip
        finally:
            monkeypatch.setattr(keys, "local_identity", lambda: ids["union"])
        return r.status_code, r.content

    monkeypatch.setattr(keys, "local_identity", lambda: ids["union"])
    monkeypatch.setattr(network, "urllib_transport", transport)
    url = reverse("sharing:household", args=[archive.household_id])
    page = c.get(url)
    assert page.status_code == 200 and "尚未登记授权" in page.content.decode()
    cp = Counterpart.objects.get(name="顺义区民政局")
    refused = c.post(
        url + "query/", {"counterpart": cp.pk, "purpose": "hardship_identification", "channel": "http"}
    )
    assert refused.status_code == 409 and "尚未登记本人授权" in refused.content.decode()
    c.post(url + "consent/", {"signed_by": "申请人本人", "signed_on": "2026-03-01"})
    done = c.post(
        url + "query/", {"counterpart": cp.pk, "purpose": "hardship_identification", "channel": "http"}
    )
    assert done.status_code == 302 and Evidence.objects.count() == 2
    shown = c.get(url, {"purpose": "hardship_identification"}).content.decode()
    member = archive.household.members.first()
    assert "无救助记录" in shown and member.id_number not in shown and member.name not in shown
    assert AccessLog.objects.filter(action="view", user=worker).count() == 1
    c.get(url)  # no purpose: nothing shown, nothing logged
    assert AccessLog.objects.filter(action="view").count() == 1


def test_r_share_03_import_page_names_row_and_column_and_answers_queries(consented, agreements, ids, as_user,
                                                                        monkeypatch):  # fmt: skip
    archive = consented()
    _b, query = union.do_send_query(agreements["union_worker"], Counterpart.objects.get(name="顺义区民政局"),
                                    [archive.household], "hardship_identification", identity=ids["union"])  # fmt: skip
    monkeypatch.setattr(keys, "local_identity", lambda: ids["civil"])
    c = as_user(agreements["sy_approver"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = c.post(reverse("sharing:import"), {"file": SimpleUploadedFile("q.jzx", query[:100])})
    assert bad.status_code == 422 and "文件不完整" in bad.content.decode()
    good = c.post(reverse("sharing:import"), {"file": SimpleUploadedFile("q.jzx", query)})
    assert good.status_code == 200 and good["Content-Disposition"].startswith('attachment; filename="answer-')
    monkeypatch.setattr(keys, "local_identity", lambda: ids["union"])
    union.do_import_answer(agreements["union_worker"], good.content, identity=ids["union"])
    assert Evidence.objects.filter(household=archive.household).count() == 2


def test_r_share_09_access_log_for_auditors_only(consented, agreements, ids, as_user, users):
    archive = consented()
    union.do_send_query(agreements["union_worker"], Counterpart.objects.get(name="顺义区民政局"),
                        [archive.household], "hardship_identification", identity=ids["union"])  # fmt: skip
    page = as_user(users["auditor"]).get(reverse("sharing:log"))
    assert page.status_code == 200 and "union_worker" in page.content.decode()
    assert archive.household.number in page.content.decode()
    assert as_user(users["sy_worker"]).get(reverse("sharing:log")).status_code == 403


def test_sharing_overview_lists_archives_and_verifying_cases(consented, agreements, as_user, users):
    archive = consented()
    page = as_user(agreements["union_worker"]).get(reverse("sharing:index")).content.decode()
    assert archive.number in page and "推送困难职工帮扶数据" in page
    assert (
        "待核对的低保申请" not in as_user(users["sy_worker"]).get(reverse("sharing:index")).content.decode()
    )
