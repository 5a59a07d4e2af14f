"""Performance-evaluation inputs (R-SUP-13): the counts an evaluation needs, for one region subtree and a
period — the dibao administrative documents used (民办发〔2019〕10号 三: their use is part of MCA's performance
evaluation), the deadlines met (procedures' to-do deadlines, complaints' answers, warnings' decisions).

    performance_counts(scope_path, start, end) -> dict

One aggregate query per table (no loop per row); the statistics (jiuzhu/reports) and the API read this function.
A deadline counts in the period of its due day: met on time (met on or before the day), met late, overdue (open,
day passed by `today`), open (day not reached).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The dibao documents the procedure produces (民办发〔2019〕10号 附件1..8 and the steps' records): model, the date
# field that places it in a period, the path to the household's region.
DOCUMENTS = (
    ("signature", "dibao.Signature", "signed_on", _("授权书（附件1）")),
    ("verification_report", "dibao.VerificationReport", "made_on", _("家庭经济状况核对报告")),
    ("home_visit", "dibao.HomeVisit", "visited_on", _("入户调查表（附件2）")),
    ("appraisal", "dibao.Appraisal", "held_on", _("民主评议记录（附件3）")),
    ("publicity", "dibao.Publicity", "starts_on", _("公示")),
    ("notice", "dibao.Notice", "issued_on", _("决定通知书（附件6、附件7）")),
)


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _deadline_counts(qs, today: dt.date) -> dict[str, int]:
    met = qs.filter(met_at__isnull=False).annotate(met_day=TruncDate("met_at"))
    return {
        "due": qs.count(),
        "met_on_time": met.filter(met_day__lte=F("due")).count(),
        "met_late": met.filter(met_day__gt=F("due")).count(),
        "overdue": qs.filter(met_at__isnull=True, due__lt=today).count(),
        "open": qs.filter(met_at__isnull=True, due__gte=today).count(),
    }


def performance_counts(
    scope_path: str, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> dict:
    """The evaluation's counts for the region subtree `scope_path` ("" = everywhere) from `start` to `end`
    (both included)."""
    from jiuzhu.core.models import Deadline

    from .models import Complaint, RiskWarning

    today = today or timezone.localdate()
    documents = {}
    for code, label, field, _title in DOCUMENTS:
        qs = _model(label).objects.filter(
            **{f"{field}__gte": start, f"{field}__lte": end},
            application__household__region__path__startswith=scope_path,
        )
        documents[code] = qs.count()
    notices = dict(
        _model("dibao.Notice")
        .objects.filter(
            issued_on__gte=start,
            issued_on__lte=end,
            application__household__region__path__startswith=scope_path,
        )
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    deadlines = Deadline.objects.filter(due__gte=start, due__lte=end, scope_path__startswith=scope_path)
    by_kind = {}
    for kind in sorted(set(deadlines.values_list("kind", flat=True))):
        by_kind[kind] = _deadline_counts(deadlines.filter(kind=kind), today)
    complaints = Complaint.objects.filter(
        reply_due__gte=start, reply_due__lte=end, scope_path__startswith=scope_path
    )
    warnings = RiskWarning.objects.filter(due__gte=start, due__lte=end, scope_path__startswith=scope_path)
    decided = warnings.filter(resolved_at__isnull=False).annotate(day=TruncDate("resolved_at"))
    return {
        "scope_path": scope_path,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "documents": documents,
        "documents_total": sum(documents.values()),
        "notices_by_kind": notices,
        "deadlines": _deadline_counts(deadlines, today),
        "deadlines_by_kind": by_kind,
        "complaints": {
            "due": complaints.count(),
            "answered_on_time": complaints.filter(
                replied_on__isnull=False, replied_on__lte=F("reply_due")
            ).count(),
            "answered_late": complaints.filter(replied_on__gt=F("reply_due")).count(),
            "unanswered_overdue": complaints.filter(replied_on__isnull=True, reply_due__lt=today).count(),
        },
        "warnings": {
            "due": warnings.count(),
            "decided_on_time": decided.filter(day__lte=F("due")).count(),
            "decided_late": decided.filter(day__gt=F("due")).count(),
            "open_overdue": warnings.filter(Q(resolved_at__isnull=True), due__lt=today).count(),
        },
    }


def document_labels() -> dict[str, str]:
    return {code: str(title) for code, _label, _field, title in DOCUMENTS}
