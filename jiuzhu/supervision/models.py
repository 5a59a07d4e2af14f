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


# ---- inspections and accountability (R-SUP-02, 03, 06, 09, 11) -------------------------------------------------


class Inspection(models.Model):
    """A special inspection or audit of funds (R-SUP-06): who runs it, over which region, programme and period."""

    class Kind(models.TextChoices):
        SPECIAL = "special", _("专项检查")
        AUDIT = "audit", _("审计")
        ANNUAL_AUDIT = "annual_audit", _("年度审计（工会经审）")
        THIRD_PARTY = "third_party", _("第三方评估")
        SPOT_CHECK = "spot_check", _("抽查")

    class Status(models.TextChoices):
        OPEN = "open", _("检查中")
        CLOSED = "closed", _("已结束")

    TRANSITIONS = {"close": (("open",), "closed", (Role.APPROVER, Role.AUDITOR, Role.ADMIN))}
    ACTION_LABELS = {"close": _("结束检查")}

    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=15, choices=Kind.choices)
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("检查范围"))
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    programme = models.CharField(_("资金项目"), max_length=100)
    period_from = models.DateField(_("检查期间自"))
    period_to = models.DateField(_("检查期间至"))
    lead_unit = models.CharField(_("牵头单位"), max_length=100)
    started_on = models.DateField(_("开始日期"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("专项检查")
        verbose_name_plural = _("专项检查")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_from__lte=models.F("period_to")), name="supervision_inspection_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    """One finding of an inspection, with the person or post responsible (R-SUP-12), its gravity and what
    follows: rectification by a deadline (minor, R-SUP-11), referral to discipline inspection (R-SUP-06, R-SUP-11)
    or to the judicial authorities; for a wrongful inclusion the reason kept for error tolerance (R-SUP-02, 03);
    for fraud the amount received over the period and the 1–3× penalty (R-SUP-09, R-AMT-16)."""

    class Category(models.TextChoices):
        FALSE_CLAIM = "false_claim", _("虚报冒领、骗取救助")
        WITHHOLDING = "withholding", _("截留、私分")
        EMBEZZLEMENT = "embezzlement", _("挪用、贪污")
        BRIBERY = "bribery", _("索贿受贿")
        FAVOURITISM = "favouritism", _("优亲厚友、人情保")
        WRONGFUL_INCLUSION = "wrongful_inclusion", _("不符合条件被纳入（错保）")
        PROCEDURE = "procedure", _("程序不规范")
        OTHER = "other", _("其他")

    class Gravity(models.TextChoices):
        MINOR = "minor", _("情节较轻，限期整改")
        DISCIPLINARY = "disciplinary", _("违纪，移送纪检监察")
        CRIMINAL = "criminal", _("涉嫌犯罪，移送司法机关")

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        RECTIFIED = "rectified", _("已整改")
        REFERRED = "referred", _("已移送")
        CLOSED = "closed", _("已办结")

    class Tolerance(models.TextChoices):
        INTENTIONAL = "intentional", _("主观故意")
        OBJECTIVE = "objective", _("客观偏差")
        INNOVATION = "innovation", _("探索创新、先行先试")
        GOOD_FAITH = "good_faith", _("工会：程序完备、善意履职，客观原因所致")

    S = Status
    ROLES = (Role.APPROVER, Role.AUDITOR, Role.ADMIN)
    TRANSITIONS = {
        "rectify": ((S.OPEN,), S.RECTIFIED, ROLES),
        "refer": ((S.OPEN, S.RECTIFIED), S.REFERRED, ROLES),
        "close": ((S.RECTIFIED, S.REFERRED), S.CLOSED, ROLES),
    }
    ACTION_LABELS = {"rectify": _("确认整改完成"), "refer": _("移送"), "close": _("办结")}

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_type = models.CharField(max_length=60, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    category = models.CharField(_("问题类型"), max_length=20, choices=Category.choices)
    description = models.TextField(_("问题描述"))
    responsible = models.CharField(_("责任人或岗位"), max_length=100)
    gravity = models.CharField(_("性质"), max_length=15, choices=Gravity.choices)
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    referred_to = models.CharField(_("移送单位"), max_length=100, blank=True)
    referred_on = models.DateField(_("移送日期"), null=True, blank=True)
    tolerance = models.CharField(_("容错认定"), max_length=12, choices=Tolerance.choices, blank=True)
    involved_fen = models.BigIntegerField(_("涉及金额（分）"), null=True, blank=True)
    received_from = models.DateField(_("领取期间自"), null=True, blank=True)
    received_to = models.DateField(_("领取期间至"), null=True, blank=True)
    received_fen = models.BigIntegerField(_("期间领取金额（分）"), null=True, blank=True)
    penalty_fen = models.BigIntegerField(_("罚款金额（分）"), null=True, blank=True)
    recovered_fen = models.BigIntegerField(_("已追回金额（分）"), null=True, blank=True)
    outcome = models.TextField(_("整改或处理结果"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("检查发现问题")
        verbose_name_plural = _("检查发现问题")
        ordering = ["id"]
        constraints = [
            # R-SUP-11: a minor finding is rectified by a deadline
            models.CheckConstraint(
                condition=~Q(gravity="minor") | Q(rectify_by__isnull=False),
                name="supervision_finding_minor_deadline",
            ),
            # R-SUP-02: a wrongful inclusion keeps its reason
            models.CheckConstraint(
                condition=~Q(category="wrongful_inclusion") | ~Q(tolerance=""),
                name="supervision_finding_wrongful_inclusion_reason",
            ),
            # R-SUP-09 / R-AMT-16: the fine is 1 to 3 times the amount received
            models.CheckConstraint(
                condition=Q(penalty_fen__isnull=True)
                | (
                    Q(received_fen__isnull=False)
                    & Q(penalty_fen__gte=models.F("received_fen"))
                    & Q(penalty_fen__lte=models.F("received_fen") * 3)
                ),
                name="supervision_finding_penalty_1_to_3_times",
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | (~Q(referred_to="") & Q(referred_on__isnull=False)),
                name="supervision_finding_referred_to_whom",
            ),
        ]


# ---- public disclosure (R-SUP-07) -------------------------------------------------------------------------------


class PublishedBudget(models.Model):
    """A county's budget for a programme and year as published (R-SUP-07); allocations and spending are not
    stored but computed from the rosters (disclosure.py), so the public figures are those the lists show."""

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("县（市、区）"))
    year = models.PositiveSmallIntegerField(_("年度"))
    programme = models.CharField(_("项目"), max_length=20)
    amount_fen = models.BigIntegerField(_("预算金额（分）"))
    reference = models.CharField(_("预算文件"), max_length=100, blank=True)
    published_on = models.DateField(_("公开日期"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("公开预算")
        verbose_name_plural = _("公开预算")
        ordering = ["region__path", "year", "programme"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "programme"], name="supervision_budget_once"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="supervision_budget_not_negative"),
        ]


# ---------------------------------------------------------------- archive housekeeping (R-ARC-01..09, OP-08, OP-09)


class RetentionClass(models.TextChoices):
    """R-ARC-02: finance-related records follow the accounting-archive rules, the rest the document-archive
    rules."""

    ACCOUNTING = "accounting", _("会计档案")
    DOCUMENT = "document", _("文书档案")


class ArchivedRecord(models.Model):
    """One record in the archive register: a closed case or a removed union archive (document archives), or a
    payment of one (accounting archives), with the day it was closed and the day from which it may be disposed
    of. Registered by the annual clean-up (retention.register_closed); disposed of only by
    `retention.do_dispose`, never before its date (check constraint)."""

    class Kind(models.TextChoices):
        UNION_ARCHIVE = "union_archive", _("困难职工档案")
        DIBAO_CASE = "dibao_case", _("最低生活保障档案")
        TEMPORARY_CASE = "temporary_case", _("临时救助档案")
        UNION_AID_PAYMENT = "union_aid_payment", _("帮扶资金支出凭证")

    kind = models.CharField(_("档案类别"), max_length=20, choices=Kind.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_path = models.CharField(max_length=255, blank=True, db_index=True)
    union_path = models.CharField(max_length=255, blank=True, db_index=True)
    retention_class = models.CharField(_("保管类别"), max_length=12, choices=RetentionClass.choices)
    closed_on = models.DateField(_("撤档（结案）日期"))
    disposal_eligible_on = models.DateField(_("可销毁日期"))
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archives_kept",
        verbose_name=_("保管人"),
    )
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    disposed_on = models.DateField(_("销毁日期"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disposal_note = models.CharField(_("销毁说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("档案保管登记")
        verbose_name_plural = _("档案保管登记")
        ordering = ["disposal_eligible_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="archived_record_once"),
            models.CheckConstraint(
                condition=Q(disposal_eligible_on__gt=models.F("closed_on")),
                name="archived_record_kept_after_closing",
            ),
            # R-ARC-01: no disposal before the disposal-eligible date
            models.CheckConstraint(
                condition=Q(disposed_on__isnull=True)
                | Q(disposed_on__gte=models.F("disposal_eligible_on"), disposed_by__isnull=False),
                name="archived_record_not_disposed_early",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}"


class ArchiveAttachment(models.Model):
    """A scan, photo, sound or video record kept with an archived record and as long (R-ARC-07): it has no
    retention date of its own and goes only with its record's disposal."""

    class Kind(models.TextChoices):
        SCAN = "scan", _("纸质材料扫描件")
        PHOTO = "photo", _("照片")
        AUDIO = "audio", _("录音")
        VIDEO = "video", _("录像")

    record = models.ForeignKey(ArchivedRecord, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=200)
    path = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("归档时间"), auto_now_add=True)
    removed = models.BooleanField(_("已随档案销毁"), default=False)

    class Meta:
        verbose_name = _("档案附件")
        verbose_name_plural = _("档案附件")
        ordering = ["record", "id"]

    @property
    def kept_until(self):
        return self.record.disposal_eligible_on


class ArchiveHandover(models.Model):
    """A custodian's handover when he leaves (R-ARC-07): every record he kept goes to the successor."""

    from_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("移交人")
    )
    to_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("接收人")
    )
    handed_on = models.DateField(_("移交日期"))
    records = models.PositiveIntegerField(_("移交档案数"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("档案移交记录")
        verbose_name_plural = _("档案移交记录")
        ordering = ["-handed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_custodian=models.F("to_custodian")), name="handover_to_another_person"
            )
        ]


class ArchiveCleanup(models.Model):
    """The annual clean-up (R-ARC-05 DEFAULT, OP-08) and its report."""

    year = models.PositiveSmallIntegerField(_("年度"))
    run_on = models.DateField(_("清理日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    scope_path = models.CharField(max_length=255, blank=True)
    report = models.JSONField(_("清理报告"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("档案年度清理")
        verbose_name_plural = _("档案年度清理")
        ordering = ["-run_on", "-id"]
