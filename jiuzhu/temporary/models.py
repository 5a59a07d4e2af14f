"""临时救助 cases (R-REG-09, R-FLOW-17..24). Money is integer fen; nothing is ever deleted.

State changes go through jiuzhu.core.workflow.transition() from the actions in actions.py only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiuzhu.accounts.models import Role
from jiuzhu.registry.money import yuan

WORKERS = {Role.CASE_WORKER, Role.ADMIN}
APPROVERS = {Role.APPROVER, Role.ADMIN}


class CaseType(models.TextChoices):
    EMERGENCY = "emergency", _("急难型")
    EXPENDITURE = "expenditure", _("支出型")


class EventKind(models.TextChoices):  # the engine's event kinds (ASSESSMENT.md)
    FIRE = "fire", _("火灾")
    TRAFFIC_ACCIDENT = "traffic_accident", _("交通事故")
    OTHER_ACCIDENT = "other_accident", _("其他意外事件")
    SUDDEN_ILLNESS = "sudden_illness", _("家庭成员突发重大疾病")
    DISASTER = "disaster", _("自然灾害")
    EDUCATION_SPENDING = "education_spending", _("教育支出")
    MEDICAL_SPENDING = "medical_spending", _("医疗支出")
    OTHER = "other", _("其他特殊困难或必需支出")


class Severity(models.TextChoices):
    MINOR = "minor", pgettext_lazy("severity", "一般")  # not the health grade 一般 (fair)
    MODERATE = "moderate", _("较重")
    SEVERE = "severe", _("严重")


class Level(models.TextChoices):
    TOWNSHIP = "township", _("乡镇（街道）审批（受县级委托）")
    COUNTY = "county", _("县级民政部门审批")


class TemporaryCase(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        ACCEPTED = "accepted", _("已受理")
        REVIEWED = "reviewed", _("已审核")
        APPROVED = "approved", _("已审批")
        TO_REGULARISE = "to_regularise", _("先行救助待补办")
        CLOSED = "closed", _("已办结")
        REJECTED = "rejected", _("不予救助")
        WITHDRAWN = "withdrawn", _("已撤回")

    S = Status
    # action: (from statuses, to status, roles)
    TRANSITIONS = {
        "accept": ([S.APPLIED], S.ACCEPTED, WORKERS),
        "review": ([S.ACCEPTED], S.REVIEWED, WORKERS),
        "approve": ([S.REVIEWED], S.APPROVED, APPROVERS),
        "reject": ([S.ACCEPTED, S.REVIEWED], S.REJECTED, APPROVERS),
        "assist_first": ([S.APPLIED, S.ACCEPTED], S.TO_REGULARISE, WORKERS | APPROVERS),
        "regularise": ([S.TO_REGULARISE], S.CLOSED, WORKERS),
        "close": ([S.APPROVED], S.CLOSED, WORKERS),
        "withdraw": ([S.APPLIED, S.ACCEPTED, S.REVIEWED], S.WITHDRAWN, WORKERS),
    }
    ACTION_LABELS = {
        "accept": _("受理"),
        "review": _("审核"),
        "approve": _("审批通过"),
        "reject": _("不予救助"),
        "assist_first": _("先行救助（直接发放）"),
        "regularise": _("补办手续"),
        "close": _("办结"),
        "withdraw": _("撤回申请"),
    }

    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="temporary_cases", verbose_name=_("家庭")
    )
    number = models.CharField(_("案件编号"), max_length=30, unique=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    case_type = models.CharField(_("救助类型"), max_length=12, choices=CaseType.choices)
    applicant_is_individual = models.BooleanField(_("以个人名义申请"), default=False)
    event_kind = models.CharField(_("事件类别"), max_length=20, choices=EventKind.choices)
    event_date = models.DateField(_("事件发生日期"))
    event_place = models.CharField(_("事件发生地"), max_length=200, blank=True)
    hukou_place = models.CharField(_("户籍地"), max_length=200, blank=True)
    severity = models.CharField(_("困难程度"), max_length=10, choices=Severity.choices)
    loss_fen = models.BigIntegerField(_("损失金额（分）"), default=0)
    compensation_fen = models.BigIntegerField(_("已获赔偿（分）"), default=0)
    # R-REG-09 statuses
    is_dibao = models.BooleanField(_("低保对象"), default=False)
    is_tekun = models.BooleanField(_("特困人员"), default=False)
    is_registered_poor = models.BooleanField(_("建档立卡未脱贫"), default=False)
    is_disaster_affected = models.BooleanField(_("受灾人员"), default=False)
    is_returned_to_poverty = models.BooleanField(_("返贫人员"), default=False)
    is_hrss_subsidy = models.BooleanField(_("领取人社临时生活补助的失业人员"), default=False)
    # R-FLOW-22: the pending dibao / 特困 application this case is linked to (loose reference).
    dibao_application_ref = models.CharField(_("关联低保/特困申请"), max_length=60, blank=True)
    # Engine proposal and the decision snapshot (input, params, engine version, result).
    proposed_fen = models.BigIntegerField(_("档次金额（分）"), null=True, blank=True)
    decision = models.JSONField(_("测算快照"), null=True, blank=True)
    # Review (R-FLOW-18/19)
    expenditure_check = models.TextField(_("必要支出核查"), blank=True)
    income_property_check = models.TextField(_("收入和财产调查"), blank=True)
    amount_fen = models.BigIntegerField(_("救助金额（分）"), null=True, blank=True)
    # R-AMT-05 一事一议
    case_by_case = models.BooleanField(_("一事一议"), default=False)
    case_decision_ref = models.CharField(_("一事一议决定文号"), max_length=100, blank=True)
    coordination_approval = models.CharField(_("县级协调机制审批意见"), max_length=200, blank=True)
    # R-FLOW-20 approval
    approval_level = models.CharField(_("审批层级"), max_length=10, choices=Level.choices, blank=True)
    delegation = models.CharField(_("委托依据"), max_length=200, blank=True)
    approved_on = models.DateField(_("审批日期"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    # R-FLOW-18 processing time limit (local parameter temporary_processing_days, calendar days)
    processing_due = models.DateField(_("办理期限"), null=True, blank=True)
    processing_limit_missing = models.BooleanField(_("未配置办理时限"), default=False)
    # R-FLOW-17 / R-DOC-18 assist-first registration record
    assist_first = models.BooleanField(_("先行救助"), default=False)
    paid_first_on = models.DateField(_("先行发放日期"), null=True, blank=True)
    reg_recipient = models.CharField(_("救助对象"), max_length=50, blank=True)
    reg_reason = models.CharField(_("救助事由"), max_length=200, blank=True)
    reg_amount_fen = models.BigIntegerField(_("救助金额（分）"), null=True, blank=True)
    reg_officer = models.CharField(_("经办人签字"), max_length=50, blank=True)
    reg_seal = models.BooleanField(_("单位盖章"), default=False)
    regularised_on = models.DateField(_("补办日期"), null=True, blank=True)
    staged = models.BooleanField(_("分阶段救助"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("经办人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("临时救助案件")
        verbose_name_plural = _("临时救助案件")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def necessary_expenditure_only(self) -> bool:
        """R-FLOW-19: dibao, 特困 and registered-poor applicants: no income or property investigation."""
        return self.is_dibao or self.is_tekun or self.is_registered_poor

    @property
    def may_stage(self) -> bool:
        """R-FLOW-21: one approval, staged instalments for emergency cases and people returned to poverty."""
        return self.case_type == CaseType.EMERGENCY or self.is_returned_to_poverty

    @property
    def missing_registration(self) -> list[str]:
        """R-DOC-18 fields still empty on an assist-first case."""
        out = []
        if not self.reg_recipient:
            out.append(str(_("救助对象")))
        if not self.reg_reason:
            out.append(str(_("救助事由")))
        if not self.reg_amount_fen:
            out.append(str(_("救助金额")))
        if not self.reg_officer:
            out.append(str(_("经办人签字")))
        if not self.reg_seal:
            out.append(str(_("单位盖章")))
        return out

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)

    def proposed_yuan(self) -> str:
        return yuan(self.proposed_fen)

    def paid_fen(self) -> int:
        return sum(h.amount_fen or 0 for h in self.handouts.all())


class Instalment(models.Model):
    """R-FLOW-21: one instalment of a staged plan under one approval."""

    case = models.ForeignKey(TemporaryCase, on_delete=models.PROTECT, related_name="instalments")
    seq = models.PositiveSmallIntegerField(_("期次"))
    due = models.DateField(_("计划发放日期"))
    amount_fen = models.BigIntegerField(_("金额（分）"))
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("分期发放计划")
        verbose_name_plural = _("分期发放计划")
        ordering = ["case_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="temporary_instalment_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq}"


class Handout(models.Model):
    """R-FLOW-24: every cash or in-kind handout, registered one by one (逐一登记备案)."""

    class Form(models.TextChoices):
        CASH = "cash", _("现金/转账")
        IN_KIND = "in_kind", _("实物")

    case = models.ForeignKey(TemporaryCase, on_delete=models.PROTECT, related_name="handouts")
    instalment = models.OneToOneField(
        Instalment, null=True, blank=True, on_delete=models.PROTECT, related_name="handout"
    )
    form = models.CharField(_("形式"), max_length=10, choices=Form.choices)
    recipient = models.CharField(_("领取人"), max_length=50)
    what = models.CharField(_("物品/款项"), max_length=100)
    quantity = models.CharField(_("数量"), max_length=50, blank=True)
    amount_fen = models.BigIntegerField(_("金额（分）"), null=True, blank=True)
    given_on = models.DateField(_("发放日期"))
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handler_name = models.CharField(_("经办人"), max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("救助发放登记")
        verbose_name_plural = _("救助发放登记")
        ordering = ["case_id", "given_on", "id"]

    def __str__(self) -> str:
        return f"{self.recipient} {self.what} {self.given_on}"


class Referral(models.Model):
    """R-FLOW-23: a referral (转介) and its outcome."""

    class Target(models.TextChoices):
        DIBAO = "dibao", _("最低生活保障")
        MEDICAL = "medical", _("医疗救助")
        EDUCATION = "education", _("教育救助")
        HOUSING = "housing", _("住房救助")
        EMPLOYMENT = "employment", _("就业救助")
        CHARITY = "charity", _("慈善组织")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待反馈")
        ACCEPTED = "accepted", _("已受理")
        HELPED = "helped", _("已获帮助")
        DECLINED = "declined", _("未获帮助")

    case = models.ForeignKey(TemporaryCase, on_delete=models.PROTECT, related_name="referrals")
    target = models.CharField(_("转介对象"), max_length=12, choices=Target.choices)
    referred_on = models.DateField(_("转介日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    outcome_note = models.CharField(_("结果说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.target}"
