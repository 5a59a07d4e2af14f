"""The batch-run page: start a run over a region of one's scope (a background job) and see the runs."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .jobs import may_run, submit_run
from .models import BatchRun
from .service import RunRefused


def _runs(user):
    qs = BatchRun.objects.select_related("created_by")
    if user.is_superuser:
        return qs
    code = user.region.code
    return qs.filter(Q(region_code__startswith=code))


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    user = request.user
    if not may_run(user):
        raise PermissionDenied
    error = ""
    region = request.POST.get("region") or (user.region.code if user.region_id else "")
    at = request.POST.get("at") or dt.date.today().strftime("%Y-%m")
    if request.method == "POST":
        try:
            job = submit_run(user, region.strip(), at.strip())
        except RunRefused as e:
            error = str(e)
        else:
            return redirect("jobs:job", job.pk)
    runs = list(_runs(user)[:50])
    return render(request, "batchruns/start.html", {"runs": runs, "region": region, "at": at, "error": error})
