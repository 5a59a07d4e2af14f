"""Data sharing between the union and civil affairs (R-SHARE-01..12) and verification files (R-FLOW-04).

The boundary of the system: counterparts and their keys, the batches exchanged (each batch ID once: a
replayed file is refused), the access log (R-SHARE-09: who, when, what, why) and the evidence a batch
yields (R-SHARE-07: tagged with its purpose). Nothing here is edited after it is written; rows change only
through jiuzhu.sharing.actions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """R-SHARE-07: what shared data may be used for. Only the first is allowed for civil-affairs answers."""

    HARDSHIP_IDENTIFICATION = "hardship_identification", _("困难职工家庭认定参考")
    AID_SHARING = "aid_sharing", _("帮扶信息与救助信息共享")  # R-SHARE-06: the union's pushed list
    ECONOMIC_VERIFICATION = "economic_verification", _("低保家庭经济状况核对")  # R-FLOW-04
    POVERTY_TRACKING = "poverty_tracking", _("临时救助对象与建档立卡信息比对")  # R-SHARE-11


class Side(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("民政部门")
    UNION = "union", _("工会")
    VERIFICATION_CENTRE = "verification_centre", _("核对机构")
    POVERTY_OFFICE = "poverty_office", _("扶贫（乡村振兴）部门")


class Counterpart(models.Model):
    """R-SHARE-01: a system this one exchanges with, at the same level (a region), with its public keys."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    side = models.CharField(_("单位类别"), max_length=20, choices=Side.choices)
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("所在层级（地区）"))
    address = models.CharField(_("接口地址"), max_length=300, blank=True)  # https://.../sharing/exchange/
    signing_key = models.CharField(_("签名公钥"), max_length=100)  # Ed25519, base64
    encryption_key = models.CharField(_("加密公钥"), max_length=100)  # X25519, base64
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("共享对接单位")
        verbose_name_plural = _("共享对接单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Batch(models.Model):
    """One exchanged file or HTTP message (R-SHARE-03: batch ID, record count, checksum)."""

    class Direction(models.TextChoices):
        OUT = "out", _("发出")
        IN = "in", _("收到")

    class Kind(models.TextChoices):
        QUERY = "query", _("救助情况查询")  # R-SHARE-04 union -> civil affairs
        ANSWER = "answer", _("救助情况答复")  # civil affairs -> union
        AID_PUSH = "aid_push", _("困难职工帮扶数据推送")  # R-SHARE-06 union -> civil affairs
        VERIFICATION_REQUEST = "verification_request", _("经济状况核对请求")  # R-FLOW-04
        VERIFICATION_RESULT = "verification_result", _("经济状况核对结果")
        HASHED_QUERY = "hashed_query", _("救助情况散列比对查询")  # raw ID numbers stay with the union
        HASHED_ANSWER = "hashed_answer", _("救助情况散列比对答复")
        POOR_LIST = "poor_list", _("建档立卡贫困人口名单")  # R-SHARE-11

    class Channel(models.TextChoices):
        FILE = "file", _("移动存储介质（加密文件）")
        HTTP = "http", _("网络接口")

    batch_id = models.CharField(_("批次号"), max_length=64)
    direction = models.CharField(_("方向"), max_length=3, choices=Direction.choices)
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=4, choices=Channel.choices)
    counterpart = models.ForeignKey(Counterpart, on_delete=models.PROTECT, verbose_name=_("对接单位"))
    purpose = models.CharField(_("用途"), max_length=30, choices=Purpose.choices)
    in_reply_to = models.CharField(_("答复批次"), max_length=64, blank=True)
    record_count = models.PositiveIntegerField(_("记录数"))
    records_sha256 = models.CharField(_("记录校验值"), max_length=64)
    file_sha256 = models.CharField(_("文件校验值"), max_length=64)
    # the 低保 case a verification request is about (R-FLOW-04)
    application = models.ForeignKey(
        "dibao.DibaoApplication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # a query's references (row ref -> household id): how an answer finds its households again
    refs = models.JSONField(default=dict, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("交换批次")
        verbose_name_plural = _("交换批次")
        ordering = ["-id"]
        constraints = [
            # a batch is received (and sent) once: a replayed file is refused by the database too
            models.UniqueConstraint(
                fields=["counterpart", "direction", "batch_id"], name="sharing_batch_once"
            )
        ]

    def __str__(self) -> str:
        return self.batch_id


class AccessLog(models.Model):
    """R-SHARE-09 DEFAULT: every query, answer, import, export and view of shared data. Append-only."""

    class Action(models.TextChoices):
        QUERY = "query", _("发送查询")
        ANSWER = "answer", _("答复查询")
        EXPORT = "export", _("导出")
        IMPORT = "import", _("导入")
        VIEW = "view", _("查看")
        REFUSED = "refused", _("拒绝")
        DELETE = "delete", _("删除")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("用户")
    )
    counterpart = models.ForeignKey(
        Counterpart, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("对接单位")
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    purpose = models.CharField(_("用途"), max_length=30, choices=Purpose.choices, blank=True)
    batch_id = models.CharField(_("批次号"), max_length=64, blank=True)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record_count = models.PositiveIntegerField(_("记录数"), default=0)
    what = models.CharField(_("内容"), max_length=300)
    scope_path = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        verbose_name = _("共享数据访问记录")
        verbose_name_plural = _("共享数据访问记录")
        ordering = ["-id"]


class Programme(models.TextChoices):
    DIBAO = "dibao", _("最低生活保障")
    TEKUN = "tekun", _("特困人员救助供养")
    TEMPORARY = "temporary", _("临时救助")


class Evidence(models.Model):
    """R-SHARE-04/07, OP-25: one person's social-assistance situation as civil affairs answered it, kept as
    evidence on the household for the hardship-category decision only (purpose-tagged)."""

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    archive = models.ForeignKey(
        "archives.Archive", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="evidence")
    purpose = models.CharField(_("用途"), max_length=30, choices=Purpose.choices)
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20)
    id_number = models.CharField(_("证件号码"), max_length=18)
    found = models.BooleanField(_("有救助记录"), default=False)
    programme = models.CharField(_("救助项目"), max_length=12, choices=Programme.choices, blank=True)
    since = models.CharField(_("起始年月"), max_length=7, blank=True)  # YYYY-MM
    amount_band = models.CharField(_("金额区间"), max_length=20, blank=True)
    answered_on = models.DateField(_("答复日期"))

    class Meta:
        verbose_name = _("共享比对结果")
        verbose_name_plural = _("共享比对结果")
        ordering = ["household_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="hardship_identification"), name="sharing_evidence_purpose"
            ),
            models.CheckConstraint(
                condition=Q(found=False, programme="") | Q(found=True) & ~Q(programme=""),
                name="sharing_evidence_programme",
            ),
        ]


