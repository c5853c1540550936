"""Moving a claim through the workflow, and setting its verdict.

The rules (moves, permissions, notes, guards, who may rate when) live in
``claims.workflow``; these functions apply them to the locked, stored claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from claims import workflow
from claims.errors import ClaimDeskError, InvalidTransition
from claims.models import Claim, ClaimEvent, Rating, Status
from claims.services import tallies
from claims.services.timeline import (
    checked_note,
    hand_back,
    lock_claim,
    record,
    require,
    require_note,
    save_claim,
    stale_version_error,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def allowed_transitions(*, claim: Claim, user: User) -> list[str]:
    """The statuses ``user`` can move ``claim`` to now, guards applied."""
    return [move.target for move in workflow.allowed_moves(claim, user)]


@transaction.atomic
def claim_transition(
    *,
    claim: Claim,
    to: str,
    by: User,
    version: int,
    note: str = "",
    rating: Rating | None = None,
    reviewer: User | None = None,
) -> Claim:
    """Move ``claim`` to status ``to``: the one door of the workflow.

    ``rating`` (when given) is the verdict the move leaves standing; None
    keeps the current one. ``reviewer`` names who should review it (sending
    to review only; recorded in the event's details for notifications). On
    the locked claim, in order: the move exists, ``by`` holds its
    permission, the named reviewer may publish, the note it needs, who may
    set a verdict, and its guards (a verdict to publish, four eyes). Then the
    projection and the event are written together.

    The same move again by the same person from the same version (a
    double-clicked button) changes nothing and answers as the first did.
    """
    current = lock_claim(claim, version=None)
    asked = Asked(to=to, note=note, rating=rating, reviewer=reviewer)
    if _repeats_last_move(current, asked, by=by, version=version):
        return hand_back(claim, current)
    if current.version != version:
        raise stale_version_error(current, version)
    move = _move(current, to)
    require(by, move.permission, move.action)
    new_rating = rating if rating is not None else current.rating
    _check_reviewer(reviewer, move, by)
    if reviewer is not None and new_rating == current.rating:
        _check_reviewer_is_not_verdict_author(reviewer, current)
    note = _checked_note(move, current, by, note, new_rating)
    refusal = workflow.guard_refusal(move, current, by, new_rating)
    if refusal is not None:
        raise refusal
    from_status, from_rating_id = current.status, current.rating_id
    changes: dict[str, Any] = {"status": to, **_verdict_changes(current, new_rating, by)}
    if to == Status.IN_REVIEW:
        changes["review_requested_by"] = by
    save_claim(current, **changes)
    record(
        current,
        kind=ClaimEvent.Kind.STATUS_CHANGED,
        by=by,
        from_status=from_status,
        from_rating_id=from_rating_id,
        note=note,
        details={"reviewer": reviewer.pk} if reviewer is not None else {},
    )
    tallies.publication_changed(current, was_status=from_status, was_rating_id=from_rating_id)
    return hand_back(claim, current)


@dataclass(frozen=True)
class Asked:
    """What a move request asks for beyond its target: to tell a repeat from another move."""

    to: str
    note: str
    rating: Rating | None
    reviewer: User | None


def _repeats_last_move(current: Claim, asked: Asked, *, by: User, version: int) -> bool:
    """Whether the claim's last move is this very request, made by ``by`` from ``version``.

    The same target is not enough: a second tab opened at the same version
    may ask for another verdict, reviewer or note, and answering it "done"
    would hide that nobody made it. Evidence added since bumps no version, so
    the move is looked for by its version, not as the last event. The row is
    locked, so no other write can slip in between the check and the answer.
    """
    if current.version != version + 1:
        return False
    last = current.events.filter(
        kind=ClaimEvent.Kind.STATUS_CHANGED, claim_version=current.version
    ).first()
    if last is None or last.actor_id != by.pk or last.to_status != asked.to:
        return False
    verdict = asked.rating.pk if asked.rating is not None else last.from_rating_id
    reviewer = asked.reviewer.pk if asked.reviewer is not None else None
    return (
        last.to_rating_id == verdict
        and last.details.get("reviewer") == reviewer
        and last.note == asked.note.strip()
    )


def _check_reviewer(reviewer: User | None, move: workflow.Move, by: User) -> None:
    if reviewer is None:
        return
    if move.target != Status.IN_REVIEW:
        raise ClaimDeskError("A reviewer is named only when sending a claim to review.")
    if reviewer.pk == by.pk:
        raise ClaimDeskError("Four eyes: name a reviewer other than yourself.")
    if not (reviewer.is_active and reviewer.has_perm("claims.publish_claim")):
        raise ClaimDeskError(f"{reviewer} cannot publish, so cannot be named as the reviewer.")


def _check_reviewer_is_not_verdict_author(reviewer: User, current: Claim) -> None:
    """The verdict stays its author's: four eyes keeps them from publishing it."""
    if current.rating is not None and current.verdict_by_id == reviewer.pk:
        raise ClaimDeskError(
            f"Four eyes: {reviewer} set this verdict, so cannot publish it; name another reviewer."
        )


def _move(current: Claim, to: str) -> workflow.Move:
    if to not in Status.values:
        raise InvalidTransition(f"“{to}” is not a claim status.")
    move = workflow.move_between(current.status, to)
    if move is None:
        raise InvalidTransition(
            f"A claim cannot go from {Status(current.status).label} to {Status(to).label}."
        )
    return move


def _checked_note(
    move: workflow.Move, current: Claim, by: User, note: str, new_rating: Rating | None
) -> str:
    if move.note_required:
        note = require_note(note, f"to {move.action}")
    if new_rating != current.rating:
        if move.target == Status.PUBLISHED:
            # Otherwise the verdict that goes out would be one nobody else saw.
            raise PermissionDenied(
                "Four eyes: publishing cannot change the verdict. Change the rating first; "
                "another reviewer then publishes it."
            )
        if not workflow.may_rate_during(by, move):
            raise PermissionDenied(f"You may not change the verdict as you {move.action}.")
        note = require_note(note, "when a verdict is set or changed")
    return checked_note(note)


def _verdict_changes(current: Claim, new_rating: Rating | None, by: User) -> dict[str, Any]:
    """A new verdict is ``by``'s: its author is recorded with it, for four eyes."""
    if new_rating == current.rating:
        return {}
    return {"rating": new_rating, "verdict_by": by if new_rating is not None else None}


@transaction.atomic
def claim_rate(*, claim: Claim, rating: Rating | None, by: User, version: int, note: str) -> Claim:
    """Set, change or withdraw the verdict while the claim is worked on or reviewed."""
    require(by, "claims.research_claim", "propose a verdict")
    current = lock_claim(claim, version=version)
    if current.status not in workflow.RATING_PERMISSIONS:
        raise InvalidTransition(
            "A verdict can be proposed only while the claim is researched or in review."
        )
    if not workflow.may_rate(by, current.status):
        raise PermissionDenied("Only a reviewer can change the verdict of a claim in review.")
    if rating == current.rating:
        raise ClaimDeskError("The claim already has that rating.")
    note = require_note(note, "when a verdict is set or changed")
    from_rating_id = current.rating_id
    save_claim(current, **_verdict_changes(current, rating, by))
    record(
        current,
        kind=ClaimEvent.Kind.RATING_CHANGED,
        by=by,
        from_rating_id=from_rating_id,
        note=note,
    )
    # Not while published today (the claim is reopened first); kept in step all the same.
    tallies.publication_changed(current, was_status=current.status, was_rating_id=from_rating_id)
    return hand_back(claim, current)
