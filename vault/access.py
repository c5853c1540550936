"""Who may open the vault: the members of the "Source vault" group.

The group is the gate. Django's has_perm says yes to a superuser for every
permission, so a superuser who is not in the group is refused like anyone
else (an administrator who truly needs the vault adds themselves to the group,
in plain sight of the group's other members). A permission given to one user
directly does not count either: membership is managed in one place.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from vault.models import OPEN_VAULT, VAULT_GROUP

REFUSAL = f"Only the “{VAULT_GROUP}” group can open the source vault."


def is_vault_member(user: Any) -> bool:
    """Whether ``user`` holds ``vault.open_vault`` through a group.

    For everyone but superusers this reads the permissions Django has
    already cached for the request: no query.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        app_label, codename = OPEN_VAULT.split(".")
        return Permission.objects.filter(
            group__user=user, content_type__app_label=app_label, codename=codename
        ).exists()
    return OPEN_VAULT in user.get_group_permissions()


def require_vault_member(user: Any) -> None:
    if not is_vault_member(user):
        raise PermissionDenied(REFUSAL)
