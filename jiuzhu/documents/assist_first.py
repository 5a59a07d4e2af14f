"""R-DOC-18 临时救助先行救助登记表: the record of an assist-first (先行救助) temporary case.

民发〔2018〕23号 二(二): after the emergency has eased, 登记救助对象、救助事由、救助金额等信息，补齐经办人员签字、
盖章手续. The builder reads the registration fields of jiuzhu.temporary's TemporaryCase (filled in by
do_record_registration); the missing ones make the 422 list (kinds.py "assist_first"). The officer's
signature and the unit's seal are put on the printed record by hand: blank areas here.
"""

from __future__ import annotations

from typing import Any

from jiuzhu.registry.money import yuan

from .context import region_chain, ymd


def township_government(name: str) -> str:
    """胜利街道 -> 胜利街道办事处, 某某镇 -> 某某镇人民政府: the body that seals, not the area."""
    if name.endswith("街道"):
        return name + "办事处"
    if name.endswith(("镇", "乡")):
        return name + "人民政府"
    return name


def implementing_unit(case, regions: dict[str, str]) -> str:
    """The unit that gave the help and seals the record: the township (街道) when it approved on the
    county's delegation, else the county civil-affairs department (R-FLOW-20); blank before approval."""
    if case.approval_level == "township":
        return township_government(regions["township"])
    if case.approval_level == "county":
        return f"{regions['county']}民政局" if regions["county"] else ""
    return ""


def assist_first_context(case) -> dict[str, Any]:
    household = case.household
    regions = region_chain(household.region)
    first = next((h for h in case.handouts.all() if h.given_on == case.paid_first_on), None)
    if first is not None:
        quantity = f"（{first.quantity}）" if first.quantity else ""
        handout = f"{first.get_form_display()}：{first.what}{quantity}，领取人{first.recipient}"
    else:
        handout = ""
    return {
        "case": {
            "number": case.number,
            "household_number": household.number,
            "type": case.get_case_type_display(),
            "event": case.get_event_kind_display(),
            "event_date": ymd(case.event_date),
            "event_place": case.event_place,
            "township": regions["township"],
            "county": regions["county"],
            "approval_level": case.get_approval_level_display() if case.approval_level else "",
        },
        "reg": {
            "recipient": case.reg_recipient,
            "reason": case.reg_reason,
            # 0 is not an amount: the case page counts it as missing too (TemporaryCase.missing_registration)
            "amount": yuan(case.reg_amount_fen) if case.reg_amount_fen else "",
            "date": ymd(case.paid_first_on),
            "handout": handout,
            "officer": case.reg_officer,
            "regularised": ymd(case.regularised_on),
            "unit": implementing_unit(case, regions),
        },
    }


def load_case(user, pk):
    """The assist-first case in the user's scope (the temporary app's own rule); None otherwise."""
    from jiuzhu.temporary.actions import cases_for

    return (
        cases_for(user)
        .filter(pk=pk, assist_first=True)
        .select_related("household__region__parent__parent__parent__parent")
        .prefetch_related("handouts")
        .first()
    )
