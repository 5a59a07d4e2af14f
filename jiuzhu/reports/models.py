"""The statistics snapshot (issue 16 item 5): figures aggregated once, read by every report page.

A Snapshot is built by `jiuzhu.reports.snapshot.build()` (the command `jiuzhu reports refresh`, from cron, or by
a page when the last build was quick and the data changed since). It holds Figure rows: one number per
(household region, union, month, programme, measure, detail). A page sums the rows of the viewer's scope and
the chosen filters — a few thousand rows whatever the size of the registry — and says when the snapshot was
made (`built_at`) and whether anything changed after it (`version`, the newest audit event it saw).
Money figures are integer fen. Nothing here is edited by hand: a snapshot is replaced, never changed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    built_at = models.DateTimeField(_("统计时间"), auto_now_add=True)
    as_of = models.DateField(_("统计日期"))  # "this month" of the figures is as_of's month
    version = models.BigIntegerField(_("数据版本"), default=0)  # the newest audit event id read
    build_ms = models.PositiveIntegerField(_("用时（毫秒）"), default=0)
    complete = models.BooleanField(default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("统计快照")
        verbose_name_plural = _("统计快照")

    def __str__(self) -> str:
        return f"{self.built_at:%Y-%m-%d %H:%M}"


class Figure(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="figures")
    region = models.ForeignKey("core.Region", null=True, on_delete=models.CASCADE, related_name="+")
    # the union that files the archive (union figures) and the household's own union
    union_org = models.ForeignKey("core.UnionOrg", null=True, on_delete=models.CASCADE, related_name="+")
    household_union = models.ForeignKey(
        "core.UnionOrg", null=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(null=True)  # first day; null: a stock as of the snapshot's date
    programme = models.CharField(max_length=20, blank=True)
    measure = models.CharField(max_length=40)
    detail = models.CharField(max_length=40, blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "measure"], name="reports_figure_measure")]
