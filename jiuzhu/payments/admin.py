"""Admin of payments: what administrators keep — the banks' file layouts (data, no code), the register of staff
and village cadres with their own accounts (R-PAY-03), and the townships' reserve funds (备用金, R-PAY-09:
opened here, their ledger read-only; money moves only through reserve.py's actions). Every save is audited."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiuzhu.registry.money import yuan
from jiuzhu.web.admin_site import AdminOnly, AuditedSave

from .bankfiles import FIELDS, GENERIC
from .models import BankLayout, ReserveEntry, ReserveFund, StaffAccount, StaffRegisterEntry
from .reserve import balance_fen


class BankLayoutForm(forms.ModelForm):
    class Meta:
        model = BankLayout
        fields = ["code", "name", "format", "encoding", "sheet", "title_rows", "columns"]
        help_texts = {
            "columns": _(
                '每列一项，例如 [{"header": "账号", "field": "account_number"}]；可用字段：%(fields)s'
            )
            % {"fields": "、".join(FIELDS)},
        }

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code == GENERIC:
            raise forms.ValidationError(
                gettext("“%(code)s”是接口规范的通用格式，不能另行定义") % {"code": code}
            )
        return code

    def clean_columns(self):
        """Each column names its header and one of the fields a bank file can hold; a mistake names the column."""
        columns = self.cleaned_data["columns"]
        if not isinstance(columns, list) or not columns:
            raise forms.ValidationError(gettext("列应为非空列表"))
        for i, col in enumerate(columns, start=1):
            if not isinstance(col, dict) or not str(col.get("header", "")).strip():
                raise forms.ValidationError(gettext("第%(n)s列：缺少表头（header）") % {"n": i})
            if col.get("field") not in FIELDS:
                raise forms.ValidationError(
                    gettext("第%(n)s列：字段“%(f)s”不可用（可用：%(known)s）")
                    % {"n": i, "f": col.get("field"), "known": "、".join(FIELDS)}
                )
        return columns


@admin.register(BankLayout)
class BankLayoutAdmin(AdminOnly, AuditedSave, admin.ModelAdmin):
    form = BankLayoutForm
    list_display = ("code", "name", "format")
    search_fields = ("code", "name")
    audit_action = "payments.bank_layout.save"


class StaffAccountInline(AdminOnly, admin.TabularInline):
    model = StaffAccount
    extra = 1


@admin.register(StaffRegisterEntry)
class StaffRegisterEntryAdmin(AdminOnly, AuditedSave, admin.ModelAdmin):
    list_display = ("name", "kind", "region", "post", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "id_number")
    autocomplete_fields = ("region",)
    inlines = [StaffAccountInline]
    audit_action = "payments.staff_register.save"
    audit_exclude = ()

    def audit_scope_path(self, obj) -> str:
        return obj.region.path if obj.region_id else ""

    def save_formset(self, request, form, formset, change):
        """The accounts are audited too (an account added to the register changes who is flagged)."""
        from jiuzhu.core.audit import record

        instances = formset.save()
        for account in instances:
            record(
                request.user,
                "payments.staff_account.save",
                form.instance,
                after={"bank": account.bank, "account_tail": account.account_number[-4:]},
                scope_path=self.audit_scope_path(form.instance),
            )


class ReserveEntryInline(admin.TabularInline):
    model = ReserveEntry
    fk_name = "fund"
    fields = ("on", "kind", "amount", "reference", "note", "recorded_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("金额（元）"))
    def amount(self, obj) -> str:
        return yuan(obj.amount_fen)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReserveFund)
class ReserveFundAdmin(AdminOnly, AuditedSave, admin.ModelAdmin):
    list_display = ("region", "balance", "opened_at")
    autocomplete_fields = ("region",)
    inlines = [ReserveEntryInline]
    audit_action = "payments.reserve_fund.open"

    @admin.display(description=_("余额（元）"))
    def balance(self, obj) -> str:
        return yuan(balance_fen(obj))

    def get_readonly_fields(self, request, obj=None):
        return ("region", "balance") if obj else ()

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # a fund being opened has no ledger yet

    def audit_scope_path(self, obj) -> str:
        return obj.region.path
