"""R-SHARE-02: the query over the network — POST /sharing/exchange/ of the civil-affairs system, signed and
encrypted, purpose header required and logged; the answer comes back in the response and lands as evidence."""

from __future__ import annotations

import json

import pytest

from jiuzhu.sharing import keys, network, union
from jiuzhu.sharing.access import SharingRefused
from jiuzhu.sharing.models import AccessLog, Batch, Counterpart, Evidence


@pytest.fixture
def civil_server(monkeypatch, ids, client):
    """The civil-affairs system's endpoint (its identity is the civil one), called through Django's client."""
    monkeypatch.setattr(keys, "local_identity", lambda: ids["civil"])

    def transport(url, data, headers):
        extra = (
            {"HTTP_X_SHARING_PURPOSE": headers[network.PURPOSE_HEADER]}
            if network.PURPOSE_HEADER in headers
            else {}
        )
        resp = client.post("/sharing/exchange/", data=data, content_type=headers["Content-Type"], **extra)
        return resp.status_code, resp.content

    return transport


def test_r_share_02_query_over_network_lands_evidence(consented, agreements, ids, civil_server):
    archive = consented()
    civil_cp = Counterpart.objects.get(name="顺义区民政局")
    batch = network.do_query_over_network(
        agreements["union_worker"], civil_cp, [archive.household], "hardship_identification",
        identity=ids["union"], transport=civil_server,
    )  # fmt: skip
    assert batch.channel == "http" and batch.kind == "answer"
    assert Evidence.objects.filter(batch=batch).count() == 2
    # the civil side answered automatically (no user), logged with the counterpart and purpose
    answer = AccessLog.objects.get(action="answer")
    assert (answer.user, answer.counterpart.name, answer.purpose) == (
        None,
        "顺义区总工会",
        "hardship_identification",
    )
    assert Batch.objects.filter(direction="in", kind="query", channel="http").count() == 1


def test_r_share_02_purpose_header_required(consented, agreements, ids, client, monkeypatch):
    monkeypatch.setattr(keys, "local_identity", lambda: ids["civil"])
    archive = consented()
    _b, data = union.do_send_query(agreements["union_worker"], Counterpart.objects.get(name="顺义区民政局"),
                                   [archive.household], "hardship_identification", identity=ids["union"])  # fmt: skip
    resp = client.post("/sharing/exchange/", data=data, content_type=network.CONTENT_TYPE)
    assert resp.status_code == 403 and "用途" in resp.json()["detail"]
    resp = client.post("/sharing/exchange/", data=data, content_type=network.CONTENT_TYPE,
                       HTTP_X_SHARING_PURPOSE="aid_sharing")  # fmt: skip
    assert resp.status_code == 403 and "用途与批次类别不符" in resp.json()["detail"]
    assert AccessLog.objects.filter(action="refused").count() == 2
    assert not Batch.objects.filter(direction="in").exists()


def test_r_share_02_tampered_and_replayed_requests_refused(consented, agreements, ids, client, monkeypatch):
    monkeypatch.setattr(keys, "local_identity", lambda: ids["civil"])
    archive = consented()
    _b, data = union.do_send_query(agreements["union_worker"], Counterpart.objects.get(name="顺义区民政局"),
                                   [archive.household], "hardship_identification", identity=ids["union"])  # fmt: skip
    post = dict(content_type=network.CONTENT_TYPE, HTTP_X_SHARING_PURPOSE="hardship_identification")
    env = json.loads(data)
    env["recipient"] = "朝阳区民政局"
    resp = client.post("/sharing/exchange/", data=json.dumps(env).encode(), **post)
    assert resp.status_code == 400 and "不是发给本单位" in resp.json()["detail"]
    resp = client.post("/sharing/exchange/", data=data[:-40], **post)
    assert resp.status_code == 400 and "不完整" in resp.json()["detail"]
    assert client.post("/sharing/exchange/", data=data, **post).status_code == 200
    resp = client.post("/sharing/exchange/", data=data, **post)
    assert resp.status_code == 403 and "已经导入过" in resp.json()["detail"]
    assert Batch.objects.filter(direction="in").count() == 1


def test_r_share_02_no_answer_without_unit_agreement(consented, agreements, ids, civil_server):
    from jiuzhu.sharing.models import Agreement

    archive = consented()
    civil_cp = Counterpart.objects.get(name="顺义区民政局")
    Agreement.objects.filter(counterpart__name="顺义区总工会", user__isnull=True).delete()
    with pytest.raises(SharingRefused, match="单位保密协议"):
        network.do_query_over_network(agreements["union_worker"], civil_cp, [archive.household],
                                   "hardship_identification", identity=ids["union"], transport=civil_server)  # fmt: skip
    assert not Evidence.objects.exists()


def test_r_share_02_unreachable_counterpart_is_a_clear_refusal(consented, agreements, ids):
    archive = consented()
    civil_cp = Counterpart.objects.get(name="顺义区民政局")
    civil_cp.address = "http://127.0.0.1:9/sharing/exchange/"  # discard port: nothing listens
    civil_cp.save()
    with pytest.raises(SharingRefused, match="无法连接"):
        network.do_query_over_network(agreements["union_worker"], civil_cp, [archive.household],
                                   "hardship_identification", identity=ids["union"])  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_r_share_02_real_http_round_trip_on_127_0_0_1(live_server, consented, agreements, ids, monkeypatch):
    """A real server on 127.0.0.1 (pytest-django's live server) answering over HTTP with urllib."""
    monkeypatch.setattr(keys, "local_identity", lambda: ids["civil"])
    archive = consented()
    civil_cp = Counterpart.objects.get(name="顺义区民政局")
    civil_cp.address = f"{live_server.url}/sharing/exchange/"
    civil_cp.save()
    batch = network.do_query_over_network(agreements["union_worker"], civil_cp, [archive.household],
                                       "hardship_identification", identity=ids["union"])  # fmt: skip
    assert Evidence.objects.filter(batch=batch, found=False).count() == 2
