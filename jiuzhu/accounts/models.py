"""Users, their role and the subtree of regions or unions they may see and act in."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("经办人")
    APPROVER = "approver", _("审批人")
    FINANCE = "finance", _("财务人员")
    AUDITOR = "auditor", _("审计人员")
    ADMIN = "admin", _("系统管理员")
    APPLICANT = "applicant", _("申请人")


# What each role may do. Scope (where) is separate from permission (what).
WRITE_ROLES = {Role.CASE_WORKER, Role.ADMIN}
READ_ROLES = {Role.CASE_WORKER, Role.APPROVER, Role.FINANCE, Role.AUDITOR, Role.ADMIN}
AUDIT_ROLES = {Role.AUDITOR, Role.ADMIN}


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.CASE_WORKER)
    region = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("所属行政区划")
    )
    union_org = models.ForeignKey(
        "core.UnionOrg", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("所属工会")
    )
    phone = models.CharField(_("电话"), max_length=20, blank=True)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)  # applicants only

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def can_write(self) -> bool:
        return self.is_active and self.role in WRITE_ROLES

    def can_read_registry(self) -> bool:
        return self.is_active and self.role in READ_ROLES

    def can_audit(self) -> bool:
        return self.is_active and self.role in AUDIT_ROLES
