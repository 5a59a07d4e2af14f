"""Supervision (监督管理, issue 15): risk warnings found by the scans, complaints and reports (投诉举报),
inspections with their findings, and the published hotlines.

Every hit of a risk rule becomes a RiskWarning, a ticket that a person adjudicates (confirmed with the action
taken, or a false alarm with its reason). The database keeps a rule from opening the same ticket twice: at
most one warning per (rule, subject) — a rescan finds the existing one and adds nothing. Statuses change only
through actions (core.workflow.transition: a StatusChange row and an audit event naming user and role,
R-SUP-12).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiuzhu.accounts.models import Role

ADJUDICATORS = (Role.CASE_WORKER, Role.APPROVER, Role.ADMIN)  # who decides a warning or handles a complaint
SUPERVISORS = (Role.APPROVER, Role.AUDITOR, Role.ADMIN)  # who runs scans and sees the whole subtree's tickets


class Severity(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class ScanRun(models.Model):
    """One run of the risk scan (nightly or on demand): who ran it, over which region, what it found."""

    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_path = models.CharField(max_length=255, blank=True)  # "" = the whole registry
    region_code = models.CharField(_("范围"), max_length=20, blank=True)
    found = models.PositiveIntegerField(_("发现"), default=0)
    opened = models.PositiveIntegerField(_("新增预警"), default=0)
    counts = models.JSONField(_("各规则发现数"), default=dict)
    seconds = models.FloatField(default=0)  # elapsed time, for the operator (not money)

    class Meta:
        verbose_name = _("风险扫描")
        verbose_name_plural = _("风险扫描")
        ordering = ["-id"]


class RiskWarning(models.Model):
    """A risk warning (风险预警): one hit of one rule, to be adjudicated."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        CONFIRMED = "confirmed", _("已核实")
        DISMISSED = "dismissed", _("误报")

    class Action(models.TextChoices):
        STOP = "stop", _("停发或停保")
        RECOVERY = "recovery", _("追回资金")
        CORRECT = "correct", _("更正登记信息")
        FLAG = "flag", _("补记近亲属备案标记")
        EXTRA_REVIEW = "extra_review", _("重新审核审批")
        REFERRAL = "referral", _("移送纪检监察机关")
        DEADLINE = "deadline", _("督促限期办结")
        OTHER = "other", _("其他处理")

    S = Status
    TRANSITIONS = {
        "confirm": ((S.OPEN,), S.CONFIRMED, ADJUDICATORS),
        "dismiss": ((S.OPEN,), S.DISMISSED, ADJUDICATORS),
    }
    ACTION_LABELS = {"confirm": _("核实属实"), "dismiss": _("认定误报")}

    rule = models.CharField(_("预警规则"), max_length=40, db_index=True)
    subject = models.CharField(max_length=80)  # what the hit is about, stable across scans: "h:12", "line:7"
    severity = models.CharField(_("风险等级"), max_length=8, choices=Severity.choices)
    cite = models.CharField(_("依据"), max_length=60)  # requirement IDs: shown in a tooltip only
    clause = models.CharField(_("文件条款"), max_length=200, blank=True)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_type = models.CharField(max_length=60, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    detail = models.CharField(_("情况"), max_length=300)  # personal data masked
    scope_path = models.CharField(max_length=255, db_index=True)  # the household's region path
    union_path = models.CharField(max_length=255, blank=True, db_index=True)  # its union's path
    union_work = models.BooleanField(
        default=False
    )  # on union staff's lists (by union_path), not civil affairs'
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("负责人"),
    )
    due = models.DateField(_("处理期限"))
    run = models.ForeignKey(ScanRun, on_delete=models.PROTECT, related_name="warnings")
    found_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    action = models.CharField(_("处理措施"), max_length=15, choices=Action.choices, blank=True)
    amount_fen = models.BigIntegerField(_("追回金额（分）"), null=True, blank=True)
    resolution = models.CharField(_("处理说明"), max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("风险预警")
        verbose_name_plural = _("风险预警")
        ordering = ["status", "due", "id"]
        constraints = [
            # a rescan never opens a second ticket for the same hit (nor one a person has already decided)
            models.UniqueConstraint(fields=["rule", "subject"], name="supervision_warning_once"),
            models.CheckConstraint(
                condition=Q(status="open") | (~Q(resolution="") & Q(resolved_at__isnull=False)),
                name="supervision_warning_decided_with_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | ~Q(action=""), name="supervision_warning_confirmed_action"
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__isnull=True) | Q(amount_fen__gt=0),
                name="supervision_warning_amount_positive",
            ),
        ]
        indexes = [models.Index(fields=["status", "scope_path"], name="supervision_warning_open")]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}"

    @property
    def amount_yuan(self) -> str:
        from jiuzhu.registry.money import yuan

        return yuan(self.amount_fen) if self.amount_fen is not None else ""


