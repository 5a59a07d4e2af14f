"""Union funds (issue 14): each union's funds by programme and source (R-PAY-16, 22, 23), their detailed
ledger (明细台账), payments from them naming their project and use (R-PAY-10, 11, 25), the provincial project
standards (R-AMT-11) and the requests for the 20,000 / 50,000 元 approvals (R-AMT-09, OP-15).

Money is integer fen. The ledger is append-only: an entry is never changed or deleted (the model refuses it),
a correction is a reversing entry (a database constraint ties a reversal to the entry it reverses, once), and
a balance is the sum of a fund's entries, never stored. State changes only through actions.py, each with an
audit event in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiuzhu.registry.choices import HardshipCategory
from jiuzhu.registry.money import yuan


class Programme(models.TextChoices):
    AID = "aid", _("困难职工帮扶资金")
    WARMTH = "warmth", _("送温暖资金")
    MODEL_WORKER = "model_worker", _("劳模专项补助资金")
    GOLDEN_AUTUMN = "golden_autumn", _("金秋助学资金")


class Source(models.TextChoices):
    """Where a fund's money comes from (R-PAY-22 for the aid fund, R-PAY-23 for 送温暖)."""

    CENTRAL = "central", _("中央财政专项帮扶资金")
    LOCAL_FINANCE = "local_finance", _("地方财政资金")
    ALLOCATION = "allocation", _("同级行政拨款")
    HIGHER_UNION = "higher_union", _("上级工会补助")
    UNION_FUNDS = "union_funds", _("工会经费")
    DONATIONS = "donations", _("社会捐赠")
    EMPLOYER = "employer", _("企业行政拨付")
    OTHER = "other", _("其他合法来源")


# The sources each programme may have. The aid fund's are those an archive's aid payment may name
# (archives.UnionAidPayment.FundSource, R-PAY-22); 送温暖's are the six of R-PAY-23.
PROGRAMME_SOURCES = {
    Programme.AID: (
        Source.CENTRAL,
        Source.LOCAL_FINANCE,
        Source.ALLOCATION,
        Source.UNION_FUNDS,
        Source.DONATIONS,
    ),
    Programme.WARMTH: (
        Source.LOCAL_FINANCE,
        Source.HIGHER_UNION,
        Source.UNION_FUNDS,
        Source.DONATIONS,
        Source.EMPLOYER,
        Source.OTHER,
    ),
    Programme.MODEL_WORKER: (Source.CENTRAL, Source.LOCAL_FINANCE, Source.UNION_FUNDS, Source.OTHER),
    Programme.GOLDEN_AUTUMN: (
        Source.LOCAL_FINANCE,
        Source.UNION_FUNDS,
        Source.DONATIONS,
        Source.EMPLOYER,
        Source.OTHER,
    ),
}


class Project(models.TextChoices):
    """The five projects of the aid fund (R-PAY-10); the values are archives.UnionAidPayment.Project's."""

    LIVING = "living", _("生活救助")
    MEDICAL = "medical", _("医疗救助")
    EDUCATION = "education", _("助学")
    TRAINING = "training", _("职业培训和就业")
    LEGAL = "legal", _("法律援助")


