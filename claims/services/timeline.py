"""Keeping the record: lock the claim, check on what is stored, write the
projection and the event that explains it, together.

Every service that changes a claim starts with ``lock_claim``: the row is
locked for the rest of the transaction, and every check runs on the claim as
stored, never on the caller's copy, so two requests at once cannot both pass
a check that only one of them should.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from api.services.webhooks import webhook_events_record
from claims.errors import ClaimDeskError, StaleVersion
from claims.models import NOTE_MAX, Claim, ClaimEvent, Rating, Status
from claims.search import claim_vector_changes
from claims.services.publications import publications_refresh
from claims.services.text import checked_length
from desk.services.notifications import notify_event

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The columns the services maintain; copied back to the caller's object.
PROJECTION = [
    "status",
    "rating",
    "rating_value",
    "sourcing",
    "review_requested_by",
    "verdict_by",
    "assignee",
    "statement",
    "kind",
    "revisit_on",
    "updated_at",
    "version",
]


def require(user: User, permission: str, action: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {action}.")


def checked_note(note: str) -> str:
    """A note as an event stores it. Checked here, not only by forms: the admin's
    bulk actions post a note that no form has seen."""
    return checked_length(note.strip(), NOTE_MAX, "The note")


def require_note(note: str, why: str) -> str:
    note = checked_note(note)
    if not note:
        raise ClaimDeskError(f"A note is required {why}.")
    return note


def lock_claim(claim: Claim, *, version: int | None) -> Claim:
    """The claim as stored, its row locked until the transaction ends.

    ``version`` is the one the writer saw; an older one is refused with what
    changed since (None for writes that never conflict, such as evidence).
    """
    # of=("self",): lock the claim's row only, not its article's (other
    # claims of the same article stay free to change).
    locked = (
        Claim.objects.select_for_update(of=("self",)).select_related("article").get(pk=claim.pk)
    )
    if version is not None and locked.version != version:
        raise stale_version_error(locked, version)
    return locked


def save_claim(current: Claim, **changes: Any) -> None:
    """Write ``changes`` to the locked claim (and the search vector that follows
    its text) and bump its version.

    The row is locked, so the version cannot have moved; it is still part of
    the WHERE clause, so that a backend without row locks (SQLite) refuses
    rather than overwrites.
    """
    now = timezone.now()
    if "rating" in changes:
        changes["rating_value"] = locked_rating_value(changes["rating"])
    claims = Claim.objects.filter(pk=current.pk, version=current.version)
    # The stored search vector follows a new statement in the same UPDATE.
    vector = claim_vector_changes(claims.db, **changes)
    updated = claims.update(**changes, **vector, updated_at=now, version=current.version + 1)
    if updated != 1:
        raise stale_version_error(current, current.version)
    for name, value in changes.items():
        setattr(current, name, value)
    current.updated_at, current.version = now, current.version + 1


def locked_rating_value(rating: Rating | None) -> int | None:
    """The rating's value as stored now, its row share-locked until the transaction ends.

    ``rating_save`` locks the row for update before copying a new value to the
    rating's claims: either it waits for this transaction and then updates
    this claim too, or this read waits for it and sees the new value.
    """
    if rating is None:
        return None
    return read_for_share("claims_rating", "value", rating.pk)


def read_for_share(table: str, column: str, pk: int) -> Any:
    """One column of one row, the row share-locked until the transaction ends
    (on SQLite, which has no row locks, a plain read). ``table`` and ``column``
    are the caller's constants, never input."""
    return read_row_for_share(table, [column], pk)[0]


def read_row_for_share(table: str, columns: list[str], pk: int) -> tuple[Any, ...]:
    """Some columns of one row, share-locked like ``read_for_share``'s."""
    sql = f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s"
    if connection.features.has_select_for_update:
        sql += " FOR SHARE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return cursor.fetchone()


UNCHANGED: Any = object()


def record(
    current: Claim,
    *,
    kind: str,
    by: User | None,
    from_status: str = UNCHANGED,
    from_rating_id: int | None = UNCHANGED,
    **fields: Any,
) -> ClaimEvent:
    """Append an event that leaves the claim as ``current`` now stands.

    An event into or out of "published" also rewrites the claim's rows of
    the desk report's projection (claims.services.publications), here, so
    that no writer of the timeline can leave them behind. For the same
    reason the people the event concerns are notified here, in the event's
    transaction (desk.services.notifications.notify_event).
    """
    event = ClaimEvent.objects.create(
        claim=current,
        actor=by,
        kind=kind,
        from_status=current.status if from_status is UNCHANGED else from_status,
        to_status=current.status,
        from_rating_id=current.rating_id if from_rating_id is UNCHANGED else from_rating_id,
        to_rating_id=current.rating_id,
        verdict_by_id=current.verdict_by_id,
        claim_version=current.version,
        **fields,
    )
    if Status.PUBLISHED in (event.from_status, event.to_status) and (
        event.from_status != event.to_status
    ):
        publications_refresh(current)
    notify_event(event, current)
    # Webhooks hear of publications, reopens and verdict changes the same way.
    webhook_events_record(event, current)
    return event


def hand_back(claim: Claim, current: Claim) -> Claim:
    """Bring the caller's object up to date with what was stored, and return it."""
    for name in PROJECTION:
        field = Claim._meta.get_field(name)
        setattr(claim, field.attname, getattr(current, field.attname))
        if field.is_relation and field.is_cached(current):
            field.set_cached_value(claim, field.get_cached_value(current))
        elif field.is_relation and field.is_cached(claim):
            field.delete_cached_value(claim)
    return claim


def stale_version_error(claim: Claim, version: int) -> StaleVersion:
    """A refusal that says who changed the claim since ``version``, and how."""
    newer = (
        ClaimEvent.objects.filter(claim_id=claim.pk, claim_version__gt=version)
        .select_related("actor", "from_rating", "to_rating")
        .order_by("at", "id")
    )
    changes = [
        f"{event.actor or 'the system'}: {'; '.join(event.changes()) or event.get_kind_display()}"
        for event in newer
    ]
    who = ", ".join(sorted({str(event.actor) for event in newer if event.actor}))
    return StaleVersion(
        f"This claim was changed{f' by {who}' if who else ''} after you opened it "
        f"(version {version}). Nothing was saved. Since then: {' / '.join(changes) or 'an edit'}.",
        changes,
    )


def refuse_if_frozen(current: Claim, what: str) -> None:
    if current.is_frozen:
        raise ClaimDeskError(
            f"This claim is published: its {what} cannot change until a reviewer reopens it. "
            "Evidence can still be added."
        )
