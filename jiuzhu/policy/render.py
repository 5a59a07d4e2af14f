"""Turn result arrays into the contract's output objects (ASSESSMENT.md), with reasons and the trace."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from .columns import AID_PROJECTS, Columns
from .engine import (
    CAT_ACCIDENT,
    CAT_DEEP,
    CAT_NAMES,
    CAT_RELATIVE,
    ELIGIBLE,
    EXCLUDED,
    INELIGIBLE,
    MISSING_BITS,
    NEEDS_REVIEW,
    NOT_CONFIGURED,
    STATUS_NAMES,
    Recorder,
    Result,
)
from .household import EVENT_KINDS, EXPENSE_KINDS, INCOME_KINDS, SEVERITIES
from .money import fmt_money, fmt_ratio
from .params import KEYS, NATIONAL, digest
from .resolve import CONSULTED, Resolved

INCREMENT_GROUP_NAMES = ("elderly_60", "minor", "severe_disability", "serious_illness")
_GROUP_ZH = {
    "elderly_60": "60周岁以上老年人",
    "minor": "未成年人",
    "severe_disability": "重度残疾人",
    "serious_illness": "重病患者",
}
_CAT_ZH = {"deep": "深度困难职工", "relative": "相对困难职工", "accident": "意外致困职工"}
_AREA_ZH = {"urban": "城市", "rural": "农村"}
_LEVELS = (None, "centre", "province", "national")

# Which parameters each programme consults (trace "params").
_PROG_KEYS = {
    "dibao": (
        "dibao_standard",
        "minimum_wage",
        "obligor_support_ratio",
        "dibao_deduct_rigid_expenses",
        "dibao_property",
        "classified_increment",
        "phase_out_months",
    ),
    "hardship_worker": (
        "dibao_standard",
        "low_income_standard",
        "low_income_multiplier",
        "minimum_wage",
        "obligor_support_ratio",
        "local_floor_area_per_capita",
        "union_phase_out_months",
    ),
    "temporary": (
        "dibao_standard",
        "temporary_assistance",
        "prior_year_disposable_income_per_capita",
        "minimum_wage",
        "obligor_support_ratio",
    ),
}
_PROG_LETTER = {"dibao": "D", "hardship_worker": "H", "temporary": "T"}


def _reason(code: str, cite: list[str], text: str, text_en: str = "") -> dict[str, Any]:
    r: dict[str, Any] = {"code": code, "cite": cite, "text": text}
    if text_en:
        r["text_en"] = text_en
    return r


def _ym(ordinal: int) -> str:
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


class Renderer:
    def __init__(self, cols: Columns, res: Resolved, result: Result, at: str, engine_version: str) -> None:
        self.c = cols
        self.res = res
        self.r = result
        self.A = result.arrays
        self.at = at
        self.engine = engine_version
        entry = _DIGESTS.get(id(res))
        if entry is None or entry[0] is not res:
            if len(_DIGESTS) > 256:
                _DIGESTS.clear()
            entry = _DIGESTS[id(res)] = (res, {})
        self._digests: dict[tuple[Any, ...], str] = entry[1]
        self._values: dict[int, Any] = {}
        self._sel: dict[tuple[str, int], np.ndarray] = {}
        self._m_off = np.zeros(cols.n + 1, dtype=np.int64)
        if cols.m_hh.size:
            np.cumsum(np.bincount(cols.m_hh, minlength=cols.n), out=self._m_off[1:])
        self._o_off = np.zeros(cols.n + 1, dtype=np.int64)
        if cols.o_hh.size:
            np.cumsum(np.bincount(cols.o_hh, minlength=cols.n), out=self._o_off[1:])

    # ---- parameters used ----
    def _records(self, i: int) -> list[dict[str, Any]]:
        g = int(self.c.group[i])
        recs = [f.record() for k in CONSULTED if (f := self.res.found[k][g]) is not None]
        for j in range(self._o_off[i], self._o_off[i + 1]):
            f = self.res.found["dibao_standard"][int(self.c.o_group[j])]
            if f is not None:
                recs.append(f.record())
        if bool(self.A["h_hist_deep"][i]):
            for k in range(1, NATIONAL["out_of_hardship_months"]["value"]):
                m = self.r.at - k
                region, area = self.res.groups[g]
                f = self.res.params.lookup(region, "dibao_standard", area, dt.date(m // 12, m % 12 + 1, 1))
                if f is not None:
                    recs.append(f.record())
        return recs

    def params_digest(self, i: int) -> str:
        key = (
            int(self.c.group[i]),
            tuple(int(x) for x in self.c.o_group[self._o_off[i] : self._o_off[i + 1]]),
            bool(self.A["h_hist_deep"][i]),
        )
        d = self._digests.get(key)
        if d is None:
            d = self._digests[key] = digest(self._records(i))
        return d

    def _missing(self, i: int, bits: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        region, area = self.res.groups[int(self.c.group[i])]
        day = self.res.day.isoformat()
        missing: list[dict[str, Any]] = []
        reasons: list[dict[str, Any]] = []
        for name, bit in MISSING_BITS.items():
            if not bits & bit:
                continue
            key = name.split(".")[0]
            regions = [region]
            if name == "obligor.dibao_standard":
                key = "dibao_standard"
                regions = sorted(
                    {
                        self.res.groups[int(self.c.o_group[j])][0]
                        for j in range(self._o_off[i], self._o_off[i + 1])
                        if self.res.found["dibao_standard"][int(self.c.o_group[j])] is None
                    }
                )
            elif name == "history.dibao_standard":
                key = "dibao_standard"
            cite = list(KEYS.get(key, (None, None, ["R-AMT-01", "民办发〔2019〕10号 附件6"]))[2])
            sub = name if name.startswith("temporary_assistance.") else key
            for reg in regions:
                missing.append({"parameter": sub, "region": reg, "area_type": area, "date": day})
                reasons.append(
                    _reason(
                        "parameter_not_configured",
                        cite,
                        f"本地参数“{sub}”（区划{reg}，{_AREA_ZH[area]}）在{day}未配置，不能推定，无法作出认定",
                        f"local parameter {sub} for region {reg} ({area}) is not configured on {day}",
                    )
                )
        return missing, reasons

    # ---- programmes ----
    def dibao(self, i: int) -> dict[str, Any]:
        A = self.A
        st = int(A["d_status"][i])
        if st == NOT_CONFIGURED:
            missing, reasons = self._missing(i, int(A["d_missing"][i]))
            return {"eligible": False, "status": "not_configured", "missing": missing, "reasons": reasons}
        std = int(A["std"][i])
        pc = int(A["pc_income"][i])
        size = int(A["size"][i])
        reasons: list[dict[str, Any]] = []
        c1 = ["R-ELIG-01", "民发〔2019〕6号 一"]
        out: dict[str, Any] = {"eligible": st in (ELIGIBLE, NEEDS_REVIEW), "status": STATUS_NAMES[st]}
        single = bool(A["d_single"][i]) and not bool(A["d_elig"][i]) and not bool(A["d_in_phase"][i])
        if single:
            k = int(A["d_n_single"][i])
            out["household_size"] = k
            out["per_capita_income"] = fmt_money(int((2 * int(A["d_single_own"][i]) + k) // (2 * k)))
        else:
            out["household_size"] = size
            out["per_capita_income"] = fmt_money(pc)
        out["standard"] = fmt_money(std)
        benefit = int(A["d_benefit"][i])
        out["benefit_household"] = fmt_money(benefit)
        if single:
            k = int(A["d_n_single"][i])
            out["benefit_per_capita"] = fmt_money(std - (2 * int(A["d_single_own"][i]) + k) // (2 * k))
        else:
            out["benefit_per_capita"] = fmt_money(int(A["d_gap_pc"][i]))
        incs = []
        for m in range(self._m_off[i], self._m_off[i + 1]):
            amt = int(A["dm_inc"][m])
            if amt > 0:
                grp = INCREMENT_GROUP_NAMES[int(A["dm_grp"][m])]
                incs.append({"member": self.c.m_ref[m], "group": grp, "amount": fmt_money(amt)})
        out["increments"] = incs
        income_ok = bool(A["d_income_ok"][i])
        prop_ok = bool(A["d_prop_ok"][i])
        if bool(A["d_elig"][i]):
            reasons.append(
                _reason(
                    "income_below_standard",
                    c1,
                    f"家庭人均收入{fmt_money(pc)}元低于低保标准{fmt_money(std)}元，且家庭财产状况符合本地规定",
                    f"per-capita income {fmt_money(pc)} is below the standard {fmt_money(std)} and property rules are met",
                )
            )
        else:
            if not income_ok:
                reasons.append(
                    _reason(
                        "income_not_below_standard",
                        ["R-ELIG-03", "民办发〔2019〕10号 附件6", "R-ELIG-01", "民发〔2019〕6号 一"],
                        f"家庭人均收入{fmt_money(pc)}元不低于低保标准{fmt_money(std)}元",
                        f"per-capita income {fmt_money(pc)} is not below the standard {fmt_money(std)}",
                    )
                )
            if not prop_ok:
                facts = []
                if not bool(A["d_fin_ok"][i]):
                    facts.append(
                        f"人均金融资产{fmt_money(int(A['d_fin_pc'][i]))}元超过{fmt_money(int(A['d_fin_limit'][i]))}元"
                    )
                if not bool(A["d_houses_ok"][i]):
                    facts.append(f"自有住房{int(self.c.houses_owned[i])}套超过本地规定")
                if not bool(A["d_veh_ok"][i]):
                    facts.append("拥有非代步用机动车辆")
                reasons.append(
                    _reason(
                        "property_rules_not_met",
                        ["R-ELIG-03", "民办发〔2019〕10号 附件6 (二)", "R-ELIG-01", "民发〔2019〕6号 一"],
                        "家庭财产状况不符合本地低保规定：" + "；".join(facts),
                        "property does not meet the local dibao rules",
                    )
                )
        if bool(A["d_has_phase"][i]):
            until = _ym(int(A["d_until"][i]))
            if bool(A["d_in_phase"][i]):  # after `until` there is no phase-out any more, only the reason
                out["phase_out"] = {"until": until}
            if bool(A["d_in_phase"][i]) and bool(A["d_phase_unknown"][i]):
                reasons.append(
                    {
                        **_reason(
                            "phase_out_last_benefit_missing",
                            ["R-ELIG-04", "民发〔2019〕6号 一"],
                            f"再就业后人均收入超过低保标准，处于渐退期（至{until}），渐退期内继续发放此前的月补助额，"
                            "但未提供此前月补助额（history.last_benefit_household），需人工核定",
                            f"phase-out until {until}: the benefit continues, but history.last_benefit_household "
                            "(the monthly amount paid before) is missing",
                        ),
                        "field": "history.last_benefit_household",
                    }
                )
            elif bool(A["d_in_phase"][i]):
                reasons.append(
                    _reason(
                        "phase_out",
                        ["R-ELIG-04", "民发〔2019〕6号 一"],
                        f"再就业后人均收入超过低保标准，进入渐退期，按此前月补助额{fmt_money(benefit)}元继续发放至{until}",
                        f"re-employed: phase-out until {until}, the last benefit {fmt_money(benefit)} continues",
                    )
                )
            else:
                reasons.append(
                    _reason(
                        "phase_out_ended",
                        ["R-ELIG-04", "民发〔2019〕6号 一"],
                        f"渐退期已于{until}结束，退出低保",
                        f"phase-out ended in {until}",
                    )
                )
        if single:
            refs = [
                self.c.m_ref[m] for m in range(self._m_off[i], self._m_off[i + 1]) if bool(A["dm_single"][m])
            ]
            out["single_person"] = refs
            reasons.append(
                _reason(
                    "single_person_household",
                    ["R-ELIG-02", "民函〔2019〕95号 二"],
                    f"全家不符合条件，但成员{'、'.join(refs)}按规定参照单人户单独认定，本人收入低于低保标准",
                    "assessed as a single-person household",
                )
            )
        if st in (ELIGIBLE, NEEDS_REVIEW) and not bool(A["d_in_phase"][i]):
            reasons.append(
                _reason(
                    "benefit_gap_method",
                    ["R-AMT-02", "OP-01", "民办发〔2019〕10号 附件3"],
                    f"补助=（低保标准−人均收入）×保障人口+分类施保加发，共{fmt_money(benefit)}元/月",
                    f"benefit = (standard - per-capita income) x persons + increments = {fmt_money(benefit)}",
                )
            )
            for inc in incs:
                reasons.append(
                    _reason(
                        "classified_increment",
                        ["R-AMT-03", "民发〔2019〕6号 一", "民函〔2019〕95号 二"],
                        f"成员{inc['member']}属{_GROUP_ZH[inc['group']]}，分类施保加发{inc['amount']}元",
                        f"member {inc['member']} ({inc['group']}): increment {inc['amount']}",
                    )
                )
        if st == NEEDS_REVIEW and bool(A["d_refusals"][i]):
            reasons.append(
                _reason(
                    "job_refusals",
                    ["R-ELIG-05", "民发〔2019〕6号 四"],
                    f"有成员无正当理由连续{int(self.c.f_refused_jobs[i])}次拒绝介绍的适当工作，可按规定减发或停发其本人低保金，不影响其他成员，需人工决定",
                    "three or more refused suitable jobs: the sanction on that person needs a decision",
                )
            )
        if bool(self.c.f_relative_of_staff[i]):
            reasons.append(
                _reason(
                    "relative_of_staff",
                    ["R-REG-07", "民办发〔2019〕10号 附件2", "OP-10"],
                    "家庭成员中有低保经办人员或村干部的近亲属，须单独登记备案并由县级复核",
                    "near relative of staff: second review",
                )
            )
        out["reasons"] = reasons
        return out

    def hardship(self, i: int) -> dict[str, Any]:
        A = self.A
        c = self.c
        st = int(A["h_status"][i])
        old = self.r.old_rules
        out: dict[str, Any] = {
            "eligible": st in (ELIGIBLE, NEEDS_REVIEW),
            "status": STATUS_NAMES[st],
            "category": None,
        }
        reasons: list[dict[str, Any]] = []
        sup = ["R-ELIG-23", "总工办发〔2016〕36号 第三条", "R-INC-13", "厅字〔2017〕18号 二"]
        if old:
            reasons.append(
                _reason(
                    "superseded_rules",
                    sup,
                    "评估月早于2020-06-28（总工办发〔2020〕13号施行前），适用当时有效的困难职工认定规定",
                    "assessed month before 2020-06-28: superseded rules apply",
                )
            )
        if not bool(c.has_union[i]):
            reasons.append(
                _reason(
                    "not_worker_household",
                    ["R-ELIG-11", "总工办发〔2020〕13号 第三条, 第四条"],
                    "家庭未登记职工信息，不属于困难职工家庭认定对象",
                    "no worker in the household",
                )
            )
            out["reasons"] = reasons
            return out
        if st == EXCLUDED:
            if old:
                items = [
                    (c.houses_owned[i] >= 2, "拥有两套以上住房"),
                    (c.businesses[i] > 0, "拥有经营性商铺或雇用他人从事经营"),
                    (c.f_private_school[i], "子女就读高收费私立学校或自费出国留学"),
                    (c.vehicles_nonaid[i] > 0, "非因工作需要经常使用机动车辆"),
                ]
                cite = ["R-ELIG-24", "总工办发〔2016〕36号 第四条"]
            else:
                items = [
                    (c.f_private_school[i], "子女就读高收费私立学校或自费出国留学（四.3(1)）"),
                    (c.f_controlling[i], "家庭成员为公司控股股东或实际控制人（四.3(2)）"),
                    (c.f_high_consumption[i], "有高消费行为（四.3(3)）"),
                    (c.f_refuses_verification[i], "拒不配合调查致收入无法核实（四.3(4)）"),
                ]
                cite = ["R-ELIG-16", "总工办发〔2020〕13号 附件 四.3"]
            for cond, text in items:
                if bool(cond):
                    reasons.append(
                        _reason("excluded", cite, f"不予建档：{text}", "excluded from the archive")
                    )
            out["reasons"] = reasons
            return out
        if bool(A["h_migrant_fail"][i]):
            if old:
                reasons.append(
                    _reason(
                        "migrant_not_union_member",
                        ["R-ELIG-22", "总工发〔2015〕20号 第四条"],
                        "农民工须为工会会员（旧规定）",
                        "migrant worker must be a union member (superseded rule)",
                    )
                )
            else:
                reasons.append(
                    _reason(
                        "migrant_labour_relation_under_one_year",
                        ["R-ELIG-15", "总工办发〔2020〕13号 附件 一.4"],
                        f"农民工与用人单位建立事实劳动关系不满1年（自{_ymd(int(c.u_since[i]))}起）",
                        "migrant worker: de facto labour relation shorter than one year",
                    )
                )
            out["reasons"] = reasons
            return out
        if st == NOT_CONFIGURED:
            missing, rs = self._missing(i, int(A["h_missing"][i]))
            out.update(missing=missing, reasons=reasons + rs)
            return out
        cat = int(A["h_cat"][i])
        out["category"] = CAT_NAMES[cat]
        out["per_capita_net_income"] = fmt_money(int(A["h_pcn"][i]))
        thr = int(A["h_thr"][i])
        out["threshold"] = fmt_money(thr) if thr >= 0 else None
        pcn_deep = fmt_money(int(A["h_pcn_deep"][i]))
        pcn_rel = fmt_money(int(A["h_pcn_rel"][i]))
        std = fmt_money(int(A["std"][i]))
        thr_rel = fmt_money(int(A["h_thr_rel"][i]))
        keep = int(A["h_keep"][i])
        if keep == 1:
            reasons.append(
                _reason(
                    "review_no_lowering",
                    ["R-AMT-13", "总工办发〔2020〕13号 附件 四.1(6)"],
                    f"复核期内家庭经济状况未明显改善（人均纯收入{pcn_deep}元未高于低保标准{std}元），不降低帮扶类别，保持{_CAT_ZH[CAT_NAMES[cat]]}",
                    "review period: category not lowered",
                )
            )
        elif keep == 2:
            reasons.append(
                _reason(
                    "not_yet_out_of_hardship",
                    ["R-ELIG-18", "总工办发〔2020〕13号 附件 二.1", "OP-07"],
                    f"人均纯收入连续高于低保标准{int(A['h_run'][i])}个月，不足6个月，尚未脱困，保持深度困难档案",
                    "fewer than six consecutive months above the standard: still deep",
                )
            )
        elif cat == CAT_DEEP:
            cite = (
                ["R-ELIG-23", "总工办发〔2016〕36号 第三条"]
                if old
                else ["R-ELIG-12", "总工办发〔2020〕13号 附件 一.1", "R-INC-12"]
            )
            reasons.append(
                _reason(
                    "deep_hardship",
                    cite,
                    f"家庭人均纯收入{pcn_deep}元低于低保标准{std}元，认定为深度困难职工",
                    f"per-capita net income {pcn_deep} below the dibao standard {std}: deep",
                )
            )
        elif cat == CAT_ACCIDENT:
            cite = (
                ["R-ELIG-23", "总工办发〔2016〕36号 第三条"]
                if old
                else ["R-ELIG-14", "总工办发〔2020〕13号 附件 一.3", "OP-14"]
            )
            ev = EVENT_KINDS[int(c.ev_kind[i])]
            reasons.append(
                _reason(
                    "accident_hardship",
                    cite,
                    f"因突发事件/意外伤害/重大疾病（{ev}）致困，经赔偿、保险和救助后仍暂时困难，认定为意外致困职工",
                    "accident-induced hardship",
                )
            )
            if bool(A["h_rel"][i]):
                reasons.append(
                    _reason(
                        "accident_replaces_relative",
                        ["OP-14", "R-ELIG-14", "总工办发〔2020〕13号 附件 一.3"],
                        "同时符合相对困难条件，按意外致困建档（一户一类）",
                        "accident-induced replaces relative",
                    )
                )
        elif cat == CAT_RELATIVE:
            cite = (
                ["R-ELIG-25", "厅字〔2017〕18号 三", "R-INC-14"]
                if old
                else ["R-ELIG-13", "总工办发〔2020〕13号 附件 一.2", "R-INC-12"]
            )
            reasons.append(
                _reason(
                    "relative_hardship",
                    cite,
                    f"扣除刚性支出和必要就业成本后家庭人均纯收入{pcn_rel}元低于低收入标准{thr_rel}元，认定为相对困难职工",
                    f"per-capita net income {pcn_rel} below the low-income standard {thr_rel}: relative",
                )
            )
        else:
            cite = (
                ["R-ELIG-23", "总工办发〔2016〕36号 第三条"]
                if old
                else ["R-ELIG-13", "总工办发〔2020〕13号 附件 一.2", "R-ELIG-12"]
            )
            reasons.append(
                _reason(
                    "above_hardship_thresholds",
                    cite,
                    f"家庭人均纯收入{pcn_rel}元不低于低收入标准{thr_rel}元，且不符合深度困难和意外致困条件",
                    "not below the thresholds",
                )
            )
        if bool(A["h_relieved"][i]):
            reasons.append(
                _reason(
                    "hardship_relieved",
                    ["R-ELIG-19", "总工办发〔2020〕13号 附件 二.1"],
                    f"解困：致困原因未消除，政府救助（{fmt_money(int(A['assist'][i]))}元/月）使家庭生活达到低保标准，"
                    "保留深度困难档案，继续常态化帮扶",
                    "hardship relieved: stays in the deep archive with regular aid",
                )
            )
        if bool(A["h_refer"][i]):
            reasons.append(
                _reason(
                    "refer_to_government_assistance",
                    ["R-ELIG-20", "总工办发〔2020〕13号 附件 二.2"],
                    "该职工家庭符合低保条件，应先纳入政府救助（应保尽保），政府救助后仍困难的建档帮扶",
                    "qualifies for dibao: push into government assistance first",
                )
            )
        if bool(A["h_bar17"][i]):
            reasons.append(
                _reason(
                    "deep_category_barred",
                    ["R-ELIG-17", "总工办发〔2020〕13号 附件 四.3(5)", "OP-12"],
                    "有非代步用机动车辆，或在大中城市拥有两套住房且人均面积超过当地人均住房面积，不得认定为深度困难职工",
                    "vehicle or two dwellings: not deep",
                )
            )
        if bool(A["h_hist_deep"][i]):
            out["out_of_hardship"] = bool(A["h_out"][i])
            if bool(A["h_out"][i]):
                reasons.append(
                    _reason(
                        "out_of_hardship",
                        ["R-ELIG-18", "总工办发〔2020〕13号 附件 二.1", "OP-07"],
                        f"人均纯收入已连续{int(A['h_run'][i])}个月高于当月低保标准，脱困",
                        "six consecutive months above the standard: out of hardship",
                    )
                )
                if int(A["h_uphase_until"][i]) >= 0:
                    out["phase_out"] = {"until": _ym(int(A["h_uphase_until"][i]))}
        if st == NEEDS_REVIEW:
            if bool(A["h_refused"][i]):
                reasons.append(
                    _reason(
                        "refused_work",
                        ["R-ELIG-16", "总工办发〔2020〕13号 附件 四.3(4)"],
                        "有劳动能力的成员拒绝工作，须核实是否“无正当理由”",
                        "refused work: check for good reason",
                    )
                )
            if bool(A["h_retiree"][i]):
                reasons.append(
                    _reason(
                        "retiree_manual_decision",
                        ["R-ELIG-15", "总工办发〔2020〕13号 附件 一.5", "OP-13"],
                        "退休人员：须人工确认是否属独立工矿区/企业生活区且有重大疾病",
                        "retiree: manual decision",
                    )
                )
            if bool(A["h_migrant_unknown"][i]):
                reasons.append(
                    _reason(
                        "migrant_labour_relation_unknown",
                        ["R-ELIG-15", "总工办发〔2020〕13号 附件 一.4"],
                        "农民工未填写事实劳动关系起始日期，无法核对是否满1年",
                        "migrant: labour relation start unknown",
                    )
                )
        if bool(A["aid_on"][i]):
            lvl = _LEVELS[int(A["aid_level"][i])]
            out["aid"] = {"amount": fmt_money(int(A["aid_amt"][i])), "approval_level": lvl}
            proj = AID_PROJECTS[int(c.aid_project[i])]
            if bool(A["aid_capped"][i]):
                reasons.append(
                    _reason(
                        "medical_aid_capped",
                        ["R-AMT-10", "总工办发〔2020〕13号 第六条(二)"],
                        f"医疗帮扶不得超过个人自付部分，核定为{out['aid']['amount']}元",
                        "medical aid capped at the self-paid share",
                    )
                )
            lz = {"centre": "帮扶中心（本级）", "province": "省级工会", "national": "全国总工会"}[lvl]
            reasons.append(
                _reason(
                    "aid_approval_level",
                    ["R-AMT-09", "总工办发〔2020〕13号 第九条", "OP-15"],
                    f"本年度同一户{proj}项目累计{fmt_money(int(A['aid_cum'][i]))}元，由{lz}审批（超过2万元报省级工会，超过5万元报全国总工会）",
                    f"cumulative {fmt_money(int(A['aid_cum'][i]))}: approval by {lvl}",
                )
            )
        out["reasons"] = reasons
        return out

    def temporary(self, i: int) -> dict[str, Any]:
        A = self.A
        c = self.c
        st = int(A["t_status"][i])
        if not bool(c.has_event[i]):
            return {
                "eligible": False,
                "status": "no_event",
                "reasons": [
                    _reason(
                        "no_event",
                        ["R-ELIG-06", "民发〔2018〕23号 二(一)"],
                        "未登记突发事件或支出骤增事项，不涉及临时救助",
                        "no event",
                    )
                ],
            }
        expend = bool(A["t_expend"][i])
        typ = "expenditure" if expend else "emergency"
        tier = SEVERITIES[int(c.ev_sev[i])]
        out: dict[str, Any] = {
            "eligible": st in (ELIGIBLE, NEEDS_REVIEW),
            "status": STATUS_NAMES[st],
            "type": typ,
            "tier": tier,
        }
        c_type = (
            ["R-ELIG-07", "民发〔2018〕23号 二(一)"] if expend else ["R-ELIG-06", "民发〔2018〕23号 二(一)"]
        )
        reasons: list[dict[str, Any]] = []
        if not bool(c.ev_still[i]):
            reasons.append(
                _reason(
                    "hardship_resolved",
                    c_type,
                    "事件发生后已不再困难（still_in_hardship 为 false）",
                    "no longer in hardship",
                )
            )
            out["reasons"] = reasons
            return out
        if st == NOT_CONFIGURED:
            missing, rs = self._missing(i, int(A["t_missing"][i]))
            out.update(eligible=False, missing=missing, reasons=rs)
            return out
        if expend:
            y = fmt_money(int(A["t_yearly_pc"][i]))
            p = fmt_money(int(A["t_prior"][i]))
            if not bool(A["t_income_ok"][i]):
                reasons.append(
                    _reason(
                        "income_not_below_prior_year",
                        c_type,
                        f"支出型：家庭人均年收入{y}元不低于上年度当地人均可支配收入{p}元",
                        "expenditure type: income not below last year's local average",
                    )
                )
                out["reasons"] = reasons
                return out
            if bool(A["t_group08"][i]):
                reasons.append(
                    _reason(
                        "expenditure_type_assistance_group",
                        ["R-ELIG-08", "民发〔2019〕87号 二, 三", "R-ELIG-07", "民发〔2018〕23号 二(一)"],
                        f"支出型：低保对象或建档立卡户因教育、医疗等支出较大陷入困难，纳入临时救助（家庭人均年收入{y}元，"
                        f"上年度当地人均可支配收入{p}元）",
                        "expenditure type: dibao or registered-poor household with large schooling or medical spending",
                    )
                )
            else:
                reasons.append(
                    _reason(
                        "expenditure_type",
                        c_type,
                        f"支出型：因教育、医疗等必需支出突然增加，家庭人均年收入{y}元低于上年度当地人均可支配收入{p}元",
                        "expenditure type",
                    )
                )
        else:
            reasons.append(
                _reason(
                    "emergency_type",
                    c_type,
                    f"急难型：因{EVENT_KINDS[int(c.ev_kind[i])]}导致基本生活暂时出现严重困难",
                    "emergency type",
                )
            )
        if bool(A["t_priority"][i]):
            reasons.append(
                _reason(
                    "priority_group",
                    ["R-ELIG-09", "民发〔2019〕6号 四", "民函〔2019〕95号 二, 三"],
                    "家庭属临时救助重点关注对象（失业或灵活就业人员、农民工或受灾群众），应及时救助",
                    "a group to watch for temporary assistance (unemployed, flexible or migrant workers, disaster victims)",
                )
            )
        amt = fmt_money(int(A["t_amount"][i]))
        out["amount"] = amt
        out["approval_level"] = "county" if bool(A["t_county"][i]) else "township"
        reasons.append(
            _reason(
                "tier_amount",
                ["R-AMT-04", "民发〔2018〕23号 二(三)", "OP-28"],
                f"救助金额=档次倍数{fmt_ratio(int(A['t_mult'][i]))}×低保标准{fmt_money(int(A['std'][i]))}元×家庭人口{int(A['size'][i])}={amt}元",
                f"amount {amt}",
            )
        )
        if bool(A["t_uplift"][i]):
            reasons.append(
                _reason(
                    "disaster_uplift",
                    ["R-AMT-07", "民函〔2019〕95号 三"],
                    f"受灾群众：救助水平按本地规定上浮{fmt_ratio(int(A['t_up'][i]) * 100)}%，含在上述金额内",
                    f"disaster victims: the amount is raised by {fmt_ratio(int(A['t_up'][i]) * 100)}%",
                )
            )
        lim = fmt_money(int(A["t_limit"][i]))
        reasons.append(
            _reason(
                "approval_level",
                ["R-AMT-06", "民发〔2018〕23号 二(二)", "R-FLOW-20"],
                f"金额{'超过' if out['approval_level'] == 'county' else '未超过'}乡镇（街道）审批额度{lim}元，由{'县级民政部门' if out['approval_level'] == 'county' else '乡镇（街道）'}审批",
                f"approval by {out['approval_level']}",
            )
        )
        out["case_by_case"] = bool(A["t_case"][i])
        if out["case_by_case"]:
            reasons.append(
                _reason(
                    "case_by_case",
                    ["R-AMT-05", "民发〔2018〕23号 二(三)"],
                    f"重大困难：扣除赔偿后损失{fmt_money(int(A['t_uncovered'][i]))}元超过档次金额，提请县级困难群众基本生活保障工作协调机制一事一议，档次金额为建议额",
                    "major hardship: case-by-case decision",
                )
            )
        out["reasons"] = reasons
        return out

    # ---- trace ----
    def trace(self, i: int, prog: str, rec: Recorder) -> dict[str, Any]:
        letter = _PROG_LETTER[prog]
        g = int(self.c.group[i])
        params = [f.record() for k in _PROG_KEYS[prog] if (f := self.res.found[k][g]) is not None]
        if prog in ("dibao", "hardship_worker", "temporary"):
            for j in range(self._o_off[i], self._o_off[i + 1]):
                f = self.res.found["dibao_standard"][int(self.c.o_group[j])]
                if f is not None and f.record() not in params:
                    params.append(f.record())
        national = []
        if prog == "hardship_worker":
            for k in (
                "union_rules_2020_effective",
                "out_of_hardship_months",
                "union_aid_province_threshold",
                "union_aid_national_threshold",
            ):
                v = NATIONAL[k]["value"]
                shown = v.isoformat() if isinstance(v, dt.date) else (fmt_money(v) if "threshold" in k else v)
                national.append({"key": k, "value": shown, "cite": NATIONAL[k]["cite"]})
        elif prog == "dibao":
            national.append(
                {
                    "key": "job_refusals_sanction",
                    "value": 3,
                    "cite": NATIONAL["job_refusals_sanction"]["cite"],
                }
            )
        steps = []
        for k, (name, value, unit, level, progs, cite, note) in enumerate(rec.steps):
            if letter not in progs:
                continue
            v = self._values.get(k, _MISSING)
            if v is _MISSING:
                v = self._values[k] = self._value(value, unit, level, i)
            step: dict[str, Any] = {"step": name, "value": v, "cite": cite}
            if note:
                step["note"] = note
            steps.append(step)
        tr: dict[str, Any] = {
            "at": self.at,
            "first_day": self.res.day.isoformat(),
            "rules": "superseded (before 2020-06-28)" if self.r.old_rules else "current",
        }
        tr["params"] = params
        if national:
            tr["national"] = national
        if prog == "temporary" and bool(self.c.has_event[i]):
            tr["event_index"] = int(self.c.ev_index[i])
        tr["steps"] = steps
        return tr

    def _fmt(self, v: Any, unit: str) -> Any:
        if unit == "money":
            return fmt_money(int(v))
        if unit == "bool":
            return bool(v)
        if unit == "ratio":
            return fmt_ratio(int(v))
        if unit == "status":
            return STATUS_NAMES[int(v)]
        if unit == "category":
            return CAT_NAMES[int(v)]
        if unit == "month":
            return _ym(int(v)) if int(v) >= 0 else None
        return int(v)

    def _items(self, arr: str, i: int) -> np.ndarray:
        key = (arr, i)
        sel = self._sel.get(key)
        if sel is None:
            sel = self._sel[key] = np.nonzero(getattr(self.c, arr) == i)[0]
        return sel

    def _value(self, value: Any, unit: str, level: str, i: int) -> Any:
        c = self.c
        if level == "hh":
            return self._fmt(value[i], unit)
        if level == "member":
            return {c.m_ref[m]: self._fmt(value[m], unit) for m in range(self._m_off[i], self._m_off[i + 1])}
        if level == "income":
            sel = self._items("i_hh", i)
            return [
                {
                    "member": c.m_ref[int(c.i_mem[k])],
                    "kind": INCOME_KINDS[int(c.i_kind[k])],
                    "value": self._fmt(value[k], unit),
                }
                for k in sel
            ]
        if level == "expense":
            sel = self._items("e_hh", i)
            return [
                {
                    "member": c.m_ref[int(c.e_mem[k])],
                    "kind": EXPENSE_KINDS[int(c.e_kind[k])],
                    "value": self._fmt(value[k], unit),
                }
                for k in sel
            ]
        if level == "obligor":
            sel = self._items("o_hh", i)
            return [
                {
                    "obligor": int(k - self._o_off[i]),
                    "supports": c.m_ref[int(c.o_mem[k])],
                    "value": self._fmt(value[k], unit),
                }
                for k in sel
            ]
        return None

    def household(self, i: int, rec: Recorder | None = None) -> dict[str, Any]:
        progs = {"dibao": self.dibao(i), "hardship_worker": self.hardship(i), "temporary": self.temporary(i)}
        if rec is not None:
            for k, v in progs.items():
                v["trace"] = self.trace(i, k, rec)
        return {
            "id": self.c.ids[i],
            "at": self.at,
            "engine": self.engine,
            "params_digest": self.params_digest(i),
            "programs": progs,
        }


_MISSING = object()
_DIGESTS: dict[int, tuple[Resolved, dict[tuple[Any, ...], str]]] = {}


def _ymd(v: int) -> str:
    return f"{v // 10000:04d}-{v // 100 % 100:02d}-{v % 100:02d}"


_ = INELIGIBLE, CAT_ACCIDENT
