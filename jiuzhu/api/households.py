"""Household endpoints: list, read, create, replace, close, history, assessment. All scoped."""

from __future__ import annotations

import re

from django.db.models import Count, Prefetch
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError

from jiuzhu.accounts.scope import get_household_or_404, visible_households
from jiuzhu.core.models import AuditEvent, Region
from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.actions import do_close_household, do_create_household, do_update_household
from jiuzhu.registry.choices import Relation
from jiuzhu.registry.documents import to_document
from jiuzhu.registry.models import Household, Member, mask_name, mask_phone

from . import schemas as s
from .access import mask_document, mask_tree, mask_value, require_reader, require_writer, sees_id_numbers
from .errors import Unprocessable, read_json

router = Router(tags=["households"])

HOUSEHOLD_ID = r"^\d{1,18}$"
DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HouseholdDocument"}}},
    }
}
VALIDATION_RESPONSES = {
    400: s.ErrorOut,
    401: s.ErrorOut,
    403: s.ErrorOut,
    404: s.ErrorOut,
    409: s.ErrorOut,
    422: s.ValidationErrorOut,
}
READ_RESPONSES = {401: s.ErrorOut, 403: s.ErrorOut, 404: s.ErrorOut, 422: s.ValidationErrorOut}
ID_NUMBER_RE = re.compile(r"^\d{17}[\dXx]$")


def _household(request, household_id: int) -> Household:
    require_reader(request.auth)
    return get_household_or_404(request.auth, household_id)


def _detail(user, household: Household) -> dict:
    doc = to_document(household)
    masked = not sees_id_numbers(user)
    if masked:
        mask_document(doc)
    return {
        "id": household.pk,
        "number": household.number,
        "active": household.active,
        "id_numbers_masked": masked,
        "document": doc,
    }


def _cursor(value: str | None, field: str = "cursor") -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit() or len(value) > 18:
        raise Unprocessable([(field, "无效的分页游标")])
    return int(value)


class ListFilters(s.Schema):
    q: str | None = s.Field(
        None,
        max_length=50,
        description="Search: an 18-character ID number (exact, any member), a household number prefix, "
        "or the start of a member's name.",
    )
    region: str | None = s.Field(
        None, max_length=20, description="Region code: only households in its subtree."
    )
    include_closed: bool = s.Field(False, description="Also list closed (注销) households.")
    cursor: str | None = s.Field(None, max_length=20, description="next_cursor of the previous page.")
    limit: int = s.Field(50, ge=1, le=200)


@router.get("/households", response={200: s.HouseholdPage, **READ_RESPONSES}, summary="List households")
def list_households(request, filters: Query[ListFilters]):
    """Households in the caller's scope, newest first, with names, ID numbers and phones masked.

    Paged by cursor (keyset on id), so every page is as fast as the first at any size.
    """
    user = request.auth
    require_reader(user)
    qs = visible_households(user)
    if not filters.include_closed:
        qs = qs.filter(active=True)
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        if region is None:
            raise Unprocessable([("region", f"地区代码“{filters.region}”不存在")])
        qs = qs.filter(region__path__startswith=region.path)
    q = (filters.q or "").strip()
    if q:
        # Each search uses an index or one pass over members, never a per-household subquery.
        if ID_NUMBER_RE.match(q):
            qs = qs.filter(pk__in=Member.objects.filter(id_number=q.upper()).values("household_id"))
        elif q[0].isdigit():
            qs = qs.filter(number__startswith=q)
        else:
            qs = qs.filter(pk__in=Member.objects.filter(name__startswith=q).values("household_id"))
    after = _cursor(filters.cursor)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    applicants = Member.objects.filter(relation=Relation.APPLICANT).order_by("-active", "id")
    page = list(
        qs.select_related("region")
        .prefetch_related(Prefetch("members", queryset=applicants, to_attr="applicants"))
        .order_by("-pk")[: filters.limit + 1]
    )
    more = len(page) > filters.limit
    page = page[: filters.limit]
    counts = dict(
        Member.objects.filter(household_id__in=[h.pk for h in page], active=True)
        .values("household_id")
        .annotate(n=Count("id"))
        .values_list("household_id", "n")
    )
    items = []
    for h in page:
        applicant = h.applicants[0] if h.applicants else None
        items.append(
            {
                "id": h.pk,
                "number": h.number,
                "region": h.region.code,
                "region_name": h.region.name,
                "area_type": h.area_type,
                "applicant_name": mask_name(applicant.name) if applicant else "",
                "applicant_id_number": mask_id_number(applicant.id_number) if applicant else "",
                "phone": mask_phone(h.phone) if h.phone else "",
                "members": counts.get(h.pk, 0),
                "active": h.active,
            }
        )
    return {"items": items, "next_cursor": str(page[-1].pk) if more else None}


