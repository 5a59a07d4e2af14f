"""R-ARC-06 (DEFAULT access policy, OP-08): an archived worker may see his own hardship-worker archive. The
portal's login is by phone code on a real-name account (the ID number checked against the registry), which
stands for "showing a valid ID document"; only the household's applicant — the worker the archive is about —
sees it, read-only, with the note that its contents are not to be passed on."""

from __future__ import annotations

from django.shortcuts import render

from . import actions as a
from .views import applicant_required


def own_archives(user) -> list:
    """The union archives of the household whose applicant this account is (none for another member)."""
    household = a.own_household(user)
    if household is None or household.applicant is None or household.applicant.id_number != user.id_number:
        return []
    return list(household.archives.select_related("union_org", "filed_at").order_by("-id"))


@applicant_required
def archive_page(request):
    from jiuzhu.supervision.models import ArchivedRecord

    archives = own_archives(request.user)
    for arc in archives:
        arc.review_list = list(arc.reviews.order_by("-done_on"))
        arc.payment_list = list(arc.payments.order_by("-paid_on")[:50])
        rec = ArchivedRecord.objects.filter(object_type="archives.archive", object_id=str(arc.pk)).first()
        arc.kept_until = rec.disposal_eligible_on if rec else arc.retention_until
    return render(request, "portal/archive.html", {"archives": archives})
