"""Who sees which rosters and lines, and where a user may make one.

A roster covers a region subtree (civil affairs) or a union subtree (union aid). Users at or above its region
see it whole; a township worker sees a county roster too — his township's cases are on it — but only the
lines of his own subtree (the totals are figures, not personal data). Out of scope is "not found".
"""

from __future__ import annotations

from django.db.models import Q

from jiuzhu.accounts.models import Role
from jiuzhu.accounts.scope import union_base

from .models import Roster


class NotFound(Exception):
    """Out of the user's scope, or no such roster: said the same way (never confirm that it exists)."""


def user_path(user, union: bool) -> str | None:
    if union:
        base = union_base(user)
        return base.path if base is not None else None
    return user.region.path if user.region_id else None


def roster_q(user) -> Q:
    """Rosters whose subtree overlaps the user's (his region or union, whichever he has)."""
    if not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    if user.role == Role.APPLICANT:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    for union in (False, True):
        path = user_path(user, union)
        if path is None:
            continue
        field = "union_org" if union else "region"
        overlaps = Q(scope_path__startswith=path)  # the roster is within the user's subtree
        # ...or the user's subtree is within the roster's: a prefix of the user's path
        prefixes = [path[: i + 1] for i, ch in enumerate(path) if ch == "/" and i > 0]
        overlaps |= Q(scope_path__in=prefixes)
        q |= Q(**{f"{field}__isnull": False}) & overlaps
    return q


def visible_rosters(user):
    return Roster.objects.filter(roster_q(user))


def get_roster(user, pk) -> Roster:
    roster = visible_rosters(user).filter(pk=pk).select_related("region", "union_org").first()
    if roster is None:
        raise NotFound(pk)
    return roster


def lines_path(user, roster: Roster) -> str | None:
    """The subtree whose lines the user may see on this roster: the roster's own, or the user's when it is
    deeper (a township worker on a county roster). None: all lines (administrators)."""
    if user.is_superuser:
        return None
    path = user_path(user, roster.union_org_id is not None)
    if path is None:
        return ""
    return path if len(path) > len(roster.scope_path) else roster.scope_path


def visible_lines(user, roster: Roster):
    path = lines_path(user, roster)
    qs = roster.lines.all()
    if path is None:
        return qs
    field = (
        "household__union_org__path__startswith"
        if roster.union_org_id
        else "household__region__path__startswith"
    )
    return qs.filter(**{field: path})


def covers(user, roster: Roster) -> bool:
    """The user's subtree holds the whole roster (he may confirm, allocate, pay it)."""
    if user.is_superuser:
        return True
    path = user_path(user, roster.union_org_id is not None)
    return path is not None and roster.scope_path.startswith(path)
