"""The registry (R-REG): households and everything the forms 附件2/3/4 and the union archive record.

Money is integer fen (`*_fen` fields), never float. Facts are changed only by the actions in
`actions.py`, which write an audit event with the old and new value of each corrected field.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jiuzhu.idnumber import mask_id_number

from . import choices as c


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[7:] if len(phone) == 11 else ("*" * len(phone))


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name


class Household(models.Model):
    """One household, one archive (一户一档, R-REG-11): the applicant's household record (R-REG-01)."""

    number = models.CharField(_("家庭编号"), max_length=24, unique=True)
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("所在村（社区）/乡镇"))
    union_org = models.ForeignKey(
        "core.UnionOrg", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("建档工会")
    )
    area_type = models.CharField(_("申请类别"), max_length=10, choices=c.AreaType.choices)
    address = models.CharField(_("现住址"), max_length=200, blank=True)
    hukou_address = models.CharField(_("户籍地址"), max_length=200, blank=True)
    residence_address = models.CharField(_("实际居住地"), max_length=200, blank=True)
    employer = models.CharField(_("申请人所在单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    main_expenditure = models.CharField(_("家庭主要支出"), max_length=200, blank=True)
    near_relative_of_staff = models.BooleanField(
        _("近亲属中有低保经办人员或村干部"), default=False
    )  # R-REG-07
    deposits_fen = models.BigIntegerField(_("银行存款（分）"), default=0)
    securities_fen = models.BigIntegerField(_("有价证券（分）"), default=0)
    receivables_fen = models.BigIntegerField(_("债权（分）"), default=0)
    other_property = models.TextField(_("其他财产"), blank=True)
    registered_poor = models.BooleanField(_("建档立卡未脱贫"), default=False)
    # Flags of R-ELIG-16 and R-ELIG-05, as in the assessment contract.
    private_school_or_self_paid_abroad = models.BooleanField(
        _("子女就读高收费私立学校或自费出国留学"), default=False
    )
    controlling_shareholder = models.BooleanField(_("企业控股股东或实际控制人"), default=False)
    high_consumption = models.BooleanField(_("有高消费行为"), default=False)
    refuses_verification = models.BooleanField(_("拒不配合收入核查"), default=False)
    refused_suitable_jobs = models.PositiveSmallIntegerField(_("连续拒绝适当工作次数"), default=0)
    photo = models.FileField(_("申请人照片"), upload_to="photos/", blank=True)
    active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("家庭")
        verbose_name_plural = _("家庭")
        ordering = ["-id"]

    def __str__(self) -> str:
        applicant = self.applicant
        return f"{self.number} {applicant.name if applicant else ''}"

    @property
    def applicant(self) -> Member | None:
        for m in self.members.all():
            if m.relation == c.Relation.APPLICANT and m.active:
                return m
        return None

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class Member(models.Model):
    """A family member (R-REG-02, R-REG-03, R-REG-04, R-REG-08)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18, db_index=True)
    sex = models.CharField(_("性别"), max_length=1, choices=[("M", _("男")), ("F", _("女"))], editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    relation = models.CharField(_("与申请人关系"), max_length=20, choices=c.Relation.choices)
    co_resident = models.BooleanField(_("共同生活"), default=True)
    marital_status = models.CharField(
        _("婚姻状况"), max_length=10, choices=c.MaritalStatus.choices, blank=True
    )
    health = models.CharField(
        _("健康状况"), max_length=10, choices=c.Health.choices, default=c.Health.HEALTHY
    )
    disability_category = models.CharField(
        _("残疾类别"), max_length=20, choices=c.DisabilityCategory.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"), null=True, blank=True, choices=[(i, format_lazy(_("{}级"), i)) for i in range(1, 5)]
    )
    serious_illness = models.BooleanField(_("重病患者"), default=False)
    disabled_elderly = models.BooleanField(_("失能老年人"), default=False)
    needs_carer = models.BooleanField(_("需专人照料"), default=False)
    work_capacity = models.CharField(
        _("劳动能力"), max_length=10, choices=c.WorkCapacity.choices, default=c.WorkCapacity.FULL
    )
    occupation = models.CharField(
        _("职业状况"), max_length=30, choices=c.Occupation.choices, default=c.Occupation.OTHER
    )
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    registered_poor = models.BooleanField(_("建档立卡未脱贫"), default=False)
    laid_off = models.BooleanField(_("下岗失业"), default=False)
    reemployed_since = models.DateField(_("再就业/创业日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    active = models.BooleanField(_("在册"), default=True)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household_id", "id"]
        constraints = [
            # 一户一档 (R-REG-11 DEFAULT): an ID number is an active member of one household only.
            models.UniqueConstraint(
                fields=["id_number"], condition=Q(active=True), name="member_id_number_active_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class IncomeItem(models.Model):
    """One income item of a member, with how it was determined (R-INC-04..10, R-INC-15)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="incomes")
    kind = models.CharField(_("收入类型"), max_length=30, choices=c.IncomeKind.choices)
    amount_fen = models.BigIntegerField(
        _("金额（分）"), null=True, blank=True
    )  # null only for flexible_wage_unknown
    per = models.CharField(_("周期"), max_length=5, choices=c.Period.choices, default=c.Period.MONTH)
    method = models.CharField(_("认定方式"), max_length=30, choices=c.IncomeMethod.choices, blank=True)
    evidence = models.CharField(_("证明材料"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("收入")
        verbose_name_plural = _("收入")
        ordering = ["id"]


class Expense(models.Model):
    """A rigid expenditure or necessary employment cost, personal share after insurance (R-INC-11)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(_("支出类型"), max_length=20, choices=c.ExpenseKind.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"))
    per = models.CharField(_("周期"), max_length=5, choices=c.Period.choices, default=c.Period.MONTH)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("刚性支出")
        verbose_name_plural = _("刚性支出")
        ordering = ["id"]


class House(models.Model):
    """One dwelling (R-REG-06(b))."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="houses")
    address = models.CharField(_("房屋地址"), max_length=200, blank=True)
    area_m2 = models.DecimalField(_("建筑面积（平方米）"), max_digits=8, decimal_places=2)
    nature = models.CharField(_("房屋性质"), max_length=20, choices=c.HouseNature.choices)
    source = models.CharField(_("房屋来源"), max_length=20, choices=c.HouseSource.choices, blank=True)
    acquired_on = models.DateField(_("购建时间"), null=True, blank=True)
    in_large_city = models.BooleanField(_("位于大中城市"), default=False)

    class Meta:
        verbose_name = _("房屋")
        verbose_name_plural = _("房屋")
        ordering = ["id"]


class Vehicle(models.Model):
    """One motor vehicle or vessel (R-REG-06(c))."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="vehicles")
    kind = models.CharField(
        _("类型"), max_length=20, choices=c.VehicleKind.choices, default=c.VehicleKind.CAR
    )
    owner_name = models.CharField(_("所有人"), max_length=50, blank=True)
    model = models.CharField(_("品牌型号"), max_length=100, blank=True)
    plate = models.CharField(_("号牌/登记号"), max_length=30, blank=True)
    displacement = models.CharField(_("排量"), max_length=20, blank=True)
    purchased_on = models.DateField(_("购买时间"), null=True, blank=True)
    price_fen = models.BigIntegerField(_("购买金额（分）"), null=True, blank=True)
    mobility_aid = models.BooleanField(_("残疾人功能性代步工具"), default=False)

    class Meta:
        verbose_name = _("机动车辆/船舶")
        verbose_name_plural = _("机动车辆/船舶")
        ordering = ["id"]


class Business(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="businesses")
    kind = models.CharField(_("类型"), max_length=20, choices=c.BusinessKind.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("经营性资产")
        verbose_name_plural = _("经营性资产")


class Obligor(models.Model):
    """A support obligor not living with the household (R-REG-05, R-INC-10)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="obligors")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18)
    sex = models.CharField(_("性别"), max_length=1, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    relation = models.CharField(_("关系"), max_length=50)
    supports = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="obligors", verbose_name=_("赡养对象")
    )
    marital_status = models.CharField(
        _("婚姻状况"), max_length=10, choices=c.MaritalStatus.choices, blank=True
    )
    health = models.CharField(
        _("健康状况"), max_length=10, choices=c.Health.choices, default=c.Health.HEALTHY
    )
    occupation = models.CharField(_("职业状况"), max_length=30, choices=c.Occupation.choices, blank=True)
    hukou_region = models.CharField(_("户籍地（县级代码）"), max_length=6)
    income_fen = models.BigIntegerField(_("收入（分）"), default=0)
    income_per = models.CharField(_("周期"), max_length=5, choices=c.Period.choices, default=c.Period.MONTH)
    annual_support_paid_fen = models.BigIntegerField(_("年赡（抚、扶）养费（分）"), default=0)
    co_resident = models.BooleanField(_("共同生活"), default=False)
    low_income_status = models.CharField(
        _("困难身份"), max_length=20, choices=c.LowIncomeStatus.choices, blank=True
    )
    court_ordered_fen = models.BigIntegerField(_("法律文书确定的赡养费（分）"), null=True, blank=True)
    court_ordered_per = models.CharField(
        _("周期"), max_length=5, choices=c.Period.choices, default=c.Period.MONTH
    )

    class Meta:
        verbose_name = _("赡养/抚养/扶养义务人")
        verbose_name_plural = _("赡养/抚养/扶养义务人")
        ordering = ["id"]

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class PayeeAccount(models.Model):
    """The payee's own account at the agent bank, and who withdraws for those who cannot (R-REG-10, R-PAY-03)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="account")
    bank = models.CharField(_("代理金融机构"), max_length=100)
    account_number = models.CharField(_("账号"), max_length=40)
    agent_name = models.CharField(_("监护人/委托照料人/代理人"), max_length=50, blank=True)
    agent_id_number = models.CharField(_("代理人身份证号码"), max_length=18, blank=True)

    class Meta:
        verbose_name = _("收款账户")
        verbose_name_plural = _("收款账户")


class WorkerInfo(models.Model):
    """Union worker attributes of a hardship household (R-REG-13, R-REG-14)."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="worker")
    worker = models.ForeignKey(Member, on_delete=models.PROTECT, verbose_name=_("困难职工"))
    union_member = models.BooleanField(_("工会会员"), default=True)
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    labour_relation_since = models.DateField(_("劳动关系（事实劳动关系）起始日"), null=True, blank=True)
    migrant = models.BooleanField(_("农民工"), default=False)
    retiree_type = models.CharField(_("退休类型"), max_length=20, choices=c.RetireeType.choices, blank=True)
    socially_managed = models.BooleanField(_("社会化管理"), default=False)
    in_industrial_area = models.BooleanField(_("居住在独立工矿区或企业集中生活区"), default=False)
    survivor_of_duty_death = models.BooleanField(_("因公牺牲干部职工遗属或工亡职工家属"), default=False)
    hardship_category = models.CharField(
        _("困难类别"), max_length=10, choices=c.HardshipCategory.choices, blank=True
    )

    class Meta:
        verbose_name = _("职工信息")
        verbose_name_plural = _("职工信息")


class HouseholdPlan(models.Model):
    """一户一计划 and 一帮一 pairing (R-REG-16)."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="plan")
    causes = models.TextField(_("致困原因分析"), blank=True)
    measures = models.TextField(_("帮扶措施"), blank=True)
    tracks = models.JSONField(_("四个一批"), default=list, blank=True)
    helping_unit = models.CharField(_("结对帮扶单位"), max_length=100, blank=True)
    responsible_person = models.CharField(_("帮扶责任人"), max_length=50, blank=True)
    responsible_phone = models.CharField(_("责任人电话"), max_length=20, blank=True)
    goal = models.CharField(_("帮扶目标"), max_length=200, blank=True)
    goal_met = models.BooleanField(_("已达目标"), default=False)

    class Meta:
        verbose_name = _("帮扶计划")
        verbose_name_plural = _("帮扶计划")


class ModelWorker(models.Model):
    """Model-worker subsidy register (R-REG-17)."""

    class Title(models.TextChoices):
        NATIONAL_MODEL = "national_model", _("全国劳动模范")
        MAY1_MEDAL = "may1_medal", _("全国五一劳动奖章获得者")

    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18, unique=True)
    title = models.CharField(_("荣誉称号"), max_length=20, choices=Title.choices)
    union_org = models.ForeignKey("core.UnionOrg", on_delete=models.PROTECT, verbose_name=_("所属工会"))
    hardship_degree = models.CharField(_("困难程度"), max_length=100, blank=True)
    bank = models.CharField(_("开户银行"), max_length=100, blank=True)
    account_number = models.CharField(_("个人账号"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("劳模")
        verbose_name_plural = _("劳模")
