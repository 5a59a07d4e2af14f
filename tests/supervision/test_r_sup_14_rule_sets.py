"""R-SUP-14: a register of the implementing rule sets in force per union and level, linked to the local
parameters they set; a parameter change names the rule set that authorises it; provincial unions file with the
ACFTU, lower unions with the next-higher union [总工办发〔2020〕13号 第十七条; 总工发〔2018〕39号 第十七条]."""

import datetime as dt

import pytest
from django.urls import reverse

from jiuzhu.core.models import AuditEvent, LocalParameter, Region, RuleSet, UnionOrg
from jiuzhu.core.params import do_set_param
from jiuzhu.core.rulesets import (
    RuleSetRefused,
    do_file_rule_set,
    do_register_rule_set,
    do_repeal_rule_set,
)

pytestmark = pytest.mark.django_db


def _set(rule_set, **kw):
    fields = {
        "region_code": "110113",
        "key": "dibao_standard",
        "variant": "urban",
        "effective_from": dt.date(2027, 1, 1),
        "value": "1500.00",
    }
    fields.update(kw)
    return do_set_param(None, rule_set=rule_set, **fields)


def test_r_sup_14_parameter_change_names_the_rule_set_that_authorises_it(demo):
    shunyi = RuleSet.objects.get(number="顺民发〔2025〕1号")
    p = _set(shunyi)
    assert (
        p.rule_set == shunyi
        and p.citation == "示例市顺义区关于调整城乡最低生活保障等社会救助标准的通知（顺民发〔2025〕1号）"
    )
    assert AuditEvent.objects.filter(action="params.set").latest("id").after["rule_set"] == shunyi.pk
    before = LocalParameter.objects.count()
    with pytest.raises(RuleSetRefused, match="请选择授权"):
        _set(None, effective_from=dt.date(2027, 2, 1))
    with pytest.raises(RuleSetRefused, match="不适用于该地区"):  # 顺义's rules do not set 朝阳's standard
        _set(shunyi, region_code="110105")
    with pytest.raises(RuleSetRefused, match="没有规定该参数"):
        _set(shunyi, key="union_phase_out_months", variant="", value=6)
    with pytest.raises(RuleSetRefused, match="2024-12-01 不在施行期内"):  # before it took effect (2025-01-01)
        _set(shunyi, effective_from=dt.date(2024, 12, 1))
    do_repeal_rule_set(None, shunyi, repealed_on=dt.date(2027, 6, 1))
    with pytest.raises(RuleSetRefused, match="不在施行期内"):  # repealed from 2027-06-01
        _set(shunyi, effective_from=dt.date(2027, 6, 1))
    _set(shunyi, effective_from=dt.date(2027, 5, 31), value="1510.00")  # the last day it is in force
    assert LocalParameter.objects.count() == before + 1
    # the provincial union's rules set the union phase-out for every county below it (顺义 and 朝阳)
    beijing = RuleSet.objects.get(number="京工发〔2021〕3号")
    assert (
        _set(beijing, region_code="110105", key="union_phase_out_months", variant="", value=6).rule_set
        == beijing
    )


def test_r_sup_14_filing_with_the_acftu_or_the_next_higher_union(demo):
    def made_by(code, **kw):
        return do_register_rule_set(
            None,
            title="送温暖资金使用管理实施办法",
            kind="warmth",
            union=UnionOrg.objects.get(code=code),
            effective_from=dt.date(2026, 1, 1),
            **kw,
        )

    assert made_by("U110000").files_with().code == "ACFTU"  # provincial union -> ACFTU
    assert made_by("U110113").files_with().code == "U110000"  # county union -> provincial union
    assert made_by("U110113-001").files_with().code == "U110113"  # street union -> county union
    rs = made_by("U110105", keys=["union_phase_out_months"])
    do_file_rule_set(None, rs, filed_on=dt.date(2026, 1, 20))
    rs.refresh_from_db()
    assert (rs.filed_with.code, rs.filed_on) == ("U110000", dt.date(2026, 1, 20))
    civil = do_register_rule_set(
        None,
        title="低保标准通知",
        kind="assistance",
        region=Region.objects.get(code="110105"),
        effective_from=dt.date(2026, 1, 1),
        keys=["dibao_standard"],
    )
    assert civil.files_with() is None
    with pytest.raises(RuleSetRefused, match="无需向上级工会备案"):
        do_file_rule_set(None, civil, filed_on=dt.date(2026, 1, 20))
    with pytest.raises(RuleSetRefused, match="未知参数"):
        made_by("U110105", keys=["no_such_parameter"])
    with pytest.raises(RuleSetRefused, match="二者选一"):
        do_register_rule_set(None, title="x", kind="warmth", effective_from=dt.date(2026, 1, 1))


def test_r_sup_14_register_page_per_union_and_level_with_the_parameters_set(client, users):
    client.force_login(users["sy_worker"])
    page = client.get(reverse("supervision:rulesets"), {"on": "2026-12-07"}).content.decode()
    assert (
        "示例市顺义区关于调整城乡最低生活保障等社会救助标准的通知" in page
        and "北京市总工会困难职工解困脱困实施细则" in page
    )
    assert "省总工会" in page and "县（市、区）" in page  # the level of each issuer
    assert "2021-02-01 报中华全国总工会备案" in page  # the provincial union's filing
    assert "顺义区 最低生活保障标准（城市） 2025-01-01 起" in page  # the demo values it sets, linked
    assert "困难职工脱困渐退期" in page and "dibao_standard" not in page
    shunyi = RuleSet.objects.get(number="顺民发〔2025〕1号")
    do_repeal_rule_set(None, shunyi, repealed_on=dt.date(2026, 7, 1))
    page = client.get(reverse("supervision:rulesets"), {"on": "2026-12-07"}).content.decode()
    assert "顺民发〔2025〕1号" not in page  # not in force on that day
    page = client.get(reverse("supervision:rulesets"), {"on": "2026-12-07", "all": "1"}).content.decode()
    assert "2026-07-01 废止" in page and "不在施行期" in page
    page = client.get(reverse("supervision:rulesets"), {"on": "2026-06-30"}).content.decode()
    assert "顺民发〔2025〕1号" in page
