"""The rules, vectorized over columnar households.

`compute(cols, resolved, at)` runs every rule once over all households with numpy and returns result arrays.
With a Recorder it also captures each named intermediate array with the clause it implements: the single-case
explanation (`--explain`) is the recording of this same computation with N=1, not a second implementation.

Money is int64 fen throughout; every division is half-up and says so in the step note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from .columns import Columns
from .household import EVENT_KINDS, EXPENSE_KINDS, INCOME_KINDS, OCCUPATIONS, SEVERITIES
from .money import RATIO_SCALE, div_half_up, mul_ratio
from .params import NATIONAL
from .resolve import Resolved

# status codes
ELIGIBLE, INELIGIBLE, EXCLUDED, NOT_CONFIGURED, NEEDS_REVIEW, NO_EVENT = range(6)
STATUS_NAMES = ("eligible", "ineligible", "excluded", "not_configured", "needs_review", "no_event")

# hardship categories (also the depth order used by R-AMT-13)
CAT_NONE, CAT_RELATIVE, CAT_ACCIDENT, CAT_DEEP = 0, 1, 2, 3
CAT_NAMES = (None, "relative", "accident", "deep")
CAT_RANK = np.array([0, 1, 1, 2], dtype=np.int8)  # deep is deeper than relative and accident

# missing-parameter bits (one per parameter a rule may need)
MISSING_BITS: dict[str, int] = {
    "dibao_standard": 1,
    "low_income_standard": 2,
    "minimum_wage": 4,
    "obligor_support_ratio": 8,
    "dibao_deduct_rigid_expenses": 16,
    "dibao_property": 32,
    "classified_increment": 64,
    "phase_out_months": 128,
    "prior_year_disposable_income_per_capita": 256,
    "temporary_assistance": 512,
    "temporary_assistance.township_approval_limit": 1024,
    "local_floor_area_per_capita": 2048,
    "obligor.dibao_standard": 4096,
    "history.dibao_standard": 8192,
}
B = MISSING_BITS

_IK = {k: i for i, k in enumerate(INCOME_KINDS)}
_EK = {k: i for i, k in enumerate(EXPENSE_KINDS)}
_OCC = {k: i for i, k in enumerate(OCCUPATIONS)}
_EV = {k: i for i, k in enumerate(EVENT_KINDS)}
SEV_SEVERE = SEVERITIES.index("severe")
EXPENDITURE_EVENTS = np.array([k in ("education_spending", "medical_spending") for k in EVENT_KINDS])

# Income kinds counted with sign +1 / -1; the rest are excluded (R-INC-05).
_COUNTED_NEW = (
    "wage",
    "flexible_wage_unknown",
    "business_net",
    "property_net",
    "transfer",
    "pension",
    "other_counted",
)
SWITCH_DATE: dt.date = NATIONAL["union_rules_2020_effective"]["value"]

# citations used by the steps
C_INC04 = ["R-INC-04", "总工办发〔2020〕13号 附件 三.1"]
C_INC05 = ["R-INC-05", "总工办发〔2020〕13号 附件 三.1"]
C_INC06 = ["R-INC-06", "总工办发〔2020〕13号 附件 三.1(1)"]
C_INC09 = ["R-INC-09", "总工办发〔2020〕13号 附件 三.1(4)"]
C_INC10 = ["R-INC-10", "总工办发〔2020〕13号 附件 三.1(4)"]
C_INC11 = ["R-INC-11", "总工办发〔2020〕13号 附件 三.2"]
C_INC12 = ["R-INC-12", "总工办发〔2020〕13号 附件 一.1, 一.2"]
C_INC13 = ["R-INC-13", "厅字〔2017〕18号 二"]
C_INC14 = ["R-INC-14", "厅字〔2017〕18号 三"]
C_OP02 = ["R-INC-04", "OP-02"]
C_INC01 = ["R-INC-01", "民发〔2019〕6号 一"]
C_INC02 = ["R-INC-02", "民发〔2019〕6号 一", "民函〔2019〕95号 二"]
C_ELIG01 = ["R-ELIG-01", "民发〔2019〕6号 一"]
C_ELIG02 = ["R-ELIG-02", "民函〔2019〕95号 二"]
C_ELIG03 = ["R-ELIG-03", "民办发〔2019〕10号 附件6"]
C_ELIG04 = ["R-ELIG-04", "民发〔2019〕6号 一"]
C_ELIG05 = ["R-ELIG-05", "民发〔2019〕6号 四"]
C_AMT01 = ["R-AMT-01", "民办发〔2019〕10号 附件6"]
C_AMT02 = ["R-AMT-02", "OP-01", "民办发〔2019〕10号 附件3"]
C_AMT03 = ["R-AMT-03", "民发〔2019〕6号 一", "民函〔2019〕95号 二"]


class Recorder:
    """Captures named intermediate arrays (with unit, level, programmes, citation and note)."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, Any, str, str, str, list[str], str]] = []

    def __call__(
        self, name: str, value: Any, unit: str, level: str, progs: str, cite: list[str], note: str = ""
    ) -> Any:
        self.steps.append((name, value, unit, level, progs, cite, note))
        return value


def _no_record(
    name: str, value: Any, unit: str, level: str, progs: str, cite: list[str], note: str = ""
) -> Any:
    return value


def _offsets(idx: np.ndarray, n: int) -> np.ndarray:
    off = np.zeros(n + 1, dtype=np.int64)
    if idx.size:
        np.cumsum(np.bincount(idx, minlength=n), out=off[1:])
    return off


def _segsum(x: np.ndarray, off: np.ndarray) -> np.ndarray:
    """Exact int64 sums of consecutive segments (items sorted by owner); empty segments give 0."""
    n = off.size - 1
    if x.size == 0:
        return np.zeros(n, dtype=np.int64)
    starts = off[:-1]
    # a trailing 0 makes every start a valid index (segments of trailing empty owners start at x.size)
    xx = np.empty(x.size + 1, dtype=np.int64)
    xx[:-1] = x
    xx[-1] = 0
    out = np.add.reduceat(xx, starts)
    out[off[1:] == starts] = 0
    return out


