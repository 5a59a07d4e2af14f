"""Payments (R-PAY-01..09): rosters (发放花名册), their lines, the bank files and returns, the claims that
keep a case from being paid twice, the township reserve funds (备用金) and the staff register.

One mechanism for every programme: a procedure tells payments what is payable for a period through
`programmes.register()`; payments never imports a procedure's internals. Money is integer fen. Statuses change
only through the actions in rosters.py / returns.py (core.workflow.transition: a StatusChange row and an audit
event naming the user and role, R-SUP-12). Nothing is deleted: a cancelled roster keeps its lines.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiuzhu.accounts.models import Role
from jiuzhu.registry.money import yuan

MAKERS = (Role.CASE_WORKER, Role.APPROVER, Role.ADMIN)  # civil affairs (or the union) fixes who gets what
CHECKERS = (Role.APPROVER, Role.ADMIN)  # an approver who did not make it confirms it
FINANCE = (Role.FINANCE, Role.ADMIN)  # finance allocates, sends the bank file, imports the return


class FundSource(models.TextChoices):
    """R-PAY-22: every payment is tagged with the fund it is paid from."""

    ASSISTANCE = "assistance", _("困难群众救助补助资金")
    PRICE_SUBSIDY = "price_subsidy", _("价格临时补贴资金")
    CENTRAL = "central", _("中央财政专项帮扶资金")
    LOCAL_FINANCE = "local_finance", _("地方财政配套资金")
    ALLOCATION = "allocation", _("同级行政拨款")
    UNION_FUNDS = "union_funds", _("工会经费")
    DONATIONS = "donations", _("社会捐赠")
    EMPLOYER = "employer", _("企业行政拨付")
    OTHER = "other", _("其他来源")


class Roster(models.Model):
    """A payment roster: one programme, one period (a quarter is named by its first month), one region or
    union subtree. A follow-up roster (`follows`) pays again the failed lines of an earlier one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        CONFIRMED = "confirmed", _("已确认")
        ALLOCATED = "allocated", _("资金已核拨")
        SENT = "sent", _("已送银行")
        RECONCILED = "reconciled", _("已对账")
        CANCELLED = "cancelled", _("已作废")

    S = Status
    # action: (from statuses, to status, roles) — jiuzhu/core/workflow.py; scope and maker-checker in rosters.py
    TRANSITIONS = {
        "confirm": ((S.DRAFT,), S.CONFIRMED, CHECKERS),
        "allocate": ((S.CONFIRMED,), S.ALLOCATED, FINANCE),
        "send": ((S.ALLOCATED,), S.SENT, FINANCE),
        "reconcile": ((S.SENT,), S.RECONCILED, FINANCE),
        "cancel": ((S.DRAFT, S.CONFIRMED), S.CANCELLED, MAKERS),
    }
    ACTION_LABELS = {
        "confirm": _("确认花名册"),
        "allocate": _("核拨资金"),
        "send": _("生成代发文件"),
        "reconcile": _("导入回盘对账"),
        "cancel": _("作废花名册"),
    }

    programme = models.CharField(_("项目"), max_length=20)
    period = models.DateField(_("发放期"))  # first day of the month (of the quarter, when paid quarterly)
    region = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("行政区划")
    )
    union_org = models.ForeignKey(
        "core.UnionOrg", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("工会")
    )
    scope_code = models.CharField(_("范围代码"), max_length=20)  # the region's or union's code
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("补发所依据的花名册"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("编制人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    next_seq = models.PositiveIntegerField(default=1)  # the next line's number within the roster

    class Meta:
        verbose_name = _("发放花名册")
        verbose_name_plural = _("发放花名册")
        ordering = ["-period", "-id"]
        constraints = [
            # one regular roster per programme, period and region (follow-ups and cancelled ones aside)
            models.UniqueConstraint(
                fields=["programme", "period", "scope_code"],
                condition=Q(follows__isnull=True) & ~Q(status="cancelled"),
                name="payments_roster_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(region__isnull=False, union_org__isnull=True)
                | Q(region__isnull=True, union_org__isnull=False),
                name="payments_roster_region_or_union",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.period:%Y-%m} {self.scope_code} #{self.pk}"

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"

    @property
    def scope(self):
        return self.region or self.union_org


class MakeRun(models.Model):
    """One run of `make` (or of `follow-up`) that added lines to a roster: who, when, how many. The makers of
    a roster are the users of its runs; none of them may confirm it (maker-checker, R-PAY-02)."""

    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="runs")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    made_role = models.CharField(max_length=30, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    added = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]


class RosterLine(models.Model):
    """One payee and one amount, linked to the case and the decision it pays (amounts from the decision, never
    recalculated) and to the payee's own account as it stood when the line was made (R-PAY-03, R-REG-10)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发放")
        PAID = "paid", _("已发放")
        FAILED = "failed", _("发放失败")
        QUERIED = "queried", _("待核查")
        REMOVED = "removed", _("已移除")
        CANCELLED = "cancelled", _("已作废")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("正常发放")
        ARREARS = "arrears", _("补发（起始月早于首次发放）")
        FOLLOW_UP = "follow_up", _("失败补发")

    # A province's roster is a million lines written in one statement (rosters._bulk): each index and each
    # foreign-key check is paid a million times, and a key check also locks the row it points at. So no index
    # is kept that another one already starts with (roster: the seq constraint; household: the history
    # index), and the references that are copied from rows read in the same statement and never deleted
    # (the make run; the household and member, only made inactive) are not checked again by the database.
    # The line's roster is; the money's guard is Claim's unique index.
    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="lines", db_index=False)
    run = models.ForeignKey(
        MakeRun, on_delete=models.PROTECT, related_name="lines", db_index=False, db_constraint=False
    )
    seq = models.PositiveIntegerField(_("序号"))
    ref = models.CharField(_("业务参考号"), max_length=20)  # unique: payments_line_ref_unique (no LIKE index)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    programme = models.CharField(_("项目"), max_length=20)
    case_type = models.CharField(max_length=60)  # the case model's label_lower
    case_id = models.BigIntegerField(_("案件"))
    decision = models.CharField(
        _("依据的决定"), max_length=80
    )  # "dibao.decisionsnapshot:12", "dibao.notice:5"
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        related_name="payment_lines",
        verbose_name=_("家庭"),
        db_index=False,
        db_constraint=False,
    )
    member = models.ForeignKey(
        "registry.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("收款人"),
        db_index=False,
        db_constraint=False,
    )
    payee_name = models.CharField(_("收款户名"), max_length=50)
    id_number = models.CharField(_("证件号码"), max_length=18, blank=True)
    bank = models.CharField(_("代理金融机构"), max_length=100, blank=True)
    account_number = models.CharField(_("收款账号"), max_length=40, blank=True)
    agent_name = models.CharField(_("监护人/委托照料人/代理人"), max_length=50, blank=True)
    slots = models.TextField(_("发放所属期"))  # the claimed slots, comma-joined: "2026-08", "2026-07,2026-08"
    first_month = models.DateField(_("起始月份"))
    last_month = models.DateField(_("截止月份"))
    amount_fen = models.BigIntegerField(_("金额（分）"))
    fund_source = models.CharField(_("资金来源"), max_length=15, choices=FundSource.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("补发所替代的明细"),
        db_index=False,  # payments_line_replaced_once indexes it
    )
    bank_serial = models.CharField(_("银行流水号"), max_length=60, blank=True)
    failure_reason = models.CharField(_("失败原因"), max_length=200, blank=True)
    notified = models.CharField(
        _("银行通知状态"), max_length=40, blank=True
    )  # R-PAY-07, where the return says
    settled_at = models.DateTimeField(_("回盘时间"), null=True, blank=True)
    removed_reason = models.CharField(_("移除原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("花名册明细")
        verbose_name_plural = _("花名册明细")
        ordering = ["roster_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "seq"], name="payments_line_seq_unique"),
            models.UniqueConstraint(fields=["ref"], name="payments_line_ref_unique"),
            # a failed line is replaced once (a cancelled follow-up frees it again)
            models.UniqueConstraint(
                fields=["replaces"], condition=~Q(status="cancelled"), name="payments_line_replaced_once"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="payments_line_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["roster", "status"]),
            models.Index(fields=["household", "first_month"]),
            models.Index(fields=["programme", "case_type", "case_id"]),
            models.Index(fields=["account_number"]),
            models.Index(fields=["id_number"]),
        ]

    def __str__(self) -> str:
        return self.ref

    def amount_yuan(self) -> str:
        return yuan(self.amount_fen)

    @property
    def months_label(self) -> str:
        if self.first_month == self.last_month:
            return f"{self.first_month:%Y-%m}"
        return f"{self.first_month:%Y-%m}—{self.last_month:%Y-%m}"


class Claim(models.Model):
    """The guard against paying twice, in the database (R-PAY-05, spec/PAYMENTS.md): one row per case and slot
    a line pays — a month for monthly programmes ("2026-08"), an item for the others ("instalment-2") — and a
    unique index over (programme, case, slot). A line paying three months holds three claims; a follow-up line
    takes over the claims of the failed line it replaces; cancelling a roster releases its claims."""

    programme = models.CharField(max_length=20)
    case_type = models.CharField(max_length=60)
    case_id = models.BigIntegerField()
    slot = models.CharField(max_length=30)
    line = models.ForeignKey(RosterLine, on_delete=models.PROTECT, related_name="claims")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "case_type", "case_id", "slot"], name="payments_paid_once_per_slot"
            )
        ]


class LineWarning(models.Model):
    """A warning on a roster line (R-PAY-03, R-PAY-05), shown before confirmation and allocation. A blocking
    warning must be resolved with a recorded reason, or its line removed, before the roster goes on."""

    line = models.ForeignKey(RosterLine, on_delete=models.PROTECT, related_name="warnings")
    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="warnings")
    kind = models.CharField(_("预警类型"), max_length=30)
    detail = models.CharField(_("说明"), max_length=300)
    blocking = models.BooleanField(_("须处理"), default=True)
    found_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.CharField(_("处理说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["line__seq", "id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "kind"], name="payments_warning_once_per_line")
        ]


class BankFile(models.Model):
    """A bank payment file (代发文件) written for a roster: layout, what it held, its digest."""

    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="bank_files")
    layout = models.CharField(_("格式"), max_length=40)
    lines = models.PositiveIntegerField(_("笔数"))
    total_fen = models.BigIntegerField(_("总金额（分）"))
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=500)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]


class BankReturn(models.Model):
    """A bank return file (回盘文件) imported for a roster, with the reconciliation it gave. The same file
    (by digest) is imported once: a second import changes nothing and reports the first one's result."""

    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="returns")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField()
    report = models.JSONField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["roster", "sha256"], name="payments_return_once")]


