"""The source vault: who an anonymous source really is, and who looked.

A record belongs to one anonymous source (a source of the kind "anonymous
group", or one that claims attribute anonymously). Its identity and the
account of how it was verified are stored only as Fernet tokens
(vault.crypto); who verified it and when are plain, as the access log is.
Nothing here is registered in the admin, exported, searched or serialized
by the API: the vault's own pages (vault.views) are its only door.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

OPEN_VAULT = "vault.open_vault"
VAULT_GROUP = "Source vault"
REASON_MAX = 500
SECRET_MAX = 5000


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an access-log row."""


class VaultRecord(models.Model):
    source = models.OneToOneField(
        "claims.Source", on_delete=models.PROTECT, related_name="vault_record"
    )
    # Fernet tokens, never the words themselves (vault.crypto.seal).
    identity_token = models.TextField(editable=False)
    verification_token = models.TextField(editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        # No add/change/delete/view: the group's one permission is the gate,
        # and no role's "view everything" can reach the vault by accident.
        default_permissions = ()
        permissions = [("open_vault", "Can open the source vault")]

    def __str__(self) -> str:
        # Never the identity: a record's text representation reaches logs,
        # error pages and the admin's "protected objects" list.
        return f"Vault record {self.pk}"


class VaultAccessQuerySet(models.QuerySet):
    # Bulk writes would bypass the model's guard; the log refuses them too.
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The vault's access log is append-only; it cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The vault's access log is append-only; it cannot be deleted.")


class VaultAccess(models.Model):
    """One read or change of a vault record: who, when, what, why.

    Append-only, in Python and (by a trigger, vault/migrations/0003) in
    PostgreSQL.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Created the record"
        OPENED = "opened", "Opened the record"
        CHANGED = "changed", "Changed the record"
        REKEYED = "rekeyed", "Re-encrypted with the current key"
        MOVED = "moved", "Moved with a source merge"

    record = models.ForeignKey(VaultRecord, on_delete=models.PROTECT, related_name="accesses")
    # Empty only for `manage.py vault_rotate`, which no one signs in to run.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.CharField(max_length=REASON_MAX)
    # What changed: field names only, never their values.
    what = models.CharField(max_length=200, blank=True)

    objects = VaultAccessQuerySet.as_manager()

    class Meta:
        default_permissions = ()
        ordering = ["-at", "-id"]
        indexes = [
            # A record's log, newest first, on the record's page.
            models.Index(fields=["record", "-at", "-id"], name="vault_access_record_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An integrity guard: the log is the vault's record of who looked.
        if not self._state.adding or self.pk is not None:
            raise AppendOnlyError("The vault's access log is append-only; it cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The vault's access log is append-only; it cannot be deleted.")
