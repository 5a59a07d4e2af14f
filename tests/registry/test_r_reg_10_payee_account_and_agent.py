"""R-REG-10: for every payee, the account at the agent financial institution as the payee supplied it; for a
payee who cannot withdraw, also the guardian, entrusted carer or agent the payee named [民发〔2019〕139号 二(三)]."""

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.registry.actions import do_set_payee_account
from jiuzhu.registry.documents import ValidationFailed
from jiuzhu.registry.models import PayeeAccount
from tests.factories import new_id


def _applicant(household):
    return household.members.get(relation="applicant")


def test_r_reg_10_account_is_stored_as_supplied(make_household, users):
    member = _applicant(make_household())
    do_set_payee_account(
        users["sy_worker"],
        member,
        {"bank": "北京农商银行顺义支行", "account_number": "6228 4800-1234 5678 901"},
    )
    account = PayeeAccount.objects.get(member=member)
    assert account.bank == "北京农商银行顺义支行"
    # Spaces and hyphens as written on a card are not part of the number.
    assert account.account_number == "6228480012345678901"
    assert account.agent_name == "" and account.agent_id_number == ""
    event = AuditEvent.objects.get(action="member.account")
    # 19 digits: 15 masked, the last four shown; the full number is not in the audit log.
    assert event.after["account_number"] == "*" * 15 + "8901"


def test_r_reg_10_agent_of_a_payee_who_cannot_withdraw_is_stored(make_household, users):
    member = _applicant(make_household())
    agent_id = new_id(sex="F")
    do_set_payee_account(
        users["sy_worker"],
        member,
        {
            "bank": "中国邮政储蓄银行",
            "account_number": "62210012345678",
            "agent_name": "李秀兰",
            "agent_id_number": agent_id,
        },
    )
    account = PayeeAccount.objects.get(member=member)
    assert (account.agent_name, account.agent_id_number) == ("李秀兰", agent_id)


def test_r_reg_10_correction_replaces_the_account_and_is_audited(make_household, users):
    member = _applicant(make_household())
    do_set_payee_account(users["sy_worker"], member, {"bank": "甲银行", "account_number": "11112222333344"})
    do_set_payee_account(users["sy_worker"], member, {"bank": "乙银行", "account_number": "55556666777788"})
    assert PayeeAccount.objects.filter(member=member).count() == 1
    assert PayeeAccount.objects.get(member=member).bank == "乙银行"
    last = AuditEvent.objects.filter(action="member.account").order_by("-id").first()
    assert last.before == {"bank": "甲银行", "account_number": "**********3344"}
    assert last.after == {"bank": "乙银行", "account_number": "**********7788"}


@pytest.mark.parametrize(
    "data,field",
    [
        ({"bank": "", "account_number": "62210012345678"}, "bank"),
        ({"bank": "甲银行", "account_number": "6221"}, "account_number"),
        ({"bank": "甲银行", "account_number": "6221ABCD345678"}, "account_number"),
        ({"bank": "甲银行", "account_number": "62210012345678", "agent_name": "李秀兰"}, "agent_id_number"),
        (
            {"bank": "甲银行", "account_number": "62210012345678", "agent_id_number": "11011319800517000"},
            "agent_id_number",
        ),
    ],
)
def test_r_reg_10_bad_account_or_agent_is_refused_naming_the_field(make_household, users, data, field):
    member = _applicant(make_household())
    with pytest.raises(ValidationFailed) as e:
        do_set_payee_account(users["sy_worker"], member, data)
    assert field in [p for p, _m in e.value.problems.items]
    assert not PayeeAccount.objects.filter(member=member).exists()
