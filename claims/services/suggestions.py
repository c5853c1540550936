"""Suggested claims: the extractor's candidates stored per article, then decided.

Accepting goes through ``services.claim_capture`` like any capture, so the
claim and its attribution land on the timeline; rejecting is remembered, so a
re-run does not bring the suggestion back.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from claims import services
from claims.extraction import Candidate, extract
from claims.models import Article, Claim, Source, Suggestion
from claims.spans import span_or_none

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def suggestions_refresh(*, article: Article) -> int:
    """Store the extractor's candidates; spans already known keep their decision."""
    known = set(article.suggestions.values_list("start", "end"))
    new = [
        _suggestion(article, candidate)
        for candidate in extract(article.body)
        if candidate.content not in known
    ]
    # A concurrent run may have stored some of them first: the unique span
    # constraint keeps its rows, and with them any decision already taken.
    Suggestion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _suggestion(article: Article, candidate: Candidate) -> Suggestion:
    body = article.body

    def words(span: tuple[int, int] | None) -> str:
        return body[span[0] : span[1]] if span else ""

    return Suggestion(
        article=article,
        start=candidate.content[0],
        end=candidate.content[1],
        quote=words(candidate.content),
        source=words(candidate.source),
        source_start=candidate.source[0] if candidate.source else None,
        source_end=candidate.source[1] if candidate.source else None,
        source_name=words(candidate.refers_to) if candidate.refers_to else "",
        cue=words(candidate.cue),
        cue_start=candidate.cue[0] if candidate.cue else None,
        cue_end=candidate.cue[1] if candidate.cue else None,
        sourcing=candidate.sourcing or "",
        score=candidate.score,
    )


def suggestion_attribution(suggestion: Suggestion) -> services.AttributionInput | None:
    """What accepting the suggestion as it stands would attribute the claim to."""
    if not suggestion.sourcing:
        return None
    kind = Source.Kind.ANONYMOUS_GROUP if suggestion.anonymous else Source.Kind.PERSON
    return services.AttributionInput(
        source_name=suggestion.attributed_to,
        source_kind=kind,
        sourcing=suggestion.sourcing,
        mention=span_or_none(suggestion.source_start, suggestion.source_end, suggestion.source),
        cue=span_or_none(suggestion.cue_start, suggestion.cue_end, suggestion.cue),
        descriptor=suggestion.source.lower() if suggestion.anonymous else "",
    )


def suggestion_decide(*, suggestion: Suggestion, by: User, claim: Claim | None = None) -> None:
    """Mark accepted (with the claim it became) or rejected, once."""
    state = Suggestion.State.ACCEPTED if claim else Suggestion.State.REJECTED
    updated = Suggestion.objects.filter(pk=suggestion.pk, state=Suggestion.State.OPEN).update(
        state=state, claim=claim, decided_by=by, decided_at=timezone.now()
    )
    if not updated:
        raise services.ClaimDeskError("Someone has already decided on this suggestion.")


def suggestion_reject(*, suggestion: Suggestion, by: User) -> None:
    if not by.has_perm("claims.add_claim"):
        raise PermissionDenied("You do not have permission to decide on suggestions.")
    suggestion_decide(suggestion=suggestion, by=by)


def suggestions_reject_all(*, article: Article, by: User) -> int:
    if not by.has_perm("claims.add_claim"):
        raise PermissionDenied("You do not have permission to decide on suggestions.")
    return article.suggestions.open().update(
        state=Suggestion.State.REJECTED, decided_by=by, decided_at=timezone.now()
    )


def suggestions_accept_named(*, article: Article, by: User) -> tuple[int, list[str]]:
    """Accept every open suggestion with a named source, each as its own claim.

    Returns how many were accepted and, for each one that was not, why (a
    span already captured by hand is left alone; a suggestion someone else
    decided on meanwhile is skipped).
    """
    captured = set(article.claims.values_list("start", "end"))
    accepted, refused = 0, []
    for suggestion in article.suggestions.open().filter(sourcing="named"):
        if (suggestion.start, suggestion.end) in captured:
            continue
        try:
            suggestion_accept(
                suggestion=suggestion,
                by=by,
                span=services.Span(suggestion.start, suggestion.end, suggestion.quote),
                attribution=suggestion_attribution(suggestion),
            )
            accepted += 1
        except services.ClaimDeskError as error:
            refused.append(f"“{suggestion.quote[:60]}”: {error}")
    return accepted, refused


def suggestion_accept(
    *,
    suggestion: Suggestion,
    by: User,
    span: services.Span,
    statement: str = "",
    kind: str = Claim.Kind.FACTUAL,
    attribution: services.AttributionInput | None = None,
    capture_key: uuid.UUID | None = None,
) -> Claim:
    """Save the capture panel opened from a suggestion: the claim, and the decision."""
    with transaction.atomic():
        claim = services.claim_capture(
            article=suggestion.article,
            span=span,
            by=by,
            statement=statement,
            kind=kind,
            attribution=attribution,
            capture_key=capture_key,
        )
        if not already_accepted_as(suggestion, claim):
            suggestion_decide(suggestion=suggestion, by=by, claim=claim)
    return claim


def already_accepted_as(suggestion: Suggestion, claim: Claim) -> bool:
    """Whether the suggestion was already accepted as this claim (a form sent twice)."""
    return Suggestion.objects.filter(
        pk=suggestion.pk, state=Suggestion.State.ACCEPTED, claim=claim
    ).exists()
