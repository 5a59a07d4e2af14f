"""/api/sharing/: the purpose is required and logged (R-SHARE-07/09); a bad file is 400/422 naming the row;
the access log is for auditors."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jiuzhu.sharing import envelope, exchange, keys, union
from jiuzhu.sharing.models import AccessLog, Counterpart, Evidence


@pytest.fixture
def bearer(users):
    from jiuzhu.api.tokens import do_create_api_token

    def make(username):
        _t, plain = do_create_api_token(None, users[username], "t")
        return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}

    return make


def test_r_share_05_07_api_consent_file_query_and_evidence(archived, agreements, ids, bearer, monkeypatch):
    monkeypatch.setattr(keys, "local_identity", lambda: ids["union"])
    archive = archived()
    c, h = Client(), bearer("union_worker")
    number = archive.household.number
    body = {"counterpart": "顺义区民政局", "households": [number], "purpose": "hardship_identification"}
    r = c.post("/api/sharing/queries/file", json.dumps(body), content_type="application/json", **h)
    assert r.status_code == 409 and "尚未登记本人授权" in r.json()["detail"]
    r = c.post(f"/api/sharing/households/{number}/consent", json.dumps({"signed_by": "张建国", "signed_on": "2026-02-01"}),
               content_type="application/json", **h)  # fmt: skip
    assert r.status_code == 201
    r = c.post(
        "/api/sharing/queries/file", json.dumps({**body, "purpose": ""}), content_type="application/json", **h
    )
    assert r.status_code == 409 and "请说明用途" in r.json()["detail"]
    r = c.post("/api/sharing/queries/file", json.dumps(body), content_type="application/json", **h)
    assert r.status_code == 200
    query = r.content
    # civil affairs answers it (its own system), the union imports the answer through the API
    from jiuzhu.sharing import civil

    _b, answer = civil.do_answer_query(agreements["sy_approver"], query, identity=ids["civil"])
    r = c.post("/api/sharing/files", {"file": SimpleUploadedFile("a.jzx", answer[:50])}, **h)
    assert r.status_code == 400 and "文件不完整" in r.json()["detail"]
    r = c.post("/api/sharing/files", {"file": SimpleUploadedFile("a.jzx", answer)}, **h)
    assert r.status_code == 200 and r.json()["kind"] == "answer"
    r = c.get(f"/api/sharing/households/{number}/evidence", **h)
    assert r.status_code == 409 and Evidence.objects.count() == 2
    r = c.get(f"/api/sharing/households/{number}/evidence", {"purpose": "hardship_identification"}, **h)
    rows = r.json()
    assert [x["found"] for x in rows] == [False, False]
    assert archive.household.members.first().id_number not in json.dumps(rows)
    assert AccessLog.objects.filter(action="view").count() == 1


def test_r_share_03_api_bad_rows_are_422_with_row_and_column(consented, agreements, ids, bearer, monkeypatch):
    monkeypatch.setattr(keys, "local_identity", lambda: ids["union"])
    archive = consented()
    batch, _q = union.do_send_query(agreements["union_worker"], Counterpart.objects.get(name="顺义区民政局"),
                                    [archive.household], "hardship_identification", identity=ids["union"])  # fmt: skip
    rec = {"ref": "r1", "id_type": "passport", "id_number": archive.household.members.first().id_number,
           "found": False, "programme": "", "since": "", "amount_band": ""}  # fmt: skip
    doc = exchange.Document(kind="answer", sender="顺义区民政局", recipient="顺义区总工会",
                            purpose="hardship_identification", records=[rec], in_reply_to=batch.batch_id).as_dict()  # fmt: skip
    data = envelope.seal(doc, ids["civil"], "顺义区总工会", ids["union"].encryption_public)
    r = Client().post(
        "/api/sharing/files", {"file": SimpleUploadedFile("a.jzx", data)}, **bearer("union_worker")
    )
    assert r.status_code == 422
    assert [p["field"] for p in r.json()["detail"]] == ["records[1].id_type"]
    assert not Evidence.objects.exists()


def test_r_share_09_api_access_log_for_auditors(consented, agreements, ids, bearer):
    archive = consented()
    union.do_send_query(agreements["union_worker"], Counterpart.objects.get(name="顺义区民政局"),
                        [archive.household], "hardship_identification", identity=ids["union"])  # fmt: skip
    c = Client()
    assert c.get("/api/sharing/access-log", **bearer("union_worker")).status_code == 403
    rows = c.get("/api/sharing/access-log", **bearer("auditor")).json()
    assert [(r["action"], r["user"], r["household"]) for r in rows] == [
        ("query", "union_worker", archive.household.number)
    ]
