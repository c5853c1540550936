"""Attributions: who a claim comes from, and how well that is sourced."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction

from claims.errors import ClaimDeskError
from claims.models import (
    ATTRIBUTION_DETAILS,
    SOURCING_STRENGTH,
    Article,
    ArticleRevision,
    Attribution,
    Claim,
    ClaimEvent,
    Source,
    Sourcing,
)
from claims.services import tallies
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


@dataclass(frozen=True)
class AttributionInput:
    """An attribution as a form gives it: the source by name, made if new."""

    source_name: str
    source_kind: str
    sourcing: str
    mention: Span | None = None
    cue: Span | None = None
    descriptor: str = ""
    count: int | None = None
    # Other ways the article writes the source ("Governor Halvard Ness"):
    # an existing source under one of them is used before a new one is made.
    source_also_known_as: tuple[str, ...] = ()


@transaction.atomic
def attribution_set(
    *,
    claim: Claim,
    source: Source,
    sourcing: str,
    by: User,
    version: int,
    mention: Span | None = None,
    cue: Span | None = None,
    descriptor: str = "",
    count: int | None = None,
) -> Attribution:
    """Attribute ``claim`` to ``source``, or change how that attribution is sourced.

    One attribution per claim and source: setting it again updates it, and a
    change of sourcing (anonymous → confirmed, say) is an event on the
    timeline. Refused on a published claim: its sources are what was reviewed.
    """
    require(by, "claims.change_claim", "attribute claims")
    _check_details(sourcing, count)
    current = lock_claim(claim, version=version)
    spans_text = stored_spans_text(current) if mention or cue else ""
    for span, what in ((mention, "mention"), (cue, "cue")):
        if span is not None:
            text = unicodedata.normalize("NFC", span.text)
            check_span(spans_text, span.start, span.end, text, what)
    existing = current.attributions.filter(source=source).first()
    attribution = existing or Attribution(claim=current, source=source)
    before = _values(attribution)
    attribution.sourcing = sourcing
    _apply_span(attribution, "mention", mention)
    _apply_span(attribution, "cue", cue)
    attribution.descriptor = descriptor.strip()
    attribution.count = count
    if existing and _values(attribution) == before:
        hand_back(claim, current)
        return attribution
    refuse_if_frozen(current, "sources")
    if not existing:
        _lock_source_still_there(source)
    save_claim(current)
    attribution.save()
    previous = before[0] if existing else None
    _after_change(current, by=by, source=source, old=previous, new=sourcing)
    tallies.attribution_changed(current, source.pk, old=previous, new=sourcing)
    hand_back(claim, current)
    return attribution


def stored_spans_text(claim: Claim) -> str:
    """The text the locked claim's mentions and cues point into (``Claim.spans_text``),
    read after its lock: the article's copy that ``lock_claim`` joined may be the
    text before a revision the lock waited for (PostgreSQL keeps the joined row of
    the statement's snapshot), and a gone claim's spans are in an earlier revision."""
    if claim.span_revision_id is not None:
        revisions = ArticleRevision.objects.filter(pk=claim.span_revision_id)
        return revisions.values_list("body", flat=True).get()
    return Article.objects.filter(pk=claim.article_id).values_list("body", flat=True).get()


def _lock_source_still_there(source: Source) -> None:
    """Key-share lock ``source``'s row, refusing if it is gone.

    The race: a merge deletes the source between the form finding it and
    this insert. The lock waits for the merge (which holds the row FOR
    UPDATE) and then finds no row: a refusal with a sentence rather than the
    foreign key's IntegrityError (a 500). Held, it keeps the row until the
    attribution is stored. After the claim's lock, as everywhere.
    """
    sql = "SELECT id FROM claims_source WHERE id = %s"
    if connection.features.has_select_for_update:
        sql += " FOR KEY SHARE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [source.pk])
        if cursor.fetchone() is None:
            raise ClaimDeskError(
                f"The source “{source.name}” no longer exists: it was merged or removed."
            )


def _check_details(sourcing: str, count: int | None) -> None:
    if sourcing not in SOURCING_STRENGTH or sourcing == Sourcing.UNATTRIBUTED:
        raise ClaimDeskError(f"“{sourcing}” is not a sourcing level (confirmed, named, anonymous).")
    if count is not None and count < 1:
        raise ClaimDeskError("The number of anonymous sources must be at least 1.")


def _values(attribution: Attribution) -> tuple:
    return tuple(getattr(attribution, name) for name in ATTRIBUTION_DETAILS)


def _apply_span(attribution: Attribution, name: str, span: Span | None) -> None:
    setattr(attribution, name, span.text if span else "")
    setattr(attribution, f"{name}_start", span.start if span else None)
    setattr(attribution, f"{name}_end", span.end if span else None)


@transaction.atomic
def attribution_remove(*, attribution: Attribution, by: User, version: int) -> None:
    require(by, "claims.change_claim", "change attributions")
    current = lock_claim(attribution.claim, version=version)
    refuse_if_frozen(current, "sources")
    stored = current.attributions.select_related("source").filter(pk=attribution.pk).first()
    if stored is None:
        raise ClaimDeskError("That attribution was already removed.")
    save_claim(current)
    stored.delete()
    _after_change(current, by=by, source=stored.source, old=stored.sourcing, new=None)
    tallies.attribution_changed(current, stored.source_id, old=stored.sourcing, new=None)
    hand_back(attribution.claim, current)


def _after_change(
    current: Claim, *, by: User, source: Source, old: str | None, new: str | None
) -> None:
    """Refresh the claim's strongest sourcing and record what changed."""
    levels = current.attributions.values_list("sourcing", flat=True)
    strongest = max(levels, key=SOURCING_STRENGTH.__getitem__, default=Sourcing.UNATTRIBUTED)
    Claim.objects.filter(pk=current.pk).update(sourcing=strongest)
    current.sourcing = strongest
    record(
        current,
        kind=ClaimEvent.Kind.SOURCING_CHANGED,
        by=by,
        details={"source": source.name, "source_id": source.pk, "from": old, "to": new},
    )
