"""R-RPT-06 (民发〔2019〕87号 四): people who left poverty but whose income is unstable, from the registry.

Hand-worked, 顺义 households marked 建档立卡未脱贫 at registration, then changed through the registry's own action:
  H1 mark taken off; applicant in flexible work, income "cannot be inferred", no wage → 就业不稳定 + 无稳定收入来源
  H2 mark taken off; applicant employed with a wage of 1800.00                            → stable
  H3 mark taken off; wage, but both members only partly able to work                      → 缺乏劳动能力
  H4 still marked                                                                         → not left poverty
  H5 mark taken off and put back                                                          → not left poverty
  H6 never marked, in flexible work                                                       → not left poverty
Left poverty 3 (H1–H3); unstable income 2 (H1, H3: once each although H1 has two reasons); by reason 1, 1, 1."""

from __future__ import annotations

import re

from jiuzhu.registry.actions import do_create_household, do_update_household
from tests.factories import household_doc


def _poor(**applicant):
    doc = household_doc(flags={"registered_poor": True})
    doc["members"][0].update(applicant)
    return doc, do_create_household(None, doc)


def _set_poor(doc, household, value):
    doc = {**doc, "flags": {"registered_poor": value}}
    return doc, do_update_household(None, household, doc)


def test_r_rpt_06_left_poverty_with_unstable_income(as_user):
    flexible = {"occupation": "flexible", "incomes": [{"kind": "flexible_wage_unknown", "per": "month"}]}
    h1 = _poor(**flexible)
    h2 = _poor()
    doc3 = household_doc(flags={"registered_poor": True})
    for m in doc3["members"]:
        m["work_capacity"] = "partial"
    h3 = (doc3, do_create_household(None, doc3))
    _poor()  # H4
    h5 = _poor()
    for doc, household in (h1, h2, h3, h5):
        _set_poor(doc, household, False)
    _set_poor(*h5, True)
    doc6 = household_doc()
    doc6["members"][0].update(flexible)
    do_create_household(None, doc6)

    client = as_user("sy_approver")
    data = client.get("/api/reports/monitoring").json()
    section = next(s for s in data["sections"] if s["title"] == "已脱贫家庭收入不稳定监测")
    assert section["requirement"] == "R-RPT-06"
    assert [r[1] for r in section["rows"]] == [3, 2, 1, 1, 1]
    assert [r[0].strip("　") for r in section["rows"]] == [
        "已脱贫家庭",
        "其中：收入不稳定",
        "就业不稳定",
        "无稳定收入来源",
        "缺乏劳动能力",
    ]

    page = client.get("/reports/monitoring/").content.decode()
    links = re.findall(r'<a href="(/reports/lists/left_poverty[a-z_]*/[^"]*)">(\d+)</a>', page)
    assert len(links) == 5
    for url, shown in links:
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert int(re.search(r'id="total">共 (\d+) 户', listed).group(1)) == int(shown), url
    listed = client.get("/reports/lists/left_poverty_unstable/").content.decode()
    assert h1[1].number in listed and h3[1].number in listed and h2[1].number not in listed
    assert client.get("/reports/lists/left_poverty/", {"reason": "weak_capacity"}).status_code == 404

    # union staff have no civil-affairs scope: nothing
    union = as_user("union_worker").get("/api/reports/monitoring").json()
    assert [r[1] for r in union["sections"][-1]["rows"]] == [0, 0, 0, 0, 0]
