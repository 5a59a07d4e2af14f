"""Documents: yearly numbers, masking rules, provincial template overrides and background jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentNumber(models.Model):
    """The last number issued in one series (R-DOC-12): per issuing unit and kind, reset each year."""

    unit = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("发文单位")
    )
    kind = models.CharField(_("文书种类"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用最大序号"), default=0)

    class Meta:
        verbose_name = _("文书编号")
        verbose_name_plural = _("文书编号")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="document_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.year}: {self.last}"


class MaskingRule(models.Model):
    """How a province masks personal data on public lists (附件5, 附件8), keyed by province code."""

    class NameRule(models.TextChoices):
        KEEP_FIRST = "keep_first", _("保留首字（张**）")
        KEEP_FIRST_LAST = "keep_first_last", _("保留首尾字（张*国）")
        KEEP_LAST = "keep_last", _("保留末字（**国）")
        FULL = "full", _("不遮蔽")

    class IdRule(models.TextChoices):
        HIDDEN = "hidden", _("不显示")
        FIRST6_LAST4 = "first6_last4", _("前6位和后4位（110113********0013）")
        FIRST3_LAST4 = "first3_last4", _("前3位和后4位")
        LAST4 = "last4", _("仅后4位")

    province_code = models.CharField(_("省级区划代码"), max_length=6, unique=True)
    name_rule = models.CharField(
        _("姓名遮蔽规则"), max_length=20, choices=NameRule.choices, default=NameRule.KEEP_FIRST
    )
    id_rule = models.CharField(
        _("身份证号遮蔽规则"), max_length=20, choices=IdRule.choices, default=IdRule.HIDDEN
    )
    citation = models.CharField(_("依据文件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("公示信息遮蔽规则")
        verbose_name_plural = _("公示信息遮蔽规则")

    def __str__(self) -> str:
        return f"{self.province_code} {self.name_rule}/{self.id_rule}"


class TemplateOverride(models.Model):
    """A province's own version of a form (R-DOC-01): a Django-template source replacing the built-in one."""

    province_code = models.CharField(_("省级区划代码"), max_length=6)
    kind = models.CharField(_("文书种类"), max_length=40)
    source = models.TextField(_("模板源文件（HTML/Django 模板）"))
    filename = models.CharField(_("上传文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    active = models.BooleanField(_("启用"), default=False)
    check_report = models.JSONField(_("检查结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("省级文书模板")
        verbose_name_plural = _("省级文书模板")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "kind"],
                condition=models.Q(active=True),
                name="template_override_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_code} {self.kind} #{self.pk}"


class DocumentJob(models.Model):
    """A large batch generated in the background, with progress: a county's publicity list, or one
    per-household form for every case of a township at a step (one household per page)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("文书种类"), max_length=40)
    fmt = models.CharField(_("格式"), max_length=5, default="pdf")
    params = models.JSONField(_("参数"), default=dict)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    result_path = models.CharField(_("结果文件"), max_length=300, blank=True)  # under DATA_DIR/documents
    error = models.TextField(_("错误"), blank=True)
    # Cases left out of a batch because the form lacks fields: listed, never skipped silently.
    problems = models.JSONField(_("未生成的案件"), default=list, blank=True)
    scope_path = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("文书生成任务")
        verbose_name_plural = _("文书生成任务")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def percent(self) -> int:
        return (
            100 if self.status == self.Status.DONE else (self.done * 100 // self.total if self.total else 0)
        )
