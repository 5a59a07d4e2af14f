"""困难职工档案 (R-REG-11..13, R-FLOW-25..33, R-ELIG-18, R-ARC-01). Money is integer fen; nothing is deleted.

State changes go through jiuzhu.core.workflow.transition() from the actions in actions.py only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiuzhu.accounts.models import Role
from jiuzhu.registry.choices import HardshipCategory, Track
from jiuzhu.registry.money import yuan

WORKERS = {Role.CASE_WORKER, Role.ADMIN}
REVIEWERS = {Role.CASE_WORKER, Role.APPROVER, Role.ADMIN}

# Statuses in which an archive is "open": one per household (一户一档案, R-REG-11).
OPEN_STATUSES = (
    "investigating",
    "higher_review",
    "centre_review",
    "returned",
    "filed",
    "active",
    "phase_out",
)
PAYABLE_STATUSES = ("active", "phase_out")  # phase-out households keep receiving aid (R-ELIG-18)
RETENTION_YEARS = 10  # R-ARC-01


class Archive(models.Model):
    class Status(models.TextChoices):
        INVESTIGATING = "investigating", _("入户调查中")
        HIGHER_REVIEW = "higher_review", _("上级工会复核中")
        CENTRE_REVIEW = "centre_review", _("待帮扶中心审核备案")
        RETURNED = "returned", _("退回建档单位")
        FILED = "filed", _("帮扶中心已备案")
        ACTIVE = "active", _("在档")
        PHASE_OUT = "phase_out", _("脱困渐退期")
        REFUSED = "refused", _("暂不予建档")
        CANCELLED = "cancelled", _("已取消（弄虚作假）")
        REMOVED = "removed", _("已撤档")

    class Verification(models.TextChoices):
        DATA_COMPARISON = "data_comparison", _("与民政部门数据比对")
        APPRAISAL_PUBLICITY = "appraisal_publicity", _("评议和公示")

    S = Status
    TRANSITIONS = {
        "submit": ([S.INVESTIGATING, S.RETURNED], S.HIGHER_REVIEW, WORKERS),
        "review_pass": ([S.HIGHER_REVIEW], S.CENTRE_REVIEW, REVIEWERS),
        "return": ([S.HIGHER_REVIEW, S.CENTRE_REVIEW], S.RETURNED, REVIEWERS),
        "refuse": ([S.INVESTIGATING, S.RETURNED], S.REFUSED, WORKERS),
        "file": ([S.CENTRE_REVIEW], S.FILED, REVIEWERS),
        "activate": ([S.FILED], S.ACTIVE, REVIEWERS),
        "start_phase_out": ([S.ACTIVE], S.PHASE_OUT, WORKERS),
        "reclassify": ([S.PHASE_OUT], S.ACTIVE, WORKERS),
        "remove": ([S.FILED, S.ACTIVE, S.PHASE_OUT], S.REMOVED, WORKERS),
        "cancel_fraud": ([S.FILED, S.ACTIVE, S.PHASE_OUT], S.CANCELLED, REVIEWERS),
    }
    ACTION_LABELS = {
        "submit": _("报上级工会复核"),
        "review_pass": _("上级工会复核通过"),
        "return": _("退回建档单位"),
        "refuse": _("拒绝调查，暂不予建档"),
        "file": _("帮扶中心备案"),
        "activate": _("逐级上报，纳入帮扶"),
        "start_phase_out": _("脱困，进入渐退期"),
        "reclassify": _("渐退期满：转相对困难/意外致困"),
        "remove": _("撤档"),
        "cancel_fraud": _("弄虚作假：取消档案"),
    }

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="archives", verbose_name=_("家庭")
    )
    number = models.CharField(_("档案编号"), max_length=30, unique=True)
    union_org = models.ForeignKey(
        "core.UnionOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("建档工会")
    )
    category = models.CharField(_("困难类别"), max_length=10, choices=HardshipCategory.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.INVESTIGATING)
    # R-FLOW-26 investigation / R-FLOW-28 verification
    investigation = models.TextField(_("入户调查情况"), blank=True)
    verification = models.CharField(_("核查方式"), max_length=20, choices=Verification.choices, blank=True)
    verification_note = models.TextField(_("核查结果"), blank=True)
    publicity_from = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_to = models.DateField(_("公示结束"), null=True, blank=True)
    higher_review_note = models.TextField(_("上级工会复核意见"), blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    filed_at = models.ForeignKey(
        "core.UnionOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("备案帮扶中心"),
    )
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    activated_on = models.DateField(_("纳入帮扶日期"), null=True, blank=True)
    # R-ELIG-18 脱困 and phase-out
    out_of_hardship_on = models.DateField(_("认定脱困日期"), null=True, blank=True)
    phase_out_until = models.DateField(_("渐退期至"), null=True, blank=True)
    # R-FLOW-28 refusal / fraud
    refusal_reason = models.TextField(_("暂不予建档原因"), blank=True)
    fraud_reason = models.TextField(_("弄虚作假情形"), blank=True)
    recovery_fen = models.BigIntegerField(_("追回金额（分）"), null=True, blank=True)
    credit_recommended = models.BooleanField(_("建议纳入信用体系"), default=False)
    # R-ARC-01
    removed_on = models.DateField(_("撤档日期"), null=True, blank=True)
    removal_reason = models.TextField(_("撤档原因"), blank=True)
    retention_until = models.DateField(_("档案保管期至"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status__in=OPEN_STATUSES),
                name="archive_one_open_per_household",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def payable(self) -> bool:
        return self.status in PAYABLE_STATUSES


class CategoryChange(models.Model):
    """R-REG-12: the history of the archive's category (梯度困难职工档案)."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="category_changes")
    from_category = models.CharField(_("原类别"), max_length=10, choices=HardshipCategory.choices, blank=True)
    to_category = models.CharField(_("新类别"), max_length=10, choices=HardshipCategory.choices)
    changed_on = models.DateField(_("变更日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("困难类别变更")
        verbose_name_plural = _("困难类别变更")
        ordering = ["archive_id", "changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.from_category}→{self.to_category} {self.changed_on}"


class ArchiveReview(models.Model):
    """R-FLOW-29: one periodic review (复核) and its outcome."""

    class Outcome(models.TextChoices):
        UNCHANGED = "unchanged", _("维持")
        CATEGORY_CHANGED = "category_changed", _("调整困难类别")
        OUT_OF_HARDSHIP = "out_of_hardship", _("认定脱困")
        REMOVE = "remove", _("撤档")

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="reviews")
    due = models.DateField(_("应复核日期"), null=True, blank=True)
    done_on = models.DateField(_("复核日期"))
    outcome = models.CharField(_("复核结果"), max_length=20, choices=Outcome.choices)
    new_category = models.CharField(_("新类别"), max_length=10, choices=HardshipCategory.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("档案复核")
        verbose_name_plural = _("档案复核")
        ordering = ["archive_id", "done_on", "id"]

    def __str__(self) -> str:
        return f"{self.archive_id} {self.done_on} {self.outcome}"


class MonthlyIncome(models.Model):
    """A month's per-capita income and the dibao standard then in force (R-ELIG-18: six months above)."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="monthly_incomes")
    month = models.DateField(_("月份"))  # first day of the month
    per_capita_fen = models.BigIntegerField(_("家庭人均月收入（分）"))
    standard_fen = models.BigIntegerField(_("当月低保标准（分）"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("月收入记录")
        verbose_name_plural = _("月收入记录")
        ordering = ["archive_id", "month"]
        constraints = [models.UniqueConstraint(fields=["archive", "month"], name="archive_month_unique")]

    def __str__(self) -> str:
        return f"{self.archive_id} {self.month:%Y-%m}"

    def per_capita_yuan(self) -> str:
        return yuan(self.per_capita_fen)

    def standard_yuan(self) -> str:
        return yuan(self.standard_fen)


class UnionAidPayment(models.Model):
    """R-FLOW-25/31, R-PAY-17/22, OP-19: one payment from union aid funds to an archived household."""

    class Project(models.TextChoices):
        LIVING = "living", _("生活救助")
        MEDICAL = "medical", _("医疗救助")
        EDUCATION = "education", _("助学")
        TRAINING = "training", _("职业培训和就业")
        LEGAL = "legal", _("法律援助")

    class FundSource(models.TextChoices):  # R-PAY-22
        CENTRAL = "central", _("中央财政专项帮扶资金")
        LOCAL_FINANCE = "local_finance", _("地方财政配套资金")
        ALLOCATION = "allocation", _("同级行政拨款")
        UNION_FUNDS = "union_funds", _("工会经费")
        DONATIONS = "donations", _("社会捐赠")

    class Method(models.TextChoices):
        BANK = "bank", _("银行转账")
        CASH = "cash", _("现金")

    class CashReason(models.TextChoices):  # OP-19
        ONE_OFF = "one_off", _("一次性救助")
        BEDRIDDEN = "bedridden", _("卧床不起")
        TRAINING_LITIGATION = "training_litigation", _("发放给职工本人的培训、诉讼补贴")
        NO_BANK_ACCOUNT = "no_bank_account", _("无银行账户")

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="payments")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    project = models.CharField(_("帮扶项目"), max_length=12, choices=Project.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"))
    self_paid_share_fen = models.BigIntegerField(_("个人自付部分（分）"), null=True, blank=True)
    fund_source = models.CharField(_("资金来源"), max_length=15, choices=FundSource.choices)
    paid_on = models.DateField(_("支出日期"))
    method = models.CharField(_("发放方式"), max_length=6, choices=Method.choices)
    cash_reason = models.CharField(_("现金发放原因"), max_length=20, choices=CashReason.choices, blank=True)
    year_total_fen = models.BigIntegerField(_("本年本项目累计（分）"))
    approval = models.ForeignKey(
        "AidApproval", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_national_on = models.DateField(_("录入全国工会帮扶系统日期"), null=True, blank=True)
    entry_due = models.DateField(_("录入期限"))
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("冲正的支出"),
    )  # a correction (unionfunds.reversals): the opposite amount, naming the payment it reverses, once
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工会帮扶支出")
        verbose_name_plural = _("工会帮扶支出")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount_fen__gt=0)
                | Q(reverses__isnull=False, amount_fen__lt=0),
                name="archives_aid_sign_of_reversal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.amount_fen} {self.paid_on}"

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)

    def year_total_yuan(self) -> str:
        return yuan(self.year_total_fen)


class AidApproval(models.Model):
    """R-FLOW-31: a recorded provincial-union approval (above 20,000 元) or ACFTU consent (above 50,000 元)
    for one household, one project, one calendar year, up to a cumulative amount."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级工会审批")
        NATIONAL = "national", _("全国总工会同意")

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    project = models.CharField(_("帮扶项目"), max_length=12, choices=UnionAidPayment.Project.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    up_to_fen = models.BigIntegerField(_("批准累计金额上限（分）"))
    reference = models.CharField(_("批复文号"), max_length=100)
    approved_on = models.DateField(_("批复日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("帮扶资金审批")
        verbose_name_plural = _("帮扶资金审批")
        ordering = ["household_id", "year", "project", "level", "id"]

    def __str__(self) -> str:
        return f"{self.level} {self.reference}"

    def up_to_yuan(self) -> str:
        return yuan(self.up_to_fen)


class TrackOutcome(models.Model):
    """R-FLOW-32: an action on one of the household plan's "four batches" tracks and its outcome."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="track_outcomes"
    )
    track = models.CharField(_("帮扶渠道"), max_length=20, choices=Track.choices)
    action_taken = models.CharField(_("采取措施"), max_length=200)
    outcome = models.CharField(_("结果"), max_length=200, blank=True)
    on = models.DateField(_("日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("四个一批帮扶结果")
        verbose_name_plural = _("四个一批帮扶结果")
        ordering = ["household_id", "on", "id"]

    def __str__(self) -> str:
        return f"{self.track} {self.on}"


class WarmthVisit(models.Model):
    """R-FLOW-33 送温暖 visit, one real-name row (R-DOC-16)."""

    class Occasion(models.TextChoices):
        FELL_INTO_DIFFICULTY = "difficulty", _("职工遭遇困难")
        NEW_YEAR_SPRING = "spring_festival", _("元旦春节")
        HOLIDAY = "holiday", _("其他重要节点")
        REGULAR = "regular", _("定期走访")

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="warmth_visits"
    )
    archive = models.ForeignKey(
        Archive, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    visitors = models.CharField(_("走访人员"), max_length=200)
    occasion = models.CharField(_("走访时机"), max_length=20, choices=Occasion.choices)
    condolence_fen = models.BigIntegerField(_("慰问金（分）"), default=0)
    recipient = models.CharField(_("受慰问人"), max_length=50)
    work_unit = models.CharField(_("工作单位"), max_length=100)
    basic_situation = models.CharField(_("基本情况"), max_length=500)
    contact = models.CharField(_("联系方式"), max_length=30)
    id_number = models.CharField(_("身份证号码"), max_length=18)
    handler = models.CharField(_("经办人"), max_length=50)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("送温暖走访")
        verbose_name_plural = _("送温暖走访")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.recipient} {self.visited_on}"

    def condolence_yuan(self) -> str:
        return yuan(self.condolence_fen)
