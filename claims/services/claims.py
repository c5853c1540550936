"""Claims: made from a span of an article, edited, assigned, captured."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from claims.errors import ClaimDeskError
from claims.models import QUOTE_MAX, STATEMENT_MAX, Article, Claim, ClaimEvent
from claims.search import claim_vector_changes
from claims.services import tallies
from claims.services.articles import locked_text_and_outlet
from claims.services.attributions import AttributionInput, attribution_set
from claims.services.sources import source_find_or_create
from claims.services.text import checked_length
from claims.services.timeline import (
    hand_back,
    lock_claim,
    record,
    refuse_if_frozen,
    require,
    save_claim,
)
from claims.spans import Span, check_span

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def claim_create(
    *,
    article: Article,
    start: int,
    end: int,
    quote: str,
    by: User,
    statement: str = "",
    kind: str = Claim.Kind.FACTUAL,
    capture_key: uuid.UUID | None = None,
) -> Claim:
    """Make a claim from a span of ``article``'s body; ``quote`` must be that span."""
    require(by, "claims.add_claim", "create claims")
    quote = checked_length(unicodedata.normalize("NFC", quote), QUOTE_MAX, "The quote")
    body, outlet_id = locked_text_and_outlet(article)
    check_span(body, start, end, quote, "quote")
    if kind not in Claim.Kind.values:
        raise ClaimDeskError(f"“{kind}” is not a kind of claim.")
    statement = checked_length(statement.strip(), STATEMENT_MAX, "The statement") or quote
    claim = Claim.objects.create(
        article=article,
        outlet_id=outlet_id,
        start=start,
        end=end,
        quote=quote,
        statement=statement,
        kind=kind,
        created_by=by,
        capture_key=capture_key,
        # In the INSERT itself: the attribute holds the expression, not the vector.
        **claim_vector_changes(Claim.objects.db, statement=statement, quote=quote),
    )
    record(
        claim,
        kind=ClaimEvent.Kind.CREATED,
        by=by,
        from_status="",
        details={"statement": claim.statement, "kind": claim.kind},
    )
    tallies.claim_added(article)
    return claim


EDITABLE_FIELDS = ("statement", "kind", "revisit_on")
# What a published claim keeps as its reviewers approved it.
FROZEN_FIELDS = ("statement", "kind")


@transaction.atomic
def claim_update(*, claim: Claim, by: User, version: int, **changes: Any) -> Claim:
    """Edit the statement, kind or revisit date; the timeline keeps old and new."""
    require(by, "claims.change_claim", "edit claims")
    current = lock_claim(claim, version=version)
    diff = _edits(current, changes)
    if not diff:
        return hand_back(claim, current)
    if set(diff) & set(FROZEN_FIELDS):
        refuse_if_frozen(current, "statement and kind")
    save_claim(current, **{name: changes[name] for name in diff})
    record(current, kind=ClaimEvent.Kind.EDITED, by=by, details={"changed": diff})
    return hand_back(claim, current)


def _edits(current: Claim, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """The checked changes, as {field: [old, new]} for the timeline."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ClaimDeskError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    if "statement" in changes:
        changes["statement"] = checked_length(
            changes["statement"].strip(), STATEMENT_MAX, "The statement"
        )
        if not changes["statement"]:
            raise ClaimDeskError("The statement cannot be empty.")
    if "kind" in changes and changes["kind"] not in Claim.Kind.values:
        raise ClaimDeskError(f"“{changes['kind']}” is not a kind of claim.")
    return {
        name: [_plain(getattr(current, name)), _plain(value)]
        for name, value in changes.items()
        if getattr(current, name) != value
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def claim_assign(*, claim: Claim, assignee: User | None, by: User, version: int) -> Claim:
    require(by, "claims.change_claim", "assign claims")
    if assignee is not None and not assignee.is_active:
        raise ClaimDeskError(f"{assignee} is not an active user.")
    current = lock_claim(claim, version=version)
    if current.assignee_id == (assignee.pk if assignee else None):
        return hand_back(claim, current)
    previous = str(current.assignee) if current.assignee_id else None
    save_claim(current, assignee=assignee)
    record(
        current,
        kind=ClaimEvent.Kind.ASSIGNED,
        by=by,
        details={"from": previous, "to": str(assignee) if assignee else None},
    )
    return hand_back(claim, current)


@transaction.atomic
def claim_edit(
    *,
    claim: Claim,
    by: User,
    version: int,
    statement: str,
    kind: str,
    revisit_on: date | None,
    assignee: User | None,
) -> Claim:
    """The claim page's (and the admin's) edit form: its fields and assignee, all or nothing."""
    claim_update(
        claim=claim, by=by, version=version, statement=statement, kind=kind, revisit_on=revisit_on
    )
    return claim_assign(claim=claim, assignee=assignee, by=by, version=claim.version)


@transaction.atomic
def claim_capture(
    *,
    article: Article,
    span: Span,
    by: User,
    statement: str = "",
    kind: str = Claim.Kind.FACTUAL,
    attribution: AttributionInput | None = None,
    capture_key: uuid.UUID | None = None,
) -> Claim:
    """The capture panel's save: a claim from a span, with its attribution, together.

    ``capture_key`` is the form's one-time key. The race: a double click, or
    a retry after a lost response, sends the same form twice, at once or one
    after the other; the unique key lets one of them make the claim and hands
    the other that claim.
    """
    if capture_key is not None:
        earlier = _captured_with(capture_key, article, span, by)
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            return _capture(article, span, by, statement, kind, attribution, capture_key)
    except IntegrityError:
        earlier = _captured_with(capture_key, article, span, by) if capture_key else None
        if earlier is None:
            raise
        return earlier


def _capture(
    article: Article,
    span: Span,
    by: User,
    statement: str,
    kind: str,
    attribution: AttributionInput | None,
    capture_key: uuid.UUID | None,
) -> Claim:
    claim = claim_create(
        article=article,
        start=span.start,
        end=span.end,
        quote=span.text,
        by=by,
        statement=statement,
        kind=kind,
        capture_key=capture_key,
    )
    if attribution is not None:
        source = source_find_or_create(
            name=attribution.source_name,
            kind=attribution.source_kind,
            by=by,
            also_known_as=attribution.source_also_known_as,
        )
        attribution_set(
            claim=claim,
            source=source,
            sourcing=attribution.sourcing,
            by=by,
            version=claim.version,
            mention=attribution.mention,
            cue=attribution.cue,
            descriptor=attribution.descriptor,
            count=attribution.count,
        )
    return claim


def _captured_with(key: uuid.UUID, article: Article, span: Span, by: User) -> Claim | None:
    earlier = Claim.objects.filter(capture_key=key).first()
    if earlier is None:
        return None
    same = (earlier.article_id, earlier.start, earlier.end, earlier.created_by_id) == (
        article.pk,
        span.start,
        span.end,
        by.pk,
    )
    if not same:
        raise ClaimDeskError(
            f"This capture form was already used for claim #{earlier.pk}. "
            "Reload the page to capture another claim."
        )
    return earlier
