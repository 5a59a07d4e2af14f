"""Coded values of the official forms (民办发〔2019〕10号 附件2-4) and the union archive rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaType(models.TextChoices):
    URBAN = "urban", _("城市低保")
    RURAL = "rural", _("农村低保")


class Relation(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDPARENT = "grandparent", _("祖父母/外祖父母")
    GRANDCHILD = "grandchild", _("孙子女/外孙子女")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER = "other", _("其他")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("未婚")
    MARRIED = "married", _("已婚")
    DIVORCED = "divorced", _("离异")
    WIDOWED = "widowed", _("丧偶")


class Health(models.TextChoices):  # R-REG-03(a)
    HEALTHY = "healthy", _("健康")
    FAIR = "fair", _("一般")
    DISABLED = "disabled", _("残疾")
    ILL = "ill", _("患病")


class DisabilityCategory(models.TextChoices):  # R-REG-03(b)
    VISUAL = "visual", _("视力残疾")
    HEARING = "hearing", _("听力残疾")
    SPEECH = "speech", _("言语残疾")
    PHYSICAL = "physical", _("肢体残疾")
    INTELLECTUAL = "intellectual", _("智力残疾")
    MENTAL = "mental", _("精神残疾")
    MULTIPLE = "multiple", _("多重残疾")


class WorkCapacity(models.TextChoices):
    FULL = "full", _("有劳动能力")
    PARTIAL = "partial", _("部分丧失劳动能力")
    NONE = "none", _("完全丧失劳动能力")


class Occupation(models.TextChoices):  # R-REG-04: the seven codes of 附件3 填表说明1
    ELDERLY = "elderly", _("1 老年人（60周岁及以上）")
    EMPLOYED = "employed", _("2 在职职工")
    FLEXIBLE = "flexible", _("3 灵活就业人员")
    REGISTERED_UNEMPLOYED = "registered_unemployed", _("4 登记失业人员")
    UNREGISTERED_UNEMPLOYED = "unregistered_unemployed", _("5 未登记失业人员")
    ADULT_DEPENDENT_STUDENT = "adult_dependent_student", _("6 不能独立生活的成年子女（含本科及以下在校生）")
    OTHER = "other", _("7 其他人员（18周岁以下）")


class IncomeKind(models.TextChoices):  # R-INC-04/05, names as in the assessment contract
    WAGE = "wage", _("工资性收入")
    FLEXIBLE_WAGE_UNKNOWN = "flexible_wage_unknown", _("灵活就业（收入无法推算，按最低工资）")
    BUSINESS_NET = "business_net", _("经营净收入")
    PROPERTY_NET = "property_net", _("财产净收入")
    TRANSFER = "transfer", _("转移性收入")
    PENSION = "pension", _("养老金/离退休金")
    OTHER_COUNTED = "other_counted", _("其他应当计入的收入")
    TRANSFER_OUT = "transfer_out", _("转移性支出（税费、社保缴费、支付赡养费）")
    SPECIAL_CARE = "special_care", _("优待抚恤金（不计入）")
    FAMILY_PLANNING_AWARD = "family_planning_award", _("计划生育奖励与扶助金（不计入）")
    SCHOLARSHIP = "scholarship", _("奖学金（不计入）")
    BRAVERY_AWARD = "bravery_award", _("见义勇为等奖励性补助（不计入）")
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助金和实物（不计入）")
    BASIC_PENSION_CENTRAL = "basic_pension_central", _("城乡居民基础养老金（暂不计入）")
    LOCALLY_EXCLUDED = "locally_excluded", _("当地规定不计入的收入")


class IncomeMethod(models.TextChoices):  # R-INC-15
    CONTRACT = "contract", _("劳动合同")
    INVESTIGATION = "investigation", _("调查核实")
    INFERRED = "inferred", _("依社保/个税/公积金推算")
    MINIMUM_WAGE = "minimum_wage", _("最低工资标准")
    FINANCIAL_INSTITUTION = "financial_institution", _("金融机构数据")
    COLLECTIVE_RECORD = "collective_record", _("集体分配记录")
    RECEIPT = "receipt", _("票据凭证")
    LEGAL_DOCUMENT = "legal_document", _("协议或法律文书")
    LOCAL_AVERAGE = "local_average", _("当地平均水平")
    ASSESSMENT = "assessment", _("当地核算标准")
    DECLARED = "declared", _("本人申报")


class Period(models.TextChoices):
    MONTH = "month", _("元/月")
    YEAR = "year", _("元/年")


class ExpenseKind(models.TextChoices):  # R-INC-11, R-INC-03
    MEDICAL = "medical", _("医疗支出（个人负担部分）")
    DISABILITY_CARE = "disability_care", _("康复护理支出")
    EDUCATION = "education", _("教育支出")
    HOUSING_RENT = "housing_rent", _("住房租金")
    OTHER_LOCAL = "other_local", _("当地规定的其他刚性支出")
    EMPLOYMENT_COST = "employment_cost", _("必要的就业成本")


class HouseNature(models.TextChoices):  # R-REG-06(b)
    SELF_OWNED = "self_owned", _("自有私房")
    RENTED_PUBLIC = "rented_public", _("租用公房")
    RENTED_PRIVATE = "rented_private", _("租用私房")
    TEMPORARY = "temporary", _("临时搭建房")
    BORROWED = "borrowed", _("借住房")
    OTHER = "other", _("其他")


class HouseSource(models.TextChoices):
    SELF_PURCHASED = "self_purchased", _("自购房")
    SELF_BUILT = "self_built", _("自建房")
    RESETTLEMENT = "resettlement", _("回迁房")
    RENTED_PUBLIC = "rented_public", _("承租公房")


class VehicleKind(models.TextChoices):
    CAR = "car", _("汽车")
    MOTORCYCLE = "motorcycle", _("摩托车")
    VESSEL = "vessel", _("船舶")
    MACHINERY = "machinery", _("工程机械/大型农机")
    OTHER = "other", _("其他")


class BusinessKind(models.TextChoices):
    SHOP = "shop", _("经营性商铺")
    EMPLOYS_OTHERS = "employs_others", _("雇佣他人从事经营")


class LowIncomeStatus(models.TextChoices):  # R-INC-10
    TEKUN = "tekun", _("特困人员")
    DIBAO = "dibao", _("低保对象")
    REGISTERED_POOR = "registered_poor", _("建档立卡未脱贫")
    LOW_INCOME = "low_income", _("低收入家庭成员")


class RetireeType(models.TextChoices):  # R-REG-14
    NONE = "", _("否")
    RETIRED = "retired", _("离退休")
    SICK_RETIRED = "sick_retired", _("病退")
    PERIODIC_ALLOWANCE = "periodic_allowance", _("领取定期生活费")


class HardshipCategory(models.TextChoices):  # R-REG-12
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")


class Track(models.TextChoices):  # 四个一批, R-REG-16
    EMPLOYMENT = "employment", _("就业创业帮扶一批")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险覆盖一批")
    MEDICAL_MUTUAL_AID = "medical_mutual_aid", _("大病保险和医疗互助一批")
    SAFETY_NET = "safety_net", _("社会救助兜底一批")
