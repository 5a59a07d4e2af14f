"""Every kind of bad input is reported by sheet, row and column, and nothing at all is written."""

from __future__ import annotations

import pytest
from transfer_helpers import HEADERS, household_rows, pid, table, to_csv, to_xlsx

from jiuzhu.idnumber import check_digit
from jiuzhu.transfer.actions import do_import_households

M = "家庭成员"


def two_households() -> list[dict]:
    """Rows 2-3 are household 1 (applicant, spouse), rows 4-5 household 2."""
    return household_rows("1") + household_rows("2")


def members_file(rows: list[dict], headers: list[str] = HEADERS, **other_sheets) -> bytes:
    return to_xlsx({M: table(rows, headers), **other_sheets})


def bad_check_digit():
    rows = two_households()
    good = rows[0]["身份证号码"]
    wrong = "0" if good[17] != "0" else "1"
    rows[0]["身份证号码"] = good[:17] + wrong
    return members_file(rows), [f"{M} 第2行 身份证号码: 校验位应为{check_digit(good[:17])}"]


def short_id():
    rows = two_households()
    rows[3]["身份证号码"] = "11011319800517"
    return members_file(rows), [f"{M} 第5行 身份证号码: 身份证号码应为18位，实为14位"]


def negative_income():
    rows = two_households()
    rows[2]["月收入(元)"] = "-100"
    return members_file(rows), [f"{M} 第4行 月收入(元): 金额不能为负数"]


def text_in_money():
    rows = two_households()
    rows[0]["银行存款(元)"] = "两千"
    return members_file(rows), [f"{M} 第2行 银行存款(元): “两千”不是金额"]


def bad_health_code():
    rows = two_households()
    rows[1]["健康状况"] = "很好"
    return members_file(rows), [f"{M} 第3行 健康状况: “很好”不是有效值，可选：健康、一般、残疾、患病"]


def bad_occupation_code():
    rows = two_households()
    rows[1]["职业状况"] = "8"
    return members_file(rows), [
        f"{M} 第3行 职业状况: “8”不是有效值，可选：1 老年人（60周岁及以上）、2 在职职工、3 灵活就业人员、4 登记失业人员、"
        "5 未登记失业人员、6 不能独立生活的成年子女（含本科及以下在校生）、7 其他人员（18周岁以下）"
    ]


def bad_relation_code():
    rows = two_households()
    rows[0]["与申请人关系"] = "老板"
    # Only the bad cell: "the household has no applicant" would just repeat it.
    return members_file(rows), [
        f"{M} 第2行 与申请人关系: “老板”不是有效值，可选：申请人、配偶、子女、父母、祖父母/外祖父母、孙子女/外孙子女、兄弟姐妹、其他"
    ]


def no_applicant():
    rows = two_households()
    rows[2]["与申请人关系"] = "配偶"
    return members_file(rows), [f"{M} 第4行 与申请人关系: 应有一名与申请人关系为“申请人”的成员"]


def two_applicants():
    rows = two_households()
    rows[1]["与申请人关系"] = "本人"
    return members_file(rows), [f"{M} 第3行 与申请人关系: 只能有一名申请人"]  # the second applicant's row


def same_person_twice_in_household():
    rows = two_households()
    rows[1]["身份证号码"] = rows[0]["身份证号码"]
    return members_file(rows), [f"{M} 第3行 身份证号码: 与第2行是同一身份证号码，成员重复"]


def same_person_in_two_households_of_file():
    rows = two_households()
    rows[3]["身份证号码"] = rows[1]["身份证号码"]
    return members_file(rows), [
        f"{M} 第5行 身份证号码: 与第3行（户编号1）是同一身份证号码：一人只能在一户（一户一档）"
    ]


def id_stored_as_number():
    rows = two_households()
    rows[1]["身份证号码"] = 110113198005170017
    return members_file(rows), [
        f"{M} 第3行 身份证号码: 身份证号码被Excel存成了数字，末几位会丢失；请把该列设为“文本”后重新输入"
    ]


def missing_columns():
    headers = [h for h in HEADERS if h not in ("身份证号码", "与申请人关系")]
    return members_file(two_households(), headers), [f"{M} 第1行: 缺少列：身份证号码、与申请人关系"]


