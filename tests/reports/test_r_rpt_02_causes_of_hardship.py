"""R-RPT-02 (总工发〔2016〕7号 三(一)1; 总工办发〔2020〕13号 附件 四.1(3)): causes of hardship by kind, with no
double counting, a chart, and the list behind each number.

Hand-worked households (顺义, filed by the base union), archives active unless said:
  A  applicant ill, an education expense                          → 因病 + 因学 → 多种致困因素
  B  spouse with a visual disability (grade 2)                     → 因残 only
  C  a medical expense of the applicant                            → 因病 only
  D  nothing (an employed applicant with a wage)                   → 未登记致困因素
  E  category accident, the applicant laid off                     → 意外致困 + 下岗失业 → 多种
  F  a rent expense, archive still waiting for the help centre     → not in file, not counted
Households having each kind: 因病 2 (A, C), 因残 1, 因学 1, 住房 0, 下岗失业 1, 意外致困 1 (sum 6 > 5 households).
Partition: 因病 1 (C), 因残 1 (B), 多种 2 (A, E), 未登记 1 (D), others 0; total 5 = the households in file."""

from __future__ import annotations

import re

from jiuzhu.registry.actions import do_create_household
from tests.factories import household_doc


def _household(*, applicant=None, spouse=None):
    doc = household_doc(union_org="U110113-B01")
    doc["members"][0].update(applicant or {})
    doc["members"][1].update(spouse or {})
    return do_create_household(None, doc)


def _total(html: str) -> int:
    return int(re.search(r'id="total">共 (\d+) 户', html).group(1))


def test_r_rpt_02_causes_by_kind_no_double_counting(archive_at, as_user):
    medical = {"kind": "medical", "amount": "300.00", "per": "month"}
    school = {"kind": "education", "amount": "200.00", "per": "month"}
    rent = {"kind": "housing_rent", "amount": "800.00", "per": "month"}
    archive_at("active", "deep", _household(applicant={"health": "ill", "expenses": [school]}))  # A
    archive_at(
        "active", "relative", _household(spouse={"disability": {"category": "visual", "grade": 2}})
    )  # B
    archive_at("active", "deep", _household(applicant={"expenses": [medical]}))  # C
    archive_at("active", "deep", _household())  # D
    archive_at("active", "accident", _household(applicant={"laid_off": True}))  # E
    archive_at("centre_review", "deep", _household(applicant={"expenses": [rent]}))  # F

    client = as_user("union_worker")
    data = client.get("/api/reports/workers").json()
    causes = next(s for s in data["sections"] if s["title"] == "致困原因")
    assert causes["requirement"] == "R-RPT-02"
    rows = {r[0]: r[1:] for r in causes["rows"]}
    assert rows == {
        "因病": [2, 1],
        "因残": [1, 1],
        "因学": [1, 0],
        "住房困难（租房）": [0, 0],
        "下岗失业": [1, 0],
        "意外致困": [1, 0],
        "多种致困因素": ["—", 2],
        "未登记致困因素": ["—", 1],
        "在档家庭合计（不重复）": ["—", 5],
    }
    assert sum(r[2] for r in causes["rows"][:-1]) == 5  # the partition adds up to the households in file
    pie = dict(zip(causes["chart"]["categories"], causes["chart"]["series"][0]["data"], strict=True))
    assert pie["多种致困因素"] == 2 and sum(pie.values()) == 5

    # every number links to the list of exactly those households
    page = client.get("/reports/workers/").content.decode()
    links = dict(re.findall(r'<a href="(/reports/lists/workers_[a-z_]+/[^"]*)">(\d+)</a>', page))
    assert len(links) == 15
    for url, shown in links.items():
        listed = client.get(url.replace("&amp;", "&"))
        assert listed.status_code == 200
        assert _total(listed.content.decode()) == int(shown), url
    only_ill = client.get("/reports/lists/workers_by_cause/", {"cause": "illness", "only": "1"})
    assert _total(only_ill.content.decode()) == 1 and "仅因病" in only_ill.content.decode()
    assert client.get("/reports/lists/workers_by_cause/", {"cause": "nonsense"}).status_code == 404
    # the deep category only: A, C, D
    deep = client.get("/api/reports/workers", {"programme": "deep"}).json()
    deep_rows = {r[0]: r[1:] for r in next(s for s in deep["sections"] if s["title"] == "致困原因")["rows"]}
    assert deep_rows["因病"] == [2, 1] and deep_rows["在档家庭合计（不重复）"] == ["—", 3]