def _monthly(amount: np.ndarray, yearly: np.ndarray) -> np.ndarray:
    return np.where(yearly, div_half_up(amount, 12), amount)


@dataclass
class Result:
    n: int
    old_rules: bool
    at: int  # month ordinal
    arrays: dict[str, np.ndarray]

    def __getitem__(self, k: str) -> np.ndarray:
        return self.arrays[k]


def month_ordinal(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def compute(cols: Columns, res: Resolved, day: dt.date, record: Any = None) -> Result:
    R = record or _no_record
    n = cols.n
    at = month_ordinal(day)
    old = day < SWITCH_DATE  # superseded union rules apply to assessed months starting before 2020-06-28
    g = cols.group
    s = res.slots
    std = s["std"].value[g]
    std_ok = s["std"].present[g]
    R("standard.dibao", std, "money", "hh", "DHT", C_AMT01, "低保标准（当月1日有效值）")

    # ---- people (ages on the first day of the assessed month) ----
    birth = cols.m_birth.astype(np.int32, copy=False)
    age = (day.year - birth // 10000 - ((day.month * 100 + 1) < birth % 10000)).astype(np.int16)
    R("member.age", age, "int", "member", "DH", ["R-REG-02", "ASSESSMENT.md"], "按评估月1日计算周岁")
    co = cols.m_co
    mhh = cols.m_hh
    size = np.bincount(mhh[co], minlength=n).astype(np.int64)
    R("household.size", size, "int", "hh", "DHT", ["R-REG-15", "OP-22"], "共同生活的家庭成员人数")
    m_off = _offsets(mhh, n)

    # ---- income items (R-INC-04..09) ----
    kind = cols.i_kind
    ihh = cols.i_hh
    i_co = co[cols.i_mem]
    monthly = _monthly(cols.i_amount, cols.i_yearly)
    R("income.monthly", monthly, "money", "income", "DHT", C_OP02, "年收入÷12，四舍五入到分")
    flex = kind == _IK["flexible_wage_unknown"]
    minw_i = s["minw"].value[g[ihh]]
    flex_val = np.where(monthly < 0, minw_i, np.maximum(monthly, minw_i))
    value = np.where(flex, flex_val, monthly)
    R(
        "income.value",
        value,
        "money",
        "income",
        "DHT",
        C_INC06,
        "灵活就业人员工资按当地最低工资标准，申报更高的按申报额",
    )
    miss_minw = np.bincount(ihh[flex & i_co & ~s["minw"].present[g[ihh]]], minlength=n) > 0
    # sign per income kind: counted +1, transfer_out -1, excluded 0 (R-INC-05). R-INC-13: before 2020-06-28
    # the central basic pension is counted, and social relief counts in the union disposable income.
    sign_table = np.array(
        [1 if k in _COUNTED_NEW else -1 if k == "transfer_out" else 0 for k in INCOME_KINDS], dtype=np.int64
    )
    if old:
        sign_table[_IK["basic_pension_central"]] = 1
    u_table = sign_table.copy()
    if old:
        u_table[_IK["social_assistance"]] = 1
    sign = sign_table[kind] * i_co
    u_sign = u_table[kind]
    R(
        "income.sign",
        sign,
        "int",
        "income",
        "DHT",
        C_INC05 + C_INC09,
        "计入=1，转移性支出=-1，不计入=0（非共同生活成员不计）",
    )
    counted = value * sign
    u_counted = value * (u_sign * i_co) if old else counted
    i_off = _offsets(ihh, n)

    # ---- support from obligors (R-INC-10) ----
    ohh = cols.o_hh
    o_off = _offsets(ohh, n)
    o_std = s["std"].value[cols.o_group]
    o_std_ok = s["std"].present[cols.o_group]
    ratio = s["ratio"].value[g[ohh]]
    ratio_ok = s["ratio"].present[g[ohh]]
    o_inc = _monthly(cols.o_income, cols.o_yearly)
    court = cols.o_court >= 0
    court_m = _monthly(cols.o_court, cols.o_court_yearly)
    R("obligor.income_monthly", o_inc, "money", "obligor", "DHT", C_OP02, "年收入÷12，四舍五入到分")
    R(
        "obligor.hukou_standard",
        o_std,
        "money",
        "obligor",
        "DHT",
        C_INC10,
        "义务人户籍地低保标准（与本户城乡类别相同）",
    )
    computed = np.maximum(0, mul_ratio(o_inc - o_std, ratio))
    support = np.where(court, court_m, np.where(cols.o_low, 0, computed))
    o_counted = co[cols.o_mem]
    support = support * o_counted
    R(
        "obligor.support",
        support,
        "money",
        "obligor",
        "DHT",
        C_INC10,
        "有法律文书按文书；否则 比例×(义务人收入−户籍地低保标准)，四舍五入到分，不低于0；"
        "义务人为特困/低保/建档立卡/低收入的计0；被赡养人不共同生活的不计",
    )
    needs_calc = ~court & ~cols.o_low & o_counted
    miss_ratio = np.bincount(ohh[needs_calc & ~ratio_ok], minlength=n) > 0
    miss_ostd = np.bincount(ohh[needs_calc & ~o_std_ok], minlength=n) > 0
    support_hh = _segsum(support, o_off)

    income_raw = _segsum(counted, i_off) + support_hh
    income = np.maximum(0, income_raw)
    R(
        "income.household",
        income,
        "money",
        "hh",
        "DHT",
        C_INC04 + C_INC10,
        "家庭月收入合计（含赡养费），不低于0",
    )
    u_income = np.maximum(0, _segsum(u_counted, i_off) + support_hh) if old else income
    if old:
        R(
            "income.household_disposable",
            u_income,
            "money",
            "hh",
            "H",
            C_INC13,
            "可支配收入（含社会救济、基础养老金）",
        )
    miss_income = (
        (miss_minw * B["minimum_wage"])
        | (miss_ratio * B["obligor_support_ratio"])
        | (miss_ostd * B["obligor.dibao_standard"])
    )

    # ---- expenses (R-INC-11, R-INC-02/03, R-INC-12) ----
    ek = cols.e_kind
    ehh = cols.e_hh
    e_co = co[cols.e_mem]
    e_month = _monthly(cols.e_amount, cols.e_yearly) * e_co
    R(
        "expense.monthly",
        e_month,
        "money",
        "expense",
        "DH",
        C_OP02,
        "年支出÷12，四舍五入到分（非共同生活成员不计）",
    )
    e_off = _offsets(ehh, n)

    def esum(kinds: tuple[str, ...]) -> np.ndarray:
        table = np.array([k in kinds for k in EXPENSE_KINDS], dtype=np.int64)
        return _segsum(e_month * table[ek], e_off)

    dibao_deductible = esum(("medical", "disability_care", "employment_cost"))
    deduct_flag = s["deduct"].value[g].astype(bool)
    deduct_ok = s["deduct"].present[g]
    miss_deduct = (dibao_deductible > 0) & ~deduct_ok
    dibao_deduction = np.where(deduct_flag & deduct_ok, dibao_deductible, 0)
    R(
        "dibao.deduction",
        dibao_deduction,
        "money",
        "hh",
        "D",
        C_INC02 + ["R-INC-03", "民发〔2019〕6号 四"],
        "按本地规定扣减的因病因残刚性支出和必要就业成本",
    )
    dibao_income = np.maximum(0, income - dibao_deduction)
    pc = div_half_up(dibao_income, size)
    R("dibao.per_capita_income", pc, "money", "hh", "D", C_INC01, "家庭月收入÷家庭人口，四舍五入到分")

    rent = esum(("housing_rent",))
    floor = s["floor"].value[g]
    floor_ok = s["floor"].present[g]
    allowed_area = floor * size
    cap = floor_ok & (cols.rented_area > 0) & (allowed_area < cols.rented_area)
    rent_allowed = np.where(cap, div_half_up(rent * allowed_area, np.maximum(cols.rented_area, 1)), rent)
    R(
        "union.rent_allowed",
        rent_allowed,
        "money",
        "hh",
        "H",
        C_INC11 + ["OP-21"],
        "房租×min(1, 人均住房面积×人口÷实际租住面积)，四舍五入到分；面积未知或未配置时全额计入",
    )
    rigid = esum(("medical", "disability_care", "education", "other_local")) + rent_allowed
    R(
        "union.rigid_expenditure",
        rigid,
        "money",
        "hh",
        "H",
        C_INC11,
        "医疗、残疾康复护理、教育、住房租金及其他刚性支出合计",
    )
    emp = esum(("employment_cost",))
    R("union.employment_cost", emp, "money", "hh", "H", C_INC12, "必要就业成本（仅用于相对困难）")
    # Tests compare household totals with threshold x size, so that no rounding of a per-capita figure
    # can decide eligibility ("strictly below" is exact); per-capita figures are for display.
    if old:
        tot_deep, tot_rel = u_income, np.maximum(0, u_income - rigid)
        pcn_deep = div_half_up(u_income, size)
        R(
            "union.per_capita_disposable_income",
            pcn_deep,
            "money",
            "hh",
            "H",
            C_INC13,
            "可支配收入÷家庭人口，四舍五入到分",
        )
        pcn_rel = div_half_up(np.maximum(0, u_income - rigid), size)
        R(
            "union.per_capita_after_special_spending",
            pcn_rel,
            "money",
            "hh",
            "H",
            C_INC14,
            "(可支配收入−特殊支出)÷人口，四舍五入到分",
        )
    else:
        tot_deep, tot_rel = np.maximum(0, u_income - rigid), np.maximum(0, u_income - rigid - emp)
        pcn_deep = div_half_up(np.maximum(0, u_income - rigid), size)
        R(
            "union.per_capita_net_income",
            pcn_deep,
            "money",
            "hh",
            "H",
            C_INC12,
            "(家庭收入−刚性支出)÷家庭人口，四舍五入到分，不低于0",
        )
        pcn_rel = div_half_up(np.maximum(0, u_income - rigid - emp), size)
        R(
            "union.per_capita_net_income_after_employment_cost",
            pcn_rel,
            "money",
            "hh",
            "H",
            C_INC12,
            "(家庭收入−刚性支出−必要就业成本)÷家庭人口，四舍五入到分，不低于0",
        )

    arrays: dict[str, np.ndarray] = {"size": size, "std": std, "income": income, "pc_income": pc}
    # government assistance received (excluded from income, R-INC-05): what 解困 weighs (R-ELIG-19)
    assist = _segsum(value * ((kind == _IK["social_assistance"]) & i_co), i_off)
    arrays["assist"] = R(
        "union.assistance_received",
        assist,
        "money",
        "hh",
        "H",
        ["R-ELIG-19", "总工办发〔2020〕13号 附件 二.1"],
        "共同生活成员领取的社会救助金（不计入收入）",
    )
    _dibao(
        cols,
        res,
        s,
        g,
        std,
        std_ok,
        size,
        dibao_income,
        age,
        co,
        m_off,
        arrays,
        miss_income,
        miss_deduct,
        counted,
        support,
        e_month,
        deduct_flag & deduct_ok,
        at,
        R,
    )
    _hardship(
        cols,
        res,
        s,
        g,
        std,
        std_ok,
        size,
        (tot_deep, tot_rel),
        pcn_deep,
        pcn_rel,
        arrays,
        miss_income,
        old,
        day,
        at,
        R,
    )
    _temporary(cols, s, g, std, std_ok, size, income, arrays, miss_income, R)
    return Result(n, old, at, arrays)


def _dibao(
    cols,
    res,
    s,
    g,
    std,
    std_ok,
    size,
    total,
    age,
    co,
    m_off,
    A,
    miss_income,
    miss_deduct,
    counted,
    support,
    e_month,
    deducting,
    at,
    R,
) -> None:  # noqa: ANN001
    n = cols.n
    mhh = cols.m_hh
    mg = g[mhh]  # each member's parameter group
    # ---- property (R-ELIG-01, R-ELIG-03(ii)) ----
    prop_ok_cfg = s["prop"].present[g]
    fin_pc = div_half_up(cols.fin_assets, size)
    R(
        "dibao.financial_assets_per_capita",
        fin_pc,
        "money",
        "hh",
        "D",
        C_ELIG01,
        "(存款+有价证券+债权)÷家庭人口，四舍五入到分",
    )
    fin_limit = mul_ratio(std, s["prop_months"].value[g])
    R(
        "dibao.financial_assets_limit",
        fin_limit,
        "money",
        "hh",
        "D",
        C_ELIG01,
        "月数×低保标准，四舍五入到分（等于可）",
    )
    fin_ok = cols.fin_assets <= fin_limit * size
    houses_ok = cols.houses_owned <= s["prop_houses"].value[g]
    veh_ok = s["prop_vehicles"].value[g].astype(bool) | (cols.vehicles_nonaid == 0)
    prop_ok = fin_ok & houses_ok & veh_ok
    R(
        "dibao.property_ok",
        prop_ok,
        "bool",
        "hh",
        "D",
        C_ELIG01 + C_ELIG03,
        "金融资产、住房套数、机动车均符合本地财产规定",
    )
    income_ok = total < std * size
    R(
        "dibao.income_below_standard",
        income_ok,
        "bool",
        "hh",
        "D",
        C_ELIG01,
        "人均收入低于低保标准（严格小于；以家庭收入<标准×人口精确比较）",
    )
    elig = income_ok & prop_ok

    # ---- phase-out (R-ELIG-04) ----
    has_phase = (cols.h_dibao_since >= 0) & (cols.h_reemployed >= 0) & ~income_ok & prop_ok
    phase_n = s["phase"].value[g]
    phase_cfg = s["phase"].present[g]
    until = np.where(has_phase, cols.h_reemployed + phase_n - 1, -1)
    in_phase = has_phase & phase_cfg & (at <= until)
    R("dibao.phase_out_until", until, "month", "hh", "D", C_ELIG04, "再就业月份+渐退期月数−1（最后发放月）")
    miss_phase = has_phase & ~phase_cfg
    # the benefit continues through the period: the amount paid before, unchanged (ASSESSMENT.md)
    last_known = cols.h_last_benefit >= 0
    phase_unknown = in_phase & ~last_known

    # ---- classified increments (R-AMT-03), one per insured member, the highest group ----
    std_m = s["std"].value[mg]
    severe = (cols.m_grade >= 1) & (cols.m_grade <= 2)
    # membership bits: 1 elderly_60, 2 minor, 4 severe_disability, 8 serious_illness
    bits = (
        (age >= 60).view(np.uint8)
        | ((age < 18).view(np.uint8) << 1)
        | (severe.view(np.uint8) << 2)
        | (cols.m_serious.view(np.uint8) << 3)
    )
    in_any = bits > 0
    # per parameter group, the highest configured ratio (and its group) for each of the 16 combinations;
    # on equal ratios the first group in the order above is named (就高不重复)
    n_groups = len(res.groups)
    tab_ratio = np.zeros((n_groups, 16), dtype=np.int64)
    tab_grp = np.full((n_groups, 16), -1, dtype=np.int8)
    slots = ("inc_elderly_60", "inc_minor", "inc_severe_disability", "inc_serious_illness")
    for gi in range(n_groups):
        for combo in range(1, 16):
            for code, slot in enumerate(slots):
                if combo >> code & 1 and s[slot].present[gi] and s[slot].value[gi] > tab_ratio[gi, combo]:
                    tab_ratio[gi, combo] = s[slot].value[gi]
                    tab_grp[gi, combo] = code
    flat = mg.astype(np.int32) * 16 + bits
    best = tab_ratio.ravel()[flat]
    best_grp = tab_grp.ravel()[flat]
    inc_m = mul_ratio(std_m, best) * co
    R(
        "dibao.increment_ratio",
        best,
        "ratio",
        "member",
        "D",
        C_AMT03,
        "成员所属重点群体中最高的加发比例（就高不重复）",
    )
    R("dibao.increment", inc_m, "money", "member", "D", C_AMT03, "加发比例×低保标准，四舍五入到分")
    inc_needed = np.bincount(mhh[in_any & co], minlength=n) > 0
    inc_cfg = s["inc"].present[g]

    # ---- single-person assessment (R-ELIG-02) ----
    work_lost = cols.m_work >= 1
    unemployed = (cols.m_occ == _OCC["registered_unemployed"]) | (
        cols.m_occ == _OCC["unregistered_unemployed"]
    )
    poor = cols.f_registered_poor[mhh]
    qual = co & ((poor & (cols.m_serious | severe) & work_lost) | ((age >= 18) & unemployed & severe))
    single_try = ~elig[mhh] & ~in_phase[mhh] & prop_ok[mhh] & qual
    # the member's own income (only members who may be assessed alone need it): exact int64 scatter-add
    own = np.zeros(mhh.size, dtype=np.int64)
    if single_try.any():
        sel = single_try[cols.i_mem]
        np.add.at(own, cols.i_mem[sel], counted[sel])
        sel = single_try[cols.o_mem]
        np.add.at(own, cols.o_mem[sel], support[sel])
        ded_items = e_month * np.isin(
            cols.e_kind, [_EK["medical"], _EK["disability_care"], _EK["employment_cost"]]
        )
        sel = single_try[cols.e_mem] & deducting[cols.e_hh]
        np.add.at(own, cols.e_mem[sel], -ded_items[sel])
        own = np.maximum(0, own)
    single = single_try & (own < std_m)
    R(
        "dibao.single_person_income",
        own * single_try,
        "money",
        "member",
        "D",
        C_ELIG02,
        "单人户：本人收入（含对其的赡养费）",
    )
    R(
        "dibao.single_person_eligible",
        single,
        "bool",
        "member",
        "D",
        C_ELIG02,
        "参照单人户且本人收入低于低保标准",
    )
    n_single = np.zeros(n, dtype=np.int64)
    single_gap = np.zeros(n, dtype=np.int64)
    single_own = np.zeros(n, dtype=np.int64)
    if single.any():
        idx = np.nonzero(single)[0]
        np.add.at(n_single, mhh[idx], 1)
        np.add.at(single_gap, mhh[idx], std_m[idx] - own[idx] + inc_m[idx])
        np.add.at(single_own, mhh[idx], own[idx])
    any_single = n_single > 0

    # ---- benefit (OP-01 gap method, R-AMT-02) ----
    # (standard - per-capita income) x insured persons = standard x size - household income: exact in fen.
    gap_hh = np.where(elig, std * size - total, 0)
    gap_pc = np.where(elig, np.maximum(0, std - div_half_up(total, size)), 0)
    R(
        "dibao.benefit_per_capita",
        gap_pc,
        "money",
        "hh",
        "D",
        C_AMT02,
        "低保标准−人均收入（差额补助，按显示的人均收入）",
    )
    hh_inc_members = _segsum(inc_m, m_off)
    hh_inc = np.where(elig, hh_inc_members, 0)
    benefit = np.where(elig, gap_hh + hh_inc, np.where(any_single, single_gap, 0))
    benefit = np.where(in_phase, np.where(last_known, cols.h_last_benefit, 0), benefit)
    R(
        "dibao.benefit_household",
        benefit,
        "money",
        "hh",
        "D",
        C_AMT02 + C_AMT03 + C_ELIG04,
        "低保标准×保障人口−家庭收入（即人均差额×人口，不经舍入）+分类施保加发；渐退期内为此前月补助额，不变",
    )

    missing = np.where(std_ok, 0, B["dibao_standard"]) | miss_income
    missing = (
        missing
        | np.where(prop_ok_cfg, 0, B["dibao_property"])
        | np.where(miss_deduct, B["dibao_deduct_rigid_expenses"], 0)
    )
    missing = missing | np.where(miss_phase, B["phase_out_months"], 0)
    needs_inc = (elig | any_single) & inc_needed & ~inc_cfg
    missing = missing | np.where(needs_inc, B["classified_increment"], 0)
    refusals = cols.f_refused_jobs >= NATIONAL["job_refusals_sanction"]["value"]
    pos = elig | in_phase | any_single
    status = np.where(pos, np.where(refusals | phase_unknown, NEEDS_REVIEW, ELIGIBLE), INELIGIBLE)
    status = np.where(missing != 0, NOT_CONFIGURED, status)
    R("dibao.status", status, "status", "hh", "D", C_ELIG01, "")
    A.update(
        d_status=status,
        d_missing=missing,
        d_income_ok=income_ok,
        d_prop_ok=prop_ok,
        d_fin_ok=fin_ok,
        d_houses_ok=houses_ok,
        d_veh_ok=veh_ok,
        d_fin_pc=fin_pc,
        d_fin_limit=fin_limit,
        d_elig=elig,
        d_has_phase=has_phase & phase_cfg,
        d_in_phase=in_phase,
        d_until=until,
        d_phase_unknown=phase_unknown,
        d_single=any_single,
        d_n_single=n_single,
        d_single_own=single_own,
        d_gap_pc=gap_pc,
        d_benefit=benefit,
        d_refusals=refusals,
        dm_inc=np.where((elig | in_phase)[mhh] | single, inc_m, 0),
        dm_grp=best_grp,
        dm_single=single,
        dm_own=own,
    )


def _hardship(
    cols, res, s, g, std, std_ok, size, totals, pcn_deep, pcn_rel, A, miss_income, old, day, at, R
) -> None:  # noqa: ANN001
    n = cols.n
    tot_deep, tot_rel = totals
    has_union = cols.has_union
    # ---- exclusions (R-ELIG-16; before 2020-06-28 R-ELIG-24) ----
    if old:
        excl = (
            (cols.houses_owned >= 2)
            | (cols.businesses > 0)
            | cols.f_private_school
            | (cols.vehicles_nonaid > 0)
        )
    else:
        excl = (
            cols.f_private_school | cols.f_controlling | cols.f_high_consumption | cols.f_refuses_verification
        )
    excl = excl & has_union
    R(
        "union.excluded",
        excl,
        "bool",
        "hh",
        "H",
        ["R-ELIG-24", "总工办发〔2016〕36号 第四条"]
        if old
        else ["R-ELIG-16", "总工办发〔2020〕13号 附件 四.3"],
        "",
    )

    # ---- migrant workers (R-ELIG-15; before 2020-06-28 R-ELIG-22) ----
    if old:
        migrant_fail = cols.u_migrant & ~cols.u_member
        migrant_unknown = np.zeros(n, dtype=bool)
    else:
        one_year_before = (day.year - 1) * 10000 + day.month * 100 + day.day
        migrant_unknown = cols.u_migrant & (cols.u_since < 0)
        migrant_fail = cols.u_migrant & (cols.u_since >= 0) & (cols.u_since > one_year_before)
    R(
        "union.migrant_rule_failed",
        migrant_fail,
        "bool",
        "hh",
        "H",
        ["R-ELIG-22", "总工发〔2015〕20号 第四条"]
        if old
        else ["R-ELIG-15", "总工办发〔2020〕13号 附件 一.4"],
        "",
    )

    # ---- thresholds ----
    low = s["low"].value[g]
    low_ok = s["low"].present[g]
    mult = s["lowmult"].value[g]
    mult_ok = s["lowmult"].present[g]
    if old:
        thr_rel = np.where(
            low_ok, low, mul_ratio(std, NATIONAL["superseded_slightly_above_multiplier"]["value"])
        )
        thr_ok = np.ones(n, dtype=bool)
    else:
        thr_rel = np.where(low_ok, low, mul_ratio(std, mult))
        thr_ok = low_ok | mult_ok
    R(
        "union.low_income_threshold",
        thr_rel,
        "money",
        "hh",
        "H",
        ["R-ELIG-25", "厅字〔2017〕18号 三"]
        if old
        else ["R-ELIG-13", "总工办发〔2020〕13号 附件 一.2", "OP-30"],
        "低收入标准；未配置时按倍数×低保标准，四舍五入到分",
    )

    accident_ev = cols.has_event & ~EXPENDITURE_EVENTS[cols.ev_kind] & cols.ev_still
    if old:
        deep = tot_deep < std * size
        bar17 = np.zeros(n, dtype=bool)
        miss_floor = np.zeros(n, dtype=bool)
        rel = (tot_deep <= thr_rel * size) & (tot_rel <= std * size)
        acc = accident_ev & (
            tot_deep <= mul_ratio(std, NATIONAL["superseded_accident_multiplier"]["value"]) * size
        )
        R(
            "union.deep_test",
            deep,
            "bool",
            "hh",
            "H",
            ["R-ELIG-23", "总工办发〔2016〕36号 第三条"],
            "人均可支配收入低于低保标准",
        )
        R(
            "union.slightly_above_test",
            rel,
            "bool",
            "hh",
            "H",
            C_INC14 + ["R-ELIG-25"],
            "人均收入不高于低收入标准（无则1.5倍低保），且扣除特殊支出后不高于低保标准",
        )
        R(
            "union.accident_test",
            acc,
            "bool",
            "hh",
            "H",
            ["R-ELIG-23", "总工办发〔2016〕36号 第三条"],
            "意外事件且人均收入不超过3倍低保标准",
        )
    else:
        deep_raw = tot_deep < std * size
        floor = s["floor"].value[g]
        floor_ok = s["floor"].present[g]
        owned_area_pc = div_half_up(cols.owned_area, size)
        two_large = cols.houses_owned_large >= 2
        miss_floor = two_large & ~floor_ok & (cols.vehicles_nonaid == 0)
        bar17 = (cols.vehicles_nonaid > 0) | (two_large & floor_ok & (owned_area_pc > floor))
        R(
            "union.deep_barred",
            bar17,
            "bool",
            "hh",
            "H",
            ["R-ELIG-17", "总工办发〔2020〕13号 附件 四.3(5)", "OP-12"],
            "有非代步机动车，或在大中城市有两套住房且人均面积超过当地人均住房面积",
        )
        deep = deep_raw & ~bar17
        R(
            "union.deep_test",
            deep,
            "bool",
            "hh",
            "H",
            ["R-ELIG-12", "总工办发〔2020〕13号 附件 一.1"],
            "人均纯收入低于低保标准（严格小于）且未被排除",
        )
        rel = tot_rel < thr_rel * size
        R(
            "union.relative_test",
            rel,
            "bool",
            "hh",
            "H",
            ["R-ELIG-13", "总工办发〔2020〕13号 附件 一.2"],
            "扣除刚性支出和必要就业成本后人均纯收入低于低收入标准",
        )
        acc = accident_ev
        R(
            "union.accident_test",
            acc,
            "bool",
            "hh",
            "H",
            ["R-ELIG-14", "总工办发〔2020〕13号 附件 一.3", "OP-11"],
            "突发事件/意外伤害/重大疾病，经各类赔偿救助后仍困难",
        )
    cat = np.where(deep, CAT_DEEP, np.where(acc, CAT_ACCIDENT, np.where(rel, CAT_RELATIVE, CAT_NONE))).astype(
        np.int8
    )
    R(
        "union.category_computed",
        cat,
        "category",
        "hh",
        "H",
        ["R-ELIG-12", "OP-14"],
        "深度 > 意外致困（替代相对） > 相对",
    )
    miss_low = ~deep & ~acc & ~thr_ok

    # ---- out of hardship (R-ELIG-18, OP-07) and review period (R-AMT-13) ----
    out_months = NATIONAL["out_of_hardship_months"]["value"]
    hist_deep = cols.h_cat == CAT_DEEP
    above_now = tot_deep > std * size
    run = above_now.astype(np.int64)
    miss_hist = np.zeros(n, dtype=bool)
    if cols.hm_hh.size and hist_deep.any():
        alive = above_now.copy()
        for k in range(1, out_months):
            m_ord = at - k
            d_k = dt.date(m_ord // 12, m_ord % 12 + 1, 1)
            sk = res.std_on(d_k)
            sel = cols.hm_month == m_ord
            has_k = np.zeros(n, dtype=bool)
            pc_k = np.zeros(n, dtype=np.int64)
            has_k[cols.hm_hh[sel]] = True
            pc_k[cols.hm_hh[sel]] = cols.hm_pc[sel]
            std_k = sk.value[g]
            miss_hist |= hist_deep & alive & has_k & ~sk.present[g]
            above_k = has_k & sk.present[g] & (pc_k > std_k)
            alive = alive & above_k
            run = run + alive
    run = run * hist_deep
    out = hist_deep & (run >= out_months)
    R(
        "union.months_above_standard",
        run,
        "int",
        "hh",
        "H",
        ["R-ELIG-18", "总工办发〔2020〕13号 附件 二.1", "OP-07"],
        "截至评估月连续高于当月低保标准的月数（深度困难档案）",
    )
    keep = (CAT_RANK[cols.h_cat] > CAT_RANK[cat]) & ~out
    keep_reason = np.where(
        keep, np.where(tot_deep <= std * size, 1, 2), 0
    )  # 1: R-AMT-13, 2: R-ELIG-18 not yet
    cat = np.where(keep, cols.h_cat, cat).astype(np.int8)
    R(
        "union.category",
        cat,
        "category",
        "hh",
        "H",
        ["R-AMT-13", "总工办发〔2020〕13号 附件 四.1(6)"],
        "复核期内经济状况未明显改善的不降低类别；深度困难未连续6个月高于低保标准的不脱困",
    )
    uphase = s["uphase"].value[g]
    uphase_until = np.where(out & s["uphase"].present[g], at + uphase - 1, -1)
    # 解困 (R-ELIG-19): a deep archive whose cause remains but whom government assistance brings up to the
    # dibao standard stays deep and keeps its regular aid
    relieved = hist_deep & (cat == CAT_DEEP) & ~out & (tot_deep < std * size)
    relieved &= tot_deep + A["assist"] >= std * size
    R(
        "union.hardship_relieved",
        relieved,
        "bool",
        "hh",
        "H",
        ["R-ELIG-19", "总工办发〔2020〕13号 附件 二.1"],
        "深度困难档案：收入加政府救助达到低保标准，致困原因未消除，保留档案、继续常态化帮扶",
    )

    pcn = np.where(cat == CAT_RELATIVE, pcn_rel, pcn_deep)
    if not old:
        pcn = np.where(cat == CAT_NONE, pcn_rel, pcn)
    thr = np.where(
        (cat == CAT_DEEP) | ((cat == CAT_ACCIDENT) & old), std, np.where(cat == CAT_ACCIDENT, -1, thr_rel)
    )

    missing = np.where(std_ok, 0, B["dibao_standard"]) | miss_income
    missing = missing | np.where(miss_low & ~keep, B["low_income_standard"], 0)
    missing = missing | np.where(miss_floor, B["local_floor_area_per_capita"], 0)
    missing = missing | np.where(miss_hist, B["history.dibao_standard"], 0)
    refused = (cols.f_refused_jobs > 0) & (not old)
    review = refused | cols.u_retiree | migrant_unknown
    status = np.where(cat != CAT_NONE, np.where(review, NEEDS_REVIEW, ELIGIBLE), INELIGIBLE)
    status = np.where(missing != 0, NOT_CONFIGURED, status)
    status = np.where(migrant_fail, INELIGIBLE, status)
    status = np.where(migrant_unknown & (missing == 0), NEEDS_REVIEW, status)
    status = np.where(excl, EXCLUDED, status)
    status = np.where(has_union, status, INELIGIBLE)
    R("union.status", status, "status", "hh", "H", ["R-ELIG-11", "总工办发〔2020〕13号 第三条, 第四条"], "")
    cat = np.where((status == ELIGIBLE) | (status == NEEDS_REVIEW), cat, CAT_NONE).astype(np.int8)
    # gradient rule (R-ELIG-20): a worker household that qualifies for 低保 is pushed into it first
    refer = has_union & ((A["d_status"] == ELIGIBLE) | (A["d_status"] == NEEDS_REVIEW))
    R(
        "union.refer_to_dibao",
        refer,
        "bool",
        "hh",
        "H",
        ["R-ELIG-20", "总工办发〔2020〕13号 附件 二.2"],
        "符合低保条件的职工家庭先纳入政府救助（应保尽保）",
    )

    # ---- union aid (R-AMT-09/10, OP-15) ----
    aid_on = cols.has_aid & (cat != CAT_NONE)
    medical = cols.aid_project == 1
    aid_amt = np.where(
        medical & (cols.aid_share >= 0), np.minimum(cols.aid_amount, cols.aid_share), cols.aid_amount
    )
    aid_capped = medical & (aid_amt < cols.aid_amount)
    R(
        "union.aid_amount",
        aid_amt * aid_on,
        "money",
        "hh",
        "H",
        ["R-AMT-10", "总工办发〔2020〕13号 第六条(二)"],
        "医疗帮扶不超过个人自付部分",
    )
    cum = cols.aid_paid + aid_amt
    R(
        "union.aid_cumulative",
        cum * aid_on,
        "money",
        "hh",
        "H",
        ["R-AMT-09", "总工办发〔2020〕13号 第九条", "OP-15"],
        "本年度同一户同一项目已发+本次",
    )
    level = (
        np.where(
            cum > NATIONAL["union_aid_national_threshold"]["value"],
            3,
            np.where(cum > NATIONAL["union_aid_province_threshold"]["value"], 2, 1),
        )
        * aid_on
    )
    A.update(
        h_status=status,
        h_cat=cat,
        h_pcn=pcn,
        h_pcn_deep=pcn_deep,
        h_pcn_rel=pcn_rel,
        h_thr=thr,
        h_thr_rel=thr_rel,
        h_missing=missing,
        h_excl=excl,
        h_migrant_fail=migrant_fail,
        h_migrant_unknown=migrant_unknown,
        h_bar17=bar17,
        h_keep=keep_reason,
        h_out=out,
        h_run=run,
        h_hist_deep=hist_deep,
        h_uphase_until=uphase_until,
        h_refused=refused,
        h_retiree=cols.u_retiree,
        h_relieved=relieved & ((status == ELIGIBLE) | (status == NEEDS_REVIEW)),
        h_refer=refer,
        h_deep=deep,
        h_rel=rel,
        h_acc=acc,
        aid_on=aid_on,
        aid_amt=aid_amt,
        aid_capped=aid_capped,
        aid_cum=cum,
        aid_level=level,
    )


def _temporary(cols, s, g, std, std_ok, size, income, A, miss_income, R) -> None:  # noqa: ANN001
    n = cols.n
    has = cols.has_event
    if not has.any():  # nobody reported an event: every household is no_event (R-ELIG-06)
        z = np.zeros(n, dtype=np.int64)
        f = np.zeros(n, dtype=bool)
        A.update(
            t_status=np.full(n, NO_EVENT, dtype=np.int64),
            t_expend=f,
            t_amount=z,
            t_county=f,
            t_case=f,
            t_missing=z,
            t_income_ok=f,
            t_yearly_pc=z,
            t_prior=z,
            t_mult=z,
            t_limit=z,
            t_uncovered=z,
            t_income_test=f,
            t_group08=f,
            t_uplift=f,
            t_priority=f,
            t_up=z,
        )
        return
    expend = EXPENDITURE_EVENTS[cols.ev_kind]
    R(
        "temporary.type_expenditure",
        expend & has,
        "bool",
        "hh",
        "T",
        ["R-ELIG-07", "民发〔2018〕23号 二(一)"],
        "教育、医疗支出为支出型，其余为急难型",
    )
    prior = s["prior"].value[g]
    prior_ok = s["prior"].present[g]
    pc_counted = div_half_up(income, size)
    yearly_pc = pc_counted * 12
    R(
        "temporary.per_capita_income_yearly",
        yearly_pc * expend,
        "money",
        "hh",
        "T",
        ["R-ELIG-07", "民发〔2018〕23号 二(一)"],
        "家庭人均月收入（四舍五入到分）×12",
    )
    income_test = (
        income * 12 < prior * size
    )  # exact: per-capita yearly income strictly below the prior-year figure
    # R-ELIG-08: dibao recipients and registered-poor households whose schooling or medical spending is large
    # are eligible for expenditure-type assistance as such (the income test of R-ELIG-07 does not bar them)
    group08 = cols.f_registered_poor | (cols.h_dibao_since >= 0)
    R(
        "temporary.assistance_group",
        group08 & has,
        "bool",
        "hh",
        "T",
        ["R-ELIG-08", "民发〔2019〕87号 二, 三"],
        "低保对象或建档立卡户（教育、医疗支出较大的，纳入临时救助）",
    )
    income_ok = income_test | group08
    # tier multiple by type and severity (R-AMT-04, OP-28)
    mult = np.zeros(n, dtype=np.int64)
    mult_ok = np.zeros(n, dtype=bool)
    for ti, t in enumerate(("emergency", "expenditure")):
        for si, sv in enumerate(SEVERITIES):
            slot = s[f"temp_{t}_{sv}"]
            sel = (expend == bool(ti)) & (cols.ev_sev == si)
            mult = np.where(sel, slot.value[g], mult)
            mult_ok = np.where(sel, slot.present[g], mult_ok)
    R(
        "temporary.tier_multiple",
        mult,
        "ratio",
        "hh",
        "T",
        ["R-AMT-04", "民发〔2018〕23号 二(三)", "OP-28"],
        "按类型和困难程度的档次倍数",
    )
    amount = mul_ratio(std * size, mult)
    # disaster uplift (R-AMT-07): a disaster victim's tier amount raised by the local share, half-up
    up = s["temp_disaster"].value[g]
    uplift = has & (cols.ev_kind == _EV["disaster"]) & s["temp_disaster"].present[g] & (up > 0)
    amount = np.where(uplift, amount + mul_ratio(amount, up), amount)
    R(
        "temporary.amount",
        amount * has,
        "money",
        "hh",
        "T",
        ["R-AMT-04", "OP-28", "R-AMT-07"],
        "倍数×月低保标准×家庭人口，四舍五入到分；受灾的再按本地上浮比例提高（四舍五入到分）",
    )
    # groups to watch for (R-ELIG-09): unemployed or flexibly employed members, migrant workers, disaster
    occ = cols.m_occ
    watched_m = cols.m_co & (
        (occ == _OCC["registered_unemployed"])
        | (occ == _OCC["unregistered_unemployed"])
        | (occ == _OCC["flexible"])
    )
    priority = has & (
        (np.bincount(cols.m_hh[watched_m], minlength=n) > 0)
        | (cols.has_union & cols.u_migrant)
        | (cols.ev_kind == _EV["disaster"])
    )
    limit = s["temp_limit"].value[g]
    limit_ok = s["temp_limit"].present[g]
    county = amount > limit
    R(
        "temporary.county_approval",
        county & has,
        "bool",
        "hh",
        "T",
        ["R-AMT-06", "民发〔2018〕23号 二(二)", "R-FLOW-20"],
        "超过乡镇审批额度的报县级民政部门审批",
    )
    uncovered = np.maximum(0, cols.ev_loss - cols.ev_comp)
    case = (cols.ev_sev == SEV_SEVERE) & (uncovered > amount)
    R(
        "temporary.case_by_case",
        case & has,
        "bool",
        "hh",
        "T",
        ["R-AMT-05", "民发〔2018〕23号 二(三)"],
        "重大困难：未获赔偿的损失超过档次金额，一事一议",
    )
    missing = np.where(std_ok, 0, B["dibao_standard"])
    missing = (
        missing
        | np.where(mult_ok, 0, B["temporary_assistance"])
        | np.where(limit_ok, 0, B["temporary_assistance.township_approval_limit"])
    )
    missing = missing | np.where(
        expend, miss_income | np.where(prior_ok, 0, B["prior_year_disposable_income_per_capita"]), 0
    )
    status = np.where(
        cols.ev_still,
        np.where(expend & ~income_ok, INELIGIBLE, np.where(case, NEEDS_REVIEW, ELIGIBLE)),
        INELIGIBLE,
    )
    status = np.where((missing != 0) & cols.ev_still, NOT_CONFIGURED, status)
    status = np.where(has, status, NO_EVENT)
    R("temporary.status", status, "status", "hh", "T", ["R-ELIG-06", "民发〔2018〕23号 二(一)"], "")
    A.update(
        t_status=status,
        t_expend=expend,
        t_amount=amount,
        t_county=county,
        t_case=case,
        t_missing=missing * has,
        t_income_ok=income_ok,
        t_yearly_pc=yearly_pc,
        t_prior=prior,
        t_mult=mult,
        t_limit=limit,
        t_uncovered=uncovered,
        t_income_test=income_test,
        t_group08=group08 & expend & ~income_test,
        t_uplift=uplift,
        t_priority=priority,
        t_up=up,
    )
    _ = RATIO_SCALE
