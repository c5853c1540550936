"""Every read and write of the source vault, each one logged.

Views and the rotation command call these; nothing else touches a record.
Each function checks membership itself (vault.access), so no caller can
forget it, and writes its access-log row in the same transaction as what
it logs: a refused or failed action leaves neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from claims.errors import ClaimDeskError
from claims.models import Source
from vault.access import require_vault_member
from vault.crypto import reseal, seal, unseal
from vault.models import REASON_MAX, SECRET_MAX, VaultAccess, VaultRecord

ROTATION_REASON = "Key rotation (manage.py vault_rotate)."


@dataclass(frozen=True)
class Revealed:
    """A record's secrets, decrypted for one page view."""

    identity: str
    verification: str


def vault_eligible(source: Source) -> bool:
    """Only an anonymous source has a vault record: an anonymous group, or a
    source some claim attributes anonymously."""
    return source.kind == Source.Kind.ANONYMOUS_GROUP or source.anonymous_count > 0


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ClaimDeskError("Say why: a reason is required, and it goes in the access log.")
    if len(reason) > REASON_MAX:
        raise ClaimDeskError(f"Keep the reason under {REASON_MAX} characters.")
    return reason


def _checked_secret(text: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ClaimDeskError(f"The {label} cannot be empty.")
    if len(text) > SECRET_MAX:
        raise ClaimDeskError(f"Keep the {label} under {SECRET_MAX} characters.")
    return text


def _log(record: VaultRecord, *, by: User | None, action: str, reason: str, what: str = "") -> None:
    VaultAccess.objects.create(record=record, by=by, action=action, reason=reason, what=what)


@transaction.atomic
def vault_record_create(
    *,
    source: Source,
    identity: str,
    verification: str,
    verified_by: User,
    verified_on: date,
    by: User,
    reason: str,
) -> VaultRecord:
    """Keep who an anonymous source is, encrypted, and log it."""
    require_vault_member(by)
    reason = _required_reason(reason)
    # Locks the source: two members creating its record at once queue here,
    # and the second finds the first's record instead of a unique violation.
    source = Source.objects.select_for_update().get(pk=source.pk)
    if not vault_eligible(source):
        raise ClaimDeskError("Only an anonymous source can have a record in the vault.")
    if VaultRecord.objects.filter(source=source).exists():
        raise ClaimDeskError("This source already has a vault record: change it instead.")
    record = VaultRecord.objects.create(
        source=source,
        identity_token=seal(_checked_secret(identity, "identity")),
        verification_token=seal(_checked_secret(verification, "account of the verification")),
        verified_by=verified_by,
        verified_on=verified_on,
    )
    _log(record, by=by, action=VaultAccess.Action.CREATED, reason=reason)
    return record


@transaction.atomic
def vault_record_open(*, record: VaultRecord, by: User, reason: str) -> Revealed:
    """The record's identity and verification, for a member who says why; logged once."""
    require_vault_member(by)
    reason = _required_reason(reason)
    # Read afresh: the caller's copy may predate a change or a rotation.
    record = VaultRecord.objects.get(pk=record.pk)
    revealed = Revealed(unseal(record.identity_token), unseal(record.verification_token))
    _log(record, by=by, action=VaultAccess.Action.OPENED, reason=reason)
    return revealed


@transaction.atomic
def vault_record_change(
    *,
    record: VaultRecord,
    by: User,
    reason: str,
    verified_by: User,
    verified_on: date,
    identity: str = "",
    verification: str = "",
) -> VaultRecord:
    """Change a record; an empty identity or verification keeps the one stored.

    The log names the fields that changed, never their values. The row is
    locked: two changes at once apply one after the other, each logged.
    """
    require_vault_member(by)
    reason = _required_reason(reason)
    record = VaultRecord.objects.select_for_update().get(pk=record.pk)
    changed = _apply_changes(
        record,
        identity=identity,
        verification=verification,
        verified_by=verified_by,
        verified_on=verified_on,
    )
    if not changed:
        raise ClaimDeskError("Nothing to change: the record is as you left it.")
    record.changed_at = timezone.now()
    record.save()
    _log(record, by=by, action=VaultAccess.Action.CHANGED, reason=reason, what=", ".join(changed))
    return record


def _apply_changes(record: VaultRecord, **new: Any) -> list[str]:
    changed = []
    for field, label in (("identity", "identity"), ("verification", "verification")):
        if (new[field] or "").strip():
            text = _checked_secret(new[field], label)
            setattr(record, f"{field}_token", seal(text))
            changed.append(field)
    if new["verified_by"].pk != record.verified_by_id:
        record.verified_by = new["verified_by"]
        changed.append("verified by")
    if new["verified_on"] != record.verified_on:
        record.verified_on = new["verified_on"]
        changed.append("verified on")
    return changed


def vault_rotate() -> int:
    """Re-encrypt every record under the first key of VAULT_KEYS; how many.

    One transaction per record, each logged: a rotation stopped half-way
    leaves every record readable with the keys listed, and can run again.
    """
    rotated = 0
    for record_id in VaultRecord.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            record = VaultRecord.objects.select_for_update().get(pk=record_id)
            record.identity_token = reseal(record.identity_token)
            record.verification_token = reseal(record.verification_token)
            record.save(update_fields=["identity_token", "verification_token"])
            _log(record, by=None, action=VaultAccess.Action.REKEYED, reason=ROTATION_REASON)
        rotated += 1
    return rotated


def vault_follow_merge(*, gone: Source, kept: Source, by: User) -> None:
    """A source merged into another takes its vault record along, logged.

    Called by claims.services.sources.source_merge, inside its transaction,
    by a reviewer who need not be a member: nothing is read or revealed.
    """
    record = VaultRecord.objects.select_for_update().filter(source=gone).first()
    if record is None:
        return
    if VaultRecord.objects.filter(source=kept).exists():
        raise ClaimDeskError(
            "Both sources have a restricted record: ask the source vault's members "
            "to keep one before merging."
        )
    record.source = kept
    record.save(update_fields=["source"])
    reason = f"Source #{gone.pk} merged into source #{kept.pk}."
    _log(record, by=by, action=VaultAccess.Action.MOVED, reason=reason)
