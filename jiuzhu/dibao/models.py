"""低保 cases (R-FLOW-01..16): the application's state machine and the records each step leaves behind.

Every change goes through `actions.py` (core.workflow.transition for status changes, one transaction with a
StatusChange row and an audit event). Nothing here is ever deleted: a withdrawn or refused case keeps its
history. Money is integer fen.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from jiuzhu.accounts.models import Role
from jiuzhu.registry.choices import AreaType

STAFF = (Role.CASE_WORKER, Role.ADMIN)  # township/street case workers (乡镇/街道经办)
COUNTY = (Role.APPROVER, Role.ADMIN)  # county civil-affairs bureau (县级民政部门)
PENDING = (
    "draft",
    "submitted",
    "verifying",
    "visiting",
    "appraisal",
    "township_review",
    "review_publicity",
    "township_opinion",
    "county_approval",
)
# the statuses a granted case passes through, in order, from application to payment
TO_PAYMENT = (*PENDING, "approved", "approval_publicity", "active")

# R-FLOW-01: the documents told at once (一次性告知) at application. `shared`: obtained by inter-agency data
# sharing, so not asked from the applicant. The labels are stored on each case as told (Chinese, as data);
# gettext_noop puts them in the catalog, and the case page translates the stored text when it shows it.
REQUIRED_DOCUMENTS = [
    {
        "code": "application_form",
        "label": gettext_noop("低保申请书及授权书（附件1，含诚信声明）"),
        "shared": False,
    },
    {"code": "economic_sheet", "label": gettext_noop("家庭经济状况信息表（附件2）"), "shared": False},
    {"code": "id_cards", "label": gettext_noop("申请人及共同生活家庭成员身份证"), "shared": True},
    {"code": "hukou", "label": gettext_noop("户口簿"), "shared": True},
    {"code": "marriage", "label": gettext_noop("婚姻状况证明"), "shared": True},
    {"code": "disability_cert", "label": gettext_noop("残疾人证（如有）"), "shared": True},
    {"code": "illness_proof", "label": gettext_noop("重病诊断证明及医疗费用票据（如有）"), "shared": False},
    {
        "code": "income_proof",
        "label": gettext_noop("无法通过共享获取的收入证明（如灵活就业收入说明）"),
        "shared": False,
    },
    {"code": "housing", "label": gettext_noop("不动产登记信息"), "shared": True},
    {"code": "vehicles", "label": gettext_noop("机动车登记信息"), "shared": True},
    {"code": "social_insurance", "label": gettext_noop("社会保险、养老金领取信息"), "shared": True},
    {"code": "bank_account", "label": gettext_noop("本人代理金融机构账户信息"), "shared": False},
]


class Record(models.Model):
    """A record a step leaves on a case."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


# R-FLOW-03: the sources the authorisation covers and the verification (R-FLOW-04) checks.
class Source(models.TextChoices):
    PUBLIC_SECURITY = "public_security", _("公安")
    HRSS = "hrss", _("人力资源社会保障")
    HOUSING = "housing", _("住房城乡建设")
    TRANSPORT = "transport", _("交通运输")
    MARKET = "market", _("市场监管")
    TAX = "tax", _("税务")
    NATURAL_RESOURCES = "natural_resources", _("自然资源")
    PROVIDENT_FUND = "provident_fund", _("住房公积金管理中心")
    BANKS = "banks", _("银行")
    INSURERS = "insurers", _("保险公司")
    SECURITIES = "securities", _("证券公司")


