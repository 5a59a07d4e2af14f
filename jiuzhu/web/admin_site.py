"""Django admin for administrators only (role "admin" or superuser), in Chinese.

Registry data is not edited here: households change only through the registry actions (the staff pages,
the API and the importers), so that every correction is audited. What the admin edits — regions, unions,
users, local parameters — is audited too; audit events themselves are read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .access import is_admin


class JiuzhuAdminSite(admin.AdminSite):
    site_header = _("救助管理系统 · 系统管理")
    site_title = _("系统管理")
    index_title = _("系统管理")
    site_url = "/"

    def has_permission(self, request) -> bool:
        return is_admin(request.user)


class AdminOnly:
    """Every permission of a model admin is "is an administrator"; nothing may be deleted here."""

    def has_module_permission(self, request) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AuditedSave:
    """Saves made in the admin write an audit event (action `audit_action`) with the changed fields."""

    audit_action = ""
    audit_exclude: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        from jiuzhu.core.audit import changed, record, snapshot

        fields = [f.name for f in obj._meta.concrete_fields if f.name not in self.audit_exclude]
        before = {}
        if change and obj.pk:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(old, fields) if old is not None else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = snapshot(obj, fields)
            old_values, new_values = changed(before, after) if change else ({}, after)
            if old_values or new_values:
                record(
                    request.user,
                    self.audit_action,
                    obj,
                    before=old_values or None,
                    after=new_values,
                    scope_path=self.audit_scope_path(obj),
                )

    def audit_scope_path(self, obj) -> str:
        return ""
