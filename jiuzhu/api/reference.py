"""The caller, and the regions and unions within the caller's scope."""

from __future__ import annotations

from ninja import Router

from jiuzhu.core.models import Region, UnionOrg

from . import schemas as s
from .access import sees_id_numbers

router = Router(tags=["reference"])


@router.get("/me", response={200: s.Me, 401: s.ErrorOut}, summary="The caller")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "name": user.get_full_name() or user.first_name or user.username,
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "region": user.region.code if user.region_id else None,
        "region_name": user.region.name if user.region_id else None,
        "union_org": user.union_org.code if user.union_org_id else None,
        "union_org_name": user.union_org.name if user.union_org_id else None,
        "can_write": user.can_write(),
        "can_read_registry": user.can_read_registry(),
        "can_audit": user.can_audit(),
        "sees_id_numbers": sees_id_numbers(user),
        "auth": "token" if getattr(user, "api_token", None) is not None else "session",
    }


def _tree(nodes, to_dict) -> list[dict]:
    """Nodes ordered by path -> nested dicts; nodes whose parent is not in the list become roots."""
    by_id: dict[int, dict] = {}
    roots: list[dict] = []
    for node in nodes:
        item = {**to_dict(node), "children": []}
        by_id[node.pk] = item
        parent = by_id.get(node.parent_id)
        (parent["children"] if parent is not None else roots).append(item)
    return roots


def _subtree(model, user_node, superuser: bool):
    qs = model.objects.order_by("path")
    if superuser:
        return qs
    if user_node is None:
        return qs.none()
    return qs.filter(path__startswith=user_node.path)


@router.get("/regions", response={200: list[s.RegionNode], 401: s.ErrorOut}, summary="Regions in scope")
def regions(request):
    """The region tree below the caller's region (the whole tree for a superuser)."""
    user = request.auth
    nodes = _subtree(Region, user.region if user.region_id else None, user.is_superuser)
    return _tree(nodes, lambda r: {"code": r.code, "name": r.name, "level": r.level, "phone": r.phone})


@router.get("/unions", response={200: list[s.UnionNode], 401: s.ErrorOut}, summary="Unions in scope")
def unions(request):
    """The union tree below the caller's union (the whole tree for a superuser)."""
    user = request.auth
    nodes = _subtree(
        UnionOrg, user.union_org if user.union_org_id else None, user.is_superuser
    ).select_related("region")
    return _tree(
        nodes,
        lambda u: {
            "code": u.code,
            "name": u.name,
            "level": u.level,
            "region": u.region.code if u.region_id else None,
            "is_help_centre": u.is_help_centre,
        },
    )
