"""The API's data shapes, for the OpenAPI document.

The household document is validated by `jiuzhu.registry.documents.clean_household` (Chinese messages with
exact field paths); the models here describe the same document so that other agencies can read it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from jiuzhu.registry import choices as c


def _codes(choices) -> Any:
    values = tuple(v for v, _label in choices.choices if v)
    return Literal[values]  # type: ignore[valid-type]


def _labels(choices) -> str:
    return "; ".join(f"{v}={label}" for v, label in choices.choices if v)


def _code_field(choices, description: str, default: Any = ...) -> Any:
    return Field(default, description=f"{description}. {_labels(choices)}")


AreaType = _codes(c.AreaType)
Relation = _codes(c.Relation)
MaritalStatus = _codes(c.MaritalStatus)
Health = _codes(c.Health)
DisabilityCategory = _codes(c.DisabilityCategory)
WorkCapacity = _codes(c.WorkCapacity)
Occupation = _codes(c.Occupation)
IncomeKind = _codes(c.IncomeKind)
IncomeMethod = _codes(c.IncomeMethod)
Period = _codes(c.Period)
ExpenseKind = _codes(c.ExpenseKind)
HouseNature = _codes(c.HouseNature)
HouseSource = _codes(c.HouseSource)
VehicleKind = _codes(c.VehicleKind)
BusinessKind = _codes(c.BusinessKind)
LowIncomeStatus = _codes(c.LowIncomeStatus)
RetireeType = _codes(c.RetireeType)
HardshipCategory = _codes(c.HardshipCategory)
Track = _codes(c.Track)

Money = Annotated[
    str,
    Field(
        pattern=r"^\d+(\.\d{1,2})?$",
        description='Amount in yuan (元) as a decimal string with at most two places, e.g. "1800.00". '
        "Never negative. Stored exactly as integer fen.",
        examples=["1800.00"],
    ),
]
IdNumber = Annotated[
    str,
    Field(
        description="Resident ID number (居民身份证号码), 18 characters with the GB 11643 check digit; "
        "sex and birth date are read from it. Responses mask it (110113********0013) for roles that do "
        "not need it.",
        examples=["110113198005170017"],
    ),
]
Phone = Annotated[str, Field(max_length=20, description="Digits, '-', '+' and spaces.")]
Text200 = Annotated[str, Field(max_length=200)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class Income(Strict):
    """One income item of a member (R-INC-04..10), with how it was determined (R-INC-15)."""

    kind: IncomeKind = _code_field(c.IncomeKind, "Income kind")
    amount: Money | None = Field(None, description="Yuan; omitted only for flexible_wage_unknown (R-INC-06).")
    per: Period = _code_field(c.Period, "Period of the amount", "month")
    method: IncomeMethod | None = _code_field(
        c.IncomeMethod, "How the amount was determined (R-INC-15)", None
    )
    evidence: Text200 = ""


class Expense(Strict):
    """A rigid expenditure or necessary employment cost, personal share after insurance (R-INC-11)."""

    kind: ExpenseKind = _code_field(c.ExpenseKind, "Expenditure kind")
    amount: Money
    per: Period = _code_field(c.Period, "Period of the amount", "month")
    note: Text200 = ""


class Disability(Strict):
    category: DisabilityCategory | None = _code_field(
        c.DisabilityCategory, "Disability category (R-REG-03b)", None
    )
    grade: int = Field(..., ge=1, le=4, description="Disability grade 1-4; 1 and 2 are severe (重度).")


class Member(Strict):
    """A family member (R-REG-02, R-REG-03, R-REG-04, R-REG-08)."""

    ref: str | None = Field(
        None,
        max_length=20,
        description="Reference used by obligors.supports and union.worker; default m1, m2, ... in order.",
    )
    name: str = Field(..., max_length=50)
    id_number: IdNumber
    ethnicity: str = Field("", max_length=20, description="民族")
    relation: Relation = _code_field(
        c.Relation, "Relation to the applicant; exactly one member is the applicant"
    )
    co_resident: bool = Field(True, description="共同生活家庭成员")
    marital_status: MaritalStatus | None = _code_field(c.MaritalStatus, "Marital status", None)
    health: Health = _code_field(c.Health, "Four-value health code (R-REG-03a)", "healthy")
    disability: Disability | None = None
    serious_illness: bool = False
    disabled_elderly: bool = False
    needs_carer: bool = False
    work_capacity: WorkCapacity = _code_field(c.WorkCapacity, "Working capacity", "full")
    occupation: Occupation = _code_field(
        c.Occupation, "Occupation status, the seven codes of 附件3 (R-REG-04)", "other"
    )
    employer: str = Field("", max_length=100)
    registered_poor: bool = Field(False, description="建档立卡未脱贫")
    laid_off: bool = False
    reemployed_since: dt.date | None = None
    phone: Phone = ""
    incomes: list[Income] = []
    expenses: list[Expense] = []


class AmountPer(Strict):
    amount: Money
    per: Period = _code_field(c.Period, "Period of the amount", "month")


class Obligor(Strict):
    """A support obligor not living with the household (R-REG-05, R-INC-10)."""

    name: str = Field(..., max_length=50)
    id_number: IdNumber
    relation: str = Field(..., max_length=50)
    supports: str = Field(..., description="The ref of the member supported.")
    hukou_region: str = Field(
        ..., pattern=r"^\d{6}$", description="County code (GB/T 2260) of the hukou place."
    )
    income: AmountPer | None = None
    annual_support_paid: Money | None = None
    low_income_status: LowIncomeStatus | None = _code_field(
        c.LowIncomeStatus, "Hardship status (R-INC-10)", None
    )
    court_ordered_support: AmountPer | None = Field(None, description="Support fixed by a legal document.")
    marital_status: MaritalStatus | None = None
    health: Health = "healthy"
    occupation: Occupation | None = None
    co_resident: bool = False


class House(Strict):
    """One dwelling (R-REG-06b)."""

    address: Text200 = ""
    area_m2: str = Field(
        ...,
        pattern=r"^\d+(\.\d{1,2})?$",
        description="Building area in m² (decimal string).",
        examples=["56.30"],
    )
    nature: HouseNature = _code_field(c.HouseNature, "Nature of the dwelling")
    source: HouseSource | Literal[""] | None = _code_field(c.HouseSource, "Source; blank when none", None)
    acquired_on: dt.date | None = None
    in_large_city: bool = False


class Vehicle(Strict):
    """One motor vehicle or vessel (R-REG-06c)."""

    kind: VehicleKind = _code_field(c.VehicleKind, "Kind", "car")
    owner_name: str = Field("", max_length=50)
    model: str = Field("", max_length=100)
    plate: str = Field("", max_length=30)
    displacement: str = Field("", max_length=20)
    purchased_on: dt.date | None = None
    price: Money | None = None
    mobility_aid: bool = Field(False, description="Functional mobility aid of a disabled person.")


class Business(Strict):
    kind: BusinessKind = _code_field(c.BusinessKind, "Kind")
    name: str = Field("", max_length=100)


class Assets(Strict):
    """Household property (R-REG-06)."""

    deposits: Money = "0.00"
    securities: Money = "0.00"
    receivables: Money = "0.00"
    other: str = Field("", max_length=1000, description="Other property, free text.")
    houses: list[House] = []
    vehicles: list[Vehicle] = []
    businesses: list[Business] = []


class Flags(Strict):
    registered_poor: bool = False
    private_school_or_self_paid_abroad: bool = False
    controlling_shareholder: bool = False
    high_consumption: bool = False
    refuses_verification: bool = False
    refused_suitable_jobs: int = Field(
        0, ge=0, le=99, description="Consecutive refusals of a suitable job (R-ELIG-05)."
    )


class UnionInfo(Strict):
    """Union worker attributes (R-REG-13, R-REG-14), present for a hardship-worker archive."""

    worker: str = Field(..., description="The ref of the hardship worker.")
    union_member: bool = True
    employer: str = Field("", max_length=100)
    labour_relation_since: dt.date | None = None
    migrant: bool = False
    retiree_type: RetireeType | Literal[""] | None = _code_field(c.RetireeType, "Retiree type", None)
    socially_managed: bool = False
    in_industrial_area: bool = False
    survivor_of_duty_death: bool = False
    hardship_category: HardshipCategory | None = _code_field(
        c.HardshipCategory, "Hardship category (R-REG-12)", None
    )


class Plan(Strict):
    """一户一计划 and one-to-one pairing (R-REG-16)."""

    causes: str = Field("", max_length=2000)
    measures: str = Field("", max_length=2000)
    tracks: list[Track] = Field([], description=f"四个一批. {_labels(c.Track)}")
    helping_unit: str = Field("", max_length=100)
    responsible_person: str = Field("", max_length=50)
    responsible_phone: Phone = ""
    goal: Text200 = ""
    goal_met: bool = False


class HouseholdDocument(Strict):
    """One household as one document: what POST creates and PUT replaces, and what GET returns.

    Unknown fields are refused. Money is yuan as decimal strings.
    """

    region: str = Field(
        ...,
        max_length=20,
        description="Region code (village/community or township), "
        "e.g. 110113001001; must be within the caller's scope.",
    )
    union_org: str | None = Field(None, max_length=20, description="Code of the union keeping the archive.")
    area_type: AreaType = _code_field(c.AreaType, "Programme applied for")
    address: Text200 = ""
    hukou_address: Text200 = ""
    residence_address: Text200 = ""
    employer: str = Field("", max_length=200, description="Applicant's employer (申请人所在单位).")
    phone: Phone = ""
    main_expenditure: Text200 = ""
    near_relative_of_staff: bool = Field(
        False, description="R-REG-07: a near relative is a dibao case worker or village cadre."
    )
    members: list[Member] = Field(..., min_length=1)
    obligors: list[Obligor] = []
    assets: Assets = Assets()
    flags: Flags = Flags()
    union: UnionInfo | None = None
    plan: Plan | None = None


class StoredHouseholdDocument(HouseholdDocument):
    """A household document as stored. A closed (注销) household lists no members: they are kept,
    inactive, and its history shows them."""

    members: list[Member]


class HouseholdDetail(Schema):
    id: int
    number: str = Field(..., description="Household number, county code-year-sequence.")
    active: bool
    id_numbers_masked: bool = Field(
        ..., description="True when ID numbers and phones are masked for the caller's role."
    )
    document: StoredHouseholdDocument


class HouseholdListItem(Schema):
    id: int
    number: str
    region: str
    region_name: str
    area_type: str
    applicant_name: str = Field(..., description="Masked: 张**")
    applicant_id_number: str = Field(..., description="Masked: 110113********0013")
    phone: str = Field(..., description="Masked: 138****8000")
    members: int
    active: bool


class HouseholdPage(Schema):
    items: list[HouseholdListItem]
    next_cursor: str | None = Field(None, description="Pass as ?cursor= for the next page; null at the end.")


class CloseIn(Strict):
    reason: str = Field(..., min_length=1, max_length=1000, description="Why the file is closed (注销原因).")


class FieldChange(Schema):
    field: str = Field(..., description="Path in the document, e.g. members[0].incomes[0].amount")
    before: Any = None
    after: Any = None


class HistoryEntry(Schema):
    id: int
    at: dt.datetime
    action: str
    actor: str | None
    actor_role: str
    note: str
    changes: list[FieldChange]


class RegionNode(Schema):
    code: str
    name: str
    level: int
    phone: str
    children: list[RegionNode] = []


class UnionNode(Schema):
    code: str
    name: str
    level: int
    region: str | None
    is_help_centre: bool
    children: list[UnionNode] = []


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str | None
    actor_role: str
    action: str
    object_type: str
    object_id: str
    household: int | None
    before: Any = None
    after: Any = None
    note: str


class AuditPage(Schema):
    items: list[AuditEventOut]
    next_cursor: str | None = None


class Me(Schema):
    username: str
    name: str
    role: str
    role_label: str
    region: str | None
    region_name: str | None
    union_org: str | None
    union_org_name: str | None
    can_write: bool
    can_read_registry: bool
    can_audit: bool
    sees_id_numbers: bool
    auth: Literal["session", "token"]


class TokenIn(Strict):
    name: str = Field(..., min_length=1, max_length=100, description="What the token is for.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created: dt.datetime
    last_used: dt.datetime | None
    revoked: bool


class TokenCreated(TokenOut):
    token: str = Field(..., description="The token itself. Shown only now; store it safely.")


class Problem(Schema):
    field: str = Field(..., description="Path of the bad field, e.g. members[1].id_number")
    problem: str = Field(..., description="What is wrong, in Chinese, e.g. 校验位应为X")


class ValidationErrorOut(Schema):
    detail: list[Problem]


class ErrorOut(Schema):
    detail: str
