"""A batch run over the registry and its decisions, so that every decision can be reproduced: the month,
the parameter values used (the mapping itself and its digest), the engine version, and the input tables
(their folder and sha256) as they were read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchRun(models.Model):
    class Engine(models.TextChoices):
        LOCAL = "local", _("本机")
        SPARK = "spark", _("Spark")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("操作人")
    )
    at = models.CharField(_("评估月份"), max_length=7)
    region_code = models.CharField(_("区划代码"), max_length=20, blank=True)
    engine = models.CharField(_("计算方式"), max_length=10, choices=Engine.choices, default=Engine.LOCAL)
    engine_version = models.CharField(_("引擎版本"), max_length=50)
    params_digest = models.CharField(_("参数摘要"), max_length=64)
    params = models.JSONField(_("所用参数"))
    households = models.PositiveIntegerField(_("户数"), default=0)
    counts = models.JSONField(_("各项结论户数"), default=dict)
    output = models.CharField(_("结果文件"), max_length=500, blank=True)
    inputs = models.CharField(_("输入表文件夹"), max_length=500, blank=True)
    inputs_digest = models.CharField(_("输入表摘要"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("批量评估")
        verbose_name_plural = _("批量评估")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(at__regex=r"^[0-9]{4}-[0-9]{2}$"), name="batchrun_at_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at} {self.region_code or '全部'} #{self.pk}"


class BatchDecision(models.Model):
    """One household's decision in a run (the main columns of the batch output; the whole row is in the
    run's Parquet file)."""

    run = models.ForeignKey(BatchRun, on_delete=models.CASCADE, related_name="decisions")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    params_digest = models.CharField(max_length=64)
    dibao_status = models.CharField(max_length=20)
    dibao_benefit_household_fen = models.BigIntegerField(null=True)
    hardship_status = models.CharField(max_length=20)
    hardship_category = models.CharField(max_length=10, blank=True)
    temporary_status = models.CharField(max_length=20)
    reason_codes = models.TextField(blank=True)

    class Meta:
        verbose_name = _("批量评估结论")
        verbose_name_plural = _("批量评估结论")
        constraints = [
            models.UniqueConstraint(fields=["run", "household"], name="batchdecision_one_per_household"),
            models.CheckConstraint(
                condition=models.Q(dibao_benefit_household_fen__gte=0)
                | models.Q(dibao_benefit_household_fen__isnull=True),
                name="batchdecision_benefit_not_negative",
            ),
        ]
