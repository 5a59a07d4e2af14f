"""R-REG-02: the problems of an ID number (jiuzhu.idnumber, pure Python and Chinese) reach the user in the
language of the request; registry.documents translates them where it reports them."""

from __future__ import annotations

import pytest
from django.utils import translation

from jiuzhu.registry.actions import do_create_household
from jiuzhu.registry.documents import ValidationFailed
from tests.factories import household_doc


def id_problem(number) -> str:
    doc = household_doc()
    doc["members"][0]["id_number"] = number
    with pytest.raises(ValidationFailed) as e:
        do_create_household(None, doc)
    return dict(e.value.problems.items)["members[0].id_number"]


@pytest.mark.parametrize(
    ("number", "chinese", "english"),
    [
        # the right check digit of 11011319790315001 is 3 (as in test_household_validation.py)
        ("110113197903150014", "校验位应为3", "The check digit should be 3"),
        ("11011319790315", "身份证号码应为18位，实为14位", "The ID number should have 18 characters, not 14"),
        (
            "1101131979031500A3",
            "身份证号码前17位应为数字，第18位应为数字或X",
            "The first 17 characters of the ID number should be digits, the 18th a digit or X",
        ),
        (
            "110113197902300013",
            "出生日期19790230不是有效日期",
            "The date of birth 19790230 is not a valid date",
        ),
        ("110113188001010013", "出生日期1880-01-01不合理", "The date of birth 1880-01-01 is not plausible"),
        (1101131979, "身份证号码应为18位字符串", "The ID number should be a string of 18 characters"),
    ],
)
def test_r_reg_02_id_number_problem_in_the_language_of_the_request(demo, number, chinese, english):
    with translation.override("zh-hans"):
        assert id_problem(number) == chinese
    with translation.override("en"):
        assert id_problem(number) == english
