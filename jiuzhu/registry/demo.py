"""Demo households (issue 2 item 9): realistic synthetic families for the demo counties, fast.

`generate_demo(households, seed)` fills the registry with households of 顺义区 (110113) and 朝阳区
(110105) as loaded by `jiuzhu.cli.bootstrap()`: members with valid ID numbers whose birth date and sex
agree with their age and relation, Chinese names, incomes, disabilities and illness, expenses, support
obligors living elsewhere, houses, vehicles, payee accounts and, for about one household in twenty, the
union hardship-worker archive (WorkerInfo and the household plan).

Speed: the rows are generated as tuples and written with `executemany` (SQLite) or `COPY` (PostgreSQL)
in one transaction, bypassing the per-household actions, which would be a hundred times slower. The
data is nevertheless what `clean_household` accepts (tests/registry/test_demo.py checks a sample), and
the run writes one audit event, "demo.generate", by the system (no actor).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import sys
from decimal import Decimal
from typing import Any

from jiuzhu.idnumber import _CHECK_CHARS, _WEIGHTS

from . import choices as c
from . import names as N
from .actions import HOUSEHOLD_SCALARS, MEMBER_SCALARS
from .documents import HOUSE_KEYS, PLAN_KEYS, UNION_KEYS

DEMO_COUNTIES = ("110113", "110105")
COUNTY_WEIGHTS = (55, 45)
# Ages are computed on this fixed day, not today, so that a seed gives the same data in any year.
# Nobody is close to 60 in the wrong direction: "elderly" members stay elderly as time passes.
REFERENCE_DATE = dt.date(2026, 7, 1)
CHUNK = 2000  # households generated and written per batch
MAX_SEED = 10**12  # household numbers "D{seed}-{index:07d}" must fit in 24 characters
MAX_HOUSEHOLDS = 9_999_999


class DemoError(Exception):
    """The demo data cannot be generated (message in Chinese, shown as is)."""


def demo_number(seed: int, index: int) -> str:
    """The household number of the index-th (1-based) demo household of a seed: D7-0000042."""
    return f"D{seed}-{index:07d}"


def generate_demo(households: int, seed: int, progress: bool = False) -> int:
    """Generate `households` demo households for `seed` and return how many were written.

    The same seed always gives the same households (names, ID numbers, incomes, numbers
    "D{seed}-0000001"...), whatever the day or machine, on a database holding the same other members.
    Different seeds add more households; ID numbers never clash with each other or with members and
    obligors already in the database (they are checked before writing, R-REG-11).

    A seed that has already been generated is not generated again: the call writes nothing, says so on
    stderr and returns 0 (so `jiuzhu demo` can be re-run safely). Use another seed to add households.

    Everything is written in one transaction with one audit event "demo.generate" (actor: system), so an
    interrupted run leaves nothing behind. While it runs, other writers wait.
    """
    from django.db import connection, transaction

    from jiuzhu.core.audit import record
    from jiuzhu.core.models import Region

    from .models import Household

    if (
        isinstance(households, bool)
        or not isinstance(households, int)
        or not 0 <= households <= MAX_HOUSEHOLDS
    ):
        raise DemoError(f"演示家庭数应为0到{MAX_HOUSEHOLDS}之间的整数")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < MAX_SEED:
        raise DemoError(f"seed应为0到{MAX_SEED - 1}之间的整数")
    if households == 0:
        return 0
    if Household.objects.filter(number__startswith=demo_number(seed, 0)[:-7]).exists():
        print(
            f"seed={seed} 的演示家庭已经生成过，未重复生成；如需更多演示家庭，请换一个seed。", file=sys.stderr
        )
        return 0

    from tqdm import tqdm

    with transaction.atomic():
        writer = _Writer(connection)
        generator = _Generator(seed, _places(), _unions(), _taken_ids())
        root = Region.objects.filter(code="110000").first() or Region.objects.get(code=DEMO_COUNTIES[0])
        next_household, next_member = writer.next_ids()
        with tqdm(total=households, unit="户", file=sys.stderr, disable=not progress, desc="演示家庭") as bar:
            for start in range(1, households + 1, CHUNK):
                stop = min(start + CHUNK, households + 1)
                rows = _Rows()
                for index in range(start, stop):
                    hh = generator.household(index)
                    next_member = rows.add(
                        hh, demo_number(seed, index), next_household, next_member, writer.now
                    )
                    next_household += 1
                writer.write(rows)
                bar.update(stop - start)
        writer.finish()
        record(
            None,
            "demo.generate",
            root,
            scope_path=root.path,
            after={
                "seed": seed,
                "count": households,
                "first": demo_number(seed, 1),
                "last": demo_number(seed, households),
            },
            note=f"生成演示家庭 {households} 户（seed={seed}）",
        )
    return households


# --- where the households live, who may own union archives, which ID numbers are taken ----------------


def _places() -> dict[str, list[dict]]:
    """The villages and communities of each demo county, in code order."""
    from jiuzhu.core.models import Region

    places: dict[str, list[dict]] = {code: [] for code in DEMO_COUNTIES}
    villages = Region.objects.filter(level=Region.Level.VILLAGE).select_related("parent").order_by("code")
    for v in villages:
        county = v.code[:6]
        if county in places and v.parent is not None:
            # Statistical division codes: 001-199 are residents' committees (社区), 200-399 villages (村).
            rural = v.code[9:12] >= "200"
            places[county].append(
                {
                    "id": v.pk,
                    "code": v.code,
                    "path": v.path,
                    "name": v.name,
                    "township": v.parent.name,
                    "rural": rural,
                }
            )
    missing = [code for code, rows in places.items() if not rows]
    if missing:
        raise DemoError(
            f"演示地区（{'、'.join(missing)}）的村（社区）尚未载入，请先运行 jiuzhu serve 或 jiuzhu demo"
        )
    return places


def _unions() -> dict[str, dict[str, list[dict]]]:
    """Per county: enterprise unions, street unions and help centres that may own a worker archive."""
    from jiuzhu.core.models import UnionOrg

    out: dict[str, dict[str, list[dict]]] = {
        code: {"enterprise": [], "street": [], "centre": []} for code in DEMO_COUNTIES
    }
    for u in (
        UnionOrg.objects.filter(level__gte=UnionOrg.Level.COUNTY).select_related("region").order_by("code")
    ):
        if u.region is None or u.region.code[:6] not in out:
            continue
        row = {"id": u.pk, "name": u.name, "region_path": u.region.path}
        kinds = out[u.region.code[:6]]
        if u.is_help_centre:
            kinds["centre"].append(row)
        elif u.level == UnionOrg.Level.BASE and len(u.region.code) > 6:
            kinds["street"].append(row)
        elif u.level == UnionOrg.Level.BASE:
            kinds["enterprise"].append(row)
    return out


def _taken_ids() -> set[str]:
    """The first 17 digits of every ID number already in the registry (members and obligors)."""
    from .models import Member, Obligor

    taken: set[str] = set()
    for model in (Member, Obligor):
        for number in model.objects.values_list("id_number", flat=True).iterator(chunk_size=20000):
            taken.add(number[:17])
    return taken


class _FastRandom(random.Random):
    """random.Random with the few draws the generator makes many of, built on random() alone.

    The stdlib versions go through getrandbits and rejection sampling, three times slower; these are
    uniform to within 2**-53, and just as deterministic for a seed.
    """

    def randrange(self, start, stop=None, step=1):
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        if cum_weights is None and weights is None:
            n = len(population)
            return [population[int(self.random() * n)] for _ in range(k)]
        if cum_weights is None:
            cum_weights = _CUMULATIVE.get(weights) or _CUMULATIVE.setdefault(weights, _cumulative(weights))
        total = cum_weights[-1]
        if k == 1:
            return [population[bisect.bisect(cum_weights, self.random() * total)]]
        return [population[bisect.bisect(cum_weights, self.random() * total)] for _ in range(k)]


_CUMULATIVE: dict[tuple, tuple] = {}  # weights tuple -> cumulative weights


# --- the generator: one household at a time, from one random.Random(seed) ------------------------------

# Household compositions with weights (per cent).
KINDS = (
    ("single_elderly", 18),
    ("elderly_couple", 12),
    ("couple_children", 25),
    ("single_parent", 11),
    ("single_adult", 15),
    ("three_generations", 10),
    ("disabled_adult_child", 6),
    ("grandchildren", 3),
)
WORKER_KINDS = ("couple_children", "single_parent", "single_adult", "three_generations")
DISABILITY_GRADES = (1, 2, 3, 4)


class _Generator:
    def __init__(self, seed: int, places: dict, unions: dict, taken: set[str]):
        self.rng = _FastRandom(seed)
        self.random = self.rng.random
        self._dates: dict[int, tuple[str, int]] = {}
        self._regions: dict[str, int] = {}
        self.places = places
        self.unions = unions
        self.taken = taken
        self.surnames = tuple(s for s, _w in N.SURNAMES)
        self.surname_cw = _cumulative(w for _s, w in N.SURNAMES)
        self.ethnicities = tuple(e for e, _w in N.ETHNICITIES)
        self.ethnicity_cw = _cumulative(w for _e, w in N.ETHNICITIES)
        self.kinds = tuple(k for k, _w in KINDS)
        self.kind_cw = _cumulative(w for _k, w in KINDS)

    # Small helpers ----------------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.random() < p

    def surname(self) -> str:
        return self.rng.choices(self.surnames, cum_weights=self.surname_cw)[0]

    def given(self, sex: str, birth_year: int) -> str:
        cohort = (
            "old"
            if birth_year < 1965
            else "mid"
            if birth_year < 1985
            else "young"
            if birth_year < 2005
            else "child"
        )
        return self.rng.choice(N.GIVEN_NAMES[(sex, cohort)])

    def phone(self) -> str:
        return f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"

    def yuan(self, lo: int, hi: int, step: int = 10) -> int:
        """A whole amount in fen, between lo and hi yuan, in steps of `step` yuan."""
        return self.rng.randrange(lo // step, hi // step + 1) * step * 100

    def birth(self, age: int) -> dt.date:
        """A birth date giving exactly `age` years on the reference date."""
        ref = REFERENCE_DATE
        hi = dt.date(ref.year - age, ref.month, ref.day).toordinal()
        lo = dt.date(ref.year - age - 1, ref.month, ref.day).toordinal() + 1
        return dt.date.fromordinal(self.rng.randint(lo, hi))

    def id_number(self, region: str, birth: dt.date, sex: str) -> str:
        """A valid ID number not yet used; the sequence starts at random and probes upwards.

        The same number as `jiuzhu.idnumber.make_id_number(region, birth, sequence, sex)`, with the
        weighted sums of the region and date parts cached (tests check the two agree).
        """
        start = int(self.random() * 500)
        region_sum = self._regions.get(region)
        if region_sum is None:
            region_sum = self._regions[region] = sum(
                int(ch) * w for ch, w in zip(region, _WEIGHTS[:6], strict=True)
            )
        sex_bit = 1 if sex == "M" else 0
        while True:
            ordinal = birth.toordinal()
            cached = self._dates.get(ordinal)
            if cached is None:
                ymd = f"{birth:%Y%m%d}"
                cached = self._dates[ordinal] = (
                    ymd,
                    sum(int(ch) * w for ch, w in zip(ymd, _WEIGHTS[6:14], strict=True)),
                )
            ymd, date_sum = cached
            for k in range(500):
                seq = (start + k) % 500 * 2 + sex_bit
                first17 = f"{region}{ymd}{seq:03d}"
                if first17 not in self.taken:
                    self.taken.add(first17)
                    total = region_sum + date_sum + _SEQ_SUMS[seq]
                    return first17 + _CHECK_CHARS[total % 11]
            birth += dt.timedelta(days=-1)  # 500 people of one sex born that day there: try the day before

    def person(self, *, age: int, sex: str, relation: str, region: str, surname: str | None = None) -> dict:
        birth = self.birth(age)
        p = dict(_PERSON)
        p["name"] = (surname or self.surname()) + self.given(sex, birth.year)
        p["sex"], p["age"], p["relation"] = sex, age, relation
        p["ethnicity"] = self.rng.choices(self.ethnicities, cum_weights=self.ethnicity_cw)[0]
        p["incomes"], p["expenses"] = [], []
        number = self.id_number(region, birth, sex)
        p["id_number"] = number
        p["birth_date"] = birth_of(number)
        return p

    # Health, work and money of one member --------------------------------------------------------------

    def health(self, p: dict, *, disabled: float, ill: float) -> None:
        age = p["age"]
        roll = self.rng.random()
        if roll < disabled:
            p["health"] = c.Health.DISABLED
            category = self.rng.choice(c.DisabilityCategory.values)
            grade = self.rng.choices(DISABILITY_GRADES, weights=(15, 25, 30, 30))[0]
            p["disability_category"], p["disability_grade"] = category, grade
            if grade <= 2:
                p["work_capacity"] = c.WorkCapacity.NONE
                p["needs_carer"] = grade == 1 and self.chance(0.6)
            else:
                p["work_capacity"] = c.WorkCapacity.PARTIAL
        elif roll < disabled + ill:
            p["health"] = c.Health.ILL
            p["serious_illness"] = self.chance(0.35)
            p["work_capacity"] = (
                c.WorkCapacity.NONE if p["serious_illness"] and self.chance(0.5) else c.WorkCapacity.PARTIAL
            )
        elif roll < disabled + ill + 0.2:
            p["health"] = c.Health.FAIR
        if age >= 60:
            if age >= 70 and self.chance(0.12):
                p["disabled_elderly"] = True
                p["needs_carer"] = True
                p["work_capacity"] = c.WorkCapacity.NONE
            elif p["work_capacity"] == c.WorkCapacity.FULL and self.chance(0.5):
                p["work_capacity"] = c.WorkCapacity.PARTIAL
        elif age < 18:
            p["work_capacity"] = (
                c.WorkCapacity.FULL if p["health"] != c.Health.DISABLED else p["work_capacity"]
            )

    def _disability_allowance(self, p: dict) -> None:
        """Half the disabled draw the two disability allowances, an income excluded locally."""
        if p["health"] == c.Health.DISABLED and self.chance(0.5):
            p["incomes"].append(
                _income(
                    "locally_excluded",
                    self.yuan(200, 400),
                    "month",
                    "financial_institution",
                    "残疾人两项补贴",
                )
            )

    def work(self, p: dict, *, rural: bool, status: str | None = None) -> None:
        """Occupation and incomes from age, health and (for union workers) the status they need."""
        age, rng = p["age"], self.rng
        if age < 18:
            p["occupation"] = c.Occupation.OTHER
            self._disability_allowance(p)
            return
        if age >= 60:
            p["occupation"] = c.Occupation.ELDERLY
            if rural:
                # 城乡居民基础养老金: the central part is not counted (R-INC-05); the local part is.
                p["incomes"].append(
                    _income(
                        "basic_pension_central",
                        14300,
                        "month",
                        "financial_institution",
                        "城乡居民基础养老金（中央部分）",
                    )
                )
                if self.chance(0.7):
                    p["incomes"].append(
                        _income(
                            "pension",
                            self.yuan(600, 1000),
                            "month",
                            "financial_institution",
                            "城乡居民养老金（地方部分）",
                        )
                    )
            elif self.chance(0.8):
                p["incomes"].append(
                    _income(
                        "pension", self.yuan(1200, 4500), "month", "financial_institution", "养老金发放记录"
                    )
                )
            if self.chance(0.06):
                p["incomes"].append(
                    _income(
                        "family_planning_award",
                        rng.choice((59000, 72000)),
                        "month",
                        "financial_institution",
                        "计划生育特别扶助金",
                    )
                )
            if self.chance(0.015):
                p["incomes"].append(
                    _income(
                        "special_care", self.yuan(1000, 3000), "month", "financial_institution", "优待抚恤金"
                    )
                )
            self._common_incomes(p)
            return
        if status is None:
            if p["relation"] in (c.Relation.CHILD, c.Relation.GRANDCHILD) and age <= 22 and self.chance(0.7):
                status = c.Occupation.ADULT_DEPENDENT_STUDENT
            elif p["work_capacity"] == c.WorkCapacity.NONE:
                status = (
                    c.Occupation.ADULT_DEPENDENT_STUDENT
                    if p["relation"] == c.Relation.CHILD
                    else c.Occupation.UNREGISTERED_UNEMPLOYED
                )
            else:
                status = rng.choices(
                    (
                        c.Occupation.EMPLOYED,
                        c.Occupation.FLEXIBLE,
                        c.Occupation.REGISTERED_UNEMPLOYED,
                        c.Occupation.UNREGISTERED_UNEMPLOYED,
                    ),
                    weights=(35, 30, 15, 20),
                )[0]
        p["occupation"] = status
        if status == c.Occupation.EMPLOYED:
            p["employer"] = self.employer()
            wage = self.yuan(1500, 6000) if self.chance(0.7) else self.yuan(2540, 4000)
            method, evidence = rng.choice((("contract", "劳动合同"), ("inferred", "社保缴费基数推算")))
            p["incomes"].append(_income("wage", wage, "month", method, evidence))
            if self.chance(0.5):
                p["incomes"].append(
                    _income(
                        "transfer_out",
                        wage * 105 // 1000 // 100 * 100,
                        "month",
                        "inferred",
                        "个人缴纳社会保险费",
                    )
                )
        elif status == c.Occupation.FLEXIBLE:
            job = rng.choice(N.FLEXIBLE_JOBS)
            p["employer"] = job
            if self.chance(0.6):
                p["incomes"].append(
                    _income(
                        "wage", self.yuan(1000, 3500), "month", rng.choice(("declared", "investigation")), job
                    )
                )
            else:
                p["incomes"].append(_income("flexible_wage_unknown", None, "month", "minimum_wage", job))
        elif status == c.Occupation.REGISTERED_UNEMPLOYED:
            p["laid_off"] = self.chance(0.3)
            if self.chance(0.5):
                p["incomes"].append(
                    _income("transfer", self.yuan(1800, 2100), "month", "financial_institution", "失业保险金")
                )
        elif status == c.Occupation.ADULT_DEPENDENT_STUDENT:
            if p["work_capacity"] != c.WorkCapacity.NONE and self.chance(0.3):
                p["incomes"].append(
                    _income("scholarship", self.yuan(2000, 8000, 500), "year", "receipt", "国家助学金")
                )
            p["expenses"].append(_expense("education", self.yuan(3000, 12000, 100), "year", "学费、住宿费"))
        if rural and status != c.Occupation.ADULT_DEPENDENT_STUDENT and self.chance(0.45):
            p["incomes"].append(
                _income(
                    "business_net", self.yuan(2000, 20000, 100), "year", "assessment", "种植养殖经营净收入"
                )
            )
        self._disability_allowance(p)
        self._common_incomes(p)

    def _common_incomes(self, p: dict) -> None:
        if self.chance(0.03):
            p["incomes"].append(
                _income("property_net", self.yuan(500, 2500), "month", "legal_document", "房屋出租合同")
            )
        if self.chance(0.02):
            p["incomes"].append(
                _income("social_assistance", self.yuan(1000, 5000, 100), "year", "receipt", "临时救助金")
            )
        if self.chance(0.02):
            p["incomes"].append(_income("transfer", self.yuan(200, 1000), "month", "declared", "亲友资助"))
        if self.chance(0.01):
            p["incomes"].append(
                _income("other_counted", self.yuan(200, 1000), "month", "investigation", "其他收入")
            )
        if self.chance(0.001):
            p["incomes"].append(
                _income("bravery_award", self.yuan(2000, 10000, 1000), "year", "receipt", "见义勇为奖励")
            )
        if p["health"] == c.Health.ILL or (p["health"] == c.Health.DISABLED and self.chance(0.3)):
            if p["serious_illness"]:
                p["expenses"].append(
                    _expense("medical", self.yuan(10000, 80000, 100), "year", "住院医疗费用个人自付部分")
                )
            else:
                p["expenses"].append(
                    _expense("medical", self.yuan(100, 1200), "month", "门诊慢性病药费个人负担")
                )
        if p["needs_carer"] and self.chance(0.5):
            p["expenses"].append(_expense("disability_care", self.yuan(300, 1500), "month", "康复护理费用"))

    def employer(self) -> str:
        return self.rng.choice(("北京", "顺义", "朝阳")) + self.rng.choice(N.EMPLOYERS)

    # Households --------------------------------------------------------------------------------------

    def household(self, index: int) -> dict:
        rng = self.rng
        county = rng.choices(DEMO_COUNTIES, weights=COUNTY_WEIGHTS)[0]
        union_kind = None
        kind = rng.choices(self.kinds, cum_weights=self.kind_cw)[0]
        if self.chance(0.05) and any(self.unions[county].values()):
            union_kind = rng.choices(("enterprise", "street", "centre"), weights=(40, 25, 35))[0]
            if not self.unions[county][union_kind]:
                union_kind = next(k for k in ("centre", "enterprise", "street") if self.unions[county][k])
            kind = rng.choice(WORKER_KINDS)
            if self.chance(0.1):  # retired workers (R-REG-14) keep their archive with the union
                union_kind, kind = (
                    rng.choice(("enterprise", "centre")),
                    rng.choice(("single_elderly", "elderly_couple")),
                )
                if not self.unions[county][union_kind]:
                    union_kind = next(k for k in ("centre", "enterprise", "street") if self.unions[county][k])
        union = rng.choice(self.unions[county][union_kind]) if union_kind else None
        places = self.places[county]
        if union_kind == "street":
            places = [p for p in places if p["path"].startswith(union["region_path"])] or places
        place = rng.choice(places)
        rural = place["rural"]
        retired = union_kind is not None and kind in ("single_elderly", "elderly_couple")
        migrant = union_kind in ("enterprise", "centre") and not retired and self.chance(0.3)
        origin_code, origin_address = rng.choice(N.OUTSIDE_COUNTIES) if migrant else (county, "")

        hh: dict[str, Any] = {
            "region_id": place["id"],
            "union_org_id": union["id"] if union else None,
            "area_type": c.AreaType.RURAL if rural else c.AreaType.URBAN,
            "kind": kind,
        }
        status = None
        if union_kind == "enterprise":
            status = c.Occupation.EMPLOYED
        elif union_kind:
            status = rng.choices(
                (c.Occupation.FLEXIBLE, c.Occupation.REGISTERED_UNEMPLOYED, c.Occupation.EMPLOYED),
                weights=(45, 35, 20),
            )[0]
        members, obligors = getattr(self, f"_{kind}")(origin_code, rural, status)
        applicant = members[0]
        applicant["phone"] = self.phone()
        for m in members[1:]:
            if m["age"] >= 18 and self.chance(0.4):
                m["phone"] = self.phone()
        hh["members"], hh["obligors"] = members, obligors

        address = self.address(place)
        hh["address"] = address
        hh["residence_address"] = address
        hh["hukou_address"] = (
            (
                f"{origin_address}{rng.choice(('城关镇', '新华镇', '王庄乡', '李集镇'))}{rng.choice(('东', '西', '前', '后'))}"
                f"{rng.choice(('王庄', '李村', '张庄', '刘营', '孙庄'))}村{rng.randint(1, 300)}号"
            )
            if migrant
            else address
        )
        hh["worker"] = self.worker(union_kind, union, applicant, migrant, retired) if union_kind else None
        hh["employer"] = applicant["employer"] if applicant["occupation"] == c.Occupation.EMPLOYED else ""
        hh["phone"] = applicant["phone"]
        self.assets(hh, place, applicant, members)
        hh["main_expenditure"] = _main_expenditure(members)
        hh["near_relative_of_staff"] = self.chance(0.005)
        registered_poor = rural and self.chance(0.01)
        hh["registered_poor"] = registered_poor
        applicant["registered_poor"] = registered_poor
        hh["private_school_or_self_paid_abroad"] = self.chance(0.002)
        hh["controlling_shareholder"] = self.chance(0.002)
        hh["high_consumption"] = self.chance(0.003)
        hh["refuses_verification"] = self.chance(0.002)
        hh["refused_suitable_jobs"] = rng.randint(1, 3) if self.chance(0.01) else 0
        hh["account"] = self.account(members, obligors) if self.chance(0.85) else None
        hh["plan"] = self.plan(union, hh["worker"]) if union_kind else None
        return hh

    def address(self, place: dict) -> str:
        rng = self.rng
        if place["rural"]:
            return f"{place['township']}{place['name']}{rng.randint(1, 480)}号"
        return (
            f"{place['township']}{place['name']}{rng.randint(1, 36)}号楼{rng.randint(1, 6)}单元"
            f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}"
        )

    def adult(
        self,
        age: int,
        sex: str,
        relation: str,
        region: str,
        rural: bool,
        *,
        surname: str | None = None,
        marital: str = "",
        status: str | None = None,
        disabled: float = 0.06,
        ill: float = 0.08,
    ) -> dict:
        p = self.person(age=age, sex=sex, relation=relation, region=region, surname=surname)
        p["marital_status"] = marital
        self.health(p, disabled=disabled if age < 60 else disabled * 1.5, ill=ill if age < 60 else ill * 2)
        self.work(p, rural=rural, status=status)
        return p

    def child(self, age: int, relation: str, region: str, rural: bool, surname: str) -> dict:
        p = self.person(age=age, sex=self.rng.choice("MF"), relation=relation, region=region, surname=surname)
        if age >= 18:
            p["marital_status"] = c.MaritalStatus.SINGLE
        self.health(p, disabled=0.04, ill=0.04)
        self.work(p, rural=rural)
        if 6 <= age < 18 and self.chance(0.3):
            p["expenses"].append(_expense("education", self.yuan(500, 3000, 100), "year", "学杂费、校服费"))
        return p

    def children(
        self,
        youngest_parent_age: int,
        region: str,
        rural: bool,
        surname: str,
        n: int,
        max_age: int = 24,
        relation: str = c.Relation.CHILD,
    ) -> list[dict]:
        top = min(max_age, youngest_parent_age - 20)
        if top < 0:
            return []
        return [self.child(self.rng.randint(0, top), relation, region, rural, surname) for _ in range(n)]

    def couple(
        self,
        age: int,
        region: str,
        rural: bool,
        status: str | None,
        *,
        marital: str = "married",
        male_applicant: float = 0.7,
        disabled: float = 0.06,
        ill: float = 0.08,
        min_spouse_age: int = 20,
    ) -> list[dict]:
        """Applicant and spouse: opposite sex, ages within six years; she keeps her own surname."""
        rng = self.rng
        sex = "M" if self.chance(male_applicant) else "F"
        applicant = self.adult(
            age,
            sex,
            c.Relation.APPLICANT,
            region,
            rural,
            marital=marital,
            status=status,
            disabled=disabled,
            ill=ill,
        )
        gap = rng.randint(-2, 6)  # husbands are usually a little older
        spouse_age = max(min_spouse_age, min(95, age - gap if sex == "M" else age + gap))
        spouse = self.adult(
            spouse_age,
            "F" if sex == "M" else "M",
            c.Relation.SPOUSE,
            region,
            rural,
            marital=marital,
            disabled=disabled,
            ill=ill,
        )
        return [applicant, spouse]

    def obligor_children(
        self, parent: dict, ref: int, region_hint: str, n: int, parent_age: int
    ) -> list[dict]:
        """Grown-up children living elsewhere who owe support to `parent` (R-REG-05)."""
        out = []
        rng = self.rng
        top = min(parent_age - 22, 55)
        if top < 22:
            return out
        father_surname = (
            parent["name"][: _surname_len(parent["name"])] if parent["sex"] == "M" else self.surname()
        )
        for _ in range(n):
            age = rng.randint(22, top)
            sex = rng.choice("MF")
            roll = rng.random()
            if roll < 0.5:
                hukou = region_hint
            elif roll < 0.7:
                hukou = DEMO_COUNTIES[1] if region_hint == DEMO_COUNTIES[0] else DEMO_COUNTIES[0]
            elif roll < 0.9:
                hukou = rng.choice(N.BEIJING_DISTRICTS)[0]
            else:
                hukou = rng.choice(N.OUTSIDE_COUNTIES)[0]
            birth = self.birth(age)
            number = self.id_number(hukou, birth, sex)
            low = self.chance(0.05)
            occupation = rng.choices(
                (c.Occupation.EMPLOYED, c.Occupation.FLEXIBLE, c.Occupation.UNREGISTERED_UNEMPLOYED),
                weights=(65, 25, 10),
            )[0]
            income = (
                self.yuan(3000, 12000, 100)
                if occupation == c.Occupation.EMPLOYED
                else self.yuan(1500, 5000, 100)
                if occupation == c.Occupation.FLEXIBLE
                else 0
            )
            out.append(
                {
                    "name": father_surname + self.given(sex, birth.year),
                    "id_number": number,
                    "birth_date": birth_of(number),
                    "sex": sex,
                    "relation": "儿子" if sex == "M" else "女儿",
                    "supports": ref,
                    "marital_status": c.MaritalStatus.MARRIED if self.chance(0.8) else c.MaritalStatus.SINGLE,
                    "health": c.Health.HEALTHY if self.chance(0.85) else c.Health.FAIR,
                    "occupation": occupation,
                    "hukou_region": hukou,
                    "income_fen": income,
                    "income_per": "month",
                    "annual_support_paid_fen": self.yuan(0, 6000, 100) if self.chance(0.6) else 0,
                    "co_resident": False,
                    "low_income_status": rng.choice((c.LowIncomeStatus.DIBAO, c.LowIncomeStatus.LOW_INCOME))
                    if low
                    else "",
                    "court_ordered_fen": None,
                    "court_ordered_per": "month",
                }
            )
        return out

    def obligor_parent(
        self, child: dict, ref: int, relation: str, sex: str, age: int, hukou: str, surname: str, court: bool
    ) -> dict:
        """A parent living elsewhere who owes support to a child (divorce, children left with grandparents)."""
        rng = self.rng
        birth = self.birth(age)
        number = self.id_number(hukou, birth, sex)
        occupation = (
            c.Occupation.ELDERLY
            if age >= 60
            else rng.choices((c.Occupation.EMPLOYED, c.Occupation.FLEXIBLE), weights=(60, 40))[0]
        )
        income = (
            self.yuan(1500, 4000, 100) if occupation == c.Occupation.ELDERLY else self.yuan(2500, 9000, 100)
        )
        return {
            "name": surname + self.given(sex, birth.year),
            "id_number": number,
            "birth_date": birth_of(number),
            "sex": sex,
            "relation": relation,
            "supports": ref,
            "marital_status": rng.choice((c.MaritalStatus.DIVORCED, c.MaritalStatus.MARRIED)),
            "health": c.Health.HEALTHY,
            "occupation": occupation,
            "hukou_region": hukou,
            "income_fen": income,
            "income_per": "month",
            "annual_support_paid_fen": self.yuan(0, 12000, 100),
            "co_resident": False,
            "low_income_status": "",
            "court_ordered_fen": self.yuan(500, 1500, 50) if court else None,
            "court_ordered_per": "month",
        }

    # The compositions (each returns members, applicant first, and obligors) -------------------------

    def _single_elderly(self, region, rural, status):
        age = self.rng.randint(60, 92)
        marital = self.rng.choices(("widowed", "divorced", "single"), weights=(70, 20, 10))[0]
        applicant = self.adult(
            age, "F" if self.chance(0.6) else "M", c.Relation.APPLICANT, region, rural, marital=marital
        )
        n = self.rng.choices((0, 1, 2, 3), weights=(25 if marital != "single" else 100, 35, 30, 10))[0]
        return [applicant], self.obligor_children(applicant, 0, region, n, age)

    def _elderly_couple(self, region, rural, status):
        age = self.rng.randint(60, 88)
        members = self.couple(age, region, rural, None, male_applicant=0.75, ill=0.12, min_spouse_age=56)
        youngest = min(m["age"] for m in members)
        n = self.rng.choices((0, 1, 2, 3), weights=(20, 35, 35, 10))[0]
        supported = members[0] if members[0]["sex"] == "M" else members[1]
        ref = 0 if supported is members[0] else 1
        return members, self.obligor_children(supported, ref, region, n, youngest)

    def _couple_children(self, region, rural, status):
        age = self.rng.randint(25, 55)
        members = self.couple(age, region, rural, status)
        father = members[0] if members[0]["sex"] == "M" else members[1]
        n = self.rng.choices((1, 2, 3), weights=(55, 38, 7))[0]
        members += self.children(
            min(members[0]["age"], members[1]["age"]),
            region,
            rural,
            father["name"][: _surname_len(father["name"])],
            n,
        )
        return members, []

    def _single_parent(self, region, rural, status):
        rng = self.rng
        age = rng.randint(25, 55)
        sex = "F" if self.chance(0.7) else "M"
        marital = c.MaritalStatus.DIVORCED if self.chance(0.7) else c.MaritalStatus.WIDOWED
        applicant = self.adult(age, sex, c.Relation.APPLICANT, region, rural, marital=marital, status=status)
        other_surname = self.surname()
        child_surname = applicant["name"][: _surname_len(applicant["name"])] if sex == "M" else other_surname
        kids = self.children(
            age, region, rural, child_surname, rng.choices((1, 2), weights=(75, 25))[0], max_age=20
        )
        members = [applicant, *kids]
        obligors = []
        minors = [i for i, m in enumerate(members) if m["relation"] == c.Relation.CHILD and m["age"] < 18]
        if marital == c.MaritalStatus.DIVORCED and minors and self.chance(0.6):
            other_sex = "M" if sex == "F" else "F"
            other_age = max(22, min(70, age + rng.randint(-4, 6)))
            obligors.append(
                self.obligor_parent(
                    members[minors[0]],
                    minors[0],
                    "父亲" if other_sex == "M" else "母亲",
                    other_sex,
                    other_age,
                    rng.choice((region, rng.choice(N.BEIJING_DISTRICTS)[0])),
                    child_surname if other_sex == "M" else other_surname,
                    court=self.chance(0.5),
                )
            )
        return members, obligors

    def _single_adult(self, region, rural, status):
        rng = self.rng
        age = rng.randint(22 if status else 18, 59)
        marital = rng.choices(("single", "divorced", "widowed"), weights=(60, 32, 8))[0]
        applicant = self.adult(
            age,
            rng.choice("MF"),
            c.Relation.APPLICANT,
            region,
            rural,
            marital=marital,
            status=status,
            disabled=0.35 if status is None else 0.08,
            ill=0.3 if status is None else 0.15,
        )
        obligors = []
        parent_age = age + rng.randint(22, 32)
        if marital == "single" and parent_age <= 90 and self.chance(0.35):
            sex = rng.choice("MF")
            surname = applicant["name"][: _surname_len(applicant["name"])] if sex == "M" else self.surname()
            obligors.append(
                self.obligor_parent(
                    applicant,
                    0,
                    "父亲" if sex == "M" else "母亲",
                    sex,
                    parent_age,
                    region,
                    surname,
                    court=False,
                )
            )
        return [applicant], obligors

    def _three_generations(self, region, rural, status):
        rng = self.rng
        age = rng.randint(30, 55)
        members = self.couple(age, region, rural, status)
        applicant = members[0]
        father = members[0] if members[0]["sex"] == "M" else members[1]
        members += self.children(
            min(members[0]["age"], members[1]["age"]),
            region,
            rural,
            father["name"][: _surname_len(father["name"])],
            rng.choices((1, 2), weights=(70, 30))[0],
        )
        surname = applicant["name"][: _surname_len(applicant["name"])]
        # The applicant's parents: both (45%), the father alone (20%) or the mother alone (35%).
        which = rng.choices(("both", "father", "mother"), weights=(45, 20, 35))[0]
        marital = c.MaritalStatus.MARRIED if which == "both" else c.MaritalStatus.WIDOWED
        father_age = min(95, age + rng.randint(22, 34))
        if which in ("both", "father"):
            members.append(
                self.adult(
                    father_age,
                    "M",
                    c.Relation.PARENT,
                    region,
                    rural,
                    surname=surname,
                    marital=marital,
                    ill=0.15,
                )
            )
        if which in ("both", "mother"):
            mother_age = max(age + 20, min(95, father_age - rng.randint(-2, 5)))
            members.append(
                self.adult(mother_age, "F", c.Relation.PARENT, region, rural, marital=marital, ill=0.15)
            )
        return members, []

    def _disabled_adult_child(self, region, rural, status):
        rng = self.rng
        age = rng.randint(45, 78)
        if self.chance(0.7):
            members = self.couple(age, region, rural, None)
        else:
            members = [
                self.adult(
                    age,
                    rng.choice("MF"),
                    c.Relation.APPLICANT,
                    region,
                    rural,
                    marital=rng.choice(("widowed", "divorced")),
                )
            ]
        youngest = min(m["age"] for m in members)
        father = next((m for m in members if m["sex"] == "M"), None)
        surname = father["name"][: _surname_len(father["name"])] if father else self.surname()
        child_age = rng.randint(18, max(18, min(50, youngest - 20)))
        child = self.person(
            age=child_age, sex=rng.choice("MF"), relation=c.Relation.CHILD, region=region, surname=surname
        )
        child["marital_status"] = c.MaritalStatus.SINGLE
        child["health"] = c.Health.DISABLED
        child["disability_category"] = rng.choice(("intellectual", "mental", "physical", "multiple"))
        child["disability_grade"] = rng.choice((1, 2))
        child["work_capacity"] = c.WorkCapacity.NONE
        child["needs_carer"] = self.chance(0.6)
        self.work(child, rural=rural, status=c.Occupation.ADULT_DEPENDENT_STUDENT)
        child["expenses"] = [e for e in child["expenses"] if e[0] != "education"]
        child["expenses"].append(
            _expense("disability_care", self.yuan(300, 2000), "month", "康复训练、护理费用")
        )
        return [*members, child], []

    def _grandchildren(self, region, rural, status):
        rng = self.rng
        age = rng.randint(58, 80)
        if self.chance(0.5):
            members = self.couple(age, region, rural, None)
        else:
            members = [
                self.adult(age, rng.choice("MF"), c.Relation.APPLICANT, region, rural, marital="widowed")
            ]
        grandfather = next((m for m in members if m["sex"] == "M"), None)
        surname = grandfather["name"][: _surname_len(grandfather["name"])] if grandfather else self.surname()
        youngest = min(m["age"] for m in members)
        kids = [
            self.child(rng.randint(3, min(17, youngest - 40)), c.Relation.GRANDCHILD, region, rural, surname)
            for _ in range(rng.choices((1, 2), weights=(75, 25))[0])
        ]
        members += kids
        obligors = []
        if self.chance(0.7):
            parent_sex = rng.choice("MF")
            parent_age = max(kids[0]["age"] + 20, min(youngest - 20, kids[0]["age"] + rng.randint(22, 32)))
            obligors.append(
                self.obligor_parent(
                    kids[0],
                    len(members) - len(kids),
                    "父亲" if parent_sex == "M" else "母亲",
                    parent_sex,
                    parent_age,
                    rng.choice((region, rng.choice(N.OUTSIDE_COUNTIES)[0])),
                    surname if parent_sex == "M" else self.surname(),
                    court=False,
                )
            )
        return members, obligors

    # Property, accounts and the union archive ----------------------------------------------------------

    def assets(self, hh: dict, place: dict, applicant: dict, members: list[dict]) -> None:
        rng = self.rng
        roll = rng.random()
        hh["deposits_fen"] = (
            self.yuan(0, 5000)
            if roll < 0.4
            else self.yuan(5000, 30000, 100)
            if roll < 0.8
            else self.yuan(30000, 100000, 100)
            if roll < 0.95
            else self.yuan(100000, 300000, 1000)
        )
        hh["securities_fen"] = self.yuan(5000, 80000, 100) if self.chance(0.02) else 0
        hh["receivables_fen"] = self.yuan(2000, 50000, 100) if self.chance(0.01) else 0
        hh["other_property"] = (
            rng.choice(("小型农机具一台", "耕地承包经营权", "林地承包经营权"))
            if (place["rural"] and self.chance(0.05))
            else ""
        )
        houses = []
        if place["rural"]:
            nature = rng.choices(("self_owned", "borrowed", "temporary"), weights=(85, 10, 5))[0]
            houses.append(
                {
                    "address": hh["address"],
                    "area_m2": _area(rng.randint(6000, 22000)),
                    "nature": nature,
                    "source": "self_built" if nature == "self_owned" else "",
                    "acquired_on": dt.date(rng.randint(1975, 2020), rng.randint(1, 12), 1)
                    if nature == "self_owned"
                    else None,
                    "in_large_city": False,
                }
            )
        else:
            nature = rng.choices(
                ("self_owned", "rented_public", "rented_private", "borrowed"), weights=(65, 18, 12, 5)
            )[0]
            source = {
                "self_owned": rng.choices(("self_purchased", "resettlement"), weights=(60, 40))[0],
                "rented_public": "rented_public",
            }.get(nature, "")
            houses.append(
                {
                    "address": hh["address"],
                    "area_m2": _area(rng.randint(2800, 9500)),
                    "nature": nature,
                    "source": source,
                    "acquired_on": dt.date(rng.randint(1990, 2022), rng.randint(1, 12), 1)
                    if source
                    else None,
                    "in_large_city": True,
                }
            )
            if nature in ("rented_public", "rented_private"):
                rent = self.yuan(300, 900) if nature == "rented_public" else self.yuan(1200, 3500)
                applicant["expenses"].append(_expense("housing_rent", rent, "month", "房屋租赁合同"))
        if self.chance(0.03):
            houses.append(
                {
                    "address": f"{rng.choice(N.OUTSIDE_COUNTIES)[1]}老家",
                    "area_m2": _area(rng.randint(5000, 15000)),
                    "nature": "self_owned",
                    "source": "self_built",
                    "acquired_on": None,
                    "in_large_city": False,
                }
            )
        hh["houses"] = houses
        vehicles = []
        if self.chance(0.04):
            model, displacement = rng.choice(N.CAR_MODELS)
            vehicles.append(
                {
                    "kind": "car",
                    "owner_name": applicant["name"],
                    "model": model,
                    "plate": self.plate(),
                    "displacement": displacement,
                    "purchased_on": dt.date(rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28)),
                    "price_fen": self.yuan(40000, 150000, 1000),
                    "mobility_aid": False,
                }
            )
        if place["rural"] and self.chance(0.04):
            vehicles.append(
                {
                    "kind": "motorcycle",
                    "owner_name": applicant["name"],
                    "model": rng.choice(N.MOTORCYCLE_MODELS),
                    "plate": self.plate(),
                    "displacement": "125cc",
                    "purchased_on": dt.date(rng.randint(2005, 2023), rng.randint(1, 12), rng.randint(1, 28)),
                    "price_fen": self.yuan(3000, 9000, 100),
                    "mobility_aid": False,
                }
            )
        for m in members:
            if m["disability_category"] == "physical" and m["disability_grade"] <= 3 and self.chance(0.3):
                vehicles.append(
                    {
                        "kind": "other",
                        "owner_name": m["name"],
                        "model": rng.choice(N.MOBILITY_AID_MODELS),
                        "plate": "",
                        "displacement": "",
                        "purchased_on": dt.date(
                            rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28)
                        ),
                        "price_fen": self.yuan(3000, 15000, 100),
                        "mobility_aid": True,
                    }
                )
        hh["vehicles"] = vehicles
        hh["businesses"] = (
            [
                {
                    "kind": rng.choice(("shop", "employs_others")),
                    "name": rng.choice(("便民小卖部", "早点铺", "修车铺", "裁缝店", "水果摊位")),
                }
            ]
            if self.chance(0.005)
            else []
        )

    def plate(self) -> str:
        return "京" + self.rng.choice(N.PLATE_LETTERS) + "".join(self.rng.choices(N.PLATE_CHARS, k=5))

    def account(self, members: list[dict], obligors: list[dict]) -> dict:
        """The applicant's account at the agent bank; an agent for those who cannot withdraw (R-REG-10)."""
        rng = self.rng
        applicant = members[0]
        bank, bin_ = rng.choice(N.BANKS)
        account = {
            "bank": bank,
            "account_number": bin_ + f"{rng.randrange(10**13):013d}",
            "agent_name": "",
            "agent_id_number": "",
        }
        if applicant["age"] >= 80 or applicant["needs_carer"] or (applicant["disability_grade"] or 9) == 1:
            helpers = [
                m for m in members[1:] if 18 <= m["age"] < 75 and m["work_capacity"] != "none"
            ] + obligors
            if helpers:
                agent = rng.choice(helpers)
                account["agent_name"], account["agent_id_number"] = agent["name"], agent["id_number"]
        return account

    def worker(self, union_kind: str, union: dict, applicant: dict, migrant: bool, retired: bool) -> dict:
        rng = self.rng
        age = applicant["age"]
        if retired:
            return {
                "union_member": True,
                "employer": union["name"].removesuffix("工会") if union_kind == "enterprise" else "",
                "labour_relation_since": None,
                "migrant": False,
                "retiree_type": rng.choices(
                    ("retired", "sick_retired", "periodic_allowance"), weights=(70, 20, 10)
                )[0],
                "socially_managed": self.chance(0.6),
                "in_industrial_area": self.chance(0.1),
                "survivor_of_duty_death": self.chance(0.02),
                "hardship_category": rng.choices(("deep", "relative", "accident"), weights=(35, 55, 10))[0],
            }
        since_year = max(REFERENCE_DATE.year - age + 18, REFERENCE_DATE.year - rng.randint(0, 25))
        employed = applicant["occupation"] == c.Occupation.EMPLOYED
        if union_kind == "enterprise":
            employer = union["name"].removesuffix("工会")
            applicant["employer"] = employer
        else:
            employer = applicant["employer"] if employed else ""
        return {
            "union_member": self.chance(0.95),
            "employer": employer,
            "labour_relation_since": dt.date(
                min(since_year, REFERENCE_DATE.year - 1), rng.randint(1, 12), rng.randint(1, 28)
            )
            if employed or migrant
            else None,
            "migrant": migrant,
            "retiree_type": "",
            "socially_managed": False,
            "in_industrial_area": self.chance(0.05),
            "survivor_of_duty_death": self.chance(0.01),
            "hardship_category": rng.choices(("deep", "relative", "accident"), weights=(30, 55, 15))[0],
        }

    def plan(self, union: dict, worker: dict) -> dict:
        rng = self.rng
        tracks = sorted(rng.sample(c.Track.values, rng.randint(1, 2)), key=c.Track.values.index)
        return {
            "causes": rng.choice(N.CAUSES),
            "measures": "；".join(rng.sample(N.MEASURES, 2)),
            "tracks": tracks,
            "helping_unit": union["name"],
            "responsible_person": self.surname() + self.given(rng.choice("MF"), rng.randint(1965, 1995)),
            "responsible_phone": self.phone(),
            "goal": "家庭人均收入稳定高于当地最低生活保障标准"
            if worker["hardship_category"] != "accident"
            else "帮助家庭渡过难关",
            "goal_met": self.chance(0.1),
        }


