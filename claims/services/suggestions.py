"""Suggested claims: the extractor's candidates stored per article, then decided.

Accepting goes through ``services.claim_capture`` like any capture, so the
claim and its attribution land on the timeline; rejecting is remembered, so a
re-run does not bring the suggestion back.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from claims import services
from claims.extraction import Candidate, extract
from claims.extraction.lexicon import PRONOUNS
from claims.models import Article, Claim, Source, Suggestion
from claims.services.sources import first_known, sources_known_as
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
        source_name=candidate.source_name[:500],
        source_kind=candidate.source_kind or "",
        descriptor=candidate.descriptor[:300],
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
    return services.AttributionInput(
        source_name=suggestion.attributed_to,
        source_kind=suggestion.filed_kind,
        sourcing=suggestion.sourcing,
        mention=span_or_none(suggestion.source_start, suggestion.source_end, suggestion.source),
        cue=span_or_none(suggestion.cue_start, suggestion.cue_end, suggestion.cue),
        descriptor=suggestion.role,
        source_also_known_as=also_known_as(suggestion),
    )


def also_known_as(suggestion: Suggestion) -> tuple[str, ...]:
    """How the article writes the source, titles included ("Governor Halvard Ness"):
    a source stored under that name before names lost their titles is found."""
    name = suggestion.attributed_to
    if not name:
        return ()  # unclear who: nothing to look for
    written = "" if suggestion.source.lower() in PRONOUNS else suggestion.source
    person = suggestion.source_kind == Source.Kind.PERSON
    titled = f"{suggestion.descriptor} {name}" if person and suggestion.descriptor else ""
    return tuple(dict.fromkeys(other for other in (written, titled) if other and other != name))


def suggestion_decide(*, suggestion: Suggestion, by: User, claim: Claim | None = None) -> None:
    """Mark accepted (with the claim it became) or rejected, once."""
    state = Suggestion.State.ACCEPTED if claim else Suggestion.State.REJECTED
    updated = Suggestion.objects.filter(pk=suggestion.pk, state=Suggestion.State.OPEN).update(
        state=state, claim=claim, decided_by=by, decided_at=timezone.now()
    )
    if not updated:
        raise services.ClaimDeskError("Someone has already decided on this suggestion.")


def suggestion_reject(*, suggestion: Suggestion, by: User) -> None:
    _require_deciding(by)
    suggestion_decide(suggestion=suggestion, by=by)


def suggestions_reject_all(*, article: Article, by: User) -> int:
    _require_deciding(by)
    return article.suggestions.open().update(
        state=Suggestion.State.REJECTED, decided_by=by, decided_at=timezone.now()
    )


# Below this score a suggestion is not ticked for "Accept all named": the
# weakest attribution pattern ("content-cue", 0.75) sits under it.
CONFIDENT_SCORE = 0.8


@dataclass(frozen=True)
class AcceptRow:
    """One line of the "Accept all named" preview: what accepting would make."""

    suggestion: Suggestion
    source: Source | None  # the existing source it would be attributed to; None: a new one
    doubt: str  # why it is left unticked; "" when it is ticked

    @property
    def ticked(self) -> bool:
        return not self.doubt


def suggestions_accept_preview(*, article: Article, by: User) -> list[AcceptRow]:
    """What "Accept all named" would create, before anything is written; four queries.

    Every open suggestion with a named source whose span is not captured yet,
    the existing source each would go to (by name, titled name or alias), and
    why an uncertain one is left unticked.
    """
    _require_deciding(by)
    suggestions = _open_named(article)
    known = sources_known_as(
        name for s in suggestions for name in (s.attributed_to, *also_known_as(s))
    )
    rows = []
    for suggestion in suggestions:
        names = [suggestion.attributed_to, *also_known_as(suggestion)]
        source = first_known(known, names) if suggestion.attributed_to else None
        rows.append(AcceptRow(suggestion, source, doubt(suggestion, source)))
    return rows


def _open_named(article: Article) -> list[Suggestion]:
    """The open named suggestions, less those whose span was captured by hand."""
    captured = set(article.claims.values_list("start", "end"))
    named = article.suggestions.open().filter(sourcing="named")
    return [s for s in named if (s.start, s.end) not in captured]


def doubt(suggestion: Suggestion, source: Source | None) -> str:
    """Why the preview leaves the suggestion unticked, or "" for none.

    Uncertain: who is meant is unclear (a pronoun with no one before it, "the
    minister" with no minister named); the extractor's weakest patterns; and,
    unless a source already goes by the name, a lone surname or a
    description rather than a name ("the poll"), which would file unrelated
    sources together; and a kind that was never suggested (older rows).
    """
    if suggestion.unclear:
        return "unclear who"
    if suggestion.score < CONFIDENT_SCORE:
        return "weak pattern"
    if not suggestion.source_kind:
        return "kind not suggested"
    if source is not None:
        return ""
    name = suggestion.attributed_to
    if suggestion.source_kind == Source.Kind.PERSON and len(name.split()) == 1:
        return "surname only"
    if not any(word[:1].isupper() for word in name.split()):
        return "a description, not a name"
    return ""


def suggestions_accept_selected(
    *, article: Article, by: User, suggestion_ids: Collection[int]
) -> tuple[int, list[str]]:
    """Accept the ticked named suggestions, each as its own claim with its source.

    Returns how many were accepted and, for each one that was not, why: a
    span captured by hand meanwhile is left alone; a suggestion someone else
    decided on meanwhile keeps their decision (``suggestion_decide`` only
    takes open ones, and the claim made for it is rolled back).
    """
    _require_deciding(by)
    captured = set(article.claims.values_list("start", "end"))
    chosen = list(article.suggestions.filter(pk__in=suggestion_ids, sourcing="named"))
    accepted, refused = 0, []
    unknown = len(set(suggestion_ids) - {s.pk for s in chosen})
    if unknown:
        # Another article's, not a named one, or gone: nothing is done with them.
        refused.append(f"{unknown} of the ticked suggestions are not open named ones here.")
    for suggestion in chosen:
        reason = _not_acceptable(suggestion, captured)
        if reason is None:
            reason = _accept_as_suggested(suggestion, by)
        if reason is None:
            accepted += 1
        else:
            refused.append(f"“{suggestion.quote[:60]}”: {reason}")
    return accepted, refused


def _not_acceptable(suggestion: Suggestion, captured: set[tuple[int, int]]) -> str | None:
    """Why not to try: decided already, or the span captured by hand meanwhile."""
    if suggestion.state != Suggestion.State.OPEN:
        return "someone has already decided on this suggestion."
    if (suggestion.start, suggestion.end) in captured:
        return "this span has been captured by hand already."
    return None


def _accept_as_suggested(suggestion: Suggestion, by: User) -> str | None:
    """Accept with the suggested source; None when done, else why not."""
    try:
        suggestion_accept(
            suggestion=suggestion,
            by=by,
            span=services.Span(suggestion.start, suggestion.end, suggestion.quote),
            attribution=suggestion_attribution(suggestion),
        )
    except services.ClaimDeskError as error:
        return str(error)
    return None


def _require_deciding(by: User) -> None:
    if not by.has_perm("claims.add_claim"):
        raise PermissionDenied("You do not have permission to decide on suggestions.")


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