def unknown_column():
    rows = two_households()
    rows[0]["备注"] = "x"
    return members_file(rows, [*HEADERS, "备注"]), [f"{M} 第1行 备注: 未知的列名"]


def duplicate_column():
    return members_file(two_households(), [*HEADERS, "姓名"]), [f"{M} 第1行 姓名: 列名重复（与G列）"]


def data_without_header():
    rows = table(two_households())
    rows[2].append("多出来的")
    return to_xlsx({M: rows}), [f"{M} 第1行: N列有数据但没有列名（见第3行）"]


def empty_file():
    return b"", ["文件是空的"]


def headers_only():
    return members_file([]), [f"{M}: 没有可导入的家庭：“家庭成员”表没有数据行"]


def empty_csv():
    return to_csv([HEADERS]), ["没有可导入的家庭：“家庭成员”表没有数据行"]


def missing_key():
    rows = two_households()
    rows[1]["户编号"] = ""
    return members_file(rows), [f"{M} 第3行 户编号: 必填（同一户的各行填相同的户编号）"]


def household_columns_disagree():
    rows = two_households()
    rows[1]["地区代码"] = "110113001002"
    return members_file(rows), [
        f"{M} 第3行 地区代码: 与第2行不一致：同一户的家庭信息应相同（以申请人所在行为准）"
    ]


def unknown_region():
    rows = two_households()
    rows[2]["地区代码"] = "110113999999"
    return members_file(rows), [f"{M} 第4行 地区代码: 地区代码“110113999999”不存在"]


def missing_area_type():
    rows = two_households()
    rows[2]["申请类别"] = ""
    return members_file(rows), [f"{M} 第4行 申请类别: 必填"]


def bad_phone():
    rows = two_households()
    rows[0]["联系电话"] = "138-abc"
    return members_file(rows), [f"{M} 第2行 联系电话: 电话号码只能包含数字和“-”"]


def disability_grade_missing():
    rows = two_households()
    rows[1].update({"健康状况": "残疾", "残疾类别": "肢体"})
    return members_file(rows, [*HEADERS, "残疾类别", "残疾等级"]), [f"{M} 第3行 残疾等级: 必填"]


def bad_disability_grade():
    rows = two_households()
    rows[1].update({"残疾类别": "肢体", "残疾等级": "五级"})
    return members_file(rows, [*HEADERS, "残疾类别", "残疾等级"]), [
        f"{M} 第3行 残疾等级: “五级”不是残疾等级，应为1到4级"
    ]


def income_in_two_columns():
    rows = two_households()
    rows[0].update({"收入金额(元)": "1000", "收入周期": "年"})
    return members_file(rows, [*HEADERS, "收入金额(元)", "收入周期"]), [
        f"{M} 第2行 月收入(元): 与“收入金额(元)”只能填一项"
    ]


def house_of_unknown_household():
    houses = table(
        [{"户编号": "9", "建筑面积(平方米)": "50", "房屋性质": "自有私房"}],
        ["户编号", "建筑面积(平方米)", "房屋性质"],
    )
    return members_file(two_households(), 房屋=houses), ["房屋 第2行 户编号: 户编号“9”在“家庭成员”表中没有"]


def house_without_area_and_bad_date():
    houses = table(
        [{"户编号": "2", "房屋性质": "自有私房", "购建时间": "去年"}],
        ["户编号", "建筑面积(平方米)", "房屋性质", "购建时间"],
    )
    return members_file(two_households(), 房屋=houses), [
        "房屋 第2行 购建时间: “去年”不是日期（如2015-06-01，或只填年月2015-06）",
        "房屋 第2行 建筑面积(平方米): 必填",
    ]


def negative_vehicle_price():
    vehicles = table(
        [{"户编号": "1", "类型": "汽车", "购买金额(元)": "-5"}], ["户编号", "类型", "购买金额(元)"]
    )
    return members_file(two_households(), 车辆船舶=vehicles), ["车辆船舶 第2行 购买金额(元): 金额不能为负数"]


def obligor_supports_nobody_in_household():
    stranger = pid()
    obligors = table(
        [
            {
                "户编号": "1",
                "姓名": "王大",
                "身份证号码": pid(),
                "关系": "儿子",
                "被赡养人身份证号码": stranger,
                "户籍地代码": "110105",
            }
        ],
        ["户编号", "姓名", "身份证号码", "关系", "被赡养人身份证号码", "户籍地代码"],
    )
    return members_file(two_households(), 赡养人=obligors), [
        f"赡养人 第2行 被赡养人身份证号码: “{stranger}”不是本户（户编号1）成员的身份证号码"
    ]


