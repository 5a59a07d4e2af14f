"""REST endpoints of payments (mounted at /api/payments/): the steps of spec/PAYMENTS.md, each calling the same
backend action as the command line and the pages. Shapes are those of the command line (serialize.py).

A refusal (wrong role, wrong state, the maker confirming, a malformed return naming row and column) is 409
with the reason in "detail", and changes nothing; out of scope is 404, as if the roster did not exist.
"""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404
from ninja import File, Router, UploadedFile
from ninja.errors import HttpError

from jiuzhu.accounts.scope import get_household_or_404
from jiuzhu.registry.money import yuan

from . import bankfiles, history, returns, rosters
from .models import RosterLine
from .scope import NotFound, get_roster, visible_lines, visible_rosters
from .serialize import line_json, roster_json
from .views import month_range, programme_label
from .warnings import do_resolve

router = Router(tags=["payments"])


def _body(request) -> dict:
    """The JSON object of the request; an empty body is an empty object (most steps need nothing)."""
    from jiuzhu.api.errors import read_json

    if not request.body.strip():
        return {}
    data = read_json(request)
    if not isinstance(data, dict):
        raise HttpError(400, "请求体应为JSON对象")
    return data


def _text(data: dict, field: str) -> str:
    value = data.get(field, "")
    if not isinstance(value, str):
        raise HttpError(422, f"{field}: 应为文字")
    return value


def _run(fn, *args):
    try:
        return fn(*args)
    except rosters.TransitionRefused as e:  # Refused is one
        raise HttpError(409, str(e)) from None


def _roster(user, pk: int):
    try:
        return get_roster(user, pk)
    except NotFound:
        raise Http404("未找到该花名册") from None


def _line(user, ref: str) -> RosterLine:
    line = RosterLine.objects.filter(ref=ref).select_related("roster").first()
    if line is None or not visible_lines(user, line.roster).filter(pk=line.pk).exists():
        raise Http404("未找到该明细")
    if not visible_rosters(user).filter(pk=line.roster_id).exists():
        raise Http404("未找到该明细")
    return line


def _brief(roster) -> dict:
    return {
        "roster": roster.pk,
        "programme": roster.programme,
        "programme_label": programme_label(roster.programme),
        "period": roster.period_label,
        "region": roster.scope_code,
        "status": roster.status,
        "status_label": str(roster.get_status_display()),
        "follows": roster.follows_id,
    }


@router.get("/rosters")
def list_rosters(request, programme: str = "", period: str = "", status: str = ""):
    """Rosters in the caller's region or union subtree, newest period first (at most 500)."""
    qs = visible_rosters(request.auth)
    if programme:
        qs = qs.filter(programme=programme)
    if status:
        qs = qs.filter(status=status)
    if period:
        qs = qs.filter(period=_run(rosters.parse_period, period))
    return {"count": qs.count(), "rosters": [_brief(r) for r in qs[:500]]}


@router.post("/rosters", response={201: dict})
def make_roster(request):
    """Make (or add to) the roster of a programme, period (YYYY-MM) and region: {"programme", "period",
    "region"}. The answer of `jiuzhu payments make`."""
    data = _body(request)
    roster = _run(
        rosters.do_make,
        request.auth,
        _text(data, "programme"),
        _text(data, "period"),
        _text(data, "region"),
    )
    return 201, rosters.summary(roster)


@router.get("/rosters/{roster_id}")
def get_roster_(request, roster_id: int, lines: bool = True):
    """Status, counts and totals (yuan), the lines the caller may see, and the warnings (`show`)."""
    return roster_json(_roster(request.auth, roster_id), request.auth, with_lines=lines)


@router.get("/rosters/{roster_id}/lines")
def roster_lines(request, roster_id: int, status: str = ""):
    """The roster's lines the caller may see (account numbers masked)."""
    roster = _roster(request.auth, roster_id)
    qs = visible_lines(request.auth, roster).select_related("household", "replaces").order_by("seq")
    if status:
        qs = qs.filter(status=status)
    return [line_json(line) for line in qs.iterator(chunk_size=2000)]


def _step(request, roster_id: int, fn) -> dict:
    roster = _roster(request.auth, roster_id)
    data = _body(request)
    done = _run(fn, request.auth, roster, data)
    return roster_json(done, request.auth, with_lines=False)


@router.post("/rosters/{roster_id}/confirm")
def confirm_roster(request, roster_id: int):
    """An approver who did not make the roster confirms it: {"note"} (R-PAY-02)."""
    return _step(request, roster_id, lambda u, r, d: rosters.do_confirm(u, r, _text(d, "note")))


