"""All or nothing: households are written in one transaction; a clash found while writing undoes them all."""

from __future__ import annotations

from transfer_helpers import household_rows, table, to_xlsx

from jiuzhu.registry.actions import do_create_household
from jiuzhu.registry.models import Household
from jiuzhu.transfer import actions
from jiuzhu.transfer.actions import do_import_households


def test_person_registered_between_check_and_write_rolls_back_every_household(
    users, monkeypatch, nothing_written
):
    rows = household_rows("1") + household_rows("2")
    clash = rows[3]["身份证号码"]
    real_plan = actions.plan_import

    def plan_then_someone_else_registers(data, actor):
        plan = real_plan(data, actor)
        # Another worker registers household 2's spouse after the file was checked (R-REG-11).
        doc = {
            "region": "110113001002",
            "area_type": "urban",
            "members": [{"ref": "m1", "name": "他人", "id_number": clash, "relation": "applicant"}],
        }
        plan.other = do_create_household(None, doc)
        return plan

    monkeypatch.setattr(actions, "plan_import", plan_then_someone_else_registers)
    result = do_import_households(users["sy_worker"], to_xlsx({"家庭成员": table(rows)}))
    other = Household.objects.get(members__id_number=clash)
    assert [str(p) for p in result.problems] == [
        f"家庭成员 第5行 身份证号码: 已是家庭{other.number}的在册成员（一户一档）"
    ]
    assert result.households == []
    assert list(Household.objects.all()) == [other]  # household 1 was written first, and undone


def test_check_only_writes_nothing(users, nothing_written):
    with nothing_written():
        result = do_import_households(
            users["sy_worker"], to_xlsx({"家庭成员": table(household_rows())}), dry_run=True
        )
    assert result.ok and result.counts["households"] == 1 and result.households == []
