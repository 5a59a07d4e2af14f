"""The documents the system prints, and the fields each one must have (R-DOC-02..18).

`required` lists (context path, Chinese field name). A path like "household.members[].name" means that
field of every row. A document whose required fields are empty is refused with MissingFields; a provincial
template override must use every required field (checked with a probe context before it is accepted).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    attachment: str  # "附件1" ... or "" for documents without a national template
    source: str  # what the object id of /documents/<kind>/<id>.pdf refers to (see sources.py)
    required: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    per_household: bool = True  # one household per page when printed in a batch
    cite: str = ""
    xlsx: bool = False  # a table that is also offered as XLSX
    data_only: tuple[str, ...] = ()  # required paths checked in the data but not probed in a template

    @property
    def docx(self) -> bool:
        """The per-household / per-case forms are also offered as DOCX for editing (issue 5 "Formats")."""
        return self.per_household


MEMBER_ROWS = (
    ("household.members[].name", "共同生活家庭成员姓名"),
    ("household.members[].sex", "共同生活家庭成员性别"),
    ("household.members[].relation", "与申请人关系"),
    ("household.members[].id_number", "共同生活家庭成员身份证号码"),
)
HEADER = (
    ("household.applicant.name", "申请人姓名"),
    ("household.size", "家庭人口数"),
)

KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind(
            "fj1",
            "最低生活保障申请及授权书",
            "附件1",
            "household",
            (
                ("household.applicant.name", "申请人姓名"),
                ("household.area_choice", "申请类别（城市/农村低保）"),
                ("household.members[].name", "共同生活家庭成员姓名"),
            ),
            cite="R-DOC-02, R-FLOW-02, R-FLOW-03",
        ),
        Kind(
            "fj2",
            "申请家庭经济状况信息表",
            "附件2",
            "household",
            HEADER
            + (
                ("household.address", "现家庭住址"),
                ("household.income_text", "家庭月（年）收入"),
                ("household.members[].age", "共同生活家庭成员年龄"),
            )
            + MEMBER_ROWS,
            cite="R-DOC-03",
        ),
        Kind(
            "fj3",
            "最低生活保障审核审批表",
            "附件3",
            "application",
            HEADER
            + (
                ("household.applicant.sex", "申请人性别"),
                ("household.applicant.ethnicity", "申请人民族"),
                ("household.hukou_address", "户籍地"),
                ("household.applicant.birth_ym", "出生年月"),
                ("household.residence_address", "居住地"),
                ("household.area_type", "保障类别"),
                ("household.economic_text", "家庭经济状况"),
            )
            + MEMBER_ROWS,
            cite="R-DOC-04, R-FLOW-06, R-FLOW-08",
            data_only=("household.area_type",),
        ),
        Kind(
            "fj4",
            "入户调查表",
            "附件4",
            "application",
            HEADER
            + (
                ("household.township", "镇/乡"),
                ("household.village", "社区（村）"),
                ("visit.date.text", "调查时间"),
                ("household.hukou_address", "户籍地址"),
                ("household.residence_address", "实际居住地"),
                ("household.economic_text", "家庭经济状况"),
            )
            + MEMBER_ROWS,
            cite="R-DOC-05, R-FLOW-05",
        ),
        Kind(
            "fj5",
            "新增最低生活保障对象审核公示单",
            "附件5",
            "region",
            (
                ("publicity.unit_name", "乡镇（街道）"),
                ("publicity.starts.text", "公示开始日期"),
                ("publicity.ends.text", "公示结束日期"),
                ("publicity.phone", "举报电话"),
                ("publicity.rows[].insured_names", "保障对象姓名"),
                ("publicity.rows[].applicant", "申请人姓名"),
                ("publicity.rows[].village", "家庭所在村（居）"),
                ("publicity.rows[].size", "家庭人口数"),
                ("publicity.rows[].insured_count", "拟保障人口数"),
                ("publicity.rows[].per_capita_income", "家庭成员月人均收入"),
            ),
            per_household=False,
            cite="R-DOC-06, R-FLOW-07",
            xlsx=True,
        ),
        Kind(
            "fj6",
            "申请最低生活保障不予批准告知书",
            "附件6",
            "notice",
            (
                ("notice.number_text", "文书编号（年、号）"),
                ("notice.township", "乡镇（街道办）"),
                ("notice.village", "村（居）民委员会"),
                ("notice.name", "申请人姓名"),
                ("notice.applied.text", "申请日期"),
                ("notice.reason_text", "不予批准理由"),
            ),
            cite="R-DOC-07, R-DOC-12, R-FLOW-09",
            data_only=("notice.reason_text",),
        ),
        Kind(
            "fj7",
            "最低生活保障金调整（停发）告知书",
            "附件7",
            "notice",
            (
                ("notice.number_text", "文书编号（年、号）"),
                ("notice.township", "乡镇（街道办）"),
                ("notice.village", "村（居）民委员会"),
                ("notice.name", "保障对象姓名"),
                ("notice.cause", "调整（停发）事由"),
                ("notice.reason_text", "调整（停发）原因"),
            ),
            cite="R-DOC-08, R-DOC-12, R-FLOW-10",
            data_only=("notice.reason_text",),
        ),
        Kind(
            "fj8",
            "审批公示单",
            "附件8",
            "region",
            (
                ("publicity.unit_name", "审批单位"),
                ("publicity.phone", "监督电话"),
                ("publicity.rows[].applicant", "申请人姓名"),
                ("publicity.rows[].insured_count", "保障人口数"),
                ("publicity.rows[].size", "家庭人口数"),
                ("publicity.rows[].amount", "拟保障金额"),
                ("publicity.rows[].village", "家庭所在村（居）"),
            ),
            per_household=False,
            cite="R-DOC-09, R-FLOW-08",
            xlsx=True,
        ),
        Kind(
            "fj9",
            "城乡居民最低生活保障对象动态管理记录",
            "附件9",
            "household",
            (("household.applicant.name", "保障对象姓名"), ("household.number", "家庭编号")),
            cite="R-DOC-10, R-FLOW-13",
        ),
        Kind(
            "verification",
            "家庭经济状况核对报告",
            "",
            "application",
            HEADER
            + (
                ("household.number", "家庭编号"),
                ("verification.made.text", "报告日期"),
                ("verification.summary", "核对结论"),
                ("verification.items[].source", "核对来源"),
                ("verification.items[].result", "核对结果"),
            )
            + MEMBER_ROWS[:1]
            + MEMBER_ROWS[3:],
            cite="R-DOC-11, R-FLOW-04",
        ),
        Kind(
            "union_archive",
            "困难职工家庭档案表",
            "",
            "household",
            (
                ("worker.name", "困难职工姓名"),
                ("worker.id_number", "职工身份证号码"),
                ("worker.employer", "工作单位"),
                ("worker.category", "困难类别"),
                ("household.size", "家庭人口数"),
                ("household.members[].name", "家庭成员姓名"),
                ("household.members[].id_number", "家庭成员身份证号码"),
            ),
            cite="R-DOC-13",
        ),
        Kind(
            "union_payment",
            "工会帮扶资金实名制发放表",
            "",
            "table",
            (
                ("table.unit_name", "发放单位"),
                ("table.rows[].name", "领取人姓名"),
                ("table.rows[].id_number", "领取人身份证号码"),
                ("table.rows[].amount", "金额"),
                ("table.rows[].project", "帮扶项目"),
                ("table.rows[].date", "发放日期"),
                ("table.rows[].handler", "经办人"),
            ),
            per_household=False,
            cite="R-DOC-15",
            xlsx=True,
        ),
        Kind(
            "warmth",
            "送温暖资金实名制发放表",
            "",
            "table",
            (
                ("table.unit_name", "发放单位"),
                ("table.rows[].name", "慰问对象姓名"),
                ("table.rows[].work_unit", "工作单位"),
                ("table.rows[].situation", "基本情况"),
                ("table.rows[].contact", "联系方式"),
                ("table.rows[].id_number", "身份证号码"),
                ("table.rows[].amount", "金额"),
            ),
            per_household=False,
            cite="R-DOC-16",
            xlsx=True,
        ),
        # R-DOC-14: the superseded finance-archive list names this table; kept as good practice.
        Kind(
            "central_summary",
            "中央财政专项帮扶资金实名制汇总表",
            "",
            "table",
            (
                ("table.unit_name", "填报单位"),
                ("table.period", "年度"),
                ("table.rows[].name", "姓名"),
                ("table.rows[].id_number", "身份证号码"),
                ("table.rows[].projects", "帮扶项目"),
                ("table.rows[].count", "发放次数"),
                ("table.rows[].amount", "金额合计"),
                ("table.total", "总金额"),
            ),
            per_household=False,
            cite="R-DOC-14",
            xlsx=True,
        ),
        # R-DOC-17 DEFAULT: project, amount, number of payments and the exact time of each payment.
        Kind(
            "union_notice",
            "工会帮扶资金发放告知书",
            "",
            "archive",
            (
                ("notice.recipient", "帮扶对象姓名"),
                ("notice.archive_number", "档案编号"),
                ("notice.period", "发放期间"),
                ("notice.projects[].project", "帮扶项目"),
                ("notice.projects[].count", "发放次数"),
                ("notice.projects[].payments_text", "发放时间及金额"),
                ("notice.projects[].amount", "金额"),
                ("notice.count", "发放总次数"),
                ("notice.total", "合计金额"),
                ("notice.union", "告知单位（工会）"),
            ),
            cite="R-DOC-17",
        ),
        # R-DOC-18, R-FLOW-17: the signature and the seal are put on this printed record by hand, so
        # they are areas, not required data (TemporaryCase.reg_seal records that it was sealed).
        Kind(
            "assist_first",
            "临时救助先行救助登记表",
            "",
            "temporary",
            (
                ("reg.recipient", "救助对象"),
                ("reg.reason", "救助事由"),
                ("reg.amount", "救助金额"),
                ("reg.date.text", "先行发放日期"),
                ("reg.officer", "经办人签字"),
            ),
            cite="R-DOC-18, R-FLOW-17",
        ),
    ]
}


def get_kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise KeyError(f"未知的文书种类：{code}") from None
