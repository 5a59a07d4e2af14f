"""Admin of users: role, region and union subtree, audited."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from jiuzhu.web.admin_site import AdminOnly, AuditedSave

from .models import User


@admin.register(User)
class JiuzhuUserAdmin(AdminOnly, AuditedSave, UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("岗位与管辖范围"), {"fields": ("role", "region", "union_org", "phone", "id_number")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (
            _("岗位与管辖范围"),
            {"fields": ("first_name", "role", "region", "union_org", "phone", "id_number")},
        ),
    )
    list_display = ("username", "first_name", "role", "region", "union_org", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "first_name", "phone")
    autocomplete_fields = ("region", "union_org")
    audit_action = "user.save"
    audit_exclude = ("password", "last_login")

    def audit_scope_path(self, obj) -> str:
        return obj.region.path if obj.region_id else ""
