"""Admin of regions, unions, local parameters and (read-only) audit events."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jiuzhu.web.access import audit_scope_q
from jiuzhu.web.admin_site import AdminOnly, AuditedSave

from .models import AuditEvent, LocalParameter, Region, RuleSet, UnionOrg
from .params import VARIANT_KEYS, do_set_param
from .rulesets import (
    RuleSetRefused,
    authorise,
    do_file_rule_set,
    do_register_rule_set,
    do_repeal_rule_set,
)


@admin.register(Region)
class RegionAdmin(AdminOnly, AuditedSave, admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "phone")
    list_filter = ("level",)
    search_fields = ("code", "name")
    ordering = ("path",)
    raw_id_fields = ("parent",)
    audit_action = "region.save"

    def get_readonly_fields(self, request, obj=None):
        # Moving a node or changing its code would change the paths of its whole subtree: that is done by
        # loading the region file again, not here.
        return ("code", "parent", "path") if obj else ("path",)

    def audit_scope_path(self, obj) -> str:
        return obj.path


@admin.register(UnionOrg)
class UnionOrgAdmin(AdminOnly, AuditedSave, admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "region", "is_help_centre")
    list_filter = ("level", "is_help_centre")
    search_fields = ("code", "name")
    ordering = ("path",)
    raw_id_fields = ("parent", "region")
    audit_action = "union.save"

    def get_readonly_fields(self, request, obj=None):
        return ("code", "parent", "path") if obj else ("path",)

    def audit_scope_path(self, obj) -> str:
        return obj.region.path if obj.region_id else ""


class ParamValueField(forms.CharField):
    """A parameter value as in the parameter file: 1400.00 or 0.30 (kept as decimal strings), 6, true, or
    JSON such as {"max_houses": 1}; anything that is not JSON is kept as the text typed."""

    def prepare_value(self, value):
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def to_python(self, value):
        value = super().to_python(value).strip()
        if value == "":
            return None
        try:
            return json.loads(value, parse_float=str)  # money and ratios stay exact decimal strings
        except ValueError:
            return value


class LocalParameterForm(forms.ModelForm):
    value = ParamValueField(
        label=_("值"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_('金额写成元，如 1400.00；比例如 0.30；结构化的值写成 JSON，如 {"max_houses": 1}'),
    )

    class Meta:
        model = LocalParameter
        fields = ("region_code", "key", "variant", "effective_from", "value", "rule_set", "citation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from jiuzhu.policy.params import KEYS

        if "key" in self.fields:
            self.fields["key"] = forms.ChoiceField(label=_("参数"), choices=[(k, k) for k in KEYS])
        if "variant" in self.fields:
            self.fields["variant"] = forms.ChoiceField(
                label=_("类别"),
                required=False,
                choices=[("", _("（不分类别）")), ("urban", _("城市")), ("rural", _("农村"))],
            )
        if "region_code" in self.fields:
            regions = Region.objects.filter(level__lte=Region.Level.COUNTY).order_by("path")
            self.fields["region_code"] = forms.ChoiceField(
                label=_("地区"), choices=[(r.code, f"{r.code} {r.name}") for r in regions]
            )

    def clean(self):
        data = super().clean()
        from jiuzhu.policy.params import Params, ParamsError

        inst = self.instance
        code = data.get("region_code", inst.region_code)
        key = data.get("key", inst.key)
        variant = data.get("variant", inst.variant) or ""
        day = data.get("effective_from", inst.effective_from)
        value = data.get("value")
        if not (code and key and day) or "value" not in data:
            return data
        if key in VARIANT_KEYS and variant not in VARIANT_KEYS[key]:
            self.add_error("variant" if "variant" in self.fields else None, _("该参数须按城市/农村分别设置"))
            return data
        if key not in VARIANT_KEYS and variant:
            self.add_error("variant" if "variant" in self.fields else None, _("该参数不分城市/农村"))
            return data
        series = {day.isoformat(): value}
        try:
            Params.from_mapping({"regions": {code: {key: {variant: series} if variant else series}}})
        except ParamsError as e:
            self.add_error("value", e.problem)
        try:  # the value names the rule set in force that sets it (R-SUP-14)
            authorise(data.get("rule_set"), region_code=code, key=key, effective_from=day)
        except RuleSetRefused as e:
            self.add_error("rule_set", str(e))
        return data


@admin.register(LocalParameter)
class LocalParameterAdmin(AdminOnly, admin.ModelAdmin):
    """Local parameters: every save goes through do_set_param (audited); values are never deleted — a wrong
    value is corrected by saving the right one, or superseded by a new dated value."""

    form = LocalParameterForm
    list_display = ("region_code", "key", "variant", "effective_from", "value", "rule_set", "citation")
    list_filter = ("key", "region_code")
    search_fields = ("region_code", "key", "citation")
    ordering = ("region_code", "key", "variant", "-effective_from")

    def get_readonly_fields(self, request, obj=None):
        return ("region_code", "key", "variant", "effective_from") if obj else ()

    def save_model(self, request, obj, form, change):
        saved = do_set_param(
            request.user,
            region_code=obj.region_code,
            key=obj.key,
            variant=obj.variant or "",
            effective_from=obj.effective_from,
            value=obj.value,
            rule_set=obj.rule_set,
            citation=obj.citation,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        raise PermissionError(_("地方参数不能删除；请以新的生效日期设置新值"))

    def delete_queryset(self, request, queryset):
        raise PermissionError(_("地方参数不能删除；请以新的生效日期设置新值"))


class RuleSetForm(forms.ModelForm):
    keys = forms.MultipleChoiceField(label=_("规定的地方参数"), required=False, choices=())

    class Meta:
        model = RuleSet
        fields = (
            "title",
            "number",
            "kind",
            "union",
            "region",
            "effective_from",
            "keys",
            "filed_on",
            "repealed_on",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from jiuzhu.policy.params import KEYS

        if "keys" in self.fields:
            self.fields["keys"].choices = [(k, k) for k in KEYS]

    def clean(self):
        data = super().clean()
        inst = self.instance
        union = data.get("union", inst.union if inst.pk else None)
        region = data.get("region", inst.region if inst.pk else None)
        if (union is None) == (region is None):
            self.add_error(
                "union" if "union" in self.fields else None, _("制定单位须为一个工会或一个地区（二者选一）")
            )
        start = data.get("effective_from", inst.effective_from)
        repealed = data.get("repealed_on")
        if repealed and start and repealed <= start:
            self.add_error("repealed_on", _("废止日期须晚于施行日期"))
        if data.get("filed_on") and inst.pk and inst.files_with() is None:
            self.add_error("filed_on", _("该实施细则无需向上级工会备案"))
        return data


@admin.register(RuleSet)
class RuleSetAdmin(AdminOnly, admin.ModelAdmin):
    """The register of implementing rule sets (R-SUP-14): registered, filed and repealed through the actions of
    core.rulesets (audited); never deleted — a rule set no longer in force is repealed from a date."""

    form = RuleSetForm
    list_display = ("title", "number", "kind", "union", "region", "effective_from", "repealed_on", "filed_on")
    list_filter = ("kind",)
    search_fields = ("title", "number")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("filed_on", "repealed_on")
        return (
            ("title", "number", "kind", "union", "region", "effective_from", "keys")
            + (("repealed_on",) if obj.repealed_on else ())
            + (("filed_on",) if obj.filed_on else ())
        )

    def save_model(self, request, obj, form, change):
        try:
            if not change:
                saved = do_register_rule_set(
                    request.user,
                    title=obj.title,
                    number=obj.number,
                    kind=obj.kind,
                    union=obj.union,
                    region=obj.region,
                    effective_from=obj.effective_from,
                    keys=form.cleaned_data.get("keys") or [],
                )
                obj.pk = saved.pk
                return
            old = RuleSet.objects.get(pk=obj.pk)
            if obj.filed_on and not old.filed_on:
                do_file_rule_set(request.user, old, filed_on=obj.filed_on)
            if obj.repealed_on and not old.repealed_on:
                do_repeal_rule_set(request.user, old, repealed_on=obj.repealed_on)
        except RuleSetRefused as e:
            raise PermissionError(str(e)) from e

    def delete_model(self, request, obj):
        raise PermissionError(_("实施细则登记不能删除；不再施行的请填写废止日期"))

    def delete_queryset(self, request, queryset):
        raise PermissionError(_("实施细则登记不能删除；不再施行的请填写废止日期"))


@admin.register(AuditEvent)
class AuditEventAdmin(AdminOnly, admin.ModelAdmin):
    list_display = ("at", "actor", "actor_role", "action", "object_type", "object_id", "household", "note")
    list_filter = ("action", "actor_role")
    search_fields = ("object_id", "household__number", "actor__username", "note")
    date_hierarchy = "at"
    list_select_related = ("actor", "household")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(audit_scope_q(request.user))

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
