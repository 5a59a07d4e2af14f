"""The jobs page: a user's own long jobs with their progress; a running job's page reloads itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .models import Job

REFRESH_SECONDS = 2


def visible(user):
    qs = Job.objects.select_related("created_by")
    return qs if user.is_superuser else qs.filter(created_by=user)


@login_required
def job_list(request):
    jobs = list(visible(request.user)[:200])
    return render(request, "jobs/list.html", {"jobs": jobs, "total": len(jobs)})


@login_required
def job_page(request, pk: int):
    job = visible(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    response = render(request, "jobs/job.html", {"job": job})
    if not job.finished:
        response["Refresh"] = str(REFRESH_SECONDS)  # no script needed (CSP): the browser reloads the page
    return response
