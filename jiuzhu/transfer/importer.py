"""Checking a household import file: every problem of every row, before anything is written.

The file (layout.py) becomes one household DOCUMENT per 户编号; each document goes through
`clean_household()`, and each problem path it returns (``members[1].id_number``) is mapped back to the
sheet, row and column it came from (``家庭成员 第17行 身份证号码: 校验位应为X``). Writing is done by
`actions.do_import_households`, only when nothing at all is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from jiuzhu.registry import choices as c
from jiuzhu.registry.documents import ValidationFailed, clean_household

from .codes import CodeError, normalize, to_bool, to_code, to_grade
from .layout import (
    EXAMPLE_PREFIX,
    HOUSES,
    IGNORED_SHEETS,
    KEY,
    MEMBERS,
    MONTHLY_INCOME,
    OBLIGORS,
    SHEETS,
    VEHICLES,
    Column,
    Sheet,
    sheet_named,
)
from .reading import FileUnreadable, Table, cell_text, read_file


@dataclass(frozen=True)
class Loc:
    sheet: str  # "" for CSV
    row: int | None
    column: str = ""  # the header as written in the file
    index: int = -1  # column index, 0 = A

    @property
    def letter(self) -> str:
        if self.index < 0:
            return ""
        n, out = self.index + 1, ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out

    def at(self, column: str, index: int) -> Loc:
        return Loc(self.sheet, self.row, column, index)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str
    letter: str = ""

    def __str__(self) -> str:
        where = " ".join(p for p in (self.sheet, f"第{self.row}行" if self.row else "") if p)
        where = f"{where} {self.column}".strip() if self.column else where
        return f"{where}: {self.message}" if where else self.message


@dataclass
class PlannedHousehold:
    key: str
    doc: dict
    locs: dict[str, Loc]
    first: Loc  # the household's first row on the members sheet

    def locate(self, path: str) -> Loc:
        p = path
        while p:
            if p in self.locs:
                return self.locs[p]
            p = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", p) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", p) else ""
        return self.first


@dataclass
class Plan:
    format: str = ""
    households: list[PlannedHousehold] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_example_rows: int = 0
    sheet_order: dict[str, int] = field(default_factory=dict)

    def add(self, loc: Loc, message: str) -> None:
        problem = Problem(loc.sheet, loc.row, loc.column, message, loc.letter)
        if not self.problems or self.problems[-1] != problem:  # clean_household may say "必填" twice
            self.problems.append(problem)

    def sort(self) -> None:
        order = self.sheet_order
        self.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))

    def counts(self) -> dict[str, int]:
        docs = [h.doc for h in self.households]
        return {
            "households": len(docs),
            "members": sum(len(d["members"]) for d in docs),
            "houses": sum(len(d["assets"]["houses"]) for d in docs),
            "vehicles": sum(len(d["assets"]["vehicles"]) for d in docs),
            "obligors": sum(len(d["obligors"]) for d in docs),
        }


class _Missing:
    pass


MISSING = _Missing()
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
)


def convert(col: Column, raw: Any) -> Any:
    """A cell's value for the document, MISSING when empty; raises CodeError with the message to show."""
    text = cell_text(raw)
    if text == "":
        return MISSING
    if col.kind == "id" or col.kind == "member_id":
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raise CodeError(_("身份证号码被Excel存成了数字，末几位会丢失；请把该列设为“文本”后重新输入"))
        return text.replace(" ", "").upper()
    if col.kind == "code":
        return to_code(col.choices, text)
    if col.kind == "bool":
        return to_bool(text)
    if col.kind == "grade":
        return to_grade(text)
    if col.kind == "date":
        if isinstance(raw, dt.datetime | dt.date):
            return text[:10]
        for pattern in _DATE_PATTERNS:
            m = pattern.match(normalize(text))
            if m:
                y, mo, d = (int(g) for g in (*m.groups(), 1)[:3])
                try:
                    return dt.date(y, mo, d).isoformat()
                except ValueError:
                    break
        raise CodeError(_("“%(value)s”不是日期（如2015-06-01，或只填年月2015-06）") % {"value": text})
    return text  # text, number and money (checked by clean_household), key


def _set(target: dict, path: str, value: Any) -> None:
    """_set(d, "incomes[0].amount", v) creates the nested dicts and lists on the way."""
    parts = re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", path)
    node = target
    for n, (name, index) in enumerate(parts):
        last = n == len(parts) - 1
        if index:
            lst = node.setdefault(name, [])
            while len(lst) <= int(index):
                lst.append({})
            if last:
                lst[int(index)] = value
            node = lst[int(index)]
        elif last:
            node[name] = value
        else:
            node = node.setdefault(name, {})


