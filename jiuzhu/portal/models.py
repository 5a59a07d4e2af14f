"""The online application portal (互联网+救助, R-FLOW-01, R-ARC-08): applicants' login codes, their online
applications (drafts the township worker takes into the normal procedure), the files they upload and the
electronic authorisations (附件1) of the adult members who consent.

Nothing here decides a case: once taken, a 低保 application or 临时救助 case is the procedure's own
(jiuzhu.dibao, jiuzhu.temporary). State changes only through actions.py, each with an audit event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

OPEN_STATUSES = ("draft", "submitted", "more_documents")


class LoginCode(models.Model):
    """A one-time login code sent to a phone (stored as a keyed hash, never in clear)."""

    phone = models.CharField(_("手机号码"), max_length=11, db_index=True)
    code_hash = models.CharField(max_length=64)
    ip = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class Programme(models.TextChoices):
    DIBAO = "dibao", _("最低生活保障")
    TEMPORARY = "temporary", _("临时救助")
    # R-FLOW-25..28, R-ARC-08: a worker asks the union for help (困难职工建档帮扶); taken by the union as the
    # start of the archive's household investigation (jiuzhu.archives.actions.do_open_archive)
    UNION = "union", _("困难职工帮扶（向工会申请）")


class AgentCapacity(models.TextChoices):
    VILLAGE_CADRE = "village_cadre", _("村（社区）干部")
    SOCIAL_WORKER = "social_worker", _("社会工作者")
    OTHER = "other", _("其他受委托人")


class PortalApplication(models.Model):
    """One online application. While open (填写中, 待核查, 待补充材料) it is the applicant's draft; the township
    worker takes it into the procedure, which then owns the case."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("填写中")
        SUBMITTED = "submitted", _("已提交，待乡镇（街道）核查")
        MORE_DOCUMENTS = "more_documents", _("需补充材料")
        TAKEN = "taken", _("已受理，进入办理程序")
        WITHDRAWN = "withdrawn", _("已撤回")

    programme = models.CharField(_("申请事项"), max_length=12, choices=Programme.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # the person applying (申请人): a portal account, or (an agent's application) not yet one
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField(_("申请人姓名"), max_length=50)
    applicant_id_number = models.CharField(_("申请人身份证号码"), max_length=18, db_index=True)
    phone = models.CharField(_("联系电话"), max_length=11, blank=True)
    # R-FLOW-01: a village cadre or social worker applying on the applicant's behalf, recorded as such
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agent_capacity = models.CharField(
        _("代办人身份"), max_length=20, choices=AgentCapacity.choices, blank=True
    )
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("所在村（社区）"))
    scope_path = models.CharField(max_length=255, db_index=True)  # the region's path: the workers' scope
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # a union request: the union it is made to (the worker's workplace or local union); its staff, and the
    # help centre serving it, take it (R-FLOW-26)
    union_org = models.ForeignKey(
        "core.UnionOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("受理工会"),
    )
    document = models.JSONField(_("家庭情况"), default=dict)  # the registry's household document
    details = models.JSONField(_("申请事项情况"), default=dict)  # 临时救助: event, type, severity...
    reason = models.TextField(_("申请理由"), blank=True)
    more_documents = models.TextField(_("需补充的材料"), blank=True)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    taken_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibao_application = models.ForeignKey(
        "dibao.DibaoApplication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    temporary_case = models.ForeignKey(
        "temporary.TemporaryCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    archive = models.ForeignKey(
        "archives.Archive", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("网上申请")
        verbose_name_plural = _("网上申请")
        constraints = [
            # one open online application per person and programme (a second one is refused)
            models.UniqueConstraint(
                fields=["applicant_id_number", "programme"],
                condition=Q(status__in=OPEN_STATUSES),
                name="portal_one_open_application",
            ),
            models.CheckConstraint(
                condition=Q(agent__isnull=True) | ~Q(agent_capacity=""), name="portal_agent_capacity"
            ),
            # a union request names its union
            models.CheckConstraint(
                condition=~Q(programme="union") | Q(union_org__isnull=False), name="portal_union_request_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def editable(self) -> bool:
        return self.status in ("draft", "more_documents")


class Upload(models.Model):
    """A scan or photo uploaded with an application, stored with the case, served only within its scope."""

    application = models.ForeignKey(PortalApplication, on_delete=models.PROTECT, related_name="uploads")
    doc_code = models.CharField(_("材料"), max_length=30)
    stored_name = models.CharField(max_length=200)  # in the upload directory (files.upload_dir()), not public
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    scanned = models.CharField(_("病毒扫描"), max_length=40)  # the scanner that passed it
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class Consent(models.Model):
    """R-FLOW-02/03: one adult member's authorisation (附件1) for the checks, given online or on paper."""

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", _("网上电子签署")
        PRINTED = "printed", _("打印签字后提交")

    application = models.ForeignKey(PortalApplication, on_delete=models.PROTECT, related_name="consents")
    id_number = models.CharField(_("身份证号码"), max_length=18)
    name = models.CharField(_("姓名"), max_length=50)
    method = models.CharField(_("方式"), max_length=12, choices=Method.choices)
    consented_on = models.DateField(_("签署日期"))
    # the electronic signature (R-FLOW-02 签字, given online): when, the text agreed to (its version and
    # SHA-256, actions.CONSENT_TEXT), and the account that confirmed it (recorded_by)
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    text_version = models.CharField(_("授权书文本版本"), max_length=20, blank=True)
    text_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "id_number"], name="portal_consent_once")
        ]


class DecisionNotice(models.Model):
    """A decision told to the applicant online that has no notice record of its own in the procedure: the
    低保 approval (R-FLOW-08: amount and the month payment starts) and the 临时救助 approval or refusal.
    R-FLOW-11 asks that the decision be told; no text gives a template, so the notice is the decision as
    recorded in the case (DEFAULT). The row is written when the applicant first opens it: that is its
    delivery (OP-17, the actual delivery date), and it keeps what the notice said then."""

    class Kind(models.TextChoices):
        DIBAO_APPROVAL = "dibao_approval", _("最低生活保障批准通知书")
        TEMPORARY_APPROVAL = "temporary_approval", _("临时救助批准通知书")
        TEMPORARY_REFUSAL = "temporary_refusal", _("临时救助不予救助告知书")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    dibao_application = models.ForeignKey(
        "dibao.DibaoApplication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    temporary_case = models.ForeignKey(
        "temporary.TemporaryCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("决定日期"))
    content = models.JSONField(_("通知内容"), default=dict)
    delivered_on = models.DateField(_("送达日期"))
    deliverer = models.CharField(_("送达方式"), max_length=50)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "dibao_application"],
                condition=Q(dibao_application__isnull=False),
                name="portal_decision_notice_dibao_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "temporary_case"],
                condition=Q(temporary_case__isnull=False),
                name="portal_decision_notice_temporary_once",
            ),
            models.CheckConstraint(
                condition=(Q(dibao_application__isnull=False) & Q(temporary_case__isnull=True))
                | (Q(dibao_application__isnull=True) & Q(temporary_case__isnull=False)),
                name="portal_decision_notice_one_case",
            ),
        ]
