"""R-FLOW-01 online application: applicants log in with phone and one-time code; rate limits; real name."""

import datetime as dt

import pytest
from django.utils import timezone

from jiuzhu.portal import auth
from jiuzhu.portal.models import LoginCode
from tests.factories import new_id
from tests.portal.conftest import last_code

pytestmark = pytest.mark.django_db


def test_r_flow_01_code_login_for_an_account_the_township_made(client, applicant):
    r = client.post("/portal/login/", {"step": "send", "phone": "13900000001"})
    assert r.status_code == 200 and "短信验证码" in r.content.decode()
    r = client.post("/portal/login/", {"step": "verify", "phone": "13900000001", "code": last_code()})
    assert r.status_code == 302 and r["Location"] == "/portal/"
    page = client.get("/portal/").content.decode()
    assert "张建国" in page and applicant.first_name == "张建国"


def test_r_flow_01_code_is_stored_hashed_and_used_once(client, applicant):
    auth.send_code("13900000001")
    code = last_code()
    row = LoginCode.objects.get()
    assert code not in row.code_hash
    assert auth.check_code("13900000001", code) == "13900000001"
    with pytest.raises(auth.Refused) as e:
        auth.check_code("13900000001", code)
    assert e.value.field == "code"


def test_r_flow_01_wrong_code_is_refused_naming_the_code(client, applicant):
    client.post("/portal/login/", {"step": "send", "phone": "13900000001"})
    wrong = "000000" if last_code() != "000000" else "111111"
    r = client.post("/portal/login/", {"step": "verify", "phone": "13900000001", "code": wrong})
    assert r.status_code == 200
    assert "验证码：验证码不正确" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_rate_limit_one_code_a_minute_and_five_an_hour(applicant):
    t0 = timezone.now()
    auth.send_code("13900000001", now=t0)
    with pytest.raises(auth.Refused, match="一分钟"):
        auth.send_code("13900000001", now=t0 + dt.timedelta(seconds=30))
    for k in range(1, 5):
        auth.send_code("13900000001", now=t0 + dt.timedelta(minutes=2 * k))
    with pytest.raises(auth.Refused, match="上限"):
        auth.send_code("13900000001", now=t0 + dt.timedelta(minutes=11))
    assert LoginCode.objects.count() == 5
    auth.send_code("13900000001", now=t0 + dt.timedelta(minutes=61))  # the hour has passed


def test_rate_limit_five_tries_a_code_and_ten_wrong_an_hour_lock_the_phone(applicant):
    t0 = timezone.now()
    auth.send_code("13900000001", now=t0)
    for _ in range(5):
        with pytest.raises(auth.Refused, match="验证码不正确"):
            auth.check_code("13900000001", "999999" if last_code() != "999999" else "888888", now=t0)
    with pytest.raises(auth.Refused, match="重新获取"):
        auth.check_code("13900000001", last_code(), now=t0)  # the right code no longer works
    auth.send_code("13900000001", now=t0 + dt.timedelta(minutes=2))
    for _ in range(5):
        with pytest.raises(auth.Refused):
            auth.check_code("13900000001", "999999" if last_code() != "999999" else "888888", now=t0)
    auth.send_code("13900000001", now=t0 + dt.timedelta(minutes=4))
    with pytest.raises(auth.Refused, match="一小时后"):
        auth.check_code("13900000001", last_code(), now=t0 + dt.timedelta(minutes=4))


def test_r_flow_01_registration_checks_the_id_number_and_writes_nothing_when_wrong(client, demo):
    from django.contrib.auth import get_user_model

    client.post("/portal/login/", {"step": "send", "phone": "13700000009"})
    r = client.post("/portal/login/", {"step": "verify", "phone": "13700000009", "code": last_code()})
    assert r["Location"] == "/portal/register/"
    good = new_id()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    users_before = get_user_model().objects.count()
    r = client.post("/portal/register/", {"name": "李四", "id_number": bad})
    page = r.content.decode()
    assert f"身份证号码：校验位应为{good[17]}" in page
    assert get_user_model().objects.count() == users_before
    r = client.post("/portal/register/", {"name": "李四", "id_number": good})
    assert r.status_code == 302
    user = get_user_model().objects.get(phone="13700000009")
    assert (user.role, user.id_number, user.first_name) == ("applicant", good, "李四")


def test_r_flow_01_real_name_must_match_the_registry(household):
    with pytest.raises(auth.Refused) as e:
        auth.do_register("13700000008", name="王五", id_number=household.applicant.id_number)
    assert e.value.field == "name"


def test_township_account_only_for_its_own_households(users, other_household):
    with pytest.raises(auth.Refused) as e:
        auth.do_make_account(users["sy_worker"], other_household.applicant, "13900000003")
    assert e.value.field == "member"


def test_worker_page_makes_an_account(client, users, household):
    client.force_login(users["sy_worker"])
    r = client.post(
        "/portal/work/account/", {"id_number": household.applicant.id_number, "phone": "139-0000-0005"}
    )
    assert r.status_code == 302
    from django.contrib.auth import get_user_model

    u = get_user_model().objects.get(phone="13900000005")
    assert u.role == "applicant" and u.region == household.region
