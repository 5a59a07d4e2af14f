"""Import page, template downloads and the XLSX exports."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuzhu.core.models import AuditEvent, Region
from jiuzhu.registry.models import mask_name
from jiuzhu.web.access import audit_scope_q

from .actions import do_import_households, do_record_export
from .export import (
    FilterError,
    audit_filters,
    filter_audit_events,
    household_filters,
    may_see_full_identity,
    search_households,
    write_audit_events,
    write_households,
)
from .template_files import template_csv, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 50 * 1024 * 1024
SHOWN_HOUSEHOLDS = 200


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件（.xlsx 或 .csv）"))
    dry_run = forms.BooleanField(label=gettext_lazy("只检查，不导入"), required=False)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("文件不能超过50MB"))
        return f


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


def _example_region(user) -> str:
    region = user.region
    if region is not None and region.level >= Region.Level.TOWNSHIP:
        child = region.children.order_by("code").first() if region.level == Region.Level.TOWNSHIP else None
        return (child or region).code
    return "110113001001"


@login_required
def import_page(request):
    if not request.user.can_write():
        raise PermissionDenied
    result, rows = None, []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = do_import_households(
            request.user, upload.read(), filename=upload.name, dry_run=form.cleaned_data["dry_run"]
        )
        for household in result.households[:SHOWN_HOUSEHOLDS]:
            members = [m for m in household.members.all() if m.active]
            applicant = next((m for m in members if m.relation == "applicant"), None)
            rows.append(
                {
                    "household": household,
                    "applicant": mask_name(applicant.name) if applicant else "",
                    "members": len(members),
                }
            )
    return render(
        request,
        "transfer/import.html",
        {
            "form": form,
            "result": result,
            "rows": rows,
            "more": max(0, len(result.households) - SHOWN_HOUSEHOLDS) if result else 0,
            "dry_run": request.method == "POST" and form.is_valid() and form.cleaned_data["dry_run"],
        },
    )


@login_required
def template_xlsx_view(request):
    return _download(template_xlsx(_example_region(request.user)), "家庭信息导入模板.xlsx", XLSX)


@login_required
def template_csv_view(request):
    return _download(
        template_csv(example_region=_example_region(request.user)),
        "家庭信息导入模板.csv",
        "text/csv; charset=utf-8",
    )


@login_required
def export_page(request):
    if not request.user.can_read_registry():
        raise PermissionDenied
    return render(request, "transfer/export.html", {"can_audit": request.user.can_audit()})


@login_required
def export_households(request):
    user = request.user
    if not user.can_read_registry():
        raise PermissionDenied
    qs = search_households(user, request.GET)
    data, count = write_households(qs, unmask=may_see_full_identity(user))
    do_record_export(user, "export.households", household_filters(request.GET), count)
    return _download(data, f"家庭名单-{timezone.localdate():%Y%m%d}.xlsx", XLSX)


@login_required
def export_audit(request):
    user = request.user
    if not user.can_audit():
        raise PermissionDenied
    try:
        qs = filter_audit_events(AuditEvent.objects.filter(audit_scope_q(user)), request.GET)
    except FilterError as e:
        return HttpResponseBadRequest(str(e), content_type="text/plain; charset=utf-8")
    data, count = write_audit_events(qs, unmask=may_see_full_identity(user))
    do_record_export(user, "export.audit", audit_filters(request.GET), count)
    return _download(data, f"审计事件-{timezone.localdate():%Y%m%d}.xlsx", XLSX)
