"""`jiuzhu import FILE --as USERNAME`: exit 0 when imported, 2 with the report when the input is bad."""

from __future__ import annotations

import io

from transfer_helpers import household_rows, table, to_csv, to_xlsx

from jiuzhu.registry.models import Household
from jiuzhu.transfer.cli import import_main


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = import_main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_good_file_is_imported(tmp_path, users):
    path = tmp_path / "家庭.xlsx"
    path.write_bytes(to_xlsx({"家庭成员": table(household_rows("1") + household_rows("2"))}))
    code, out, err = _run([str(path), "--as", "sy_worker"])
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "已导入2户，4名家庭成员，0处房屋，0辆车辆船舶，0名赡养人。"
    assert out.splitlines()[1:] == sorted(Household.objects.values_list("number", flat=True))


def test_bad_file_exits_2_with_the_report_and_writes_nothing(tmp_path, users):
    rows = household_rows("1")
    rows[1]["健康状况"] = "好"
    path = tmp_path / "bad.csv"
    path.write_bytes(to_csv(table(rows), encoding="gbk"))
    code, out, err = _run([str(path), "--as", "sy_worker"])
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "第3行 健康状况: “好”不是有效值，可选：健康、一般、残疾、患病",
        "共1处错误，未导入任何数据。",
    ]
    assert not Household.objects.exists()


def test_check_only(tmp_path, users):
    path = tmp_path / "a.csv"
    path.write_bytes(to_csv(table(household_rows())))
    code, out, _err = _run([str(path), "--as", "sy_worker", "--check"])
    assert code == 0 and out.startswith("检查通过（未导入）：1户")
    assert not Household.objects.exists()


def test_unknown_user_missing_file_and_read_only_role(tmp_path, users):
    path = tmp_path / "a.csv"
    path.write_bytes(to_csv(table(household_rows())))
    assert _run([str(path), "--as", "nobody"])[::2] == (2, "用户“nobody”不存在\n")
    code, _out, err = _run([str(tmp_path / "missing.csv"), "--as", "sy_worker"])
    assert code == 2 and err.startswith("无法读取文件")
    code, _out, err = _run([str(path), "--as", "sy_approver"])
    assert code == 2 and err.splitlines()[0] == "当前角色不能导入家庭信息"
