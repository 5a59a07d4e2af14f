"""R-REG-11: a person already an active member of another household is refused, naming that household."""

from __future__ import annotations

from transfer_helpers import household_rows, table, to_xlsx

from jiuzhu.registry.actions import do_close_household
from jiuzhu.transfer.actions import do_import_households


def test_r_reg_11_id_number_active_in_another_household_names_it(users, make_household, nothing_written):
    existing = make_household()
    taken = existing.members.get(relation="spouse").id_number
    rows = household_rows("1") + household_rows("2")
    rows[3]["身份证号码"] = taken
    with nothing_written():
        result = do_import_households(users["sy_worker"], to_xlsx({"家庭成员": table(rows)}))
    assert [str(p) for p in result.problems] == [
        f"家庭成员 第5行 身份证号码: 已是家庭{existing.number}的在册成员（一户一档）"
    ]


def test_r_reg_11_member_of_a_closed_household_may_be_imported(users, make_household):
    existing = make_household()
    taken = existing.members.get(relation="spouse").id_number
    do_close_household(None, existing, "迁出")
    rows = household_rows("1")
    rows[1]["身份证号码"] = taken
    result = do_import_households(users["sy_worker"], to_xlsx({"家庭成员": table(rows)}))
    assert result.ok, result.report()