class BankLayout(models.Model):
    """A bank's own payment-file template (e.g. its 代发 Excel template), as data: a county adds its bank's
    layout in the administration pages without code. `columns` is a list of {"header": "账号", "field":
    "account_number"}; the fields are those of layouts.FIELDS."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (XLSX)"
        CSV = "csv", "CSV"

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    format = models.CharField(_("文件格式"), max_length=4, choices=Format.choices, default=Format.XLSX)
    encoding = models.CharField(_("编码（CSV）"), max_length=20, default="utf-8-sig", blank=True)
    sheet = models.CharField(_("工作表名称"), max_length=31, blank=True)
    title_rows = models.JSONField(_("表头上方的说明行"), default=list, blank=True)
    columns = models.JSONField(_("列"))

    class Meta:
        verbose_name = _("银行代发文件格式")
        verbose_name_plural = _("银行代发文件格式")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class StaffRegisterEntry(models.Model):
    """The register of social-assistance staff and village cadres that administrators keep (R-PAY-03: no
    recipient's money may go to an account registered to them; R-REG-07: their near relatives are flagged)."""

    class Kind(models.TextChoices):
        CIVIL_AFFAIRS = "civil_affairs", _("社会救助经办人员")
        VILLAGE_CADRE = "village_cadre", _("村（社区）干部")
        UNION_STAFF = "union_staff", _("工会帮扶工作人员")

    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18, db_index=True)
    kind = models.CharField(_("身份"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("所在地区")
    )
    post = models.CharField(_("岗位"), max_length=100, blank=True)
    active = models.BooleanField(_("在职"), default=True)

    class Meta:
        verbose_name = _("工作人员登记")
        verbose_name_plural = _("工作人员登记")
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name


class StaffAccount(models.Model):
    """An account registered to a staff member or cadre (R-PAY-03 flags recipients' money paid into it)."""

    entry = models.ForeignKey(StaffRegisterEntry, on_delete=models.PROTECT, related_name="accounts")
    bank = models.CharField(_("开户银行"), max_length=100, blank=True)
    account_number = models.CharField(_("账号"), max_length=40, db_index=True)

    class Meta:
        verbose_name = _("工作人员本人账户")
        verbose_name_plural = _("工作人员本人账户")


class ReserveFund(models.Model):
    """A township's temporary-assistance reserve fund (备用金, R-PAY-09). Its balance is the sum of its
    ledger entries, never stored twice."""

    region = models.OneToOneField(
        "core.Region", on_delete=models.PROTECT, related_name="reserve_fund", verbose_name=_("乡镇（街道）")
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("临时救助备用金")
        verbose_name_plural = _("临时救助备用金")


class ReserveEntry(models.Model):
    """One entry of a reserve fund's own ledger, append-only: money passed down to it (+), cash handed out
    from it (−), money returned (−); a correction is a reversing entry."""

    class Kind(models.TextChoices):
        TOP_UP = "top_up", _("拨入")
        CASH_OUT = "cash_out", _("现金发放")
        RETURN = "return", _("退回")
        REVERSAL = "reversal", _("冲正")

    fund = models.ForeignKey(ReserveFund, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"))  # signed: + into the reserve, − out of it
    on = models.DateField(_("日期"))
    household = models.ForeignKey(
        "registry.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("家庭"),
    )
    case_type = models.CharField(max_length=60, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    reference = models.CharField(_("凭证/文号"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("备用金台账")
        verbose_name_plural = _("备用金台账")
        ordering = ["fund_id", "on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount_fen=0), name="payments_reserve_entry_nonzero")
        ]


class PriceSubsidy(models.Model):
    """R-AMT-08: the county records that the price-linkage trigger was reached for a month, for the groups it
    names, with the subsidy per person; a roster of programme `price_subsidy` then pays it."""

    class Group(models.TextChoices):
        DIBAO_URBAN = "dibao_urban", _("城市低保对象")
        DIBAO_RURAL = "dibao_rural", _("农村低保对象")

    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("县（市、区）"))
    month = models.DateField(_("月份"))
    groups = models.JSONField(_("发放对象"))
    per_person_fen = models.BigIntegerField(_("每人补贴（分）"))
    trigger_note = models.CharField(_("触发情况"), max_length=300)
    reference = models.CharField(_("启动文件"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("价格临时补贴")
        verbose_name_plural = _("价格临时补贴")
        ordering = ["-month", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "month"], name="payments_price_subsidy_once"),
            models.CheckConstraint(condition=Q(per_person_fen__gt=0), name="payments_price_subsidy_positive"),
        ]