@dataclass
class _Bound:
    sheet: Sheet
    table: Table
    columns: dict[int, Column]  # column index -> column

    def index_of(self, col: Column) -> int:
        return next((i for i, cc in self.columns.items() if cc is col), -1)

    def header_of(self, col: Column) -> str:
        i = self.index_of(col)
        return self.table.headers[i].strip().strip("*") if i >= 0 else col.header


def _bind(fmt: str, tables: list[Table], plan: Plan) -> dict[Sheet, _Bound]:
    """Which table is which sheet of the layout, and which column is which; header problems."""
    bound: dict[Sheet, _Bound] = {}
    unknown: list[Table] = []
    for table in tables:
        if fmt == "csv":
            spec = MEMBERS
        elif normalize(table.name) in IGNORED_SHEETS or not table.rows:
            continue
        else:
            spec = sheet_named(table.name)
        if spec is None or spec in bound:
            unknown.append(table)
            continue
        bound[spec] = table  # type: ignore[assignment]
    if MEMBERS not in bound:
        # A file made by hand may call the members sheet "Sheet1": accept it when it has the key column.
        for table in unknown:
            if table.find_header("户编号"):
                bound[MEMBERS] = table  # type: ignore[assignment]
                unknown.remove(table)
                break
    names = "、".join(s.name for s in SHEETS)
    for table in unknown:
        plan.add(Loc(table.name, None), _("未知的工作表，可用的工作表为：%(names)s") % {"names": names})
    if MEMBERS not in bound:
        if not unknown:
            plan.add(Loc("", None), _("文件中没有家庭成员数据（应有“家庭成员”工作表）"))
        return {}

    result: dict[Sheet, _Bound] = {}
    for spec in SHEETS:
        table = bound.get(spec)
        if table is None:
            continue
        plan.sheet_order[table.name] = len(plan.sheet_order)
        if not table.header_row and not table.find_header("户编号"):
            first = table.rows[0][0] if table.rows else None
            plan.add(Loc(table.name, first), _("找不到表头行（表头应含“户编号”等列名）"))
            continue
        columns: dict[int, Column] = {}
        seen: dict[Column, int] = {}
        header = Loc(table.name, table.header_row)
        for i, name in enumerate(table.headers):
            if not name.strip():
                continue
            col = spec.column_for(name)
            loc = header.at(name.strip(), i)
            if col is None:
                plan.add(loc, _("未知的列名"))
            elif col in seen:
                plan.add(loc, _("列名重复（与%(letter)s列）") % {"letter": header.at("", seen[col]).letter})
            else:
                columns[i] = col
                seen[col] = i
        missing = [col.header for col in spec.columns if col.required and col not in seen]
        if missing:
            plan.add(header, _("缺少列：%(columns)s") % {"columns": "、".join(missing)})
        width = len(table.headers)
        for number, values in table.rows:
            stray = [
                i
                for i, v in enumerate(values)
                if cell_text(v) and (i >= width or not table.headers[i].strip())
            ]
            if stray:
                plan.add(
                    header.at("", stray[0]),
                    _("%(letter)s列有数据但没有列名（见第%(row)s行）")
                    % {"letter": header.at("", stray[0]).letter, "row": number},
                )
                break
        result[spec] = _Bound(spec, table, columns)
    return result


class _HouseholdBuilder:
    def __init__(self, key: str, first: Loc):
        self.key = key
        self.first = first
        self.doc: dict[str, Any] = {"members": [], "obligors": [], "assets": {"houses": [], "vehicles": []}}
        self.locs: dict[str, Loc] = {"members": first, "(root)": first}
        self.reported: set[str] = set()
        self.household_cells: list[tuple[Loc, dict[Column, Any], int]] = []  # (row, cells, member index)
        self.member_ids: list[str] = []


