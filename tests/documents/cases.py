"""Demo dibao cases for the document tests, written straight to the procedure tables.

The documents layer only reads these records; how the procedure writes them is tested in tests/dibao.
"""

from __future__ import annotations

import datetime as dt

from jiuzhu.core.models import Region
from jiuzhu.documents.context import load_household
from jiuzhu.registry.actions import do_create_household
from tests.documents.demo import full_household_doc


def make_case(status: str = "county_approval", region: str = "110113001001", **doc_extra):
    from jiuzhu.dibao.models import DibaoApplication, HomeVisit, VerificationRecord, VerificationReport

    hh = do_create_household(None, full_household_doc(region=region, **doc_extra))
    app = DibaoApplication.objects.create(
        household=hh,
        area_type="urban",
        applied_on=dt.date(2026, 1, 12),
        status=status,
        opinion_village="建新社区",
        opinion_persons=3,
        opinion_per_capita_fen=35000,
        opinion_household_fen=105000,
        payment_start=dt.date(2026, 3, 1),
        benefit_household_fen=105000,
        benefit_per_capita_fen=35000,
    )
    HomeVisit.objects.create(
        application=app,
        kind="intake",
        visited_on=dt.date(2026, 1, 20),
        investigators=["王明", "刘芳"],
        representative="张建国",
        findings="户主患病，配偶肢体残疾，子女在读，家庭收入低。",
        agrees=True,
        explanation="与申报一致",
        unit="胜利街道办事处",
    )
    VerificationRecord.objects.create(
        application=app,
        source="public_security",
        checked_on=dt.date(2026, 1, 15),
        consistent=True,
        result="户籍人口3人，与申报一致",
    )
    VerificationRecord.objects.create(
        application=app,
        source="banks",
        checked_on=dt.date(2026, 1, 16),
        consistent=True,
        result="存款合计3200.00元",
    )
    VerificationReport.objects.create(
        application=app,
        made_on=dt.date(2026, 1, 18),
        summary="家庭经济状况与申报一致，人均收入低于当地低保标准。",
        content={},
    )
    return app


def make_notice(app, kind: str = "refusal", **fields):
    from jiuzhu.dibao.models import Notice

    county = Region.objects.get(code=app.household.region.code[:6])
    defaults = {
        "refusal": {
            "reasons": {
                "income": {"per_capita_income": "1600.00", "standard": "1320.00"},
                "property": "拥有机动车两辆",
            }
        },
        "change": {
            "reasons": {"reason": "家庭成员张小明就业"},
            "old_household_fen": 105000,
            "new_household_fen": 60000,
            "old_per_capita_fen": 35000,
            "new_per_capita_fen": 20000,
        },
        "stop": {"reasons": {"reason": "家庭人均收入超过低保标准"}, "stop_month": dt.date(2026, 5, 1)},
    }[kind]
    defaults.update(fields)
    last = Notice.objects.filter(issuing_unit=county, year=2026).count()
    return Notice.objects.create(
        application=app,
        kind=kind,
        series="附件6" if kind == "refusal" else "附件7",
        issuing_unit=county,
        year=2026,
        number=last + 1,
        issued_on=dt.date(2026, 3, 2),
        deliverer="王明",
        delivered_on=dt.date(2026, 3, 3),
        **defaults,
    )


def reload(app):
    app.household = load_household(app.household_id)
    return app