class Status(models.TextChoices):
    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("已受理")
    VERIFYING = "verifying", _("经济状况核对")
    VISITING = "visiting", _("入户调查")
    APPRAISAL = "appraisal", _("民主评议")
    TOWNSHIP_REVIEW = "township_review", _("乡镇审核")
    REVIEW_PUBLICITY = "review_publicity", _("审核公示")
    TOWNSHIP_OPINION = "township_opinion", _("乡镇意见已签署")
    COUNTY_APPROVAL = "county_approval", _("县级审批")
    APPROVED = "approved", _("已批准")
    APPROVAL_PUBLICITY = "approval_publicity", _("审批公示")
    ACTIVE = "active", _("保障中")
    PHASE_OUT = "phase_out", _("渐退期")
    STOPPED = "stopped", _("已停保")
    REFUSED = "refused", _("不予批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class DibaoApplication(models.Model):
    """One application and, once approved, the case it becomes (附件1, 附件3)."""

    # action: (from statuses, to status, roles) — see jiuzhu/core/workflow.py
    TRANSITIONS = {
        "submit": (("draft",), "submitted", STAFF),  # R-FLOW-02
        "start_verification": (("submitted",), "verifying", STAFF),
        "complete_verification": (("verifying",), "visiting", STAFF),  # R-FLOW-04
        "complete_visit": (("visiting",), "appraisal", STAFF),  # R-FLOW-05
        "complete_appraisal": (("appraisal",), "township_review", STAFF),  # R-FLOW-05
        "township_review": (("township_review",), "review_publicity", STAFF),  # R-FLOW-06, R-FLOW-07
        "township_opinion": (("review_publicity",), "township_opinion", STAFF),  # R-FLOW-06/07
        "report_to_county": (("township_opinion",), "county_approval", STAFF),
        "approve": (("county_approval",), "approved", COUNTY),  # R-FLOW-08, OP-10
        "publish_approval": (("approved",), "approval_publicity", STAFF),  # OP-04
        "start_payment": (("approval_publicity",), "active", STAFF),
        "refuse": (
            ("township_review", "review_publicity", "township_opinion", "county_approval"),
            "refused",
            COUNTY,
        ),  # R-FLOW-09
        "withdraw": (PENDING, "withdrawn", STAFF),
        "start_phase_out": (("active",), "phase_out", COUNTY),  # R-FLOW-14
        "reassess": (("phase_out",), "active", COUNTY),  # R-FLOW-14
        "stop": (("active", "phase_out"), "stopped", COUNTY),  # R-FLOW-10
    }

    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="dibao_applications",
        verbose_name=_("家庭"),
    )
    area_type = models.CharField(_("申请类别"), max_length=10, choices=AreaType.choices)
    applied_on = models.DateField(_("申请日期"))
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("经办人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # R-FLOW-01: the checklist told at once, as shown to the applicant that day.
    required_documents = models.JSONField(_("一次性告知材料清单"), default=list)
    # R-FLOW-03: valid from the application date until assistance ends (null while it has not ended).
    authorisation_until = models.DateField(_("授权有效期至"), null=True, blank=True)
    # R-FLOW-06: township opinion (附件3)
    opinion_village = models.CharField(_("村（社区）"), max_length=100, blank=True)
    opinion_persons = models.PositiveSmallIntegerField(_("保障人数"), null=True, blank=True)
    opinion_per_capita_fen = models.BigIntegerField(_("人均补助（分/月）"), null=True, blank=True)
    opinion_household_fen = models.BigIntegerField(_("户月补助（分/月）"), null=True, blank=True)
    opinion_case_officer = models.CharField(_("经办人签字"), max_length=50, blank=True)
    opinion_office_head = models.CharField(_("民政办负责人签字"), max_length=50, blank=True)
    opinion_leader = models.CharField(_("领导签字"), max_length=50, blank=True)
    opinion_on = models.DateField(_("乡镇意见日期"), null=True, blank=True)
    # R-FLOW-08: county approval
    payment_start = models.DateField(_("起始发放年月"), null=True, blank=True)  # first day of the month
    approved_on = models.DateField(_("审批日期"), null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    approval_leader = models.CharField(_("领导签字"), max_length=50, blank=True)
    benefit_household_fen = models.BigIntegerField(_("户月保障金（分）"), null=True, blank=True)
    benefit_per_capita_fen = models.BigIntegerField(_("人均保障金（分）"), null=True, blank=True)
    # R-FLOW-13 / OP-05, R-FLOW-14
    review_interval_months = models.PositiveSmallIntegerField(_("动态复核间隔（月）"), null=True, blank=True)
    next_review_due = models.DateField(_("下次复核日期"), null=True, blank=True)
    phase_out_end = models.DateField(_("渐退期截止"), null=True, blank=True)
    stopped_from = models.DateField(_("停发年月"), null=True, blank=True)

    class Meta:
        verbose_name = _("低保申请")
        verbose_name_plural = _("低保申请")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"低保申请 #{self.pk} {self.household.number}"

    @property
    def authorisation_text(self) -> str:
        # In the reader's language (gettext at call time): shown on the case page, never stored.
        end = self.authorisation_until.isoformat() if self.authorisation_until else gettext("救助终止之日")
        return gettext("自%(start)s（申请之日）起至%(end)s止") % {
            "start": self.applied_on.isoformat(),
            "end": end,
        }


class Signature(Record):
    """R-FLOW-02: who signed or fingerprinted 附件1 for each co-resident member, in what capacity, how."""

    class Capacity(models.TextChoices):
        SELF = "self", _("本人（有民事行为能力）")
        GUARDIAN = "guardian", _("监护人代签（无民事行为能力）")

    class Method(models.TextChoices):
        SIGNATURE = "signature", _("签字")
        FINGERPRINT = "fingerprint", _("按手印")

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="signatures")
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("成员")
    )
    capacity = models.CharField(_("签署身份"), max_length=10, choices=Capacity.choices)
    method = models.CharField(_("方式"), max_length=12, choices=Method.choices)
    guardian_name = models.CharField(_("监护人姓名"), max_length=50, blank=True)
    cannot_write = models.BooleanField(_("不能书写"), default=False)
    signed_on = models.DateField(_("签署日期"))
    # a signature given online (jiuzhu.portal): {"signed_at", "confirmed_by", "text_version", "text_sha256",
    # "consent"} — printed on 附件1 with the member's name; empty for a signature on paper
    electronic = models.JSONField(_("电子签名记录"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["application", "member"], name="dibao_signature_once")]


