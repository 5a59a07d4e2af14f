"""Changes of state of a user account, each with its audit event in the same transaction."""

from __future__ import annotations

from django.db import transaction

from jiuzhu.core.audit import record


def do_change_password(user, new_password: str) -> None:
    """A user sets their own new password (already checked by Django's validators). Django's session auth hash
    follows the password hash, so every other session of the user ends at its next request (logout
    everywhere, docs/security.md); the caller keeps the current one with update_session_auth_hash."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(user, "user.password_change", user, note=user.username)
