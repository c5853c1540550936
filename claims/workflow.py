"""The record's rules in one place: which moves exist, who may make them, and
who may set a verdict in which status.

Services enforce these rules; views, templates, the admin and the dashboard
ask the same functions what to offer, so nothing is offered that the
services would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from claims.errors import ClaimDeskError
from claims.models import Claim, Rating, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A guard returns the refusal for a move that cannot be made now (raised by
# the services, shown as the reason on pages), or None when it can. It sees
# the claim as stored and the verdict the move would leave standing.
Refusal = ClaimDeskError | PermissionDenied
Guard = Callable[[Claim, "User", Rating | None], Refusal | None]


def needs_a_verdict(claim: Claim, user: User, rating: Rating | None) -> Refusal | None:
    if rating is None:
        return ClaimDeskError("Publishing needs a rating: choose the verdict first.")
    return None


def four_eyes(claim: Claim, user: User, rating: Rating | None) -> Refusal | None:
    reason = claim.four_eyes_refusal(user)
    return PermissionDenied(reason) if reason else None


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    label: str  # the button
    action: str  # "You do not have permission to <action>."
    permission: str
    note_required: bool = False
    guards: tuple[Guard, ...] = ()


MOVES: list[Move] = [
    Move(
        Status.NEW, Status.RESEARCHING, "Start research", "start research", "claims.research_claim"
    ),
    Move(
        Status.NEW,
        Status.NOT_CHECKABLE,
        "Mark not checkable",
        "mark a claim not checkable",
        "claims.research_claim",
        note_required=True,
    ),
    Move(
        Status.RESEARCHING,
        Status.IN_REVIEW,
        "Send to review",
        "send a claim to review",
        "claims.research_claim",
    ),
    Move(
        Status.RESEARCHING,
        Status.NOT_CHECKABLE,
        "Mark not checkable",
        "mark a claim not checkable",
        "claims.research_claim",
        note_required=True,
    ),
    Move(
        Status.IN_REVIEW,
        Status.PUBLISHED,
        "Publish",
        "publish a verdict",
        "claims.publish_claim",
        guards=(needs_a_verdict, four_eyes),
    ),
    Move(
        Status.IN_REVIEW,
        Status.RESEARCHING,
        "Send back",
        "send a claim back",
        "claims.review_claim",
        note_required=True,
    ),
    Move(
        Status.PUBLISHED,
        Status.RESEARCHING,
        "Reopen",
        "reopen a published claim",
        "claims.review_claim",
        note_required=True,
    ),
    Move(
        Status.NOT_CHECKABLE,
        Status.RESEARCHING,
        "Reopen",
        "reopen a claim",
        "claims.review_claim",
        note_required=True,
    ),
]
MOVES_BY_STATUS: dict[tuple[str, str], Move] = {(m.source, m.target): m for m in MOVES}

# Who may set or change the verdict while the claim is in each status. In
# review only a reviewer may, and then they are its author: four eyes keeps
# them from publishing it.
RATING_PERMISSIONS: dict[str, str] = {
    Status.RESEARCHING: "claims.research_claim",
    Status.IN_REVIEW: "claims.publish_claim",
}


def move_between(source: str, target: str) -> Move | None:
    return MOVES_BY_STATUS.get((source, target))


def may_rate(user: User, status: str) -> bool:
    permission = RATING_PERMISSIONS.get(status)
    return permission is not None and user.has_perm(permission)


def may_rate_during(user: User, move: Move) -> bool:
    """A move may carry a new verdict if ``user`` may rate on either side of it
    (an editor proposing one as they send to review, a reviewer who reopens
    with a new one). Not into "published" (four eyes) nor "not checkable",
    where nobody may rate: the verdict would stand there unchangeable until
    a reopen (the workflow card posts its verdict with every button)."""
    return move.target not in (Status.PUBLISHED, Status.NOT_CHECKABLE) and (
        may_rate(user, move.source) or may_rate(user, move.target)
    )


def guard_refusal(move: Move, claim: Claim, user: User, rating: Rating | None) -> Refusal | None:
    for guard in move.guards:
        refusal = guard(claim, user, rating)
        if refusal is not None:
            return refusal
    return None


def allowed_moves(claim: Claim, user: User) -> list[Move]:
    """The moves ``user`` can make on ``claim`` now, guards applied, keeping its verdict."""
    return [
        move
        for move in MOVES
        if move.source == claim.status
        and user.has_perm(move.permission)
        and guard_refusal(move, claim, user, claim.rating) is None
    ]


def withheld_moves(claim: Claim, user: User) -> list[tuple[Move, Refusal]]:
    """Moves the user's role allows but a guard refuses now, with the reason (for the page)."""
    return [
        (move, refusal)
        for move in MOVES
        if move.source == claim.status
        and user.has_perm(move.permission)
        and (refusal := guard_refusal(move, claim, user, claim.rating)) is not None
    ]


def refusal_of(claim: Claim, user: User, move: Move) -> str | None:
    """Why ``user`` cannot make ``move`` on ``claim`` now, or None (for bulk actions)."""
    if claim.status != move.source:
        return f"it is {Status(claim.status).label}, not {Status(move.source).label}"
    if not user.has_perm(move.permission):
        return f"you do not have permission to {move.action}"
    refusal = guard_refusal(move, claim, user, claim.rating)
    return str(refusal) if refusal else None
