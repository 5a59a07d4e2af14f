"""R-ELIG-04: a 低保 case in phase-out passes its current household benefit to the engine
(`history.last_benefit_household`), so the decision snapshot, the household's assessment page and the API
all say that the benefit continues unchanged until the end of the period."""

import pytest
from django.utils import timezone

from jiuzhu.dibao import actions as a
from jiuzhu.registry.actions import do_update_household
from jiuzhu.registry.documents import to_document
from jiuzhu.web.assessment import assess_household
from tests.dibao.helpers import to_status

pytestmark = pytest.mark.django_db


def test_r_elig_04_phase_out_case_keeps_its_benefit_in_snapshot_page_and_api(
    application, worker, approver, users, client
):
    app = to_status(application, "active", worker, approver)
    paid = app.benefit_household_fen
    assert paid and paid > 0
    # the applicant finds a job this month: 9000.00 a month is far above the standard for two
    this_month = timezone.localdate().replace(day=1)
    doc = to_document(app.household)
    doc["members"][0]["incomes"] = [{"kind": "wage", "amount": "9000.00", "per": "month"}]
    doc["members"][0]["reemployed_since"] = this_month.isoformat()
    do_update_household(worker, app.household, doc)
    a.do_start_phase_out(approver, app, starts_on=this_month)
    app.refresh_from_db()
    assert a.case_history(app) == {
        "dibao_since": f"{app.payment_start:%Y-%m}",
        "last_benefit_household": f"{paid // 100}.{paid % 100:02d}",
        "reemployed_since": f"{this_month:%Y-%m}",
    }
    until = a.add_months(this_month, 5)  # demo phase_out_months: 6, the first month included

    a.do_reassess(approver, app, note="再就业后复核")
    d = app.snapshots.get(purpose="reassess").result["programs"]["dibao"]
    assert d["status"] == "eligible" and d["phase_out"] == {"until": f"{until:%Y-%m}"}
    assert d["benefit_household"] == a.case_history(app)["last_benefit_household"]

    page = assess_household(app.household)
    (dibao,) = [p for p in page.programmes if p.key == "dibao"]
    assert dibao.status == "eligible" and dibao.extra["phase_out_until"] == f"{until:%Y-%m}"

    client.force_login(users["sy_worker"])
    r = client.get(f"/api/households/{app.household.pk}/assessment")
    assert r.status_code == 200
    assert r.json()["programs"]["dibao"]["benefit_household"] == d["benefit_household"]
    # after the period the household is no longer eligible (the case ends through the stop notice)
    after = a.add_months(until, 1)
    d = assess_household(app.household, f"{after:%Y-%m}")
    (dibao,) = [p for p in d.programmes if p.key == "dibao"]
    assert dibao.status == "ineligible" and "phase_out_until" not in dibao.extra