_SEQ_SUMS = tuple(
    sum(int(ch) * w for ch, w in zip(f"{seq:03d}", _WEIGHTS[14:], strict=True)) for seq in range(1000)
)
_PERSON = {
    "co_resident": True,
    "marital_status": "",
    "health": c.Health.HEALTHY,
    "disability_category": "",
    "disability_grade": None,
    "serious_illness": False,
    "disabled_elderly": False,
    "needs_carer": False,
    "work_capacity": c.WorkCapacity.FULL,
    "occupation": c.Occupation.OTHER,
    "employer": "",
    "registered_poor": False,
    "laid_off": False,
    "reemployed_since": None,
    "phone": "",
}


def _cumulative(weights) -> tuple[int, ...]:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return tuple(out)


_COMPOUND = {s for s, _w in N.SURNAMES if len(s) > 1}


def _surname_len(name: str) -> int:
    return 2 if name[:2] in _COMPOUND else 1


def birth_of(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def _income(kind: str, amount_fen: int | None, per: str, method: str, evidence: str) -> tuple:
    return (kind, amount_fen, per, method, evidence)


def _expense(kind: str, amount_fen: int, per: str, note: str) -> tuple:
    return (kind, amount_fen, per, note)


def _area(hundredths: int) -> Decimal:
    return Decimal(hundredths).scaleb(-2)


def _main_expenditure(members: list[dict]) -> str:
    kinds = {e[0] for m in members for e in m["expenses"]}
    out = [
        label
        for kind, label in (
            ("medical", "医疗"),
            ("education", "子女教育"),
            ("housing_rent", "房租"),
            ("disability_care", "康复护理"),
        )
        if kind in kinds
    ]
    return "、".join(out + ["日常生活"])


# --- rows and the bulk writer -----------------------------------------------------------------------------

# The household facts the actions write (actions.HOUSEHOLD_SCALARS, region and union as their keys),
# framed by id, number, photo, active flag and times.
HOUSEHOLD_COLUMNS = (
    "id",
    "number",
    "region_id",
    "union_org_id",
    *HOUSEHOLD_SCALARS[2:],
    "photo",
    "active",
    "created_at",
    "updated_at",
)
# The member facts the actions write (actions.MEMBER_SCALARS), framed by keys, ID number and the active flag.
MEMBER_COLUMNS = ("id", "household_id", "name", "id_number", *MEMBER_SCALARS[1:], "active")
MEMBER_FIELDS = MEMBER_COLUMNS[2:-1]
INCOME_COLUMNS = ("member_id", "kind", "amount_fen", "per", "method", "evidence")
EXPENSE_COLUMNS = ("member_id", "kind", "amount_fen", "per", "note")
OBLIGOR_COLUMNS = (
    "household_id",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "relation",
    "supports_id",
    "marital_status",
    "health",
    "occupation",
    "hukou_region",
    "income_fen",
    "income_per",
    "annual_support_paid_fen",
    "co_resident",
    "low_income_status",
    "court_ordered_fen",
    "court_ordered_per",
)
HOUSE_COLUMNS = ("household_id", *HOUSE_KEYS)
VEHICLE_COLUMNS = (
    "household_id",
    "kind",
    "owner_name",
    "model",
    "plate",
    "displacement",
    "purchased_on",
    "price_fen",
    "mobility_aid",
)
BUSINESS_COLUMNS = ("household_id", "kind", "name")
ACCOUNT_COLUMNS = ("member_id", "bank", "account_number", "agent_name", "agent_id_number")
WORKER_COLUMNS = ("household_id", "worker_id", *UNION_KEYS[1:])
PLAN_COLUMNS = ("household_id", *PLAN_KEYS)
HOUSEHOLD_FIELDS = HOUSEHOLD_SCALARS[2:]


def _tables():
    from . import models as m

    return (
        ("household", m.Household, HOUSEHOLD_COLUMNS),
        ("member", m.Member, MEMBER_COLUMNS),
        ("income", m.IncomeItem, INCOME_COLUMNS),
        ("expense", m.Expense, EXPENSE_COLUMNS),
        ("obligor", m.Obligor, OBLIGOR_COLUMNS),
        ("house", m.House, HOUSE_COLUMNS),
        ("vehicle", m.Vehicle, VEHICLE_COLUMNS),
        ("business", m.Business, BUSINESS_COLUMNS),
        ("account", m.PayeeAccount, ACCOUNT_COLUMNS),
        ("worker", m.WorkerInfo, WORKER_COLUMNS),
        ("plan", m.HouseholdPlan, PLAN_COLUMNS),
    )


class _Rows:
    """The rows of one batch of households, table by table, as tuples in the *_COLUMNS order."""

    def __init__(self):
        self.tables: dict[str, list[tuple]] = {name: [] for name, _model, _cols in _tables()}

    def add(self, hh: dict, number: str, household_id: int, member_id: int, now) -> int:
        t = self.tables
        t["household"].append(
            (
                household_id,
                number,
                hh["region_id"],
                hh["union_org_id"],
                *(hh[k] for k in HOUSEHOLD_FIELDS),
                "",
                True,
                now,
                now,
            )
        )
        ids = []
        for m in hh["members"]:
            ids.append(member_id)
            t["member"].append((member_id, household_id, *(m[k] for k in MEMBER_FIELDS), True))
            t["income"].extend((member_id, *i) for i in m["incomes"])
            t["expense"].extend((member_id, *e) for e in m["expenses"])
            member_id += 1
        t["obligor"].extend(
            (
                household_id,
                *(o[k] for k in OBLIGOR_COLUMNS[1:6]),
                ids[o["supports"]],
                *(o[k] for k in OBLIGOR_COLUMNS[7:]),
            )
            for o in hh["obligors"]
        )
        t["house"].extend((household_id, *(h[k] for k in HOUSE_COLUMNS[1:])) for h in hh["houses"])
        t["vehicle"].extend((household_id, *(v[k] for k in VEHICLE_COLUMNS[1:])) for v in hh["vehicles"])
        t["business"].extend((household_id, b["kind"], b["name"]) for b in hh["businesses"])
        if hh["account"]:
            t["account"].append((ids[0], *(hh["account"][k] for k in ACCOUNT_COLUMNS[1:])))
        if hh["worker"]:
            t["worker"].append((household_id, ids[0], *(hh["worker"][k] for k in WORKER_COLUMNS[2:])))
        if hh["plan"]:
            plan = hh["plan"]
            t["plan"].append(
                (
                    household_id,
                    *(plan[k] for k in PLAN_COLUMNS[1:3]),
                    json.dumps(plan["tracks"]),
                    *(plan[k] for k in PLAN_COLUMNS[4:]),
                )
            )
        return member_id


class _Writer:
    """Writes row tuples straight to the tables: executemany on SQLite, COPY on PostgreSQL.

    Columns the generator does not know (added to a model later) get the field's default, so a new field
    with a default does not break the demo.
    """

    def __init__(self, connection):
        from django.utils import timezone

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.now = (
            timezone.now() if self.postgres else connection.ops.adapt_datetimefield_value(timezone.now())
        )
        self.plan: dict[str, tuple[str, tuple]] = {}
        quote = connection.ops.quote_name
        for name, model, columns in _tables():
            fields = {f.attname: f for f in model._meta.concrete_fields}
            unknown = [a for a in columns if a not in fields]
            if unknown:
                raise DemoError(f"{model.__name__} 没有字段 {', '.join(unknown)}")
            extra_fields = [f for a, f in fields.items() if a not in columns and not f.primary_key]
            extra = []
            for f in extra_fields:
                if not (f.has_default() or f.null or f.empty_strings_allowed):
                    raise DemoError(f"{model.__name__}.{f.name} 没有默认值，演示数据生成器需要更新")
                extra.append(f.get_db_prep_save(f.get_default(), connection))
            all_columns = [fields[a].column for a in columns] + [f.column for f in extra_fields]
            table = quote(model._meta.db_table)
            cols = ", ".join(quote(col) for col in all_columns)
            if self.postgres:
                sql = f"COPY {table} ({cols}) FROM STDIN"
            else:
                sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(all_columns))})"
            self.plan[name] = (sql, tuple(extra))

    def next_ids(self) -> tuple[int, int]:
        """The first free household and member ids; on PostgreSQL the tables are locked against writers."""
        from .models import Household, Member

        quote = self.connection.ops.quote_name
        out = []
        with self.connection.cursor() as cursor:
            if self.postgres:
                tables = ", ".join(quote(m._meta.db_table) for m in (Household, Member))
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
            for model in (Household, Member):
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(model._meta.db_table)}")
                out.append(cursor.fetchone()[0] + 1)
        return out[0], out[1]

    def write(self, rows: _Rows) -> None:
        with self.connection.cursor() as cursor:
            for name, table_rows in rows.tables.items():
                if not table_rows:
                    continue
                sql, extra = self.plan[name]
                if extra:
                    table_rows = [r + extra for r in table_rows]
                if self.postgres:
                    with cursor.cursor.copy(sql) as copy:
                        for row in table_rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(sql, table_rows)

    def finish(self) -> None:
        """Move the id sequences past the ids given explicitly (PostgreSQL) and refresh the planner's statistics.

        Without statistics SQLite's planner reads every member through the partial unique index on active ID
        numbers, ten times slower than a plain scan (a name search on 100,000 households: 700 ms instead of 70),
        so the tables just filled are analysed. PostgreSQL's autovacuum would get to the big ones, but later.
        """
        from django.core.management.color import no_style

        from jiuzhu.core.models import Region, UnionOrg

        from .models import Household, Member

        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            if self.postgres:
                for sql in self.connection.ops.sequence_reset_sql(no_style(), [Household, Member]):
                    cursor.execute(sql)
            # The small region and union tables too: PostgreSQL's autovacuum never analyses a table of a few
            # dozen rows, and without statistics it guesses that a county's subtree holds one region and
            # probes the members of each of its 55,000 households one by one.
            for model in [Region, UnionOrg, *(model for _name, model, _columns in _tables())]:
                cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
