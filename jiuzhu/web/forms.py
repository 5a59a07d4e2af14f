"""Forms of the staff pages.

The household editor round-trips the household DOCUMENT (jiuzhu.registry.documents): a stored household is
read with `to_document`, spread over a household form and one formset per list (members, incomes, expenses,
obligors, houses, vehicles, businesses) plus the worker and plan forms; the posted forms are put back into a
document, which `do_create_household` / `do_update_household` check and write in one transaction. The forms
only parse types (dates, numbers); every rule is checked once, by `clean_household`, and each problem it
reports is shown beside the field it names (or in the list at the top, with the field path in words).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms import formset_factory
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiuzhu.core.models import Region
from jiuzhu.registry import choices as c
from jiuzhu.registry import documents as household_document

from .access import scope_regions, scope_unions
from .labels import path_label, segments

BLANK = [("", "---------")]


def _opts(enum) -> list[tuple[str, Any]]:
    return BLANK + [(v, label) for v, label in enum.choices if v != ""]


def _text(label, max_length=200, **kw) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kw)


def _money(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
    )


def _date(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _bool(label, initial=False) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, initial=initial)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _blank_if_none(value: Any) -> Any:
    return "" if value is None else value


# The editor shows a few hundred inputs and selects; Django renders each widget, option and attribute list
# through its own template, which costs the page about a second. These render the same HTML in Python.


class QuickInput:
    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        value_attr = format_html(' value="{}"', w["value"]) if w["value"] not in (None, "") else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>', w["type"], w["name"], value_attr, flatatt(w["attrs"])
        )


class QuickSelect:
    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (o["value"], mark_safe(" selected") if o["selected"] else "", o["label"])
                for _group, group_options, _index in w["optgroups"]
                for o in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', w["name"], flatatt(w["attrs"]), options)


class QuickTextarea:
    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', w["name"], flatatt(w["attrs"]), w["value"] or ""
        )


QUICK = {
    forms.TextInput: type("QuickTextInput", (QuickInput, forms.TextInput), {}),
    forms.DateInput: type("QuickDateInput", (QuickInput, forms.DateInput), {}),
    forms.NumberInput: type("QuickNumberInput", (QuickInput, forms.NumberInput), {}),
    forms.CheckboxInput: type("QuickCheckboxInput", (QuickInput, forms.CheckboxInput), {}),
    forms.HiddenInput: type("QuickHiddenInput", (QuickInput, forms.HiddenInput), {}),
    forms.Select: type("QuickSelectWidget", (QuickSelect, forms.Select), {}),
    forms.Textarea: type("QuickTextareaWidget", (QuickTextarea, forms.Textarea), {}),
}


class DocumentForm(forms.Form):
    """A form that is one part of the document. `field_for` maps a document sub-path to a form field."""

    field_paths: dict[str, str] = {}
    significant: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            quick = QUICK.get(type(field.widget))
            if quick is not None:
                field.widget.__class__ = quick

    def field_for(self, subpath: str) -> str | None:
        if subpath in self.field_paths:
            return self.field_paths[subpath]
        name = subpath.replace(".", "_")
        return name if name in self.fields else None

    def is_blank(self) -> bool:
        """A row whose significant fields are all empty is not part of the document (an unused spare row)."""
        if not self.is_bound:
            return True
        return all(not str(self.data.get(self.add_prefix(name), "")).strip() for name in self.significant)

    def is_deleted(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("DELETE"))


class MemberRefMixin:
    """Rows that point to a family member choose the member's row in the member list (as a number)."""

    member_fields: tuple[str, ...] = ()

    def set_member_choices(self, choices: list[tuple[str, str]]) -> None:
        for name in self.member_fields:
            self.fields[name].choices = BLANK + choices


# ---------------------------------------------------------------- household-level fields