class Fund(models.Model):
    """One union's fund of one programme from one source, with that source's rule set (R-PAY-22): the
    projects it may pay for and the hardship categories it may serve (empty: all), and the donor's or the
    source's own terms. The central fund's rule set is fixed (all five projects, archived households)."""

    union_org = models.ForeignKey(
        "core.UnionOrg", on_delete=models.PROTECT, related_name="funds", verbose_name=_("工会")
    )
    programme = models.CharField(_("资金类别"), max_length=15, choices=Programme.choices)
    source = models.CharField(_("资金来源"), max_length=15, choices=Source.choices)
    projects = models.JSONField(_("可用于的帮扶项目"), default=list, blank=True)
    categories = models.JSONField(_("可帮扶的困难类别"), default=list, blank=True)
    terms = models.TextField(_("资金来源方的使用规定或捐赠意愿"), blank=True)
    rules_reference = models.CharField(_("规定文号"), max_length=100, blank=True)
    opened_on = models.DateField(_("建账日期"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工会资金")
        verbose_name_plural = _("工会资金")
        ordering = ["union_org__path", "programme", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["union_org", "programme", "source"], name="unionfunds_fund_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.union_org.name}{self.get_programme_display()}（{self.get_source_display()}）"

    @property
    def project_labels(self) -> list[str]:
        labels = dict(Project.choices)
        return [str(labels.get(p, p)) for p in self.projects]

    @property
    def category_labels(self) -> list[str]:
        labels = dict(HardshipCategory.choices)
        return [str(labels.get(c, c)) for c in self.categories]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("台账只能追加：更正请做冲正分录")

    def delete(self):
        raise TypeError("台账只能追加：更正请做冲正分录")


class LedgerEntry(models.Model):
    """One entry of a fund's detailed ledger (明细台账, R-PAY-16). Signed fen: + into the fund, − out of it.
    Each entry carries its fund, and so its source tag (R-PAY-22, 23)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("收入")
        ALLOCATION_IN = "allocation_in", _("上级下拨")
        ALLOCATION_OUT = "allocation_out", _("向下拨付")
        PAYMENT = "payment", _("帮扶支出")
        EXPENSE = "expense", _("其他支出")
        REVERSAL = "reversal", _("冲正")

    IN_KINDS = (Kind.RECEIPT, Kind.ALLOCATION_IN)
    OUT_KINDS = (Kind.ALLOCATION_OUT, Kind.PAYMENT, Kind.EXPENSE)

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries", verbose_name=_("资金"))
    on = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=15, choices=Kind.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"))
    counterparty = models.CharField(_("来源/去向"), max_length=200, blank=True)
    reference = models.CharField(_("凭证号/文号"), max_length=100, blank=True)
    note = models.CharField(_("摘要"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("冲正的分录"),
    )
    counterpart = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_of",
        verbose_name=_("对应的拨付分录"),
    )  # an allocation received names the allocation passed down that it books
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金明细台账")
        verbose_name_plural = _("资金明细台账")
        ordering = ["fund_id", "on", "id"]
        # covering the balances and the year-end sums, so that they read the index and not the table
        indexes = [models.Index(fields=["fund", "on", "kind", "amount_fen"], name="unionfunds_entry_sums")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount_fen=0), name="unionfunds_entry_nonzero"),
            models.CheckConstraint(
                condition=Q(kind__in=["receipt", "allocation_in"], amount_fen__gt=0)
                | Q(kind__in=["allocation_out", "payment", "expense"], amount_fen__lt=0)
                | Q(kind="reversal"),
                name="unionfunds_entry_sign_of_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False)
                | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="unionfunds_reversal_names_entry",
            ),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("台账只能追加：更正请做冲正分录")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("台账只能追加：更正请做冲正分录")

    def __str__(self) -> str:
        return f"{self.fund_id} {self.on} {self.kind} {self.amount_fen}"

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)


class Use(models.TextChoices):
    """What a payment or an expense is for: the permitted uses under the five projects (R-PAY-10), and the
    forbidden uses (R-PAY-11, 25), which are listed so that they are refused with their clause."""

    BASIC_LIVING = "basic_living", _("基本生活")
    HOUSING = "housing", _("住房")
    HEATING_COOLING = "heating_cooling", _("取暖、降温")
    SERIOUS_ILLNESS = "serious_illness", _("重特大疾病、罕见病")
    NURSING = "nursing", _("重病重残护理")
    CHRONIC_MEDICATION = "chronic_medication", _("慢性病长期用药")
    INFECTIOUS = "infectious", _("重大传染病")
    SCHOOL_COSTS = "school_costs", _("子女就学生活、交通等必要费用")
    WORK_STUDY = "work_study", _("工会勤工俭学岗位补贴")
    TRAINING = "training", _("职业培训")
    EMPLOYMENT = "employment", _("鼓励就业补贴")
    LEGAL_AID = "legal_aid", _("法律援助")
    CONDOLENCE = "condolence", _("慰问金、慰问品")
    MODEL_SUBSIDY = "model_subsidy", _("劳模困难补助")
    STUDY_GRANT = "study_grant", _("就学生活、交通补助")
    # forbidden
    STAFF_COSTS = "staff_costs", _("帮扶中心工作人员工资、办公经费")
    BONUS = "bonus", _("奖金、津贴补贴、福利")
    VEHICLES = "vehicles", _("车辆、手机等交通通讯工具")
    CONSTRUCTION = "construction", _("帮扶中心基本建设")
    UNRELATED = "unrelated", _("与帮扶无关的支出")
    PROHIBITED = "prohibited", _("明令禁止购买的物品")


class RecipientGroup(models.TextChoices):
    """Who a programme payment is for: the 送温暖 recipient groups (R-ELIG-28) and the model-worker honours
    (R-ELIG-29)."""

    LAID_OFF = "laid_off", _("下岗失业、收入低、子女教育负担重等致困职工")
    ILLNESS_DISASTER = "illness_disaster", _("本人或家庭成员患重病、遭受灾害或意外致困职工")
    ENTERPRISE = "enterprise", _("关停并转企业中停发减发工资的相对困难职工")
    INJURY = "injury", _("工伤、职业病致残职工，因公牺牲职工家属，重病住院职工")
    FRONT_LINE = "front_line", _("高温、低温、高空、有毒有害等一线职工")
    DISASTER_FRONT = "disaster_front", _("重大灾害、春节期间一线职工，外派干部，劳模等")
    RETIRED = "retired", _("困难退休会员")
    NATIONAL_MODEL = "national_model", _("全国劳动模范")
    MAY_DAY_MEDAL = "may_day_medal", _("全国五一劳动奖章获得者")


WARMTH_GROUPS = tuple(RecipientGroup)[:7]
MODEL_HONOURS = (RecipientGroup.NATIONAL_MODEL, RecipientGroup.MAY_DAY_MEDAL)


class CoFunding(models.Model):
    """R-AMT-12 (总工办发〔2020〕13号 第十一条): one aid payment to a relative or accident-induced household,
    co-funded by the central special fund and an other-source fund in the share fixed for the year. The
    share and the plan that fixed it are kept; each source's part is its own FundPayment (and archive payment,
    roster line and ledger entry, each tagged with its source)."""

    CLAUSE = "总工办发〔2020〕13号 第十一条"

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("困难类别"), max_length=10, choices=HardshipCategory.choices)
    plan = models.ForeignKey(
        "AllocationPlan", on_delete=models.PROTECT, related_name="+", verbose_name=_("确定比例的分配方案")
    )
    central_share_permille = models.PositiveIntegerField(_("中央资金承担比例（‰）"))
    total_fen = models.BigIntegerField(_("支出合计（分）"))
    central_fen = models.BigIntegerField(_("中央财政专项帮扶资金承担（分）"))
    other_fen = models.BigIntegerField(_("其他来源帮扶资金承担（分）"))
    clause = models.CharField(_("依据"), max_length=100, default=CLAUSE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("帮扶资金共同承担")
        verbose_name_plural = _("帮扶资金共同承担")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_fen=models.F("central_fen") + models.F("other_fen")),
                name="unionfunds_cofunding_parts_sum",
            ),
            models.CheckConstraint(
                condition=Q(central_fen__gte=0, other_fen__gte=0, central_share_permille__lte=1000),
                name="unionfunds_cofunding_parts_valid",
            ),
        ]

    def share_percent(self) -> str:
        return f"{Decimal(self.central_share_permille) / 10:f}%"


class FundPayment(models.Model):
    """A payment from a fund to a worker, by real name (R-PAY-25, R-DOC-16): its project (the aid fund's five,
    R-PAY-10), its use, method (bank by default, cash with a special-case reason, R-PAY-12) and the ledger
    entry it wrote. An aid-fund payment is also the archive's aid payment (archives.UnionAidPayment), which
    keeps the 20,000 / 50,000 元 routing, the medical cap and the 30-working-day entry deadline, and is paid
    through the union aid roster."""

    class Method(models.TextChoices):
        BANK = "bank", _("银行转账")
        CASH = "cash", _("现金")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="payments", verbose_name=_("资金"))
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("家庭")
    )
    payee_name = models.CharField(_("收款人姓名"), max_length=50)
    payee_id_number = models.CharField(_("收款人身份证号码"), max_length=18)
    project = models.CharField(_("帮扶项目"), max_length=12, choices=Project.choices, blank=True)
    use = models.CharField(_("用途"), max_length=20, choices=Use.choices)
    recipient_group = models.CharField(
        _("对象类别"), max_length=20, choices=RecipientGroup.choices, blank=True
    )
    amount_fen = models.BigIntegerField(_("金额（分）"))
    paid_on = models.DateField(_("支出日期"))
    method = models.CharField(_("发放方式"), max_length=6, choices=Method.choices, default=Method.BANK)
    cash_reason = models.CharField(_("现金发放原因"), max_length=20, blank=True)
    aid_payment = models.OneToOneField(
        "archives.UnionAidPayment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_payment",
    )
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="payment")
    advice = models.JSONField(_("提示"), default=list, blank=True)
    cofunding = models.ForeignKey(
        CoFunding,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("共同承担"),
    )  # R-AMT-12: this payment is one source's part of a co-funded payment
    warmth_standard = models.ForeignKey(
        "WarmthStandard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("适用的送温暖慰问标准"),
    )  # R-AMT-15
    approval_reference = models.CharField(_("超标准审批文号"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资金支出")
        verbose_name_plural = _("资金支出")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="unionfunds_payment_positive"),
            models.CheckConstraint(
                condition=Q(method="bank", cash_reason="") | Q(method="cash") & ~Q(cash_reason=""),
                name="unionfunds_cash_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund_id} {self.paid_on} {self.amount_fen}"

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)


class ProjectStandard(models.Model):
    """R-AMT-11: a provincial union's standard for one project (per household per year), from a date, with
    what it refers to (the local dibao standard, government standards for similar projects) and the price
    index it was adjusted by. A new year's standard is a new row; the old one stays."""

    union_org = models.ForeignKey(
        "core.UnionOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("省级工会")
    )
    project = models.CharField(_("帮扶项目"), max_length=12, choices=Project.choices)
    valid_from = models.DateField(_("执行日期"))
    amount_fen = models.BigIntegerField(_("标准（元/户·年）"))
    basis = models.CharField(_("参照依据"), max_length=300)
    price_index = models.DecimalField(
        _("居民消费价格指数（上年=100）"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    reference = models.CharField(_("文号"), max_length=100, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("帮扶项目标准")
        verbose_name_plural = _("帮扶项目标准")
        ordering = ["union_org__path", "project", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["union_org", "project", "valid_from"], name="unionfunds_standard_once_per_day"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="unionfunds_standard_positive"),
        ]

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)


class WarmthStandard(models.Model):
    """R-AMT-15 (总工发〔2018〕39号 第七条、第十七条): a local 送温暖 condolence standard set by the competent union
    (a provincial union or a union below it, never ACFTU or a help centre) from local living standards and
    the price index: the amount per recipient per visit, for one recipient group or for all, from a date,
    and the approval authority for more than the standard: who approves it, and the most that may be approved
    (none: nothing above the standard). A union below the province stays within the standard above it."""

    class Approver(models.TextChoices):
        LEADERSHIP = "leadership", _("发放工会领导班子集体研究")
        SETTING_UNION = "setting_union", _("制定标准的工会审批")

    union_org = models.ForeignKey(
        "core.UnionOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("制定标准的工会")
    )
    recipient_group = models.CharField(
        _("对象类别"), max_length=20, choices=RecipientGroup.choices, blank=True
    )  # blank: every group
    valid_from = models.DateField(_("执行日期"))
    amount_fen = models.BigIntegerField(_("慰问标准（元/人·次）"))
    max_fen = models.BigIntegerField(_("经审批最高（元/人·次）"), null=True, blank=True)
    approver = models.CharField(
        _("超标准审批权限"), max_length=15, choices=Approver.choices, default=Approver.LEADERSHIP
    )
    basis = models.CharField(_("参照依据"), max_length=300)
    price_index = models.DecimalField(
        _("居民消费价格指数（上年=100）"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    reference = models.CharField(_("实施细则文号"), max_length=100)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("送温暖慰问标准")
        verbose_name_plural = _("送温暖慰问标准")
        ordering = ["union_org__path", "recipient_group", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["union_org", "recipient_group", "valid_from"], name="unionfunds_warmth_std_once"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="unionfunds_warmth_std_positive"),
            models.CheckConstraint(
                condition=Q(max_fen__isnull=True) | Q(max_fen__gt=models.F("amount_fen")),
                name="unionfunds_warmth_max_above_std",
            ),
        ]

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)

    def max_yuan(self) -> str:
        return yuan(self.max_fen) if self.max_fen else ""


class ThresholdRequest(models.Model):
    """R-AMT-09, OP-15: a request that the provincial union approve (above 20,000 元) or ACFTU agree (above
    50,000 元) to a household's cumulative aid under one project in one calendar year, up to an amount. It is
    decided before the payment that would cross the threshold; an approval becomes the archives' AidApproval
    that the payment needs."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级工会审批")
        NATIONAL = "national", _("全国总工会同意")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不予批准")

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    project = models.CharField(_("帮扶项目"), max_length=12, choices=Project.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    up_to_fen = models.BigIntegerField(_("申请累计金额（分）"))
    reason = models.TextField(_("申请理由"))
    deciding_union = models.ForeignKey(
        "core.UnionOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("审批工会")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    approval = models.OneToOneField(
        "archives.AidApproval", null=True, blank=True, on_delete=models.PROTECT, related_name="request"
    )

    class Meta:
        verbose_name = _("帮扶资金审批申请")
        verbose_name_plural = _("帮扶资金审批申请")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(up_to_fen__gt=0), name="unionfunds_request_positive"),
            models.UniqueConstraint(
                fields=["household", "project", "year", "level"],
                condition=Q(status="pending"),
                name="unionfunds_one_pending_request",
            ),
        ]

    def up_to_yuan(self) -> str:
        return yuan(self.up_to_fen)


class AllocationPlan(models.Model):
    """An allocation plan (R-PAY-19, 20): ACFTU's annual plan to the provinces, or a province's plan to its
    help centres, for one programme, source and year. Drafted by rights protection with finance, adopted
    collectively by the leadership, executed by finance (each item passed down: two ledger entries), and
    filed with the level above. A province's plan is due within 20 working days of receiving its allocation
    (a deadline on the to-do list). The national plan records the year's parameters it was set from: price
    index, priority weight of deep hardship, and the central share of the co-funded aid for the relative and
    accident-induced categories (R-AMT-12)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟中")
        ADOPTED = "adopted", _("已集体研究通过")
        EXECUTED = "executed", _("已下达")
        FILED = "filed", _("已报上级备案")

    S = Status
    TRANSITIONS = {  # core.workflow; the department (roles.py) is checked by the actions in plans.py
        "adopt": ((S.DRAFT,), S.ADOPTED, ("approver", "admin")),
        "execute": ((S.ADOPTED,), S.EXECUTED, ("finance", "admin")),
        "file": ((S.EXECUTED,), S.FILED, ("approver", "admin")),
    }
    ACTION_LABELS = {"adopt": _("集体研究通过"), "execute": _("下达资金"), "file": _("报上级备案")}

    union_org = models.ForeignKey(
        "core.UnionOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("分配工会")
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    programme = models.CharField(_("资金类别"), max_length=15, choices=Programme.choices, default="aid")
    source = models.CharField(_("资金来源"), max_length=15, choices=Source.choices, default="central")
    budget_fen = models.BigIntegerField(_("可分配资金（分）"))
    received_on = models.DateField(_("收到上级资金日期"), null=True, blank=True)
    due = models.DateField(_("分配下达期限"), null=True, blank=True)
    price_index = models.DecimalField(
        _("居民消费价格指数（上年=100）"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    deep_weight_permille = models.PositiveIntegerField(_("深度困难户权重（‰）"), default=1000)
    central_share_permille = models.PositiveIntegerField(
        _("相对困难、意外致困帮扶中央资金分担比例（‰）"), null=True, blank=True
    )
    basis = models.TextField(_("分配依据"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_reference = models.CharField(_("集体研究决定（会议纪要）"), max_length=200, blank=True)
    executed_on = models.DateField(_("下达日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filed_reference = models.CharField(_("备案文号"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资金分配方案")
        verbose_name_plural = _("资金分配方案")
        ordering = ["-year", "union_org__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["union_org", "year", "programme", "source"], name="unionfunds_plan_once_a_year"
            ),
            models.CheckConstraint(condition=Q(budget_fen__gt=0), name="unionfunds_plan_budget_positive"),
            models.CheckConstraint(
                condition=Q(central_share_permille__isnull=True) | Q(central_share_permille__lte=1000),
                name="unionfunds_plan_share_at_most_all",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.union_org.name}{self.year}年{self.get_programme_display()}分配方案"

    def budget_yuan(self) -> str:
        return yuan(self.budget_fen)


class AllocationItem(models.Model):
    """One line of a plan: the union or help centre receiving, the household counts it was computed from
    (archived households in the system, by category), the amount; `entry` is the allocation passed down."""

    plan = models.ForeignKey(AllocationPlan, on_delete=models.PROTECT, related_name="items")
    to_union = models.ForeignKey(
        "core.UnionOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("接收单位")
    )
    deep = models.PositiveIntegerField(_("深度困难户"), default=0)
    relative = models.PositiveIntegerField(_("相对困难户"), default=0)
    accident = models.PositiveIntegerField(_("意外致困户"), default=0)
    amount_fen = models.BigIntegerField(_("分配金额（分）"))
    entry = models.OneToOneField(
        LedgerEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="allocation_item"
    )

    class Meta:
        verbose_name = _("分配明细")
        verbose_name_plural = _("分配明细")
        ordering = ["plan_id", "to_union__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "to_union"], name="unionfunds_item_once_per_union"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="unionfunds_item_not_negative"),
        ]

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)


class CashEntry(models.Model):
    """The cash book (现金日记账, R-PAY-15) of a union or help centre: cash drawn from the bank (+), each cash
    payment one by one (−) with the recipient's signature and the collector's valid ID number (R-PAY-14), and
    reversals. Append-only like the ledger; a day once closed takes no more entries."""

    class Kind(models.TextChoices):
        DRAW = "draw", _("提取现金")
        PAYMENT = "payment", _("现金支付")
        DEPOSIT = "deposit", _("现金送存银行")
        REVERSAL = "reversal", _("冲正")

    union_org = models.ForeignKey("core.UnionOrg", on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"))
    payment = models.OneToOneField(
        FundPayment, null=True, blank=True, on_delete=models.PROTECT, related_name="cash_entry"
    )
    recipient_signed = models.BooleanField(_("领款人已签字或盖章"), default=False)
    collector_name = models.CharField(_("领款人姓名"), max_length=50, blank=True)
    collector_id_number = models.CharField(_("领款人有效证件号码"), max_length=18, blank=True)
    counted = models.BooleanField(_("当面点清"), default=False)
    note = models.CharField(_("摘要"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("现金日记账")
        verbose_name_plural = _("现金日记账")
        ordering = ["union_org_id", "on", "id"]
        indexes = [models.Index(fields=["union_org", "on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(amount_fen=0), name="unionfunds_cash_nonzero"),
            models.CheckConstraint(
                condition=Q(kind="draw", amount_fen__gt=0)
                | Q(kind__in=["payment", "deposit"], amount_fen__lt=0)
                | Q(kind="reversal", reverses__isnull=False),
                name="unionfunds_cash_sign_of_kind",
            ),
            models.CheckConstraint(  # R-PAY-14: signature and the collector's ID on every cash payment
                condition=~Q(kind="payment")
                | Q(recipient_signed=True, counted=True, payment__isnull=False) & ~Q(collector_id_number=""),
                name="unionfunds_cash_payment_receipt",
            ),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("现金日记账只能追加：更正请做冲正分录")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("现金日记账只能追加：更正请做冲正分录")

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)


class CashClose(models.Model):
    """日清月结 (R-PAY-15): a day (or, with `month` set, a month) of a cash book closed, with the book balance
    and the cash counted, which were equal (账款相符) — a close that does not balance is refused, not saved."""

    union_org = models.ForeignKey("core.UnionOrg", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("日期"))  # the day closed; for a month close, its last day
    month = models.BooleanField(_("月结"), default=False)
    book_fen = models.BigIntegerField(_("账面余额（分）"))
    counted_fen = models.BigIntegerField(_("实存现金（分）"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("现金日结月结")
        verbose_name_plural = _("现金日结月结")
        ordering = ["union_org_id", "-day"]
        constraints = [
            models.UniqueConstraint(fields=["union_org", "day", "month"], name="unionfunds_cash_close_once"),
            models.CheckConstraint(
                condition=Q(book_fen=models.F("counted_fen")), name="unionfunds_close_balances"
            ),
        ]


class YearReport(models.Model):
    """R-RPT-01 / R-PAY-18: a provincial union's three year-end reports to ACFTU with their due dates: the
    expected carry-over (by 30 November), the adjusted standards (at year-end) and the year's use of the aid
    fund (within one month after year-end). `content` is what was reported, computed when submitted."""

    class Kind(models.TextChoices):
        CARRY_OVER = "carry_over", _("结转资金预计情况报告")
        STANDARDS = "standards", _("调整后帮扶标准报告")
        FUND_USE = "fund_use", _("帮扶资金年度使用情况报告")

    union_org = models.ForeignKey("core.UnionOrg", on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("报告"), max_length=12, choices=Kind.choices)
    due = models.DateField(_("报送期限"))
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    content = models.JSONField(_("报告内容"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year", "due"]
        constraints = [
            models.UniqueConstraint(fields=["union_org", "year", "kind"], name="unionfunds_report_once")
        ]


class PerformanceTarget(models.Model):
    """R-RPT-03: a performance target of the aid fund for a year, its readings as the province tracks it,
    and ACFTU's evaluation."""

    union_org = models.ForeignKey("core.UnionOrg", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    indicator = models.CharField(_("绩效指标"), max_length=200)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20)
    evaluation = models.CharField(_("全国总工会评价结果"), max_length=300, blank=True)
    evaluated_on = models.DateField(_("评价日期"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("绩效目标")
        verbose_name_plural = _("绩效目标")
        ordering = ["-year", "indicator"]


class TargetReading(models.Model):
    target = models.ForeignKey(PerformanceTarget, on_delete=models.PROTECT, related_name="readings")
    on = models.DateField(_("日期"))
    value = models.DecimalField(_("完成值"), max_digits=14, decimal_places=2)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["target_id", "on", "id"]


class Finding(models.Model):
    """R-SUP-10, R-SUP-11: a misconduct finding on a fund or a payment, with a rectification deadline and
    its outcome: rectified, or referred to discipline inspection, or to the judicial authorities."""

    class Kind(models.TextChoices):
        WITHHOLDING = "withholding", _("截留")
        DIVERTING = "diverting", _("挪用")
        FALSE_CLAIM = "false_claim", _("虚报冒领")
        WIDENING = "widening", _("擅自扩大范围或提高标准")
        FAVOURITISM = "favouritism", _("优亲厚友、徇私")
        OTHER = "other", _("其他违规")

    class Status(models.TextChoices):
        OPEN = "open", _("限期整改中")
        RECTIFIED = "rectified", _("已整改")
        DISCIPLINE = "discipline", _("移送纪检监察")
        JUDICIAL = "judicial", _("移送司法机关")

    union_org = models.ForeignKey("core.UnionOrg", on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    fund = models.ForeignKey(Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="findings")
    payment = models.ForeignKey(
        FundPayment, null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(_("问题类型"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("问题描述"))
    found_on = models.DateField(_("发现日期"))
    rectify_by = models.DateField(_("整改期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("处理结果"), max_length=300, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("违规问题")
        verbose_name_plural = _("违规问题")
        ordering = ["-found_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fund__isnull=False) | Q(payment__isnull=False),
                name="unionfunds_finding_on_something",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | ~Q(status="open") & Q(closed_on__isnull=False),
                name="unionfunds_finding_closed_has_date",
            ),
        ]


class BankStatement(models.Model):
    """R-PAY-14 (总工发〔2012〕16号 第六条): a bank statement of a union's or help centre's account, kept as an
    accounting record (会计档案) with the roster it covers: the file is stored under DATA_DIR by its digest, and
    the record is never changed or deleted (the model refuses it)."""

    union_org = models.ForeignKey("core.UnionOrg", on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    roster = models.ForeignKey(
        "payments.Roster",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发放花名册"),
    )
    account = models.CharField(_("账户"), max_length=100)
    period_start = models.DateField(_("对账期起"))
    period_end = models.DateField(_("对账期止"))
    filename = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("校验值"), max_length=64)
    path = models.CharField(max_length=500)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("银行对账单")
        verbose_name_plural = _("银行对账单")
        ordering = ["union_org_id", "-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["union_org", "sha256"], name="unionfunds_statement_once"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="unionfunds_statement_period"
            ),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("银行对账单作为会计档案保存，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("银行对账单作为会计档案保存，不能删除")


class BankNotice(models.Model):
    """R-PAY-14 (总工发〔2012〕16号 第六条): the written notice to a worker paid through the bank of the amounts
    paid to him in a period: the payments it lists are kept as they were (`lines`), the document is printed
    from it, and giving it is recorded once (date, how, who received it)."""

    class How(models.TextChoices):
        IN_PERSON = "in_person", _("当面送达并签收")
        POST = "post", _("邮寄")
        VISIT = "visit", _("走访时送达")

    union_org = models.ForeignKey(
        "core.UnionOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("通知单位")
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    payee_name = models.CharField(_("收款人姓名"), max_length=50)
    payee_id_number = models.CharField(_("收款人身份证号码"), max_length=18)
    period_start = models.DateField(_("通知期起"))
    period_end = models.DateField(_("通知期止"))
    lines = models.JSONField(_("发放明细"))
    total_fen = models.BigIntegerField(_("合计（分）"))
    payments = models.ManyToManyField(FundPayment, related_name="notices", blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    given_on = models.DateField(_("送达日期"), null=True, blank=True)
    given_how = models.CharField(_("送达方式"), max_length=10, choices=How.choices, blank=True)
    received_by = models.CharField(_("签收人"), max_length=50, blank=True)
    given_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("银行发放书面通知")
        verbose_name_plural = _("银行发放书面通知")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(given_on__isnull=True, given_how="")
                | Q(given_on__isnull=False) & ~Q(given_how=""),
                name="unionfunds_notice_given_how",
            ),
        ]

    def total_yuan(self) -> str:
        return yuan(self.total_fen)


class PaymentReversal(models.Model):
    """The correction of a payment from a fund (an archive's aid payment included): never an edit. The
    fund's ledger gets a reversing entry of the opposite amount naming the payment's entry; an aid payment
    gets a reversing archive payment (archives.UnionAidPayment.reverses, so the year's totals and the
    20,000 / 50,000 元 thresholds count it); a cash payment a reversing line of the cash book (the cash
    returned). Once a payment; with the reason, the day and who did it, audited."""

    payment = models.OneToOneField(
        FundPayment, on_delete=models.PROTECT, related_name="reversal", verbose_name=_("冲正的支出")
    )
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="payment_reversal")
    aid_reversal = models.OneToOneField(
        "archives.UnionAidPayment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cash_entry = models.OneToOneField(
        CashEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="payment_reversal"
    )
    on = models.DateField(_("冲正日期"))
    reason = models.CharField(_("冲正原因"), max_length=300)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reversed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("支出冲正")
        verbose_name_plural = _("支出冲正")
        ordering = ["-id"]
