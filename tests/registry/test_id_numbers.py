"""GB 11643 ID numbers: check digit, birth date, sex (issue 2 item 5)."""

import datetime as dt

import pytest

from jiuzhu.idnumber import IdNumberError, check_digit, make_id_number, mask_id_number, parse_id_number


def test_r_reg_02_valid_id_number_gives_birth_date_and_sex():
    info = parse_id_number("11011319810722002X")
    assert info.birth_date == dt.date(1981, 7, 22)
    assert info.sex == "F"
    assert parse_id_number("110113197903150013").sex == "M"


def test_r_reg_02_check_digit_error_names_the_expected_digit():
    # 1101131979031500 1 + check digit 3 is valid; with 4 the message says it should be 3.
    with pytest.raises(IdNumberError, match="校验位应为3"):
        parse_id_number("110113197903150014")


def test_r_reg_02_check_digit_x_is_computed_by_hand():
    # Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over 11011319810722002:
    # 7+9+0+5+8+12+2+9+48+3+0+63+20+10+0+0+4 = 200; 200 mod 11 = 2; "10X98765432"[2] = "X".
    assert check_digit("11011319810722002") == "X"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("11011319790315001", "18位"),
        ("1101131979031500A3", "前17位"),
        ("110113197902300013", "不是有效日期"),
        ("110113209901010013", "不合理"),
    ],
)
def test_r_reg_02_malformed_id_numbers_say_what_is_wrong(number, message):
    with pytest.raises(IdNumberError, match=message):
        parse_id_number(number)


def test_made_id_numbers_are_valid_and_masked_in_lists():
    number = make_id_number("110105", dt.date(1990, 1, 2), 17, "F")
    assert parse_id_number(number).sex == "F"
    assert mask_id_number("110113197903150013") == "110113********0013"
