"""Links between claims: the same claim as, contradicts, supports, updates.

A link is on both claims' timelines, written in one transaction. It changes
neither claim's statement, status or verdict, so it bumps neither version
(like evidence: linking is never a lost update) and it is open on a published
claim: a new claim found to be the same as a published one is linked to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.errors import ClaimDeskError
from claims.models import Claim, ClaimEvent, ClaimLink
from claims.services.timeline import lock_claim, record, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def claim_link(*, claim: Claim, other: Claim, kind: str, by: User) -> ClaimLink:
    """Link ``claim`` to ``other`` ("claim contradicts other"), with an event on each."""
    require(by, "claims.change_claim", "link claims")
    if kind not in ClaimLink.Kind.values:
        raise ClaimDeskError(f"“{kind}” is not a kind of link.")
    if claim.pk == other.pk:
        raise ClaimDeskError("A claim cannot be linked to itself.")
    current, current_other = lock_pair(claim, other)
    existing = links_between(claim.pk, other.pk).first()
    if existing is not None:
        raise ClaimDeskError(
            f"These claims are already linked: {existing}. Remove that link first."
        )
    try:
        # A savepoint: the pair's unique constraint still guards a race the
        # locks cannot (neither claim's row says which links it has).
        with transaction.atomic():
            link = ClaimLink.objects.create(
                from_claim=current, to_claim=current_other, kind=kind, created_by=by
            )
    except IntegrityError:
        raise ClaimDeskError("These claims are already linked.") from None
    record_on_both(link, current, current_other, ClaimEvent.Kind.LINKED, by)
    return link


@transaction.atomic
def claim_unlink(*, link: ClaimLink, by: User) -> None:
    """Remove ``link``; both timelines keep that it was made, and say it was removed."""
    require(by, "claims.change_claim", "unlink claims")
    current, current_other = lock_pair(link.from_claim, link.to_claim)
    deleted, _ = ClaimLink.objects.filter(pk=link.pk).delete()
    if not deleted:
        raise ClaimDeskError("This link was already removed.")
    record_on_both(link, current, current_other, ClaimEvent.Kind.UNLINKED, by)


def lock_pair(claim: Claim, other: Claim) -> tuple[Claim, Claim]:
    """Both claims as stored, locked in id order, so that two links made at once
    between the same claims, either way round, cannot deadlock."""
    first, second = sorted([claim, other], key=lambda each: each.pk)
    locked = {first.pk: lock_claim(first, version=None)}
    locked[second.pk] = lock_claim(second, version=None)
    return locked[claim.pk], locked[other.pk]


def links_between(claim_id: int, other_id: int):  # noqa: ANN201 (a QuerySet of ClaimLink)
    return ClaimLink.objects.filter(
        from_claim_id__in=[claim_id, other_id], to_claim_id__in=[claim_id, other_id]
    )


def record_on_both(link: ClaimLink, source: Claim, target: Claim, kind: str, by: User) -> None:
    Claim.objects.filter(pk__in=[source.pk, target.pk]).update(updated_at=timezone.now())
    for current, other, outgoing in ((source, target, True), (target, source, False)):
        details = {"link": link.kind, "other_claim_id": other.pk, "outgoing": outgoing}
        record(current, kind=kind, by=by, details=details)
