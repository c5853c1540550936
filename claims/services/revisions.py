"""Revising an article: a new version of its text, and every claim found again on it.

The article's ``body`` becomes the new text (every page and export reads it)
and the revision is kept beside the earlier ones. Each claim's span, and its
attributions' mention and cue, is re-anchored (``claims.anchoring``); each
claim whose span moved, changed or went gets an event on its timeline, in the
same transaction:

- moved: new offsets, same words;
- changed: new offsets and quote; the claim is flagged for the desk
  (``Claim.anchor``). A published claim keeps its verdict, and shows that the
  article changed since (``Claim.article_changed_since_verdict``);
- gone: the claim is flagged and kept as it was, its spans pointing into the
  revision they came from (``Claim.span_revision``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from claims.anchoring import Anchor, Outcome, Reanchorer
from claims.errors import ClaimDeskError
from claims.models import (
    BODY_MAX,
    Anchoring,
    Article,
    ArticleRevision,
    Attribution,
    Claim,
    ClaimEvent,
    body_hash,
    normalize_body,
)
from claims.search import article_vector_changes
from claims.services.text import checked_length
from claims.services.timeline import (
    checked_note,
    hand_back,
    lock_claim,
    record,
    require,
    save_claim,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EVENT_KINDS = {
    Outcome.MOVED: ClaimEvent.Kind.ANCHOR_MOVED,
    Outcome.CHANGED: ClaimEvent.Kind.ANCHOR_CHANGED,
    Outcome.GONE: ClaimEvent.Kind.ANCHOR_GONE,
}
SPAN_PARTS = ("mention", "cue")


@dataclass
class Revised:
    """What a revision did: the revision (None when the text was the same) and
    the ids of the claims whose span moved, changed or went."""

    revision: ArticleRevision | None
    claims: dict[Outcome, list[int]] = field(default_factory=lambda: {o: [] for o in Outcome})

    @property
    def summary(self) -> str:
        """ "8 moved, 1 changed, 0 gone": the claims whose span a revision touched."""
        return ", ".join(f"{len(self.claims[outcome])} {outcome}" for outcome in Outcome)


@transaction.atomic
def article_revise(*, article: Article, body: str, by: User | None, source: str) -> Revised:
    """Store ``body`` as the article's newest revision and re-anchor its claims.

    ``by`` is None for the system (a periodic re-fetch). The same text as the
    current one stores nothing.
    """
    if by is not None:
        require(by, "claims.change_article", "revise articles")
    if source not in ArticleRevision.Source.values:
        raise ClaimDeskError(f"“{source}” is not a source of an article's revision.")
    body = checked_length(normalize_body(body), BODY_MAX, "The article")
    if not body:
        raise ClaimDeskError("The article has no text.")
    # Claims first, in id order, then the article: the order article_update
    # and a publish take their locks in, so that none of them can deadlock.
    claims = locked_claims(article)
    stored = Article.objects.select_for_update().get(pk=article.pk)
    # A claim made while this waited for the article's row (claim_create holds
    # it share-locked until it commits) was not in the list: locked now, it is
    # re-anchored with the others instead of left pointing into the old text.
    claims += locked_claims(article, besides=claims)
    if body == stored.body:
        return Revised(revision=None)
    previous = stored.body
    revision = store_revision(stored, body, by, source)
    revised = Revised(revision=revision)
    texts = TextsOf(stored, previous, body)
    for claim in claims:
        outcome = reanchor_claim(claim, texts, revision, by)
        if outcome is not None:
            revised.claims[outcome].append(claim.pk)
    article.body, article.body_hash = stored.body, stored.body_hash
    return revised


def locked_claims(article: Article, *, besides: Sequence[Claim] = ()) -> list[Claim]:
    """The article's claims (but ``besides``) with their attributions, every row
    locked, in id order."""
    attributions = Attribution.objects.select_for_update().order_by("pk")
    return list(
        Claim.objects.filter(article=article)
        .exclude(pk__in=[claim.pk for claim in besides])
        .select_for_update(of=("self",))
        .order_by("pk")
        .prefetch_related(Prefetch("attributions", attributions, to_attr="locked_attributions"))
    )


def store_revision(article: Article, body: str, by: User | None, source: str) -> ArticleRevision:
    """The new revision, and the article's body (with its hash and search vector) set to it."""
    digest = body_hash(body)
    if Article.objects.filter(body_hash=digest).exclude(pk=article.pk).exists():
        raise ClaimDeskError("Another article already has exactly this text.")
    last = article.revisions.aggregate(last=Max("number"))["last"] or 0
    revision = ArticleRevision.objects.create(
        article=article, number=last + 1, body=body, body_hash=digest, source=source, created_by=by
    )
    vector = article_vector_changes(Article.objects.db, body=body)
    Article.objects.filter(pk=article.pk).update(
        body=body, body_hash=digest, updated_at=timezone.now(), **vector
    )
    article.body, article.body_hash = body, digest
    return revision


