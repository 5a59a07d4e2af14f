"""REST endpoints of sharing (mounted at /api/sharing/), calling the same actions as the pages and the
command line. Every call that touches shared data names its purpose (R-SHARE-07) and is logged
(R-SHARE-09). Refusals: 409 with the reason (no right, no consent, wrong purpose, replayed batch), 400 for a
file that is not a valid envelope (truncated, tampered, wrong key or signature), 422 naming each bad row and
column as records[ROW].COLUMN; out of scope is 404."""

from __future__ import annotations

import base64
import datetime as dt

from django.http import Http404, HttpResponse
from ninja import File, Router, UploadedFile
from ninja.errors import HttpError

from jiuzhu.accounts.scope import household_by_number
from jiuzhu.api.errors import Unprocessable
from jiuzhu.core.workflow import TransitionRefused
from jiuzhu.idnumber import mask_id_number

from . import civil, envelope, exchange, files, network, union
from .access import log_for
from .models import Counterpart

router = Router(tags=["sharing"])


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except exchange.FormatError as exc:
        problems = [
            (f"records[{p['row']}].{p['column']}" if p.get("row") else "file", exchange.describe(p))
            for p in exc.problems
        ]
        raise Unprocessable(problems) from None
    except envelope.EnvelopeError as exc:
        raise HttpError(400, str(exc)) from None
    except TransitionRefused as exc:
        raise HttpError(409, str(exc)) from None


def _counterpart(name) -> Counterpart:
    cp = Counterpart.objects.filter(name=str(name or ""), active=True).first()
    if cp is None:
        raise Http404("未找到该对接单位")
    return cp


def _household(user, number):
    household = household_by_number(user, number)
    if household is None:
        raise Http404("未找到该家庭")
    return household


def _body(request) -> dict:
    from jiuzhu.api.errors import read_json

    data = read_json(request) if request.body.strip() else {}
    if not isinstance(data, dict):
        raise HttpError(400, "请求体应为JSON对象")
    return data


@router.post("/queries")
def network_query(request):
    """R-SHARE-02/04: {"counterpart": "顺义区民政局", "households": ["110113-2026-000001"], "purpose":
    "hardship_identification", "hashed": false} — the query over the network (hashed: keyed hashes of the ID
    numbers instead of the numbers); the answer lands as evidence."""
    data = _body(request)
    cp = _counterpart(data.get("counterpart"))
    households = [_household(request.auth, n) for n in data.get("households") or []]
    batch = _run(network.do_query_over_network, request.auth, cp, households, data.get("purpose"),
                 hashed=data.get("hashed") is True)  # fmt: skip
    return {"batch_id": batch.batch_id, "in_reply_to": batch.in_reply_to, "record_count": batch.record_count}


@router.post("/queries/file")
def file_query(request):
    """R-SHARE-03: the same query as an encrypted batch file to carry on removable media (the response body)."""
    data = _body(request)
    cp = _counterpart(data.get("counterpart"))
    households = [_household(request.auth, n) for n in data.get("households") or []]
    batch, sealed = _run(union.do_send_query, request.auth, cp, households, data.get("purpose"))
    resp = HttpResponse(sealed, content_type=network.CONTENT_TYPE)
    resp["Content-Disposition"] = f'attachment; filename="query-{batch.batch_id}.jzx"'
    return resp


@router.post("/files")
def import_file(request, file: UploadedFile = File(...)):  # noqa: B008 (ninja's idiom)
    """Import a batch file addressed to this system (an answer, a query to answer, an aid push, a
    verification result). For a query the answer file comes back base64-encoded in "answer_file"."""
    result = _run(files.import_file, request.auth, file.read())
    if "answer_file" in result:
        result["answer_file"] = base64.b64encode(result["answer_file"]).decode("ascii")
    return result


@router.post("/households/{number}/consent", response={201: dict})
def record_consent(request, number: str):
    """R-SHARE-05: {"signed_by": "张建国", "signed_on": "2026-12-01", "note": ""}."""
    data = _body(request)
    try:
        signed_on = dt.date.fromisoformat(str(data.get("signed_on", "")))
    except ValueError:
        raise Unprocessable([("signed_on", "应为日期（YYYY-MM-DD）")]) from None
    consent = _run(union.do_record_consent, request.auth, _household(request.auth, number),
                   signed_by=str(data.get("signed_by", "")), signed_on=signed_on, note=str(data.get("note", "")))  # fmt: skip
    return 201, {"id": consent.pk, "signed_by": consent.signed_by, "signed_on": consent.signed_on.isoformat()}


@router.get("/households/{number}/evidence")
def household_evidence(request, number: str, purpose: str = ""):
    """R-SHARE-07: the civil-affairs answers on a household, only for purpose=hardship_identification."""
    rows = _run(union.evidence_for, request.auth, _household(request.auth, number), purpose)
    return [
        {
            "name": r.name,
            "id_number": mask_id_number(r.id_number),
            "found": r.found,
            "programme": r.programme,
            "since": r.since,
            "amount_band": r.amount_band,
            "answered_on": r.answered_on.isoformat(),
            "batch_id": r.batch.batch_id,
        }
        for r in rows
    ]


@router.get("/matches")
def matches(request, purpose: str = ""):
    """R-SHARE-06/11: hardship workers of the unions' latest pushes who receive 低保 in the caller's region
    (purpose=aid_sharing), masked."""
    rows = _run(civil.matches_for, request.auth, purpose)
    return [
        {**{k: v for k, v in r.items() if k != "household"}, "household": r["household"].number} for r in rows
    ]


@router.get("/access-log")
def access_log(request, limit: int = 200):
    """R-SHARE-09: who accessed shared data, when, what and why (auditors: their region)."""
    user = request.auth
    if not (user.is_superuser or user.can_audit()):
        raise HttpError(403, "只有审计人员和系统管理员可以查看共享数据访问记录")
    qs = log_for(user).select_related("user", "counterpart", "household")[: max(1, min(limit, 1000))]
    return [
        {
            "at": e.at.isoformat(),
            "user": e.user.username if e.user else "",
            "counterpart": e.counterpart.name if e.counterpart else "",
            "action": e.action,
            "purpose": e.purpose,
            "what": e.what,
            "batch_id": e.batch_id,
            "household": e.household.number if e.household else "",
            "record_count": e.record_count,
        }
        for e in qs
    ]
