"""The import file layout: 附件2 of 民办发〔2019〕10号 (申请家庭经济状况信息表) as flat sheets.

One row per person on the members sheet; the household key column 户编号 groups the rows of one household,
and the household's own columns (address, savings...) are read from the applicant's row. Houses, vehicles
and support obligors are rows on their own sheets, joined by 户编号. CSV files hold the members sheet only.
docs/import.md describes the same layout for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiuzhu.registry import choices as c

from .codes import normalize

KEY = "_key"  # field name of the 户编号 column
MONTHLY_INCOME = "_monthly_income"  # 月收入(元): amount with period 月


@dataclass(frozen=True)
class Column:
    header: str  # as written in the template
    field: str  # path inside the member / household / house / vehicle / obligor dict of the document
    kind: str = "text"  # text, number, code, bool, money, date, id, grade, key, member_id
    choices: type | None = None
    required: bool = False  # the column must be present in the file
    household: bool = False  # members sheet: a household column, read from the applicant's row
    aliases: tuple[str, ...] = ()
    help: str = ""
    width: int = 12
    example: tuple = ()  # example values, one per example row


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()

    def column_for(self, header: str) -> Column | None:
        return _header_index(self).get(normalize(header).removeprefix("*").removesuffix("*"))


_INDEX: dict[str, dict[str, Column]] = {}


def _header_index(sheet: Sheet) -> dict[str, Column]:
    if sheet.name not in _INDEX:
        index: dict[str, Column] = {}
        for col in sheet.columns:
            for name in (col.header, *col.aliases):
                index[normalize(name)] = col
        _INDEX[sheet.name] = index
    return _INDEX[sheet.name]


def _key(example: tuple = ("示例1",)) -> Column:
    return Column(
        "户编号",
        KEY,
        "key",
        required=True,
        width=8,
        example=example,
        help="同一户编号的各行为同一户，可填1、2、3……；以“示例”开头的行不导入。",
    )


def _income(
    item: str, amount_example: tuple, per_example: tuple, amount_help: str = "", monthly_help: str = ""
) -> tuple[Column, Column, Column]:
    """收入金额(元) with 收入周期, or 月收入(元) instead: the importer reads them together (Planner._income)."""
    return (
        Column(
            "收入金额(元)",
            f"{item}.amount",
            "money",
            aliases=("月/年收入(元)", "月/年收入", "收入金额"),
            help=amount_help,
            example=amount_example,
        ),
        Column(
            "收入周期",
            f"{item}.per",
            "code",
            c.Period,
            width=8,
            help="月 或 年，不填为“月”。",
            example=per_example,
        ),
        Column("月收入(元)", MONTHLY_INCOME, "money", aliases=("月收入",), help=monthly_help),
    )


MEMBERS = Sheet(
    "家庭成员",
    "申请家庭经济状况信息表（民办发〔2019〕10号附件2）· 共同生活家庭成员，每人一行",
    (
        _key(("示例1", "示例1", "示例1")),
        Column(
            "地区代码",
            "region",
            required=True,
            household=True,
            width=14,
            help="所在村（社区）或乡镇（街道）的行政区划代码，须在您的管辖范围内。",
            example=("110113001001",),
        ),
        Column(
            "建档工会代码", "union_org", household=True, width=12, help="工会建档时填写所属工会代码，可空。"
        ),
        Column(
            "申请类别",
            "area_type",
            "code",
            c.AreaType,
            required=True,
            household=True,
            width=10,
            aliases=("保障类别",),
            help="城市 或 农村（城市低保/农村低保）。",
            example=("城市",),
        ),
        Column(
            "现住址",
            "address",
            household=True,
            width=24,
            aliases=("现家庭住址",),
            example=("胜利街道建新社区1号楼2单元301",),
        ),
        Column(
            "户籍地址",
            "hukou_address",
            household=True,
            width=20,
            aliases=("户籍地",),
            example=("北京市顺义区胜利街道建新社区",),
        ),
        Column("实际居住地", "residence_address", household=True, width=20, aliases=("居住地",)),
        Column("申请人所在单位", "employer", household=True, width=16, aliases=("所在单位",)),
        Column("联系电话", "phone", household=True, width=14, example=("13800138000",)),
        Column("家庭主要支出", "main_expenditure", household=True, width=16, example=("医疗、子女教育",)),
        Column(
            "近亲属中是否有低保经办人员或村干部",
            "near_relative_of_staff",
            "bool",
            household=True,
            width=12,
            aliases=("家庭成员近亲属中有无最低生活保障经办人员或村干部", "近亲属中有无低保经办人员或村干部"),
            help="是/否。近亲属包括配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女。",
            example=("否",),
        ),
        Column(
            "银行存款(元)",
            "assets.deposits",
            "money",
            household=True,
            aliases=("银行存款",),
            example=("3000.00",),
        ),
        Column(
            "有价证券(元)",
            "assets.securities",
            "money",
            household=True,
            aliases=("有价证券",),
            help="股票、债券及基金证券、可转换证券等衍生品种。",
            example=("0",),
        ),
        Column("债权(元)", "assets.receivables", "money", household=True, aliases=("债权",), example=("0",)),
        Column("其他财产", "assets.other", household=True, width=16),
        Column("姓名", "name", required=True, width=10, example=("张建国", "李秀英", "张小明")),
        Column(
            "身份证号码",
            "id_number",
            "id",
            required=True,
            width=20,
            help="18位，末位可为X；请把单元格设为文本，以免Excel改成科学计数法。",
            example=("110113198005170017", "11011319820306002X", "110113201009010015"),
        ),
        Column("民族", "ethnicity", width=8, example=("汉族", "汉族", "汉族")),
        Column(
            "与申请人关系",
            "relation",
            "code",
            c.Relation,
            required=True,
            width=12,
            help="每户有且只有一名“申请人”（也可写“本人”）。",
            example=("申请人", "配偶", "子女"),
        ),
        Column(
            "是否共同生活",
            "co_resident",
            "bool",
            width=10,
            help="是/否，不填为“是”。",
            example=("是", "是", "是"),
        ),
        Column(
            "婚姻状况", "marital_status", "code", c.MaritalStatus, width=10, example=("已婚", "已婚", "未婚")
        ),
        Column(
            "健康状况",
            "health",
            "code",
            c.Health,
            width=10,
            help="健康、一般、残疾、患病，不填为“健康”。",
            example=("健康", "残疾", "健康"),
        ),
        Column(
            "残疾类别",
            "disability.category",
            "code",
            c.DisabilityCategory,
            width=10,
            example=("", "肢体残疾", ""),
        ),
        Column(
            "残疾等级",
            "disability.grade",
            "grade",
            width=8,
            help="1到4级；填了残疾类别就要填等级。",
            example=("", "3", ""),
        ),
        Column("重病患者", "serious_illness", "bool", width=8),
        Column("失能老年人", "disabled_elderly", "bool", width=8),
        Column("需专人照料", "needs_carer", "bool", width=8),
        Column(
            "劳动能力",
            "work_capacity",
            "code",
            c.WorkCapacity,
            width=14,
            help="不填为“有劳动能力”。",
            example=("有劳动能力", "部分丧失劳动能力", ""),
        ),
        Column(
            "职业状况",
            "occupation",
            "code",
            c.Occupation,
            width=22,
            help="附件3填表说明的七类，可填序号1-7或名称；不填为“7 其他人员”。",
            example=("2 在职职工", "5 未登记失业人员", "7 其他人员（18周岁以下）"),
        ),
        Column("工作单位", "employer", width=16, example=("顺义区某物流公司", "", "")),
        Column("建档立卡未脱贫", "registered_poor", "bool", width=8),
        Column("下岗失业", "laid_off", "bool", width=8),
        Column(
            "收入类型",
            "incomes[0].kind",
            "code",
            c.IncomeKind,
            width=16,
            help="不填为“其他应当计入的收入”。",
            example=("工资性收入", "", ""),
        ),
        *_income(
            "incomes[0]",
            ("1800.00", "", ""),
            ("月", "", ""),
            amount_help="与“收入周期”一起填写；也可只用“月收入(元)”一列。",
            monthly_help="每月收入；与“收入金额(元)”只填其一。",
        ),
    ),
)

HOUSES = Sheet(
    "房屋",
    "房产：每套房屋一行（附件2 家庭财产状况）",
    (
        _key(),
        Column("房屋地址", "address", width=28, example=("胜利街道建新社区1号楼2单元301",)),
        Column(
            "建筑面积(平方米)",
            "area_m2",
            "number",
            required=True,
            aliases=("建筑面积(m2)", "建筑面积(m²)", "建筑面积"),
            help="按房屋产权证填报。",
            example=("56.8",),
        ),
        Column(
            "房屋性质",
            "nature",
            "code",
            c.HouseNature,
            required=True,
            width=12,
            help="自有私房、租用公房、租用私房、临时搭建房、借住房、其他。",
            example=("自有私房",),
        ),
        Column(
            "房屋来源",
            "source",
            "code",
            c.HouseSource,
            width=10,
            help="自购房、自建房、回迁房、承租公房；本家庭无产权房及承租公房的不填。",
            example=("自购房",),
        ),
        Column(
            "购建时间",
            "acquired_on",
            "date",
            aliases=("购(建)房时间", "购建房时间"),
            help="如2005-06-01，或只填年月2005-06。",
            example=("2005-06",),
        ),
        Column("位于大中城市", "in_large_city", "bool", width=10),
    ),
)

VEHICLES = Sheet(
    "车辆船舶",
    "机动车（船）：每辆一行（附件2 家庭财产状况）",
    (
        _key(),
        Column(
            "类型",
            "kind",
            "code",
            c.VehicleKind,
            width=10,
            help="汽车、摩托车、船舶、工程机械/大型农机、其他，不填为“汽车”。",
            example=("摩托车",),
        ),
        Column("所有人", "owner_name", width=10, aliases=("车(船)主姓名", "车主姓名"), example=("张建国",)),
        Column("品牌型号", "model", width=14, aliases=("车(船)型", "车型"), example=("五羊WY125",)),
        Column("号牌", "plate", width=12, aliases=("车(船)牌号", "车牌号"), example=("京A12345",)),
        Column("排量", "displacement", width=8, aliases=("排气量",), example=("125cc",)),
        Column("购买时间", "purchased_on", "date", example=("2018-03",)),
        Column("购买金额(元)", "price", "money", aliases=("购买金额",), example=("6800",)),
        Column("残疾人功能性代步工具", "mobility_aid", "bool", width=10),
    ),
)

OBLIGORS = Sheet(
    "赡养人",
    "赡（抚、扶）养人信息：每人一行（附件2、附件3 非共同生活赡抚养人信息）",
    (
        _key(),
        Column("姓名", "name", required=True, width=10, example=("张建军",)),
        Column("身份证号码", "id_number", "id", required=True, width=20, example=("110113197801020015",)),
        Column(
            "关系",
            "relation",
            required=True,
            width=10,
            aliases=("与申请人关系",),
            example=("兄弟",),
            help="与申请人的关系，如儿子、女儿、兄弟。",
        ),
        Column(
            "被赡养人身份证号码",
            "supports",
            "member_id",
            width=20,
            aliases=("被赡(抚、扶)养人身份证号码", "赡养对象身份证号码"),
            help="本户中由其赡（抚、扶）养的成员；不填为申请人。",
        ),
        Column(
            "户籍地代码",
            "hukou_region",
            required=True,
            width=10,
            help="户籍所在县（市、区）的6位代码。",
            example=("110105",),
        ),
        *_income("income", ("4500",), ("月",), monthly_help="与“收入金额(元)”只填其一。"),
        Column(
            "年赡养费(元)",
            "annual_support_paid",
            "money",
            aliases=("年赡(抚、扶)养费(元)", "年赡(抚、扶)养费", "年赡养费"),
            example=("2400",),
        ),
        Column("婚姻状况", "marital_status", "code", c.MaritalStatus, width=10, example=("已婚",)),
        Column("健康状况", "health", "code", c.Health, width=10, example=("健康",)),
        Column("职业状况", "occupation", "code", c.Occupation, width=22, example=("2 在职职工",)),
        Column("是否共同生活", "co_resident", "bool", width=10, help="是/否，不填为“否”。", example=("否",)),
        Column(
            "困难身份",
            "low_income_status",
            "code",
            c.LowIncomeStatus,
            width=14,
            help="义务人本人是特困人员、低保对象、建档立卡未脱贫或低收入家庭成员时填写。",
        ),
    ),
)

SHEETS: tuple[Sheet, ...] = (MEMBERS, HOUSES, VEHICLES, OBLIGORS)
INSTRUCTIONS_SHEET = "填表说明"
CODES_SHEET = "代码表"
IGNORED_SHEETS = {normalize(INSTRUCTIONS_SHEET), normalize(CODES_SHEET)}
EXAMPLE_PREFIX = "示例"


def sheet_named(name: str) -> Sheet | None:
    for sheet in SHEETS:
        if normalize(name) in {normalize(sheet.name), *(normalize(a) for a in sheet.aliases)}:
            return sheet
    return None