@router.post("/rosters/{roster_id}/allocate")
def allocate_roster(request, roster_id: int):
    """Finance allocates the funds: {"note"} (R-PAY-02)."""
    return _step(request, roster_id, lambda u, r, d: rosters.do_allocate(u, r, _text(d, "note")))


@router.post("/rosters/{roster_id}/cancel")
def cancel_roster(request, roster_id: int):
    """Cancel a draft or confirmed roster: {"reason"} (required)."""
    return _step(request, roster_id, lambda u, r, d: rosters.do_cancel(u, r, _text(d, "reason")))


@router.post("/rosters/{roster_id}/follow-up", response={201: dict})
def follow_up_roster(request, roster_id: int):
    """A follow-up roster for the failed lines of a reconciled roster, each line naming the one it replaces."""
    roster = _roster(request.auth, roster_id)
    follow = _run(rosters.do_follow_up, request.auth, roster)
    return 201, dict(rosters.summary(follow), follows=roster.pk)


@router.post("/rosters/{roster_id}/bank-file")
def bank_file(request, roster_id: int, layout: str = bankfiles.GENERIC):
    """Finance writes the bank file (`layout`: generic-csv or a bank's layout code) and downloads it; the
    roster is then sent. Written again for a sent roster, it holds the same lines."""
    roster = _roster(request.auth, roster_id)
    from django.conf import settings

    folder = Path(settings.DATA_DIR) / "bankfiles"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / bankfiles.default_name(roster, layout)
    bf = _run(bankfiles.do_bank_file, request.auth, roster, out, layout)
    response = FileResponse(out.open("rb"), as_attachment=True, filename=out.name)
    response["X-Lines"] = str(bf.lines)
    response["X-Total"] = yuan(bf.total_fen)
    response["X-SHA256"] = bf.sha256
    return response


@router.post("/rosters/{roster_id}/bank-return")
def bank_return(request, roster_id: int, file: UploadedFile = File(...)):  # noqa: B008 (ninja's idiom)
    """Finance uploads the bank's return (multipart, field `file`): the reconciliation report (R-PAY-05).
    The same file again changes nothing ("repeated": true)."""
    roster = _roster(request.auth, roster_id)
    return _run(returns.do_bank_return, request.auth, roster, file.read(), file.name or "")


@router.post("/lines/{ref}/remove")
def remove_line(request, ref: str):
    """Take a line off the roster: {"reason"} (required)."""
    line = _line(request.auth, ref)
    reason = _text(_body(request), "reason")
    done = _run(rosters.do_remove_line, request.auth, line, reason)
    return line_json(done)


@router.post("/lines/{ref}/restore")
def restore_line(request, ref: str):
    """Put a removed line back on a draft roster."""
    done = _run(rosters.do_restore_line, request.auth, _line(request.auth, ref))
    return line_json(done)


@router.post("/lines/{ref}/warnings/{kind}/resolve")
def resolve_warning(request, ref: str, kind: str):
    """Resolve a line's warning of `kind` with a recorded reason: {"reason"} (R-PAY-03, R-PAY-05)."""
    line = _line(request.auth, ref)
    warning = line.warnings.filter(kind=kind).select_related("roster").first()
    if warning is None:
        raise Http404(f"明细{ref}没有“{kind}”预警")
    _run(do_resolve, request.auth, [warning], _text(_body(request), "reason"))
    return {"ref": ref, "kind": kind, "resolved": True}


@router.get("/households/{household_id}/")
def household_payments(request, household_id: int, start: str = "", end: str = ""):
    """A household's payments and the total received between two months (YYYY-MM, inclusive; R-SUP-09)."""
    household = get_household_or_404(request.auth, household_id)
    try:
        lo, hi = month_range(start, end)
    except ValueError as e:
        raise HttpError(422, str(e)) from None
    got = history.received(household, lo, hi)
    return {
        "household": household.number,
        "start": f"{lo:%Y-%m}" if lo else None,
        "end": f"{hi:%Y-%m}" if hi else None,
        "received_total": yuan(sum(r.amount_fen for r in got)),
        "received": [
            {
                "programme": r.programme,
                "label": r.label,
                "first_month": f"{r.first_month:%Y-%m}",
                "last_month": f"{r.last_month:%Y-%m}",
                "amount": yuan(r.amount_fen),
                "how": r.how,
                "ref": r.ref,
                "roster": r.roster_id,
            }
            for r in got
        ],
        "lines": [
            dict(line_json(line), roster=line.roster_id, period=line.roster.period_label)
            for line in history.household_lines(household, lo, hi)[:500]
        ],
    }


__all__ = ["router"]
