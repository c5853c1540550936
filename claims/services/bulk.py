"""Bulk work from the claims list: the single-claim services, once per claim.

Each claim is assigned or moved by the same service as on its own page
(``claim_assign``, ``claim_transition``), in its own transaction, with the
version the list showed for it: a claim changed since is refused with what
changed, never overwritten, and a refusal leaves the other claims' results
standing. The caller gets one result per claim, done or refused with why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from claims.errors import ClaimDeskError
from claims.filters import SELECTION_MAX
from claims.models import Claim, Status
from claims.services.claims import claim_assign
from claims.services.workflow import claim_transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Enough for a morning's triage; each claim is its own transaction, so a
# batch holds the request for a while: past this, filter the list instead.
BULK_MAX = SELECTION_MAX


@dataclass(frozen=True)
class Selected:
    """A claim as the list showed it: its id and the version the user saw."""

    claim_id: int
    version: int


@dataclass(frozen=True)
class BulkResult:
    claim_id: int
    statement: str
    done: bool
    message: str


def checked_selection(selection: Sequence[Selected]) -> list[Selected]:
    """The selection without repeats; refused when empty or past ``BULK_MAX``."""
    first_of_each: dict[int, Selected] = {}
    for chosen in selection:
        first_of_each.setdefault(chosen.claim_id, chosen)
    unique = list(first_of_each.values())
    if not unique:
        raise ClaimDeskError("Select at least one claim.")
    if len(unique) > BULK_MAX:
        raise ClaimDeskError(
            f"{len(unique)} claims selected: at most {BULK_MAX} at a time. "
            "Narrow the list with its filters, or work through it a page at a time."
        )
    return unique


def claim_bulk_assign(
    *, selection: Sequence[Selected], assignee: User | None, by: User
) -> list[BulkResult]:
    """Assign each selected claim to ``assignee`` (None: unassign) through ``claim_assign``."""
    who = str(assignee) if assignee else "nobody"

    def assign(claim: Claim, version: int) -> str:
        claim_assign(claim=claim, assignee=assignee, by=by, version=version)
        return f"Assigned to {who}."

    return _each(selection, assign)


def claim_bulk_transition(
    *, selection: Sequence[Selected], to: str, note: str, by: User
) -> list[BulkResult]:
    """Move each selected claim to ``to`` through ``claim_transition``, with one note for all."""
    if to not in Status.values:
        raise ClaimDeskError(f"“{to}” is not a claim status.")

    def move(claim: Claim, version: int) -> str:
        claim_transition(claim=claim, to=to, by=by, version=version, note=note)
        return f"Moved to {Status(to).label}."

    return _each(selection, move)


def _each(selection: Sequence[Selected], write: Callable[[Claim, int], str]) -> list[BulkResult]:
    chosen = checked_selection(selection)
    claims = Claim.objects.only("pk", "statement").in_bulk([c.claim_id for c in chosen])
    return [_one(claims.get(c.claim_id), c, write) for c in chosen]


def _one(claim: Claim | None, chosen: Selected, write: Callable[[Claim, int], str]) -> BulkResult:
    if claim is None:
        return BulkResult(chosen.claim_id, "", False, "This claim no longer exists.")
    try:
        # Its own transaction (a savepoint inside a caller's): a refusal undoes
        # this claim's write only, and the claims done before it stay done.
        with transaction.atomic():
            done = write(claim, chosen.version)
    except (ClaimDeskError, PermissionDenied) as refusal:
        return BulkResult(claim.pk, claim.statement, False, str(refusal) or "Not allowed.")
    return BulkResult(claim.pk, claim.statement, True, done)