class VerificationRecord(Record):
    """R-FLOW-04: the result of checking one source (核对)."""

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="verifications")
    source = models.CharField(_("核对来源"), max_length=30, choices=Source.choices)
    checked_on = models.DateField(_("核对日期"))
    consistent = models.BooleanField(_("与申报一致"), default=True)
    result = models.TextField(_("核对结果"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]


class VerificationReport(Record):
    """R-FLOW-04, R-DOC-11: the household economic-status verification report, built from the records."""

    application = models.OneToOneField(
        DibaoApplication, on_delete=models.PROTECT, related_name="verification_report"
    )
    made_on = models.DateField(_("报告日期"))
    summary = models.TextField(_("核对结论"))
    content = models.JSONField(_("核对明细"))  # the records as they stood when the report was made
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )


class HomeVisit(Record):
    """R-FLOW-05 (附件4, intake) and R-FLOW-13 (附件9, dynamic management) home visits."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("入户调查（附件4）")
        DYNAMIC = "dynamic", _("动态管理复核（附件9）")

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    visited_on = models.DateField(_("调查日期"))
    investigators = models.JSONField(_("调查人"), default=list)  # names, as signed
    representative = models.CharField(_("被调查家庭代表"), max_length=50, blank=True)
    findings = models.TextField(_("调查情况"), blank=True)
    agrees = models.BooleanField(_("与申请情况是否相符"), null=True)
    explanation = models.TextField(_("说明"), blank=True)
    conclusion = models.TextField(_("调查结论"), blank=True)
    unit = models.CharField(_("调查单位"), max_length=100, blank=True)
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["visited_on", "id"]


class Appraisal(Record):
    """R-FLOW-05/06: democratic appraisal (民主评议) and its tally."""

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="appraisals")
    held_on = models.DateField(_("评议日期"))
    participants = models.TextField(_("参加人员"))
    votes_for = models.PositiveIntegerField(_("同意"))
    votes_against = models.PositiveIntegerField(_("不同意"))
    abstentions = models.PositiveIntegerField(_("弃权"))
    conclusion = models.TextField(_("评议意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]


class DecisionSnapshot(Record):
    """R-FLOW-06: what the engine was given and said, so the decision can be reproduced later."""

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="snapshots")
    purpose = models.CharField(_("用途"), max_length=30)  # township_review, reassess, change...
    at = models.CharField(_("评估月份"), max_length=7)  # YYYY-MM
    facts = models.JSONField(_("评估输入"))  # the engine's jiuzhu.household/1 input
    params = models.JSONField(_("参数值"))  # the parameter mapping used (dates as ISO strings)
    params_digest = models.CharField(_("参数摘要"), max_length=64, blank=True)
    engine_version = models.CharField(_("引擎版本"), max_length=40)
    result = models.JSONField(_("评估结果"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    @property
    def dibao(self) -> dict:
        return (self.result.get("programs") or {}).get("dibao") or {}


class Publicity(Record):
    """R-FLOW-07 (附件5) review publicity and OP-04 (附件8) approval publicity: 7 calendar days."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("审核公示（附件5）")
        APPROVAL = "approval", _("审批公示（附件8）")

    DAYS = 7

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="publicities")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示截止"))  # starts_on + 6: seven calendar days, both ends included
    phone = models.CharField(_("举报/监督电话"), max_length=30, blank=True)
    place = models.CharField(_("公示地点"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]

    def has_ended(self, today: dt.date) -> bool:
        return today > self.ends_on


class Objection(Record):
    """R-FLOW-07: an objection received during publicity and how it was handled."""

    publicity = models.ForeignKey(Publicity, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField(_("收到日期"))
    content = models.TextField(_("异议内容"))
    handling = models.TextField(_("处理情况"), blank=True)
    result = models.CharField(_("处理结果"), max_length=200, blank=True)
    handled_on = models.DateField(_("处理日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    @property
    def handled(self) -> bool:
        return self.handled_on is not None


class SecondReview(Record):
    """OP-10: a second county reviewer for cases with the near-relative flag (R-SUP-01)."""

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="second_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField(_("复核日期"))
    agrees = models.BooleanField(_("同意"))
    note = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["id"]


class Notice(Record):
    """R-FLOW-09 (附件6 refusal) and R-FLOW-10 (附件7 change/stop), numbered per unit and year (R-DOC-12)."""

    class Kind(models.TextChoices):
        REFUSAL = "refusal", _("不予批准通知书（附件6）")
        CHANGE = "change", _("变更通知书（附件7）")
        STOP = "stop", _("停发通知书（附件7）")

    APPEAL_DAYS = {"refusal": 15, "change": 60, "stop": 60}  # 复查 15 days, 行政复议 60 days from receipt

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    series = models.CharField(max_length=10)  # "附件6" or "附件7": each has its own sequence
    issuing_unit = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("发文单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("序号"))
    issued_on = models.DateField(_("发文日期"))
    reasons = models.JSONField(_("理由"), default=dict)
    old_household_fen = models.BigIntegerField(null=True, blank=True)
    new_household_fen = models.BigIntegerField(null=True, blank=True)
    old_per_capita_fen = models.BigIntegerField(null=True, blank=True)
    new_per_capita_fen = models.BigIntegerField(null=True, blank=True)
    stop_month = models.DateField(_("停发年月"), null=True, blank=True)
    # a change pays the new amount from this month (first day); empty: the month it was issued
    effective_month = models.DateField(_("变更生效年月"), null=True, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    deliverer = models.CharField(_("送达人"), max_length=50, blank=True)
    appeal_deadline = models.DateField(_("申请复查/复议截止"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "series", "year", "number"], name="dibao_notice_number_unique"
            )
        ]

    @property
    def label(self) -> str:
        return f"（{self.year}年第{self.number}号）"

    @property
    def appeal_kind(self) -> str:
        return "review" if self.kind == self.Kind.REFUSAL else "reconsideration"


class Appeal(Record):
    """R-FLOW-09/10: a request for review (复查) or administrative reconsideration (行政复议), and its decision."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("复查")
        RECONSIDERATION = "reconsideration", _("行政复议")

    class Decision(models.TextChoices):
        UPHELD = "upheld", _("维持原决定")
        CHANGED = "changed", _("变更原决定")
        REVOKED = "revoked", _("撤销原决定")
        REJECTED = "rejected", _("不予受理")

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    lodged_on = models.DateField(_("提出日期"))
    within_deadline = models.BooleanField(_("在期限内"))
    content = models.TextField(_("请求事项"), blank=True)
    decision = models.CharField(_("决定"), max_length=10, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("决定说明"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]


class ChangeReport(Record):
    """R-FLOW-12: a change in members, income or property, reported (or due to be) within 30 days."""

    class Kind(models.TextChoices):
        MEMBERS = "members", _("家庭成员变化")
        INCOME = "income", _("收入变化")
        PROPERTY = "property", _("财产变化")

    REPORT_DAYS = 30

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="change_reports")
    kind = models.CharField(_("变化类型"), max_length=10, choices=Kind.choices)
    event_on = models.DateField(_("变化发生日期"))
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    description = models.TextField(_("情况说明"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    @property
    def due(self) -> dt.date:
        return self.event_on + dt.timedelta(days=self.REPORT_DAYS)

    @property
    def late(self) -> bool:
        """Flag for the penalty process (R-SUP-09)."""
        return self.reported_on is not None and self.reported_on > self.due


class JobOffer(Record):
    """R-FLOW-15: a job offered through HRSS or another department, and the response."""

    class Response(models.TextChoices):
        ACCEPTED = "accepted", _("接受")
        REFUSED = "refused", _("拒绝")

    application = models.ForeignKey(DibaoApplication, on_delete=models.PROTECT, related_name="job_offers")
    member = models.ForeignKey(
        "registry.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("成员")
    )
    offered_on = models.DateField(_("推荐日期"))
    via = models.CharField(_("推荐部门"), max_length=50)
    job = models.CharField(_("岗位"), max_length=100)
    suitable = models.BooleanField(_("与健康状况、劳动能力相适应"))
    response = models.CharField(_("答复"), max_length=10, choices=Response.choices)
    good_reason = models.BooleanField(_("有正当理由"), default=False)
    reason = models.TextField(_("理由"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["offered_on", "id"]

    @property
    def counted_refusal(self) -> bool:
        """OP-23: refused a documented-suitable offer without good reason."""
        return self.response == self.Response.REFUSED and self.suitable and not self.good_reason


class Lead(Record):
    """R-FLOW-16: an active-discovery lead (主动发现)."""

    class Source(models.TextChoices):
        STAFF = "staff", _("工作人员")
        VILLAGE_CADRE = "village_cadre", _("村（社区）干部")
        RESIDENT_CADRE = "resident_cadre", _("驻村干部")
        PAIRING_CADRE = "pairing_cadre", _("结对帮扶干部")
        REGULAR_VISIT = "regular_visit", _("定期走访")
        OTHER = "other", _("其他")

    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在地区")
    )
    source = models.CharField(_("线索来源"), max_length=20, choices=Source.choices)
    reported_on = models.DateField(_("发现日期"))
    person_name = models.CharField(_("对象姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    description = models.TextField(_("困难情况"))
    follow_up = models.TextField(_("跟进情况"), blank=True)
    followed_up_on = models.DateField(_("跟进日期"), null=True, blank=True)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        DibaoApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
