"""R-FLOW-01: a village cadre or social worker applies on someone's behalf, recorded as such; the person
finds the application in his own account once he has one."""

import pytest

from jiuzhu.core.models import AuditEvent
from jiuzhu.portal import actions as a
from jiuzhu.portal.auth import Refused, do_register
from jiuzhu.portal.models import Consent
from tests.factories import new_id

pytestmark = pytest.mark.django_db


def test_r_flow_01_agent_application_is_recorded_with_the_agent_and_capacity(users):
    worker = users["sy_worker"]
    number = new_id()
    app = a.do_start(
        worker,
        "dibao",
        region_code="110113001001",
        applicant_name="赵老汉",
        applicant_id_number=number,
        phone="13600000001",
        agent_capacity="village_cadre",
    )
    assert (app.agent, app.agent_capacity, app.applicant, app.applicant_id_number) == (
        worker,
        "village_cadre",
        None,
        number,
    )
    event = AuditEvent.objects.get(action="portal.start", object_id=str(app.pk))
    assert event.actor == worker and event.note == "代为申请"
    # the agent fills it in: consents recorded by him for the member
    a.do_consent(worker, app, number, Consent.Method.PRINTED)
    a.do_submit(worker, app)
    # the person registers later and sees it
    user = do_register("13600000001", name="赵老汉", id_number=number)
    assert list(a.applications_for(user)) == [app]


def test_agent_input_is_checked_by_field(users):
    worker = users["sy_worker"]
    good = new_id()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    cases = [
        ({"agent_capacity": ""}, "agent_capacity"),
        ({"applicant_name": ""}, "applicant_name"),
        ({"applicant_id_number": bad}, "applicant_id_number"),
        ({"region_code": "110105001001"}, "region"),  # 朝阳区: not the agent's area
    ]
    for change, field in cases:
        kwargs = {
            "region_code": "110113001001",
            "applicant_name": "赵老汉",
            "applicant_id_number": good,
            "agent_capacity": "social_worker",
            **change,
        }
        with pytest.raises(Refused) as e:
            a.do_start(worker, "dibao", **kwargs)
        assert e.value.field == field, change
    from jiuzhu.portal.models import PortalApplication

    assert PortalApplication.objects.count() == 0


def test_agent_page_names_the_field(client, users):
    client.force_login(users["sy_worker"])
    good = new_id()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    r = client.post(
        "/portal/work/agent/",
        {
            "programme": "dibao",
            "agent_capacity": "village_cadre",
            "applicant_name": "赵老汉",
            "applicant_id_number": bad,
            "region": "110113001001",
        },
    )
    assert f"申请人身份证号码：校验位应为{good[17]}" in r.content.decode()


def test_roles_without_write_cannot_apply_on_behalf(users):
    with pytest.raises(Refused) as e:
        a.do_start(
            users["auditor"],
            "dibao",
            region_code="110113001001",
            applicant_name="赵老汉",
            applicant_id_number=new_id(),
            agent_capacity="other",
        )
    assert e.value.field == "programme"


def test_another_agent_cannot_reach_the_application(client, users):
    app = a.do_start(
        users["sy_worker"],
        "temporary",
        region_code="110113001001",
        applicant_name="赵老汉",
        applicant_id_number=new_id(),
        agent_capacity="social_worker",
    )
    client.force_login(users["cy_worker"])
    assert client.get(f"/portal/a/{app.pk}/").status_code == 404
    assert client.get(f"/portal/work/{app.pk}/").status_code == 404