class Planner:
    def __init__(self, actor):
        self.actor = actor
        self.plan = Plan()
        self.households: dict[str, _HouseholdBuilder] = {}
        self.id_seen: dict[str, tuple[Loc, str]] = {}

    # -- rows -----------------------------------------------------------------------------------------------
    def _cells(self, b: _Bound, number: int, values: list) -> tuple[Loc, dict[Column, tuple[Any, Loc]]]:
        row = Loc(b.table.name, number)
        cells = {}
        for i, col in b.columns.items():
            cells[col] = (
                values[i] if i < len(values) else None,
                row.at(b.table.headers[i].strip().strip("*"), i),
            )
        return row, cells

    def _fill(self, h: _HouseholdBuilder, target: dict, prefix: str, cells, skip_household: bool) -> None:
        """Convert each cell into `target` (a member, house, vehicle or obligor dict)."""
        for col, (raw, loc) in cells.items():
            if col.field == KEY or (skip_household and col.household):
                continue
            path = f"{prefix}.{col.field}"
            try:
                value = convert(col, raw)
            except CodeError as e:
                self.plan.add(loc, str(e))
                h.reported.add(path)
                continue
            if col.field == MONTHLY_INCOME:
                continue
            h.locs[path] = loc
            if value is not MISSING:
                _set(target, col.field, value)

    def _income(self, h: _HouseholdBuilder, target: dict, prefix: str, cells, item: str) -> None:
        """月收入(元) is 收入金额(元) with period 月; an item with only a period is no item."""
        monthly = next(((raw, loc) for col, (raw, loc) in cells.items() if col.field == MONTHLY_INCOME), None)
        amount_path = f"{prefix}.{item}.amount"
        if monthly is not None and cell_text(monthly[0]):
            if amount_path in h.locs and _get(target, f"{item}.amount") is not None:
                self.plan.add(monthly[1], _("与“收入金额(元)”只能填一项"))
                h.reported.add(amount_path)
            else:
                _set(target, f"{item}.amount", cell_text(monthly[0]))
                _set(target, f"{item}.per", c.Period.MONTH)
                h.locs[amount_path] = h.locs[f"{prefix}.{item}.per"] = monthly[1]
        elif monthly is not None and amount_path not in h.locs:
            h.locs[amount_path] = monthly[1]

    def _keyed_row(self, b: _Bound, number: int, values: list, missing: str):
        """The row's cells and its 户编号 with its place; None for an example row or a row without one."""
        row, cells = self._cells(b, number, values)
        key_col = next(col for col in cells if col.field == KEY)
        key, key_loc = cell_text(cells[key_col][0]), cells[key_col][1]
        if key.startswith(EXAMPLE_PREFIX):
            self.plan.skipped_example_rows += 1
            return None
        if not key:
            self.plan.add(key_loc, missing)
            return None
        return row, cells, key, key_loc

    def members_row(self, b: _Bound, number: int, values: list) -> None:
        keyed = self._keyed_row(b, number, values, _("必填（同一户的各行填相同的户编号）"))
        if keyed is None:
            return
        row, cells, key, key_loc = keyed
        h = self.households.get(key)
        if h is None:
            h = self.households[key] = _HouseholdBuilder(key, key_loc)
            relation = next((loc for col, (_raw, loc) in cells.items() if col.field == "relation"), None)
            h.locs["members"] = relation or key_loc
        i = len(h.doc["members"])
        prefix = f"members[{i}]"
        member: dict[str, Any] = {"ref": f"m{i + 1}"}
        h.locs[prefix] = key_loc
        self._fill(h, member, prefix, cells, skip_household=True)
        self._income(h, member, prefix, cells, "incomes[0]")
        if "incomes" in member:
            income = member["incomes"][0]
            if "amount" not in income and "kind" not in income:
                del member["incomes"]
            else:
                income.setdefault("kind", c.IncomeKind.OTHER_COUNTED)
        id_number = member.get("id_number", "")
        if id_number:
            id_loc = h.locs[f"{prefix}.id_number"]
            if id_number in self.id_seen:
                first, other_key = self.id_seen[id_number]
                if other_key == key:
                    message = _("与第%(row)s行是同一身份证号码，成员重复") % {"row": first.row}
                else:
                    message = _(
                        "与第%(row)s行（户编号%(key)s）是同一身份证号码：一人只能在一户（一户一档）"
                    ) % {"row": first.row, "key": other_key}
                self.plan.add(id_loc, message)
                h.reported.add(f"{prefix}.id_number")
            else:
                self.id_seen[id_number] = (id_loc, key)
        h.member_ids.append(id_number)
        h.doc["members"].append(member)
        h.household_cells.append((row, {col: v for col, v in cells.items() if col.household}, i))
        if f"{prefix}.relation" in h.reported:
            h.reported.add("members")  # "应有一名申请人" would only repeat the bad relation

    def household_columns(self, h: _HouseholdBuilder) -> None:
        """Household columns come from the applicant's row; other rows may repeat them, not contradict them."""
        if not h.household_cells:
            return
        applicant = next(
            (
                n
                for n, (_row, _cells, i) in enumerate(h.household_cells)
                if h.doc["members"][i].get("relation") == c.Relation.APPLICANT
            ),
            0,
        )
        order = [applicant] + [n for n in range(len(h.household_cells)) if n != applicant]
        columns = {col for _row, cells, _i in h.household_cells for col in cells}
        for col in [cc for cc in MEMBERS.columns if cc in columns]:
            chosen: tuple[Any, Loc] | None = None
            for n in order:
                raw, loc = h.household_cells[n][1][col]
                if not cell_text(raw):
                    continue
                if chosen is None:
                    chosen = (raw, loc)
                elif normalize(cell_text(raw)) != normalize(cell_text(chosen[0])):
                    self.plan.add(
                        loc,
                        _("与第%(row)s行不一致：同一户的家庭信息应相同（以申请人所在行为准）")
                        % {"row": chosen[1].row},
                    )
            raw, loc = chosen if chosen else h.household_cells[applicant][1][col]
            h.locs[col.field] = loc
            try:
                value = convert(col, raw)
            except CodeError as e:
                self.plan.add(loc, str(e))
                h.reported.add(col.field)
                continue
            if value is not MISSING:
                _set(h.doc, col.field, value)
        if "region" not in h.locs:
            h.locs["region"] = h.first

    def asset_row(self, b: _Bound, number: int, values: list) -> None:
        keyed = self._keyed_row(b, number, values, _("必填（填所属家庭在“家庭成员”表中的户编号）"))
        if keyed is None:
            return
        _row, cells, key, key_loc = keyed
        h = self.households.get(key)
        if h is None:
            self.plan.add(
                key_loc,
                _("户编号“%(key)s”在“%(sheet)s”表中没有") % {"key": key, "sheet": MEMBERS.name},
            )
            return
        if b.sheet is OBLIGORS:
            items, prefix = h.doc["obligors"], "obligors"
        else:
            items = h.doc["assets"]["houses" if b.sheet is HOUSES else "vehicles"]
            prefix = "assets.houses" if b.sheet is HOUSES else "assets.vehicles"
        path = f"{prefix}[{len(items)}]"
        item: dict[str, Any] = {}
        h.locs[path] = key_loc
        self._fill(h, item, path, cells, skip_household=False)
        if b.sheet is OBLIGORS:
            self._income(h, item, path, cells, "income")
            if "income" in item and "amount" not in item["income"]:
                del item["income"]
            supports = item.get("supports")
            if supports is None:
                applicant = next(
                    (n for n, m in enumerate(h.doc["members"]) if m.get("relation") == "applicant"), 0
                )
                item["supports"] = f"m{applicant + 1}"
            elif supports in h.member_ids:
                item["supports"] = f"m{h.member_ids.index(supports) + 1}"
            else:
                self.plan.add(
                    h.locs[f"{path}.supports"],
                    _("“%(id)s”不是本户（户编号%(key)s）成员的身份证号码") % {"id": supports, "key": key},
                )
                h.reported.add(f"{path}.supports")
                item["supports"] = "m1"
        items.append(item)

    # -- whole file ---------------------------------------------------------------------------------------
    def run(self, data: bytes) -> Plan:
        plan = self.plan
        if self.actor is not None and not self.actor.can_write():
            plan.add(Loc("", None), _("当前角色不能导入家庭信息"))
            return plan
        try:
            plan.format, tables = read_file(data)
        except FileUnreadable as e:
            plan.add(Loc("", None), str(e))
            return plan
        bound = _bind(plan.format, tables, plan)
        if plan.problems or not bound:
            plan.sort()
            return plan
        for number, values in bound[MEMBERS].table.rows:
            self.members_row(bound[MEMBERS], number, values)
        for h in self.households.values():
            self.household_columns(h)
        for sheet in (HOUSES, VEHICLES, OBLIGORS):
            if sheet in bound:
                for number, values in bound[sheet].table.rows:
                    self.asset_row(bound[sheet], number, values)
        if not self.households:
            hint = _("（以“示例”开头的示例行不导入）") if plan.skipped_example_rows else ""
            plan.add(
                Loc(bound[MEMBERS].table.name, None), _("没有可导入的家庭：“家庭成员”表没有数据行") + hint
            )
        for h in self.households.values():
            self.validate(h)
        plan.sort()
        return plan

    def validate(self, h: _HouseholdBuilder) -> None:
        from jiuzhu.accounts.scope import region_within_scope, union_within_scope

        planned = PlannedHousehold(h.key, h.doc, h.locs, h.first)
        try:
            clean = clean_household(h.doc)
        except ValidationFailed as e:
            for path, message in e.problems.items:
                if path in h.reported:
                    continue
                self.plan.add(planned.locate(path), message)
            return
        actor = self.actor
        if actor is not None and not (
            region_within_scope(actor, clean["region"])
            or (clean["union_org"] is not None and union_within_scope(actor, clean["union_org"]))
        ):
            self.plan.add(
                planned.locate("region"),
                _("“%(code)s”不在您的管辖范围内") % {"code": h.doc.get("region", "")},
            )
            return
        self.plan.households.append(planned)


def _get(d: dict, path: str) -> Any:
    node: Any = d
    for name, index in re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", path):
        if not isinstance(node, dict) or name not in node:
            return None
        node = node[name]
        if index:
            if not isinstance(node, list) or len(node) <= int(index):
                return None
            node = node[int(index)]
    return node


def plan_import(data: bytes, actor) -> Plan:
    """Read and check a whole file; `plan.problems` empty means every household is ready to write."""
    return Planner(actor).run(data)
