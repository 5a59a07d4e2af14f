"""What the caller may see and do. Scope (where) comes from jiuzhu.accounts.scope; outside it is 404."""

from __future__ import annotations

from ninja.errors import HttpError

from jiuzhu.accounts.models import Role
from jiuzhu.idnumber import mask_id_number
from jiuzhu.registry.models import mask_phone

# Roles whose work needs the full ID number (verification, approval, administration).
ID_NUMBER_ROLES = {Role.CASE_WORKER, Role.APPROVER, Role.ADMIN}


def require_reader(user) -> None:
    if not user.can_read_registry():
        raise HttpError(403, "当前角色不能查看家庭信息")


def require_writer(user) -> None:
    if not user.can_write():
        raise HttpError(403, "当前角色不能修改家庭信息")


def require_auditor(user) -> None:
    if not user.can_audit():
        raise HttpError(403, "只有审计人员和系统管理员可以查看审计日志")


def sees_id_numbers(user) -> bool:
    return user.is_superuser or user.role in ID_NUMBER_ROLES


def mask_value(field: str, value):
    """Mask a value by the name of its field: ID numbers and phone numbers."""
    if not isinstance(value, str) or not value:
        return value
    leaf = field.rsplit(".", 1)[-1]
    if leaf.endswith("id_number"):
        return mask_id_number(value)
    if leaf.endswith("phone"):
        return mask_phone(value)
    return value


def mask_document(doc: dict) -> dict:
    doc["phone"] = mask_value("phone", doc.get("phone"))
    for person in [*doc.get("members", []), *doc.get("obligors", [])]:
        for key in ("id_number", "phone"):
            if key in person:
                person[key] = mask_value(key, person[key])
    return doc


def mask_tree(value, key: str = ""):
    """Mask ID numbers and phones anywhere in nested data, by key (flattened keys such as
    members[0].id_number included)."""
    if isinstance(value, dict):
        return {k: mask_tree(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_tree(v, key) for v in value]
    return mask_value(key, value)
