"""R-PAY-05 / R-FLOW-10: a household deregistered, an applicant gone (death, moving away) or more persons
counted than live in the household, while the 低保 case is still being paid."""

import pytest

from jiuzhu.registry.models import Household, Member

pytestmark = pytest.mark.django_db


def test_r_pay_05_counted_persons_above_living_members(make_household, case_row, found):
    h = make_household(members=3)
    app = case_row("active", household=h, opinion_persons=3)
    Member.objects.filter(household=h, relation="child").update(active=False)  # the child has moved away
    assert found("departed_still_paid") == [
        (f"case:{app.pk}:persons", h.pk, "保障人数3人，家庭在册共同生活成员仅2人")
    ]


def test_r_pay_05_applicant_gone_and_household_closed(make_household, case_row, found):
    a = make_household()
    app_a = case_row("phase_out", household=a, opinion_persons=1)
    Member.objects.filter(household=a, relation="applicant").update(active=False)
    b = make_household()
    app_b = case_row("active", household=b)
    Household.objects.filter(pk=b.pk).update(active=False)
    assert sorted(s for s, _h, _d in found("departed_still_paid")) == sorted(
        [f"case:{app_a.pk}:applicant", f"case:{app_b.pk}:household"]
    )


def test_r_pay_05_not_when_the_case_is_stopped_or_all_are_present(make_household, case_row, found):
    h = make_household(members=2)
    case_row("active", household=h, opinion_persons=2)  # two counted, two living
    s = make_household()
    case_row("stopped", household=s, opinion_persons=2)
    Member.objects.filter(household=s, relation="applicant").update(active=False)  # stopped: not paid
    assert found("departed_still_paid") == []