class HouseholdForm(DocumentForm):
    region = forms.ChoiceField(label=_("所在村（社区）/乡镇"), required=False)
    union_org = forms.ChoiceField(label=_("建档工会"), required=False)
    area_type = forms.ChoiceField(label=_("申请类别"), choices=_opts(c.AreaType), required=False)
    address = _text(_("现住址"))
    hukou_address = _text(_("户籍地址"))
    residence_address = _text(_("实际居住地"))
    employer = _text(_("申请人所在单位"), 100)
    phone = _text(_("联系电话"), 20)
    main_expenditure = _text(_("家庭主要支出"))
    near_relative_of_staff = _bool(_("近亲属中有低保经办人员或村干部"))
    deposits = _money(_("银行存款（元）"))
    securities = _money(_("有价证券（元）"))
    receivables = _money(_("债权（元）"))
    other_property = forms.CharField(
        label=_("其他财产"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    registered_poor = _bool(_("建档立卡未脱贫"))
    private_school_or_self_paid_abroad = _bool(_("子女就读高收费私立学校或自费出国留学"))
    controlling_shareholder = _bool(_("企业控股股东或实际控制人"))
    high_consumption = _bool(_("有高消费行为"))
    refuses_verification = _bool(_("拒不配合收入核查"))
    refused_suitable_jobs = forms.IntegerField(
        label=_("连续拒绝适当工作次数"), required=False, min_value=0, max_value=99, initial=0
    )
    note = _text(_("修改说明"), 500)

    field_paths = {
        "assets.deposits": "deposits",
        "assets.securities": "securities",
        "assets.receivables": "receivables",
        "assets.other": "other_property",
        "assets": "other_property",
    }
    TEXTS = ("address", "hukou_address", "residence_address", "employer", "phone", "main_expenditure")
    FLAGS = household_document.FLAGS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = scope_regions(user).filter(level__gte=Region.Level.COUNTY).order_by("path")
        named = gettext("%(name)s（%(detail)s）")
        self.fields["region"].choices = BLANK + [
            (r.code, "\u3000" * (r.level - Region.Level.COUNTY) + named % {"name": r.name, "detail": r.code})
            for r in regions.only("code", "name", "level")[:5000]
        ]
        self.fields["union_org"].choices = [("", _("（无）"))] + [
            (u.code, named % {"name": u.name, "detail": u.code})
            for u in scope_unions(user).only("code", "name")[:5000]
        ]

    def field_for(self, subpath: str) -> str | None:
        for prefix in ("flags.", "assets."):
            if subpath.startswith(prefix) and subpath[len(prefix) :] in self.fields:
                return self.field_paths.get(subpath, subpath[len(prefix) :])
        return super().field_for(subpath)

    def document_part(self) -> dict:
        d = self.cleaned_data
        return {
            "region": d["region"],
            "union_org": d["union_org"] or None,
            "area_type": d["area_type"],
            **{k: d[k] for k in self.TEXTS},
            "near_relative_of_staff": d["near_relative_of_staff"],
            "assets": {
                "deposits": d["deposits"] or None,
                "securities": d["securities"] or None,
                "receivables": d["receivables"] or None,
                "other": d["other_property"],
                "houses": [],
                "vehicles": [],
                "businesses": [],
            },
            "flags": {
                **{k: d[k] for k in self.FLAGS if k != "refused_suitable_jobs"},
                "refused_suitable_jobs": d["refused_suitable_jobs"] or 0,
            },
        }

    @staticmethod
    def initial_from(doc: dict) -> dict:
        assets = doc.get("assets") or {}
        flags = doc.get("flags") or {}
        return {
            "region": doc.get("region") or "",
            "union_org": doc.get("union_org") or "",
            "area_type": doc.get("area_type") or "",
            **{k: doc.get(k) or "" for k in HouseholdForm.TEXTS},
            "near_relative_of_staff": bool(doc.get("near_relative_of_staff")),
            "deposits": assets.get("deposits") or "",
            "securities": assets.get("securities") or "",
            "receivables": assets.get("receivables") or "",
            "other_property": assets.get("other") or "",
            **{k: flags.get(k, 0 if k == "refused_suitable_jobs" else False) for k in HouseholdForm.FLAGS},
        }


# ---------------------------------------------------------------- rows


class MemberForm(DocumentForm):
    name = _text(_("姓名"), 50)
    id_number = _text(_("身份证号码"), 18, widget=forms.TextInput(attrs={"size": 20}))
    relation = forms.ChoiceField(label=_("与申请人关系"), choices=_opts(c.Relation), required=False)
    ethnicity = _text(_("民族"), 20, widget=forms.TextInput(attrs={"size": 6}))
    co_resident = _bool(_("共同生活"), initial=True)
    marital_status = forms.ChoiceField(label=_("婚姻状况"), choices=_opts(c.MaritalStatus), required=False)
    health = forms.ChoiceField(
        label=_("健康状况"), choices=c.Health.choices, initial=c.Health.HEALTHY, required=False
    )
    disability_category = forms.ChoiceField(
        label=_("残疾类别"), choices=_opts(c.DisabilityCategory), required=False
    )
    disability_grade = forms.TypedChoiceField(
        label=_("残疾等级"),
        choices=BLANK + [(i, f"{i}") for i in range(1, 5)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    work_capacity = forms.ChoiceField(
        label=_("劳动能力"), choices=c.WorkCapacity.choices, initial=c.WorkCapacity.FULL, required=False
    )
    occupation = forms.ChoiceField(
        label=_("职业状况"), choices=c.Occupation.choices, initial=c.Occupation.OTHER, required=False
    )
    employer = _text(_("工作单位"), 100)
    phone = _text(_("联系电话"), 20)
    reemployed_since = _date(_("再就业/创业日期"))
    serious_illness = _bool(_("重病患者"))
    disabled_elderly = _bool(_("失能老年人"))
    needs_carer = _bool(_("需专人照料"))
    registered_poor = _bool(_("建档立卡未脱贫"))
    laid_off = _bool(_("下岗失业"))

    significant = ("name", "id_number", "relation", "ethnicity", "employer", "phone", "reemployed_since")
    field_paths = {
        "disability.grade": "disability_grade",
        "disability.category": "disability_category",
        "disability": "disability_grade",
        "ref": "name",
    }

    def document_part(self, ref: str) -> dict:
        d = self.cleaned_data
        member = {
            "ref": ref,
            **{k: d[k] for k in ("name", "id_number", "relation", "ethnicity", "employer", "phone")},
            "co_resident": d["co_resident"],
            "marital_status": d["marital_status"] or None,
            "health": d["health"] or c.Health.HEALTHY,
            "work_capacity": d["work_capacity"] or c.WorkCapacity.FULL,
            "occupation": d["occupation"] or c.Occupation.OTHER,
            **{
                k: d[k]
                for k in ("serious_illness", "disabled_elderly", "needs_carer", "registered_poor", "laid_off")
            },
            "reemployed_since": _iso(d["reemployed_since"]),
            "incomes": [],
            "expenses": [],
        }
        if d["disability_grade"] is not None or d["disability_category"]:
            member["disability"] = {
                "category": d["disability_category"] or None,
                "grade": d["disability_grade"],
            }
        return member

    @staticmethod
    def initial_from(m: dict) -> dict:
        dis = m.get("disability") or {}
        return {
            **{
                k: m.get(k) or "" for k in ("name", "id_number", "relation", "ethnicity", "employer", "phone")
            },
            "co_resident": m.get("co_resident", True),
            "marital_status": m.get("marital_status") or "",
            "health": m.get("health") or c.Health.HEALTHY,
            "disability_category": dis.get("category") or "",
            "disability_grade": dis.get("grade") or "",
            "work_capacity": m.get("work_capacity") or c.WorkCapacity.FULL,
            "occupation": m.get("occupation") or c.Occupation.OTHER,
            "reemployed_since": m.get("reemployed_since") or "",
            **{
                k: bool(m.get(k))
                for k in ("serious_illness", "disabled_elderly", "needs_carer", "registered_poor", "laid_off")
            },
        }


class IncomeForm(MemberRefMixin, DocumentForm):
    member = forms.ChoiceField(label=_("成员"), required=False, initial="0")
    kind = forms.ChoiceField(label=_("收入类型"), choices=_opts(c.IncomeKind), required=False)
    amount = _money(_("金额（元）"))
    per = forms.ChoiceField(label=_("周期"), choices=c.Period.choices, initial=c.Period.MONTH, required=False)
    method = forms.ChoiceField(label=_("认定方式"), choices=_opts(c.IncomeMethod), required=False)
    evidence = _text(_("证明材料"))

    member_fields = ("member",)
    significant = ("kind", "amount", "method", "evidence")

    def document_part(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "amount": d["amount"] or None,
            "per": d["per"] or c.Period.MONTH,
            "method": d["method"] or None,
            "evidence": d["evidence"],
        }

    @staticmethod
    def initial_from(item: dict, member: str) -> dict:
        return {
            "member": member,
            "kind": item.get("kind") or "",
            "amount": _blank_if_none(item.get("amount")),
            "per": item.get("per") or c.Period.MONTH,
            "method": item.get("method") or "",
            "evidence": item.get("evidence") or "",
        }


class ExpenseForm(MemberRefMixin, DocumentForm):
    member = forms.ChoiceField(label=_("成员"), required=False, initial="0")
    kind = forms.ChoiceField(label=_("支出类型"), choices=_opts(c.ExpenseKind), required=False)
    amount = _money(_("金额（元）"))
    per = forms.ChoiceField(label=_("周期"), choices=c.Period.choices, initial=c.Period.MONTH, required=False)
    note = _text(_("说明"))

    member_fields = ("member",)
    significant = ("kind", "amount", "note")

    def document_part(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "amount": d["amount"] or None,
            "per": d["per"] or c.Period.MONTH,
            "note": d["note"],
        }

    @staticmethod
    def initial_from(item: dict, member: str) -> dict:
        return {
            "member": member,
            "kind": item.get("kind") or "",
            "amount": _blank_if_none(item.get("amount")),
            "per": item.get("per") or c.Period.MONTH,
            "note": item.get("note") or "",
        }


class ObligorForm(MemberRefMixin, DocumentForm):
    name = _text(_("姓名"), 50)
    id_number = _text(_("身份证号码"), 18, widget=forms.TextInput(attrs={"size": 20}))
    relation = _text(_("与赡养对象关系"), 50)
    supports = forms.ChoiceField(label=_("赡养对象"), required=False, initial="0")
    hukou_region = _text(_("户籍地（县级代码）"), 6, widget=forms.TextInput(attrs={"size": 7}))
    co_resident = _bool(_("共同生活"))
    income_amount = _money(_("收入（元）"))
    income_per = forms.ChoiceField(
        label=_("收入周期"), choices=c.Period.choices, initial=c.Period.MONTH, required=False
    )
    annual_support_paid = _money(_("年赡（抚、扶）养费（元）"))
    low_income_status = forms.ChoiceField(
        label=_("困难身份"), choices=_opts(c.LowIncomeStatus), required=False
    )
    court_amount = _money(_("法律文书确定的赡养费（元）"))
    court_per = forms.ChoiceField(
        label=_("赡养费周期"), choices=c.Period.choices, initial=c.Period.MONTH, required=False
    )
    marital_status = forms.ChoiceField(label=_("婚姻状况"), choices=_opts(c.MaritalStatus), required=False)
    health = forms.ChoiceField(
        label=_("健康状况"), choices=c.Health.choices, initial=c.Health.HEALTHY, required=False
    )
    occupation = forms.ChoiceField(label=_("职业状况"), choices=_opts(c.Occupation), required=False)

    member_fields = ("supports",)
    significant = (
        "name",
        "id_number",
        "relation",
        "hukou_region",
        "income_amount",
        "annual_support_paid",
        "court_amount",
    )
    field_paths = {
        "income": "income_amount",
        "income.amount": "income_amount",
        "income.per": "income_per",
        "court_ordered_support": "court_amount",
        "court_ordered_support.amount": "court_amount",
        "court_ordered_support.per": "court_per",
    }

    def document_part(self, supports: str) -> dict:
        d = self.cleaned_data
        return {
            **{k: d[k] for k in ("name", "id_number", "relation", "hukou_region", "co_resident")},
            "supports": supports,
            "income": {"amount": d["income_amount"], "per": d["income_per"] or c.Period.MONTH}
            if d["income_amount"]
            else None,
            "annual_support_paid": d["annual_support_paid"] or None,
            "low_income_status": d["low_income_status"] or None,
            "court_ordered_support": {"amount": d["court_amount"], "per": d["court_per"] or c.Period.MONTH}
            if d["court_amount"]
            else None,
            "marital_status": d["marital_status"] or None,
            "health": d["health"] or c.Health.HEALTHY,
            "occupation": d["occupation"] or None,
        }

    @staticmethod
    def initial_from(o: dict, supports: str) -> dict:
        income = o.get("income") or {}
        court = o.get("court_ordered_support") or {}
        return {
            **{k: o.get(k) or "" for k in ("name", "id_number", "relation", "hukou_region")},
            "supports": supports,
            "co_resident": bool(o.get("co_resident")),
            "income_amount": income.get("amount") or "",
            "income_per": income.get("per") or c.Period.MONTH,
            "annual_support_paid": _blank_if_none(o.get("annual_support_paid")),
            "low_income_status": o.get("low_income_status") or "",
            "court_amount": court.get("amount") or "",
            "court_per": court.get("per") or c.Period.MONTH,
            "marital_status": o.get("marital_status") or "",
            "health": o.get("health") or c.Health.HEALTHY,
            "occupation": o.get("occupation") or "",
        }


class HouseForm(DocumentForm):
    address = _text(_("房屋地址"))
    area_m2 = forms.CharField(
        label=_("建筑面积（平方米）"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"size": 8}),
    )
    nature = forms.ChoiceField(label=_("房屋性质"), choices=_opts(c.HouseNature), required=False)
    source = forms.ChoiceField(label=_("房屋来源"), choices=_opts(c.HouseSource), required=False)
    acquired_on = _date(_("购建时间"))
    in_large_city = _bool(_("位于大中城市"))

    significant = ("address", "area_m2", "nature", "source", "acquired_on")

    def document_part(self) -> dict:
        d = self.cleaned_data
        return {
            "address": d["address"],
            "area_m2": d["area_m2"] or None,
            "nature": d["nature"],
            "source": d["source"] or None,
            "acquired_on": _iso(d["acquired_on"]),
            "in_large_city": d["in_large_city"],
        }

    @staticmethod
    def initial_from(h: dict) -> dict:
        return {
            "address": h.get("address") or "",
            "area_m2": _blank_if_none(h.get("area_m2")),
            "nature": h.get("nature") or "",
            "source": h.get("source") or "",
            "acquired_on": h.get("acquired_on") or "",
            "in_large_city": bool(h.get("in_large_city")),
        }


class VehicleForm(DocumentForm):
    kind = forms.ChoiceField(
        label=_("类型"), choices=c.VehicleKind.choices, initial=c.VehicleKind.CAR, required=False
    )
    owner_name = _text(_("所有人"), 50, widget=forms.TextInput(attrs={"size": 8}))
    model = _text(_("品牌型号"), 100)
    plate = _text(_("号牌/登记号"), 30, widget=forms.TextInput(attrs={"size": 10}))
    displacement = _text(_("排量"), 20, widget=forms.TextInput(attrs={"size": 6}))
    purchased_on = _date(_("购买时间"))
    price = _money(_("购买金额（元）"))
    mobility_aid = _bool(_("残疾人功能性代步工具"))

    significant = ("owner_name", "model", "plate", "displacement", "purchased_on", "price")

    def document_part(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"] or c.VehicleKind.CAR,
            **{k: d[k] for k in ("owner_name", "model", "plate", "displacement")},
            "purchased_on": _iso(d["purchased_on"]),
            "price": d["price"] or None,
            "mobility_aid": d["mobility_aid"],
        }

    @staticmethod
    def initial_from(v: dict) -> dict:
        return {
            "kind": v.get("kind") or c.VehicleKind.CAR,
            **{k: v.get(k) or "" for k in ("owner_name", "model", "plate", "displacement", "purchased_on")},
            "price": _blank_if_none(v.get("price")),
            "mobility_aid": bool(v.get("mobility_aid")),
        }


class BusinessForm(DocumentForm):
    kind = forms.ChoiceField(label=_("类型"), choices=_opts(c.BusinessKind), required=False)
    name = _text(_("名称"), 100)

    significant = ("kind", "name")

    def document_part(self) -> dict:
        return {"kind": self.cleaned_data["kind"], "name": self.cleaned_data["name"]}

    @staticmethod
    def initial_from(b: dict) -> dict:
        return {"kind": b.get("kind") or "", "name": b.get("name") or ""}


# ---------------------------------------------------------------- worker and plan


class UnionForm(MemberRefMixin, DocumentForm):
    has_union = _bool(_("困难职工家庭（建立困难职工档案）"))
    worker = forms.ChoiceField(label=_("困难职工"), required=False)
    hardship_category = forms.ChoiceField(
        label=_("困难类别"), choices=_opts(c.HardshipCategory), required=False
    )
    union_member = _bool(_("工会会员"), initial=True)
    employer = _text(_("工作单位"), 100)
    labour_relation_since = _date(_("劳动关系（事实劳动关系）起始日"))
    retiree_type = forms.ChoiceField(label=_("退休类型"), choices=c.RetireeType.choices, required=False)
    migrant = _bool(_("农民工"))
    socially_managed = _bool(_("社会化管理"))
    in_industrial_area = _bool(_("居住在独立工矿区或企业集中生活区"))
    survivor_of_duty_death = _bool(_("因公牺牲干部职工遗属或工亡职工家属"))

    member_fields = ("worker",)
    BOOLS = ("union_member", "migrant", "socially_managed", "in_industrial_area", "survivor_of_duty_death")

    def document_part(self, worker: str) -> dict:
        d = self.cleaned_data
        return {
            "worker": worker,
            "hardship_category": d["hardship_category"] or None,
            "employer": d["employer"],
            "labour_relation_since": _iso(d["labour_relation_since"]),
            "retiree_type": d["retiree_type"] or None,
            **{k: d[k] for k in self.BOOLS},
        }

    @staticmethod
    def initial_from(u: dict | None, worker: str) -> dict:
        if not u:
            return {"has_union": False}
        return {
            "has_union": True,
            "worker": worker,
            "hardship_category": u.get("hardship_category") or "",
            "employer": u.get("employer") or "",
            "labour_relation_since": u.get("labour_relation_since") or "",
            "retiree_type": u.get("retiree_type") or "",
            **{k: bool(u.get(k)) for k in UnionForm.BOOLS},
        }


class PlanForm(DocumentForm):
    causes = forms.CharField(
        label=_("致困原因分析"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    measures = forms.CharField(
        label=_("帮扶措施"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    tracks = forms.MultipleChoiceField(
        label=_("四个一批"), choices=c.Track.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    helping_unit = _text(_("结对帮扶单位"), 100)
    responsible_person = _text(_("帮扶责任人"), 50)
    responsible_phone = _text(_("责任人电话"), 20)
    goal = _text(_("帮扶目标"))
    goal_met = _bool(_("已达目标"))

    field_paths = {"tracks": "tracks"}

    def field_for(self, subpath: str) -> str | None:
        if subpath.startswith("tracks["):
            return "tracks"
        return super().field_for(subpath)

    def document_part(self) -> dict | None:
        d = self.cleaned_data
        if not any(d.values()) and not self.initial.get("_exists"):
            return None
        return {
            k: d[k]
            for k in (
                "causes",
                "measures",
                "helping_unit",
                "responsible_person",
                "responsible_phone",
                "goal",
                "goal_met",
            )
        } | {"tracks": list(d["tracks"])}

    @staticmethod
    def initial_from(p: dict | None) -> dict:
        if not p:
            return {}
        return {**p, "tracks": list(p.get("tracks") or []), "_exists": True}


MemberFormSet = formset_factory(MemberForm, extra=1, can_delete=True)
IncomeFormSet = formset_factory(IncomeForm, extra=1, can_delete=True)
ExpenseFormSet = formset_factory(ExpenseForm, extra=1, can_delete=True)
ObligorFormSet = formset_factory(ObligorForm, extra=1, can_delete=True)
HouseFormSet = formset_factory(HouseForm, extra=1, can_delete=True)
VehicleFormSet = formset_factory(VehicleForm, extra=1, can_delete=True)
BusinessFormSet = formset_factory(BusinessForm, extra=1, can_delete=True)

# The row lists of the editor: name, formset class, section title, where in the document it lives.
SECTIONS = [
    ("members", MemberFormSet, _("家庭成员"), "members"),
    ("incomes", IncomeFormSet, _("收入"), "members[].incomes"),
    ("expenses", ExpenseFormSet, _("刚性支出"), "members[].expenses"),
    ("obligors", ObligorFormSet, _("赡养（抚养、扶养）义务人"), "obligors"),
    ("houses", HouseFormSet, _("房屋"), "assets.houses"),
    ("vehicles", VehicleFormSet, _("机动车辆/船舶"), "assets.vehicles"),
    ("businesses", BusinessFormSet, _("经营性资产"), "assets.businesses"),
]
# Document list paths that a problem without an index belongs to (shown above that list).
SECTION_OF_PATH = {
    "members": "members",
    "obligors": "obligors",
    "assets.houses": "houses",
    "assets.vehicles": "vehicles",
    "assets.businesses": "businesses",
}


def initial_from_document(doc: dict | None) -> dict[str, Any]:
    """The initial data of every part of the editor, from a household document."""
    if doc is None:
        return {
            "household": {},
            "members": [{"relation": c.Relation.APPLICANT, "co_resident": True}],
            "incomes": [],
            "expenses": [],
            "obligors": [],
            "houses": [],
            "vehicles": [],
            "businesses": [],
            "union": {},
            "plan": {},
        }
    index = {m["ref"]: str(i) for i, m in enumerate(doc["members"])}
    out: dict[str, Any] = {
        "household": HouseholdForm.initial_from(doc),
        "members": [],
        "incomes": [],
        "expenses": [],
    }
    for i, m in enumerate(doc["members"]):
        out["members"].append(MemberForm.initial_from(m))
        out["incomes"] += [IncomeForm.initial_from(item, str(i)) for item in m.get("incomes") or []]
        out["expenses"] += [ExpenseForm.initial_from(item, str(i)) for item in m.get("expenses") or []]
    out["obligors"] = [ObligorForm.initial_from(o, index.get(o.get("supports"), "")) for o in doc["obligors"]]
    assets = doc.get("assets") or {}
    out["houses"] = [HouseForm.initial_from(h) for h in assets.get("houses") or []]
    out["vehicles"] = [VehicleForm.initial_from(v) for v in assets.get("vehicles") or []]
    out["businesses"] = [BusinessForm.initial_from(b) for b in assets.get("businesses") or []]
    union = doc.get("union")
    out["union"] = UnionForm.initial_from(union, index.get((union or {}).get("worker"), ""))
    out["plan"] = PlanForm.initial_from(doc.get("plan"))
    return out


class HouseholdEditor:
    """All forms of the household page, and the way between them and the document."""

    def __init__(self, user, data=None, doc: dict | None = None):
        initial = initial_from_document(doc)
        self.household = HouseholdForm(data, initial=initial["household"], user=user, prefix="h")
        self.formsets = {}
        for name, formset_class, _title, _where in SECTIONS:
            self.formsets[name] = formset_class(data, initial=initial[name], prefix=name)
        choices = self.member_choices()
        for name in ("incomes", "expenses", "obligors"):
            for form in [*self.formsets[name].forms, self.formsets[name].empty_form]:
                form.set_member_choices(choices)
        self.union = UnionForm(data, initial=initial["union"], prefix="union")
        self.union.set_member_choices(choices)
        self.plan = PlanForm(data, initial=initial["plan"], prefix="plan")
        self.problems: list[tuple[str, str]] = []  # (path in words, message), shown at the top
        self.section_errors: dict[str, list[str]] = {}

    @property
    def sections(self):
        return [(name, self.formsets[name], title) for name, _cls, title, _where in SECTIONS]

    def member_choices(self) -> list[tuple[str, str]]:
        """Each member row as a choice, named by what is typed in it (or its row number when still empty)."""
        choices = []
        for i, form in enumerate(self.formsets["members"].forms):
            name = (
                form.data.get(form.add_prefix("name")) if form.is_bound else form.initial.get("name")
            ) or ""
            choices.append((str(i), name.strip() or str(_("第%(n)d行成员") % {"n": i + 1})))
        return choices

    def forms(self):
        yield self.household
        for fs in self.formsets.values():
            yield from fs.forms
        yield self.union
        yield self.plan

    def is_valid(self) -> bool:
        ok = self.household.is_valid()
        for fs in self.formsets.values():
            ok = fs.is_valid() and ok
        ok = self.union.is_valid() and ok
        ok = self.plan.is_valid() and ok
        if not ok:
            self.problems.append(("", str(_("请更正下面标出的错误。"))))
        return ok

    @staticmethod
    def _rows(formset):
        for form in formset.forms:
            if form.is_blank() or form.is_deleted():
                continue
            yield form

    def to_document(self) -> dict | None:
        """The posted forms as one household document, or None when a row points to a missing member."""
        doc = self.household.document_part()
        self.where: dict[str, DocumentForm] = {
            "": self.household,
            "assets": self.household,
            "flags": self.household,
        }
        refs: dict[str, tuple[int, str]] = {}  # member row -> (index in the document, ref)
        members: list[dict] = []
        for form in self._rows(self.formsets["members"]):
            k = len(members)
            refs[form.prefix.rsplit("-", 1)[1]] = (k, f"m{k + 1}")
            members.append(form.document_part(f"m{k + 1}"))
            self.where[f"members[{k}]"] = form
        doc["members"] = members
        broken = False
        missing = _("所选成员不在本户成员中（该行已删除或为空）")
        for name in ("incomes", "expenses"):
            for form in self._rows(self.formsets[name]):
                target = refs.get(form.cleaned_data["member"])
                if target is None:
                    form.add_error("member", missing)
                    broken = True
                    continue
                items = members[target[0]][name]
                self.where[f"members[{target[0]}].{name}[{len(items)}]"] = form
                items.append(form.document_part())
        doc["obligors"] = []
        for form in self._rows(self.formsets["obligors"]):
            target = refs.get(form.cleaned_data["supports"])
            if target is None:
                form.add_error("supports", missing)
                broken = True
                continue
            self.where[f"obligors[{len(doc['obligors'])}]"] = form
            doc["obligors"].append(form.document_part(target[1]))
        for name in ("houses", "vehicles", "businesses"):
            for form in self._rows(self.formsets[name]):
                self.where[f"assets.{name}[{len(doc['assets'][name])}]"] = form
                doc["assets"][name].append(form.document_part())
        doc["union"] = None
        if self.union.cleaned_data["has_union"]:
            target = refs.get(self.union.cleaned_data["worker"])
            if target is None:
                self.union.add_error("worker", _("请选择本户的一名成员作为困难职工"))
                broken = True
            else:
                doc["union"] = self.union.document_part(target[1])
                self.where["union"] = self.union
        doc["plan"] = self.plan.document_part()
        self.where["plan"] = self.plan
        if broken:
            self.problems.append(("", str(_("请更正下面标出的错误。"))))
            return None
        self.doc = doc
        return doc

    def show_problems(self, items: list[tuple[str, str]]) -> None:
        """Put each (path, message) from ValidationFailed beside its field, and in the list at the top."""
        for path, message in items:
            self.problems.append((self.describe(path), message))
            section = SECTION_OF_PATH.get(path)
            if section is not None:
                self.section_errors.setdefault(section, []).append(message)
                continue
            prefix = max(
                (p for p in self.where if p == "" or path == p or path.startswith(p + ".")),
                key=len,
                default="",
            )
            form = self.where.get(prefix, self.household)
            field = form.field_for(path[len(prefix) + 1 :] if prefix else path)
            if field is not None and field in form.fields:
                form.add_error(field, message)
            else:
                form.add_error(
                    None, gettext("%(field)s：%(problem)s") % {"field": path_label(path), "problem": message}
                )

    def describe(self, path: str) -> str:
        """The path in words, with the member's name: '家庭成员2（李秀英） · 身份证号码'."""
        label = path_label(path)
        segs = segments(path)
        if segs and segs[0][0] == "members" and segs[0][1] is not None:
            members = getattr(self, "doc", {}).get("members") or []
            k = segs[0][1]
            if k < len(members) and members[k].get("name"):
                first, _sep, rest = label.partition(" · ")
                label = gettext("%(name)s（%(detail)s）") % {"name": first, "detail": members[k]["name"]}
                label += f" · {rest}" if rest else ""
        return label


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("注销原因"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HouseholdSearchForm(forms.Form):
    name = _text(_("姓名"), 50)
    id_number = _text(_("身份证号码（全部或后几位）"), 18)
    number = _text(_("家庭编号"), 24)
    region = forms.ChoiceField(label=_("地区"), required=False)
    area_type = forms.ChoiceField(
        label=_("申请类别"), choices=[("", _("全部"))] + list(c.AreaType.choices), required=False
    )
    hardship = forms.ChoiceField(
        label=_("困难职工类别"),
        choices=[("", _("全部")), ("any", _("所有困难职工家庭"))] + list(c.HardshipCategory.choices),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("active", _("在册")), ("closed", _("已注销")), ("all", _("全部"))],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = scope_regions(user).filter(level__gte=Region.Level.COUNTY).order_by("path")
        named = gettext("%(name)s（%(detail)s）")
        self.fields["region"].choices = [("", _("全部"))] + [
            (
                r.code,
                "\u3000" * max(0, r.level - Region.Level.COUNTY) + named % {"name": r.name, "detail": r.code},
            )
            for r in regions.only("code", "name", "level")[:3000]
        ]


class AuditFilterForm(forms.Form):
    household = _text(_("家庭编号"), 24)
    actor = _text(_("操作人（用户名）"), 150)
    action = _text(_("操作"), 60)
    date_from = _date(_("起始日期"))
    date_to = _date(_("截止日期"))
