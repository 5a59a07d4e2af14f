"""The network channel (R-SHARE-02): POST /sharing/exchange/ on the receiving system, and the client that
calls a counterpart's endpoint. The body is the envelope of docs/sharing.md (signed by the sender's key,
encrypted to ours); the header X-Sharing-Purpose must name the batch's purpose, and is logged.

Answers are immediate: a query is answered in the response (status 200, body: the sealed answer); an aid
push is acknowledged with {"batch_id", "record_count"}. A refusal is 400 (not a valid envelope: truncated,
tampered, wrong key or signature), 403 (a replayed batch, no agreement, wrong purpose) or 422 (bad rows:
{"detail": "...", "problems": [{"row", "column", "problem"}]}), and nothing is written but the refusal.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import civil, envelope, exchange, keys
from .access import SharingRefused, log
from .models import Counterpart, Purpose

PURPOSE_HEADER = "X-Sharing-Purpose"
CONTENT_TYPE = "application/vnd.jiuzhu-exchange+json"
MAX_BODY = 50 * 1024 * 1024


def _error(status: int, detail: str, problems=None) -> JsonResponse:
    body = {"detail": detail}
    if problems is not None:
        body["problems"] = problems
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _known(purpose: str) -> str:
    return purpose if purpose in Purpose.values else ""


@csrf_exempt
@require_POST
def endpoint(request):
    from django.db import transaction

    data = request.body
    purpose = request.headers.get(PURPOSE_HEADER, "")
    if len(data) > MAX_BODY:
        return _error(413, "批次过大")
    try:
        head = envelope.peek(data)
        if not purpose:
            raise SharingRefused(f"请在请求头 {PURPOSE_HEADER} 中说明用途")
        if purpose not in exchange.PURPOSES.get(head["kind"], ()):
            raise SharingRefused("请求头中的用途与批次类别不符")
        if head["kind"] not in ("query", "hashed_query", "aid_push"):
            raise SharingRefused("本接口不接收这一类批次")
    except (envelope.EnvelopeError, SharingRefused) as exc:
        with transaction.atomic():
            log(None, "refused", f"网络接口拒绝：{exc}"[:300], purpose=_known(purpose))
        return _error(400 if isinstance(exc, envelope.EnvelopeError) else 403, str(exc))
    # the actions check the envelope whole and log their own refusals
    try:
        if head["kind"] in ("query", "hashed_query"):
            _batch, sealed = civil.do_answer_query(None, data, channel="http", identity=keys.local_identity())
            return HttpResponse(sealed, content_type=CONTENT_TYPE)
        batch = civil.do_import_aid_push(None, data, channel="http", identity=keys.local_identity())
        return JsonResponse({"batch_id": batch.batch_id, "record_count": batch.record_count})
    except exchange.FormatError as exc:
        return _error(422, str(exc), exc.problems)
    except envelope.EnvelopeError as exc:
        return _error(400, str(exc))
    except SharingRefused as exc:
        return _error(403, str(exc))


class ExchangeFailed(SharingRefused):
    """The counterpart refused the batch, or could not be reached."""


def timeout() -> float:
    return float(os.environ.get("SHARING_HTTP_TIMEOUT", "30"))


def urllib_transport(url: str, data: bytes, headers: dict) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout()) as resp:  # noqa: S310 (the registered address)
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ExchangeFailed(f"无法连接对接单位接口：{exc}") from None


def post(counterpart: Counterpart, data: bytes, purpose: str, transport=None) -> bytes:
    """POST a sealed batch to the counterpart's endpoint; the response body, or ExchangeFailed."""
    if not counterpart.address:
        raise ExchangeFailed(f"“{counterpart.name}”没有登记接口地址，请改用加密文件交换")
    status, body = (transport or urllib_transport)(
        counterpart.address, data, {"Content-Type": CONTENT_TYPE, PURPOSE_HEADER: purpose}
    )
    if status != 200:
        try:
            detail = json.loads(body.decode("utf-8")).get("detail", "")
        except (UnicodeDecodeError, ValueError, AttributeError):
            detail = ""
        raise ExchangeFailed(f"对接单位拒绝了批次（{status}）：{detail or '无说明'}")
    return body


def do_query_over_network(
    actor, counterpart, households, purpose, *, identity=None, transport=None, hashed=False
):
    """R-SHARE-02: send the query (hashed=True: keyed hashes instead of ID numbers), receive the answer in the
    response, land it as evidence. The query batch stays recorded (and logged) when the counterpart refuses
    or cannot be reached."""
    from . import hashed as hashed_mode
    from . import union

    if hashed:
        _q, data = hashed_mode.do_send_hashed_query(
            actor, counterpart, households, purpose, channel="http", identity=identity
        )
        answer = post(counterpart, data, purpose, transport)
        return hashed_mode.do_import_hashed_answer(actor, answer, channel="http", identity=identity)
    _q, data = union.do_send_query(actor, counterpart, households, purpose, channel="http", identity=identity)
    answer = post(counterpart, data, purpose, transport)
    return union.do_import_answer(actor, answer, channel="http", identity=identity)


def do_push_over_network(actor, counterpart, *, year=None, identity=None, transport=None) -> dict:
    from . import union

    batch, data = union.do_push_aid(actor, counterpart, year=year, channel="http", identity=identity)
    return json.loads(post(counterpart, data, batch.purpose, transport))