@router.get(
    "/households/{int:household_id}",
    response={200: s.HouseholdDetail, **READ_RESPONSES},
    summary="Read a household document",
)
def get_household(request, household_id: int):
    """The household document. ID numbers and phones are shown in full to case workers, approvers and
    administrators, masked for other roles (`id_numbers_masked`)."""
    return _detail(request.auth, _household(request, household_id))


@router.post(
    "/households",
    response={201: s.HouseholdDetail, **VALIDATION_RESPONSES},
    openapi_extra=DOCUMENT_BODY,
    summary="Create a household",
)
def create_household(request):
    """Create a household from a document. Every problem is reported at once, with its field; nothing
    is written unless the whole document is valid. An ID number that is already an active member of
    another household is refused, naming that household (一户一档, R-REG-11)."""
    user = request.auth
    require_reader(user)
    require_writer(user)
    data = read_json(request)
    household = do_create_household(user, data)
    return Status(201, _detail(user, household))


@router.put(
    "/households/{int:household_id}",
    response={200: s.HouseholdDetail, **VALIDATION_RESPONSES},
    openapi_extra=DOCUMENT_BODY,
    summary="Replace a household document",
)
def update_household(request, household_id: int):
    """Replace the whole document (send every field you want to keep). Members are matched by ID number;
    a member left out becomes inactive. The audit event keeps each changed field's old and new value."""
    user = request.auth
    household = _household(request, household_id)
    require_writer(user)
    if not household.active:
        raise HttpError(409, "该家庭已注销，不能修改")
    data = read_json(request)
    household = do_update_household(user, household, data, note="API")
    return _detail(user, household)


@router.post(
    "/households/{int:household_id}/close",
    response={200: s.HouseholdDetail, **VALIDATION_RESPONSES},
    summary="Close a household file",
)
def close_household(request, household_id: int, body: s.CloseIn):
    """Close (注销) the file: the household and its members become inactive; nothing is deleted."""
    user = request.auth
    household = _household(request, household_id)
    require_writer(user)
    if not household.active:
        raise HttpError(409, "该家庭已注销")
    household = do_close_household(user, household, body.reason)
    return _detail(user, household)


@router.get(
    "/households/{int:household_id}/history",
    response={200: list[s.HistoryEntry], **READ_RESPONSES},
    summary="Field-level history",
)
def household_history(request, household_id: int):
    """Every registry change of this household, oldest first, each with the fields it changed."""
    user = request.auth
    household = _household(request, household_id)
    masked = not sees_id_numbers(user)
    events = (
        AuditEvent.objects.filter(household=household, action__startswith="household.")
        .select_related("actor")
        .order_by("at", "id")
    )
    out = []
    for e in events:
        before = e.before if isinstance(e.before, dict) else {}
        after = e.after if isinstance(e.after, dict) else {}
        changes = []
        for field in sorted(set(before) | set(after), key=_field_order):
            old, new = before.get(field), after.get(field)
            if masked:
                old, new = mask_value(field, old), mask_value(field, new)
            changes.append({"field": field, "before": old, "after": new})
        out.append(
            {
                "id": e.pk,
                "at": e.at,
                "action": e.action,
                "actor": e.actor.username if e.actor else None,
                "actor_role": e.actor_role,
                "note": e.note,
                "changes": changes,
            }
        )
    return out


def _field_order(field: str):
    """members[10] after members[9]: compare the numbers inside brackets as numbers."""
    return [int(p) if p.isdigit() else p for p in re.split(r"\[(\d+)\]", field)]


class AssessmentQuery(s.Schema):
    at: str | None = s.Field(
        None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="Month assessed, YYYY-MM; default this month."
    )
    explain: bool = s.Field(False, description="Add the trace: every value, parameter and clause.")


@router.get(
    "/households/{int:household_id}/assessment",
    response={200: dict, 503: s.ErrorOut, **READ_RESPONSES},
    summary="Assess the stored household",
)
def household_assessment(request, household_id: int, query: Query[AssessmentQuery]):
    """What the policy engine decides for this household in a month (output as in the assessment contract:
    programs dibao, hardship_worker, temporary with status, amounts and cited reasons)."""
    household = _household(request, household_id)
    try:
        from jiuzhu.policy import Params, assess
    except ImportError as e:
        raise HttpError(503, f"评估引擎暂不可用：{e}") from None
    from jiuzhu.core.params import params_mapping

    try:
        params = Params.from_mapping(params_mapping())
    except ValueError as e:
        raise HttpError(503, f"地方参数配置有误，无法评估：{e}") from None
    at = query.at or timezone.localdate().strftime("%Y-%m")
    from jiuzhu.dibao.actions import engine_input

    data = engine_input(household)  # as the page: a paid 低保 case passes its history (R-ELIG-04)
    try:
        result = assess(data, params, at, explain=query.explain)
    except ValueError as e:
        path = getattr(e, "path", "") or "(household)"
        raise Unprocessable([(f"household.{path}", getattr(e, "problem", str(e)))]) from None
    if not sees_id_numbers(request.auth):
        result = mask_tree(result)
    return result
