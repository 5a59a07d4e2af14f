"""Regions, union organisations and the audit log: what every other app points to."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TreeNode(models.Model):
    """A node of a hierarchy with a materialised path, so a subtree is one indexed prefix query."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["path"]

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent else "/") + self.code + "/"
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: "TreeNode") -> bool:
        return self.path.startswith(other.path)


class Region(TreeNode):
    """Administrative division: province > prefecture > county > township/street > village/community.

    GB/T 2260 six-digit codes for the first three levels; township and village codes are the statistical
    division codes (9 and 12 digits) extending the county code.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省")
        PREFECTURE = 2, _("市")
        COUNTY = 3, _("县（市、区）")
        TOWNSHIP = 4, _("乡镇（街道）")
        VILLAGE = 5, _("村（社区）")

    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    phone = models.CharField(_("举报/监督电话"), max_length=30, blank=True)

    class Meta(TreeNode.Meta):
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    @property
    def county(self) -> "Region | None":
        node: Region | None = self
        while node is not None and node.level > self.Level.COUNTY:
            node = node.parent
        return node if node is not None and node.level == self.Level.COUNTY else None


class UnionOrg(TreeNode):
    """Union hierarchy: 全国总工会 > province > prefecture > county > base-level unions and help centres."""

    class Level(models.IntegerChoices):
        NATIONAL = 0, _("全国总工会")
        PROVINCE = 1, _("省总工会")
        PREFECTURE = 2, _("市总工会")
        COUNTY = 3, _("县（区）总工会")
        BASE = 4, _("基层工会")

    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    is_help_centre = models.BooleanField(_("帮扶中心"), default=False)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("所在地区")
    )

    class Meta(TreeNode.Meta):
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")


class AuditEvent(models.Model):
    """One change of state: written by an action in the same transaction as the change (zulip's RealmAuditLog)."""

    # Set before saving (not auto_now_add) because the event's hash covers it.
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("操作人")
    )
    actor_role = models.CharField(_("角色"), max_length=30, blank=True)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象编号"), max_length=40)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    scope_path = models.CharField(
        max_length=255, blank=True, db_index=True
    )  # region path, for auditors' scope
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    # The tamper-evident chain (core.audit_chain): mac when written, seq and chain when sealed after commit.
    mac = models.CharField(max_length=64, blank=True, editable=False)
    seq = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    chain = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [models.Index(fields=["actor", "at"]), models.Index(fields=["household", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class AuditChainHead(models.Model):
    """The audit chain's last position and hash (one row, pk 1); its lock orders the sealing."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class RuleSet(models.Model):
    """An implementing rule set (实施办法、实施细则、工作方案、地方规定) made by a union or a government body, in
    force from a date until repealed, and the LOCAL PARAMETER keys it sets (R-SUP-14). A local-parameter value
    names the rule set that authorises it (`LocalParameter.rule_set`, checked by `core.params.do_set_param`).

    Filing (R-SUP-14): a provincial union's rules are filed with the ACFTU, a lower union's with the next-higher
    union (`RuleSet.files_with()`); a civil-affairs body's rules have no filing duty in these texts.
    """

    class Kind(models.TextChoices):
        AID_FUND = "aid_fund", _("困难职工帮扶资金管理实施办法")
        WARMTH = "warmth", _("送温暖资金使用管理实施办法")
        RELIEF_PLAN = "relief_plan", _("解困脱困工作方案")
        RELIEF_RULES = "relief_rules", _("解困脱困实施细则")
        IDENTIFICATION = "identification", _("困难职工认定办法")
        ARCHIVE = "archive", _("困难职工档案管理办法")
        ASSISTANCE = "assistance", _("社会救助地方规定")

    title = models.CharField(_("名称"), max_length=200)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    union = models.ForeignKey(
        UnionOrg,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rule_sets",
        verbose_name=_("制定工会"),
    )
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rule_sets",
        verbose_name=_("制定地区"),
    )
    effective_from = models.DateField(_("施行日期"))
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    keys = models.JSONField(_("规定的地方参数"), default=list, blank=True)
    filed_with = models.ForeignKey(
        UnionOrg,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rule_sets_filed",
        verbose_name=_("备案单位"),
    )
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("实施细则登记")
        verbose_name_plural = _("实施细则登记")
        ordering = ["-effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(union__isnull=True, region__isnull=False)
                | models.Q(union__isnull=False, region__isnull=True),
                name="rule_set_one_issuer",
            ),
            models.CheckConstraint(
                condition=models.Q(repealed_on__isnull=True)
                | models.Q(repealed_on__gt=models.F("effective_from")),
                name="rule_set_repealed_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(filed_on__isnull=True) | models.Q(filed_with__isnull=False),
                name="rule_set_filed_with_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    @property
    def issuer(self) -> TreeNode:
        return self.union or self.region

    @property
    def area(self) -> Region | None:
        """The region whose parameters it may set (a union: the union's region)."""
        return self.union.region if self.union_id else self.region

    def in_force(self, day) -> bool:
        return self.effective_from <= day and (self.repealed_on is None or day < self.repealed_on)

    def files_with(self) -> UnionOrg | None:
        """Where it must be filed (R-SUP-14): a provincial union's with the ACFTU, a lower union's with the
        next-higher union; None for the ACFTU's own and for civil-affairs bodies."""
        if not self.union_id or self.union.level == UnionOrg.Level.NATIONAL:
            return None
        if self.union.level == UnionOrg.Level.PROVINCE:
            return UnionOrg.objects.filter(level=UnionOrg.Level.NATIONAL).first()
        node = self.union.parent
        while node is not None and node.level >= self.union.level:  # a help centre hangs under its union
            node = node.parent
        return node


class LocalParameter(models.Model):
    """A dated local value (REQUIREMENTS §4 LOCAL PARAMETER) for one region, as in the parameter file.

    `key` is the file's key; `variant` is the sub-key where the file has one (dibao_standard: urban/rural).
    The value in force on a day is the one with the latest `effective_from` not after it.
    """

    region_code = models.CharField(_("地区代码"), max_length=12)
    key = models.CharField(_("参数"), max_length=60)
    variant = models.CharField(_("类别"), max_length=20, blank=True)
    effective_from = models.DateField(_("生效日期"))
    value = models.JSONField(_("值"))
    citation = models.CharField(_("依据文件"), max_length=200, blank=True)
    rule_set = models.ForeignKey(
        RuleSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parameters",
        verbose_name=_("授权的实施细则"),
    )

    class Meta:
        verbose_name = _("地方参数")
        verbose_name_plural = _("地方参数")
        ordering = ["region_code", "key", "variant", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "key", "variant", "effective_from"], name="local_parameter_unique"
            )
        ]

    def __str__(self) -> str:
        variant = f".{self.variant}" if self.variant else ""
        return f"{self.region_code} {self.key}{variant} @{self.effective_from}"


class CalendarDay(models.Model):
    """Local override of the statutory calendar (OP-16): a holiday or a make-up working day (调休上班)
    for a year the chinese-calendar package does not know yet, or a correction."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["day"]


class StatusChange(models.Model):
    """One transition of a procedure's state machine (django-oscar's status pipeline), R-SUP-12."""

    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    household = models.ForeignKey("registry.Household", null=True, blank=True, on_delete=models.PROTECT)
    from_status = models.CharField(_("原状态"), max_length=40, blank=True)
    to_status = models.CharField(_("新状态"), max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_role = models.CharField(_("角色"), max_length=30, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")


class Deadline(models.Model):
    """An open time limit of a procedure, shown on the worker's to-do list until it is met."""

    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    household = models.ForeignKey("registry.Household", null=True, blank=True, on_delete=models.PROTECT)
    scope_path = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(_("事项"), max_length=60)
    label = models.CharField(_("说明"), max_length=200)
    due = models.DateField(_("期限"), db_index=True)
    working_days = models.BooleanField(_("按工作日计算"), default=False)
    cite = models.CharField(_("依据"), max_length=100, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["object_type", "object_id", "kind"])]
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
