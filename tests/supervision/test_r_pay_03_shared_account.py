"""R-PAY-03: one bank account registered as the payee account of members of two different households."""

import pytest

from jiuzhu.registry.actions import do_set_payee_account
from jiuzhu.registry.models import Household

pytestmark = pytest.mark.django_db


def account(worker, member, number):
    return do_set_payee_account(worker, member, {"bank": "北京农商银行顺义支行", "account_number": number})


def test_r_pay_03_one_account_for_two_households(make_household, worker, found):
    a, b, c = make_household(), make_household(), make_household()
    account(worker, a.applicant, "6216610000001234")
    account(worker, b.applicant, "6216610000001234")
    account(worker, c.applicant, "6216610000009999")
    hits = found("shared_account")
    assert sorted(hid for _s, hid, _d in hits) == sorted([a.pk, b.pk])
    assert hits[0][2] == "账号…1234同时是2户收款人的账户"


def test_r_pay_03_same_household_or_closed_household_is_not(make_household, worker, found):
    a = make_household()
    account(worker, a.applicant, "6216610000005555")
    account(worker, a.members.get(relation="spouse"), "6216610000005555")  # spouses of one household
    b, c = make_household(), make_household()
    account(worker, b.applicant, "6216610000007777")
    account(worker, c.applicant, "6216610000007777")
    Household.objects.filter(pk=c.pk).update(active=False)  # deregistered: not a payee any more
    assert found("shared_account") == []