def obligor_bad_hukou_region():
    obligors = table(
        [{"户编号": "1", "姓名": "王大", "身份证号码": pid(), "关系": "儿子", "户籍地代码": "北京"}],
        ["户编号", "姓名", "身份证号码", "关系", "户籍地代码"],
    )
    return members_file(two_households(), 赡养人=obligors), [
        "赡养人 第2行 户籍地代码: 应为6位县级行政区划代码"
    ]


def unknown_sheet():
    return members_file(two_households(), 其他=[["a"], ["b"]]), [
        "其他: 未知的工作表，可用的工作表为：家庭成员、房屋、车辆船舶、赡养人"
    ]


def old_xls():
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, [
        "不支持旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx后再导入"
    ]


def broken_xlsx():
    return b"PK\x03\x04garbage", None


def csv_row_without_sheet_name():
    rows = two_households()
    rows[3]["婚姻状况"] = "分居"
    return to_csv(table(rows)), ["第5行 婚姻状况: “分居”不是有效值，可选：未婚、已婚、离异、丧偶"]


CASES = [
    bad_check_digit,
    short_id,
    negative_income,
    text_in_money,
    bad_health_code,
    bad_occupation_code,
    bad_relation_code,
    no_applicant,
    two_applicants,
    same_person_twice_in_household,
    same_person_in_two_households_of_file,
    id_stored_as_number,
    missing_columns,
    unknown_column,
    duplicate_column,
    data_without_header,
    empty_file,
    headers_only,
    empty_csv,
    missing_key,
    household_columns_disagree,
    unknown_region,
    missing_area_type,
    bad_phone,
    disability_grade_missing,
    bad_disability_grade,
    income_in_two_columns,
    house_of_unknown_household,
    house_without_area_and_bad_date,
    negative_vehicle_price,
    obligor_supports_nobody_in_household,
    obligor_bad_hukou_region,
    unknown_sheet,
    old_xls,
    broken_xlsx,
    csv_row_without_sheet_name,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_gives_exact_message_and_writes_nothing(case, users, nothing_written):
    data, expected = case()
    with nothing_written():
        result = do_import_households(users["sy_worker"], data)
    assert not result.ok
    assert result.households == []
    report = [str(p) for p in result.problems]
    if expected is None:
        assert len(report) == 1 and report[0].startswith("无法读取Excel文件")
    else:
        assert report == expected


def test_every_bad_row_is_reported_in_file_order(users, nothing_written):
    rows = two_households() + household_rows("3")
    rows[5]["健康状况"] = "很好"
    good = rows[0]["身份证号码"]
    rows[0]["身份证号码"] = good[:17] + ("0" if good[17] != "0" else "1")
    rows[3]["月收入(元)"] = "abc"
    houses = table(
        [{"户编号": "3", "建筑面积(平方米)": "0", "房屋性质": "豪宅"}],
        ["户编号", "建筑面积(平方米)", "房屋性质"],
    )
    with nothing_written():
        result = do_import_households(users["sy_worker"], members_file(rows, 房屋=houses))
    assert [str(p) for p in result.problems] == [
        f"{M} 第2行 身份证号码: 校验位应为{check_digit(good[:17])}",
        f"{M} 第5行 月收入(元): “abc”不是金额",
        f"{M} 第7行 健康状况: “很好”不是有效值，可选：健康、一般、残疾、患病",
        "房屋 第2行 房屋性质: “豪宅”不是有效值，可选：自有私房、租用公房、租用私房、临时搭建房、借住房、其他",
        "房屋 第2行 建筑面积(平方米): 面积应大于0",
    ]
    assert [(p.sheet, p.row, p.column, p.letter) for p in result.problems][0] == (M, 2, "身份证号码", "H")


def test_a_good_file_after_a_bad_one_imports(users):
    rows = two_households()
    rows[1]["健康状况"] = "很好"
    assert not do_import_households(users["sy_worker"], members_file(rows)).ok
    rows[1]["健康状况"] = "一般"
    result = do_import_households(users["sy_worker"], members_file(rows))
    assert result.ok, result.report()
    assert result.counts["households"] == 2
