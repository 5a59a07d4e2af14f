"""R-REG-07 / R-SUP-01: a member or supporter of an applying household who is on the staff register (经办人员,
村干部) while the household's near-relative flag is not set."""

import pytest

from jiuzhu.payments.models import StaffRegisterEntry

pytestmark = pytest.mark.django_db


def staff(id_number, active=True):
    return StaffRegisterEntry.objects.create(
        name="王立新", id_number=id_number, kind="village_cadre", active=active
    )


def test_r_sup_01_staff_member_in_an_unflagged_household_is_a_warning(make_household, case_row, found):
    h = make_household()
    case_row("submitted", household=h)
    spouse = h.members.get(relation="spouse")
    staff(spouse.id_number)
    hits = found("staff_relative_unflagged")
    assert [(s, hid) for s, hid, _d in hits] == [(f"h:{h.pk}", h.pk)]
    assert spouse.id_number not in hits[0][2] and spouse.id_number[:6] in hits[0][2]  # masked


def test_r_sup_01_flagged_household_inactive_entry_or_no_case_is_not(make_household, case_row, found):
    flagged = make_household(near_relative_of_staff=True)
    case_row("active", household=flagged)
    staff(flagged.applicant.id_number)
    left = make_household()
    case_row("active", household=left)
    staff(left.applicant.id_number, active=False)  # no longer on the register
    no_case = make_household()
    staff(no_case.applicant.id_number)  # registered, but no application
    refused = make_household()
    case_row("refused", household=refused)
    staff(refused.applicant.id_number)
    assert found("staff_relative_unflagged") == []


def test_r_sup_01_supporter_living_elsewhere_counts_too(make_household, case_row, found):
    from tests.factories import new_id

    idn = new_id()
    h = make_household(
        obligors=[
            {
                "name": "张大山",
                "id_number": idn,
                "relation": "儿子",
                "supports": "m1",
                "hukou_region": "110113",
            }
        ]
    )
    case_row("active", household=h)
    staff(idn)
    assert [s for s, _h, _d in found("staff_relative_unflagged")] == [f"h:{h.pk}"]
