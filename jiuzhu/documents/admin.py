"""Administrators replace a province's form by uploading a template file (checked before it is accepted)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from .actions import TemplateRejected, do_deactivate_template, do_set_masking_rule, do_upload_template
from .kinds import KINDS
from .models import DocumentJob, MaskingRule, TemplateOverride
from .render import check_template


class TemplateUploadForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label="文书种类", choices=[(k.code, f"{k.attachment} {k.title}") for k in KINDS.values()]
    )
    upload = forms.FileField(label="模板文件（HTML / Django 模板，UTF-8）")

    class Meta:
        model = TemplateOverride
        fields = ["province_code", "kind"]

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is not None and data.get("kind"):
            raw = upload.read()
            try:
                data["source"] = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError("模板文件应为UTF-8编码的HTML文本") from None
            problems = check_template(data["kind"], data["source"])
            if problems:
                raise forms.ValidationError(problems)
        return data


@admin.register(TemplateOverride)
class TemplateOverrideAdmin(admin.ModelAdmin):
    list_display = ["province_code", "kind", "filename", "active", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "active"]
    actions = ["deactivate"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TemplateUploadForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return (
            ["province_code", "kind", "source", "filename", "uploaded_by", "active", "check_report"]
            if obj
            else []
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = do_upload_template(
                request.user,
                province_code=form.cleaned_data["province_code"],
                kind=form.cleaned_data["kind"],
                source=form.cleaned_data["source"],
                filename=form.cleaned_data["upload"].name,
            )
        except (TemplateRejected, ValueError) as exc:
            messages.error(request, str(exc))
            return
        obj.pk = created.pk

    @admin.action(description="停用（恢复全国样表）")
    def deactivate(self, request, queryset):
        for override in queryset.filter(active=True):
            do_deactivate_template(request.user, override)


@admin.register(MaskingRule)
class MaskingRuleAdmin(admin.ModelAdmin):
    list_display = ["province_code", "name_rule", "id_rule", "citation"]

    def save_model(self, request, obj, form, change):
        do_set_masking_rule(
            request.user,
            province_code=obj.province_code,
            name_rule=obj.name_rule,
            id_rule=obj.id_rule,
            citation=obj.citation,
        )


@admin.register(DocumentJob)
class DocumentJobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "fmt", "status", "done", "total", "created_by", "created_at"]
    readonly_fields = [f.name for f in DocumentJob._meta.fields]