class TextsOf:
    """The texts a revision re-anchors from (the previous body, and the older
    revisions gone claims still point into), each diffed once against the new one."""

    def __init__(self, article: Article, previous: str, new: str) -> None:
        self.article, self.new = article, new
        self.previous_revision = article.revisions.order_by("-number")[1]
        self.by_revision: dict[int | None, Reanchorer] = {None: Reanchorer(previous, new)}

    def reanchorer(self, revision_id: int | None) -> Reanchorer:
        if revision_id not in self.by_revision:
            old = ArticleRevision.objects.get(pk=revision_id).body
            self.by_revision[revision_id] = Reanchorer(old, self.new)
        return self.by_revision[revision_id]


def reanchor_claim(
    claim: Claim, texts: TextsOf, revision: ArticleRevision, by: User | None
) -> Outcome | None:
    """Find the claim's spans on the new text; write and record what changed (None: nothing)."""
    reanchorer = texts.reanchorer(claim.span_revision_id)
    anchor = reanchorer.reanchor(claim.start, claim.end)
    if anchor.outcome == Outcome.GONE:
        return None if claim.span_revision_id else claim_gone(claim, texts, revision, by)
    spans = reanchor_attributions(claim, reanchorer)
    changes = claim_changes(claim, anchor)
    if not changes and not spans:
        return None
    details = {"revision": revision.number, "from": [claim.start, claim.end]}
    details |= {"to": [anchor.start, anchor.end], "attributions": spans}
    if anchor.outcome == Outcome.CHANGED:
        details["quote"] = [claim.quote, anchor.text]
    save_claim(claim, **changes)
    record(claim, kind=EVENT_KINDS[anchor.outcome], by=by, details=details)
    return anchor.outcome


def claim_changes(claim: Claim, anchor: Anchor) -> dict[str, Any]:
    """The claim's columns as the anchor leaves them (only those that differ)."""
    flag = claim.anchor
    if anchor.outcome == Outcome.CHANGED or claim.span_revision_id is not None:
        # Changed words, or a gone claim's words found again: a person should look.
        flag = Anchoring.CHANGED
    wanted = {
        "start": anchor.start,
        "end": anchor.end,
        "quote": anchor.text,
        "anchor": flag,
        "span_revision_id": None,
    }
    return {name: value for name, value in wanted.items() if getattr(claim, name) != value}


def claim_gone(claim: Claim, texts: TextsOf, revision: ArticleRevision, by: User | None) -> Outcome:
    """Flag the claim; its spans stay as they were, in the revision before this one."""
    came_from = texts.previous_revision
    save_claim(claim, anchor=Anchoring.GONE, span_revision=came_from)
    details = {
        "revision": revision.number,
        "from": [claim.start, claim.end],
        "span_revision": came_from.number,
    }
    record(claim, kind=ClaimEvent.Kind.ANCHOR_GONE, by=by, details=details)
    return Outcome.GONE


def reanchor_attributions(claim: Claim, reanchorer: Reanchorer) -> list[dict[str, Any]]:
    """Each attribution's mention and cue found again and written; what changed, for the event.

    A mention or cue that is gone keeps its words but loses its offsets (it
    no longer points anywhere in the text).
    """
    found = []
    for attribution in claim.locked_attributions:
        changes = {}
        for part in SPAN_PARTS:
            changes |= span_changes(attribution, part, reanchorer)
        if changes:
            Attribution.objects.filter(pk=attribution.pk).update(**changes)
            found.append({"source_id": attribution.source_id, **changes})
    return found


def span_changes(attribution: Attribution, part: str, reanchorer: Reanchorer) -> dict[str, Any]:
    start, end = getattr(attribution, f"{part}_start"), getattr(attribution, f"{part}_end")
    if start is None or end is None:
        return {}
    anchor = reanchorer.reanchor(start, end)
    wanted = {f"{part}_start": anchor.start, f"{part}_end": anchor.end}
    if anchor.outcome == Outcome.CHANGED:
        wanted[part] = anchor.text
    return {name: value for name, value in wanted.items() if getattr(attribution, name) != value}


@transaction.atomic
def claim_anchor_check(*, claim: Claim, by: User, version: int, note: str = "") -> Claim:
    """Clear the flag of a claim whose words changed or went: the desk has read
    it against the article's current text. A timeline event says who, and when.

    A published claim's flag says that its verdict was given on words the
    article no longer has as they were: only a reviewer clears it.
    """
    require(by, "claims.change_claim", "check claims against a revised article")
    current = lock_claim(claim, version=version)
    if current.is_frozen:
        require(by, "claims.review_claim", "clear the flag on a published verdict")
    if not current.needs_anchor_check:
        raise ClaimDeskError(
            "This claim is not flagged: nothing changed under it since it was last checked."
        )
    was = current.anchor
    save_claim(current, anchor=Anchoring.ANCHORED)
    latest = current.article.revisions.aggregate(last=Max("number"))["last"]
    details = {"was": was, "revision": latest}
    record(
        current,
        kind=ClaimEvent.Kind.ANCHOR_CHECKED,
        by=by,
        note=checked_note(note),
        details=details,
    )
    claim.anchor = current.anchor
    return hand_back(claim, current)