# ---- complaints and reports (投诉举报, R-SUP-08) ---------------------------------------------------------------


class Complaint(models.Model):
    """A complaint or report, tracked from receipt to closure with feedback to the complainant (R-SUP-08).

    The reporter's identity is protected: it may be left out (anonymous), it is never written into an audit
    event, and the pages show it masked except to the person handling the complaint, who needs it to answer.
    """

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("投诉")
        REPORT = "report", _("举报")

    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("热线电话")
        LETTER = "letter", _("来信")
        VISIT = "visit", _("来访")
        ONLINE = "online", _("网上")

    class About(models.TextChoices):
        HOUSEHOLD = "household", _("救助家庭")
        CASE = "case", _("救助案件")
        STAFF = "staff", _("工作人员")
        FUND = "fund", _("资金")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        ASSIGNED = "assigned", _("已交办")
        INVESTIGATING = "investigating", _("调查核实中")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")

    class Feedback(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        UNSATISFIED = "unsatisfied", _("不满意")
        UNREACHABLE = "unreachable", _("无法联系")
        ANONYMOUS = "anonymous", _("匿名举报，无需反馈")

    S = Status
    TRANSITIONS = {
        "assign": ((S.RECEIVED, S.ASSIGNED), S.ASSIGNED, ADJUDICATORS),
        "investigate": ((S.ASSIGNED,), S.INVESTIGATING, ADJUDICATORS),
        "answer": ((S.INVESTIGATING,), S.ANSWERED, ADJUDICATORS),
        "close": ((S.ANSWERED,), S.CLOSED, ADJUDICATORS),
    }
    ACTION_LABELS = {
        "assign": _("交办"),
        "investigate": _("开始调查核实"),
        "answer": _("答复投诉举报人"),
        "close": _("办结"),
    }

    number = models.CharField(_("编号"), max_length=30, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("受理渠道"), max_length=10, choices=Channel.choices)
    about = models.CharField(_("反映对象"), max_length=10, choices=About.choices)
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("所涉地区"))
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_type = models.CharField(max_length=60, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    staff_name = models.CharField(_("被反映的工作人员"), max_length=50, blank=True)
    fund = models.CharField(_("所涉资金"), max_length=100, blank=True)
    content = models.TextField(_("反映内容"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    reporter_name = models.CharField(_("反映人姓名"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("反映人联系电话"), max_length=30, blank=True)
    reporter_address = models.CharField(_("反映人联系地址"), max_length=200, blank=True)
    received_on = models.DateField(_("收到日期"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=15, choices=Status.choices, default=Status.RECEIVED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("承办人"),
    )
    reply_due = models.DateField(_("答复期限"))
    findings = models.TextField(_("调查核实情况"), blank=True)
    substantiated = models.BooleanField(_("反映属实"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    feedback = models.CharField(_("反映人反馈"), max_length=12, choices=Feedback.choices, blank=True)
    closing_note = models.TextField(_("办结说明"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | (Q(reporter_name="") & Q(reporter_phone="") & Q(reporter_address="")),
                name="supervision_complaint_anonymous_keeps_no_identity",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "closed"])
                | (~Q(reply="") & Q(replied_on__isnull=False)),
                name="supervision_complaint_answered_with_reply",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(feedback="") & Q(closed_on__isnull=False)),
                name="supervision_complaint_closed_with_feedback",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def reporter_masked(self) -> str:
        from jiuzhu.registry.models import mask_name, mask_phone

        if self.anonymous:
            return str(_("匿名"))
        parts = [
            mask_name(self.reporter_name),
            mask_phone(self.reporter_phone) if self.reporter_phone else "",
        ]
        return " ".join(p for p in parts if p)


class Hotline(models.Model):
    """The published phones (R-SUP-08): the social-assistance service hotline, the township reporting phone and
    the supervision phone, per region; shown on the public page and printed on notices."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("社会救助服务热线")
        TOWNSHIP = "township", _("乡镇（街道）举报电话")
        SUPERVISION = "supervision", _("监督电话")

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("地区"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("电话"), max_length=30)
    hours = models.CharField(_("受理时间"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("公布电话")
        verbose_name_plural = _("公布电话")
        ordering = ["region__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="supervision_hotline_once")]
