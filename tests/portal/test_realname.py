"""R-FLOW-01 (online application) with the real-name check: the ID number and name are checked through the
pluggable public-security backend (jiuzhu.portal.realname); anything but a confirmed match is refused with a
message naming the field, and nothing is written."""

import pytest
from django.contrib.auth import get_user_model

from jiuzhu.core.models import AuditEvent
from jiuzhu.portal import auth, realname
from tests.factories import new_id

pytestmark = pytest.mark.django_db


class Broken:
    def check(self, name, id_number):
        raise TimeoutError("public-security service timed out")


class Unavailable:
    def check(self, name, id_number):
        return realname.Result(realname.UNAVAILABLE, "test")


def applicants():
    return get_user_model().objects.filter(role="applicant").count()


def test_r_flow_01_development_backend_checks_the_check_digit_and_the_name_list(settings, tmp_path):
    listed, other = new_id(), new_id()
    settings.PORTAL_REALNAME_NAMES = {listed: "刘芳"}
    csv = tmp_path / "names.csv"
    csv.write_text(f"{other},陈静\n", encoding="utf-8")
    settings.PORTAL_REALNAME_FILE = str(csv)
    b = realname.DevelopmentBackend()
    assert b.check("刘芳", listed).verdict == realname.MATCH
    assert b.check("刘红", listed).verdict == realname.MISMATCH
    assert b.check("陈静", other).verdict == realname.MATCH
    wrong_digit = listed[:-1] + ("0" if listed[-1] != "0" else "1")
    assert b.check("刘芳", wrong_digit).verdict == realname.NOT_FOUND
    settings.PORTAL_REALNAME_DEV_STRICT = True
    assert b.check("王五", new_id()).verdict == realname.NOT_FOUND
    settings.PORTAL_REALNAME_DEV_STRICT = False
    assert b.check("王五", new_id()).verdict == realname.MATCH  # the demo: anyone may try


def test_r_flow_01_registration_refused_on_a_mismatch_names_the_field(client, settings, demo):
    number = new_id()
    settings.PORTAL_REALNAME_NAMES = {number: "刘芳"}
    session = client.session
    session["portal_verified_phone"] = "13700000021"
    session.save()
    r = client.post("/portal/register/", {"name": "刘红", "id_number": number})
    page = r.content.decode()
    assert "姓名：姓名与公安部门登记的身份信息不一致" in page
    assert f'value="{number}"' in page and 'value="刘红"' in page  # what was typed is kept
    assert applicants() == 0
    r = client.post("/portal/register/", {"name": "刘芳", "id_number": number})
    assert r.status_code == 302 and applicants() == 1
    user = get_user_model().objects.get(role="applicant")
    event = AuditEvent.objects.get(action="portal.account_create", object_id=str(user.pk))
    assert event.after["realname_checked_by"] == "development"


def test_r_flow_01_not_found_and_unavailable_are_refused(settings, demo):
    settings.PORTAL_REALNAME_DEV_STRICT = True
    with pytest.raises(auth.Refused) as e:
        auth.do_register("13700000022", name="王五", id_number=new_id())
    assert e.value.field == "id_number" and "未查到" in e.value.message
    settings.PORTAL_REALNAME_DEV_STRICT = False
    for backend in ("tests.portal.test_realname.Broken", "tests.portal.test_realname.Unavailable"):
        settings.PORTAL_REALNAME_BACKEND = backend
        with pytest.raises(auth.Refused) as e:
            auth.do_register("13700000022", name="王五", id_number=new_id())
        assert e.value.field == "id_number" and "暂时无法核验" in e.value.message
    assert applicants() == 0