class PushedWorker(models.Model):
    """R-SHARE-06 on the civil-affairs side: one hardship worker of a union's pushed list (the latest push of
    that union replaces the earlier one in what the pages show; each row keeps its batch)."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="workers")
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20)
    id_number = models.CharField(_("证件号码"), max_length=18, db_index=True)
    category = models.CharField(_("困难类别"), max_length=20)
    archived_since = models.CharField(_("建档年月"), max_length=7, blank=True)
    aid_year_fen = models.BigIntegerField(_("本年帮扶金额（分）"), default=0)
    region_code = models.CharField(_("所在地区代码"), max_length=12)

    class Meta:
        verbose_name = _("工会推送的困难职工")
        verbose_name_plural = _("工会推送的困难职工")
        ordering = ["batch_id", "id"]


class Agreement(models.Model):
    """R-SHARE-08: the register of confidentiality agreements — the union with the civil-affairs department at
    the same level (user empty), and each staff member doing the work with the department."""

    counterpart = models.ForeignKey(Counterpart, on_delete=models.PROTECT, verbose_name=_("对接单位"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工作人员"),
    )
    reference = models.CharField(_("协议编号"), max_length=100)
    signed_on = models.DateField(_("签订日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    filed_on = models.DateField(_("报省总工会备案日期"), null=True, blank=True)
    revoked_on = models.DateField(_("终止日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("保密协议")
        verbose_name_plural = _("保密协议")
        ordering = ["-signed_on", "-id"]


class Consent(models.Model):
    """R-SHARE-05: the worker's signed authorisation for civil affairs to check the household's situation,
    stored before any query about the household can be sent."""

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    signed_by = models.CharField(_("授权人"), max_length=50)
    signed_on = models.DateField(_("授权日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("核对授权")
        verbose_name_plural = _("核对授权")
        ordering = ["-signed_on", "-id"]


class PoorListEntry(models.Model):
    """R-SHARE-11: one person of a registered-poor list (建档立卡) imported from the poverty office, with his
    status on that list; two successive lists tell who left poverty and who returned."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("建档立卡未脱贫")
        LEFT = "left", _("已脱贫")

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="poor")
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=20)
    id_number = models.CharField(_("证件号码"), max_length=18, db_index=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    since = models.CharField(_("起始年月"), max_length=7, blank=True)

    class Meta:
        verbose_name = _("建档立卡名单人员")
        verbose_name_plural = _("建档立卡名单人员")
        ordering = ["batch_id", "id"]
