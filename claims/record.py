"""The record's invariants, written once: the tests, the fuzzers and
``manage.py check_record`` all ask ``check_record``.

Each claim is read with its events and attributions and checked against
what its timeline says; a broken rule is reported with the claim's number,
so a person can look. The tallies beside sources and articles are then
compared with a fresh count of the rows (``claims.tallies``). Nothing here
writes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connections
from django.db.models import Prefetch, QuerySet

from claims.models import (
    ANCHOR_KINDS,
    SOURCING_STRENGTH,
    Anchoring,
    Article,
    Attribution,
    Claim,
    ClaimEvent,
    Sourcing,
    Status,
)
from claims.search import ARTICLE_SEARCH_FIELDS, CLAIM_SEARCH_FIELDS, vector_is_current
from claims.services.publications import expected_publications
from claims.tallies import tally_breaks

CHUNK = 500
# What may happen to a published claim without a reviewer reopening it. A
# source merge corrects who a source is, not how well the claim is sourced
# (its strongest sourcing is kept): see claims.services.sources.source_merge.
AFTER_PUBLISHING = {
    ClaimEvent.Kind.EVIDENCE_ADDED,
    ClaimEvent.Kind.ASSIGNED,
    ClaimEvent.Kind.SOURCE_MERGED,
    ClaimEvent.Kind.LINKED,
    ClaimEvent.Kind.UNLINKED,
    # The article revised under the claim: its span follows the text, its
    # verdict stands (flagged as given on the article as it was).
    *ANCHOR_KINDS,
}
# Events that leave the claim's version as it was: additions beside the claim
# (evidence, links to other claims) are never a lost update.
KEEP_VERSION = {
    ClaimEvent.Kind.EVIDENCE_ADDED,
    ClaimEvent.Kind.LINKED,
    ClaimEvent.Kind.UNLINKED,
}
# Edits allowed on a published claim: the desk's own planning, not the verdict.
UNFROZEN_EDITS = {"revisit_on"}


@dataclass(frozen=True)
class Violation:
    claim_id: int | None  # None for a tally, which belongs to a source or an article
    rule: str
    detail: str

    def __str__(self) -> str:
        if self.claim_id is None:
            return f"{self.rule}: {self.detail}"
        return f"claim #{self.claim_id}: {self.rule}: {self.detail}"


def check_record(claims: QuerySet[Claim] | None = None) -> list[Violation]:
    """Every broken invariant among ``claims`` (all claims by default).

    Then the tallies: of the checked claims' sources and articles, or (all
    claims) of every source and article, counted in grouped SQL.
    """
    found, sources, articles = [], set(), set()
    stale = _articles_with_stale_vectors(claims)
    for claim in _claims(claims):
        found += [*check_claim(claim), *_article_vector(claim, stale)]
        articles.add(claim.article_id)
        sources.update(attribution.source_id for attribution in claim.sources)
    scope = {} if claims is None else {"sources": sources, "articles": articles}
    return found + [Violation(None, "tally", str(tally)) for tally in tally_breaks(**scope)]


def _claims(claims: QuerySet[Claim] | None) -> Iterator[Claim]:
    queryset = (claims if claims is not None else Claim.objects.all()).order_by("pk")
    queryset = queryset.select_related("article", "rating", "span_revision").prefetch_related(
        Prefetch("events", ClaimEvent.objects.order_by("at", "id"), to_attr="timeline"),
        Prefetch("attributions", Attribution.objects.order_by("pk"), to_attr="sources"),
        Prefetch("publications", to_attr="published_rows"),
    )
    if connections[queryset.db].vendor == "postgresql":
        current = vector_is_current(CLAIM_SEARCH_FIELDS)
        queryset = queryset.annotate(search_vector_is_current=current)
    return queryset.iterator(chunk_size=CHUNK)


def _articles_with_stale_vectors(claims: QuerySet[Claim] | None) -> set[int]:
    """The articles of ``claims`` whose stored search vector is not the one their title
    and body give (PostgreSQL only). Each article's text is read once, in SQL, however
    many of its claims are checked."""
    claims = claims if claims is not None else Claim.objects.all()
    if connections[claims.db].vendor != "postgresql":
        return set()
    articles = Article.objects.filter(pk__in=claims.order_by().values("article_id"))
    articles = articles.alias(current=vector_is_current(ARTICLE_SEARCH_FIELDS))
    return set(articles.filter(current=False).values_list("pk", flat=True))


def check_claim(claim: Claim) -> list[Violation]:
    events: list[ClaimEvent] = claim.timeline
    if not events or events[0].kind != ClaimEvent.Kind.CREATED:
        return [Violation(claim.pk, "created", "its timeline does not start with its creation")]
    found = [
        *_chain(claim, events),
        *_projection(claim, events),
        *_rating_value(claim),
        *_outlet(claim),
        *_spans(claim),
        *_anchor(claim, events),
        *_publications(claim, events),
        *_search_vector(claim),
    ]
    if claim.status == Status.PUBLISHED:
        found += _four_eyes(claim, events) + _frozen(claim, events)
    return found


def _chain(claim: Claim, events: list[ClaimEvent]) -> list[Violation]:
    """Each event starts where the one before ended, and bumps the version once."""
    found = []
    if sum(event.kind == ClaimEvent.Kind.CREATED for event in events) != 1:
        found.append(Violation(claim.pk, "created", "more than one creation event"))
    for before, event in itertools.pairwise(events):
        if (event.from_status, event.from_rating_id) != (before.to_status, before.to_rating_id):
            found.append(
                Violation(
                    claim.pk,
                    "chain",
                    f"event {event.pk} starts from {event.from_status}/{event.from_rating_id}, "
                    f"but the one before left {before.to_status}/{before.to_rating_id}",
                )
            )
        bump = 0 if event.kind in KEEP_VERSION else 1
        if event.claim_version != before.claim_version + bump:
            found.append(
                Violation(
                    claim.pk,
                    "version",
                    f"event {event.pk} ({event.kind}) is at version {event.claim_version} "
                    f"after {before.claim_version}",
                )
            )
    return found


def _projection(claim: Claim, events: list[ClaimEvent]) -> list[Violation]:
    """The claim's columns are what its events add up to."""
    last = events[-1]
    expected = {
        "status": last.to_status,
        "rating": last.to_rating_id,
        "version": last.claim_version,
        "verdict author": last.verdict_by_id,
        "sourcing": _strongest(claim.sources),
    }
    stored = {
        "status": claim.status,
        "rating": claim.rating_id,
        "version": claim.version,
        "verdict author": claim.verdict_by_id,
        "sourcing": claim.sourcing,
    }
    found = [
        Violation(claim.pk, "projection", f"{name} is {stored[name]!r}, its events say {value!r}")
        for name, value in expected.items()
        if stored[name] != value
    ]
    replayed = _replay(events)
    current = {
        "statement": claim.statement,
        "kind": claim.kind,
        "sources": {a.source_id: a.sourcing for a in claim.sources},
    }
    found += [
        Violation(claim.pk, "projection", f"{name} differs from what its events say")
        for name, value in replayed.items()
        if current[name] != value
    ]
    return found


def _publications(claim: Claim, events: list[ClaimEvent]) -> list[Violation]:
    """The desk report's rows are the claim's publications while it is published."""
    rows = claim.published_rows if hasattr(claim, "published_rows") else claim.publications.all()
    stored = [(row.at, row.previous_at, row.outlet_id, row.rating_id, row.sourcing) for row in rows]
    expected = expected_publications(claim, events, _strongest(claim.sources))
    if len(stored) == len(expected) and set(stored) == expected:
        return []
    return [
        Violation(
            claim.pk,
            "publications",
            f"{len(stored)} desk report rows, its events and columns say {len(expected)} "
            f"(differing: {sorted(set(stored) ^ expected, key=str)[:3]})",
        )
    ]


def _rating_value(claim: Claim) -> list[Violation]:
    """The copy of the rating's value that the claims list sorts on is the rating's own."""
    value = claim.rating.value if claim.rating_id else None
    if claim.rating_value == value:
        return []
    return [
        Violation(claim.pk, "rating value", f"is {claim.rating_value!r}, its rating's is {value!r}")
    ]


def _outlet(claim: Claim) -> list[Violation]:
    """The copy of the article's outlet that the claims list filters on is the article's."""
    if claim.outlet_id == claim.article.outlet_id:
        return []
    detail = f"is {claim.outlet_id!r}, its article's is {claim.article.outlet_id!r}"
    return [Violation(claim.pk, "outlet", detail)]


def _strongest(attributions: list[Attribution]) -> str:
    levels = [a.sourcing for a in attributions]
    # The plain value, as the column holds it: a break reports it with repr().
    return max(levels, key=SOURCING_STRENGTH.__getitem__, default=Sourcing.UNATTRIBUTED.value)


def _replay(events: list[ClaimEvent]) -> dict[str, object]:
    """Statement, kind and sources (by id) as the events tell them."""
    state: dict[str, object] = {"statement": "", "kind": "", "sources": {}}
    sources: dict[int, str] = {}
    for event in events:
        details = event.details
        if event.kind == ClaimEvent.Kind.CREATED:
            state["statement"], state["kind"] = details.get("statement"), details.get("kind")
        elif event.kind == ClaimEvent.Kind.EDITED:
            for name in ("statement", "kind"):
                if name in details.get("changed", {}):
                    state[name] = details["changed"][name][1]
        elif event.kind == ClaimEvent.Kind.SOURCING_CHANGED:
            if details.get("to") is None:
                sources.pop(details.get("source_id"), None)
            else:
                sources[details.get("source_id")] = details["to"]
        elif event.kind == ClaimEvent.Kind.SOURCE_MERGED:
            sources.pop(details["source_id"], None)
            sources[details["into_id"]] = details["sourcing"]
    state["sources"] = sources
    return state


def _last_index(events: list[ClaimEvent], to_status: str) -> int | None:
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.kind == ClaimEvent.Kind.STATUS_CHANGED and event.to_status == to_status:
            return index
    return None


def _four_eyes(claim: Claim, events: list[ClaimEvent]) -> list[Violation]:
    """The publisher neither sent the claim to review nor set its verdict."""
    published = _last_index(events, Status.PUBLISHED)
    if published is None:
        return [Violation(claim.pk, "four eyes", "published, but no event published it")]
    publish = events[published]
    sent = _last_index(events[:published], Status.IN_REVIEW)
    sender = events[sent].actor_id if sent is not None else None
    found = []
    if publish.verdict_by_id is not None and publish.actor_id == publish.verdict_by_id:
        found.append(Violation(claim.pk, "four eyes", "published by the author of its verdict"))
    if sender is not None and publish.actor_id == sender:
        found.append(Violation(claim.pk, "four eyes", "published by the one who sent it to review"))
    if publish.to_rating_id is None:
        found.append(Violation(claim.pk, "four eyes", "published without a verdict"))
    return found


def _frozen(claim: Claim, events: list[ClaimEvent]) -> list[Violation]:
    """Nothing about a published claim changed after it was published, except evidence
    (and the desk's assignee and revisit date, which are not part of the verdict)."""
    published = _last_index(events, Status.PUBLISHED)
    found = []
    for event in events[(published or 0) + 1 :]:
        changed = set(event.details.get("changed", {})) if event.kind == "edited" else None
        allowed = event.kind in AFTER_PUBLISHING or (
            changed is not None and changed <= UNFROZEN_EDITS
        )
        if not allowed:
            found.append(
                Violation(claim.pk, "frozen", f"event {event.pk} ({event.kind}) after publishing")
            )
    return found


def _search_vector(claim: Claim) -> list[Violation]:
    """The stored search vector is the one the current statement and quote give
    (compared in SQL, on PostgreSQL only: SQLite stores none)."""
    if getattr(claim, "search_vector_is_current", True):
        return []
    detail = "the stored search vector is not the one its statement and quote give"
    return [Violation(claim.pk, "search vector", detail)]


def _article_vector(claim: Claim, stale_articles: set[int]) -> list[Violation]:
    if claim.article_id not in stale_articles:
        return []
    detail = "its article's stored search vector is not the one the title and body give"
    return [Violation(claim.pk, "search vector", detail)]


def _anchor(claim: Claim, events: list[ClaimEvent]) -> list[Violation]:
    """The claim's flag, and whether its span points into an earlier revision,
    are what its article's revisions (and the desk's checks) left on its timeline."""
    flag, earlier = Anchoring.ANCHORED.value, False
    for event in events:
        if event.kind == ClaimEvent.Kind.ANCHOR_GONE:
            flag, earlier = Anchoring.GONE.value, True
        elif event.kind == ClaimEvent.Kind.ANCHOR_CHANGED:
            flag, earlier = Anchoring.CHANGED.value, False
        elif event.kind == ClaimEvent.Kind.ANCHOR_MOVED:
            # A gone claim's words found again: a person should look (revisions.claim_changes).
            flag, earlier = (Anchoring.CHANGED.value if earlier else flag), False
        elif event.kind == ClaimEvent.Kind.ANCHOR_CHECKED:
            flag = Anchoring.ANCHORED.value
    found = []
    if claim.anchor != flag:
        found.append(Violation(claim.pk, "anchor", f"is {claim.anchor!r}, its events say {flag!r}"))
    if (claim.span_revision_id is not None) != earlier:
        where = "an earlier revision" if earlier else "the current text"
        found.append(Violation(claim.pk, "anchor", f"its events say its span points into {where}"))
    return found


def _spans(claim: Claim) -> list[Violation]:
    """Every span lies within the article's text (or, for a claim whose words are gone,
    the revision it came from) and says what it claims to say."""
    body = claim.spans_text()
    spans = [("quote", claim.start, claim.end, claim.quote)]
    for attribution in claim.sources:
        for part in ("mention", "cue"):
            start = getattr(attribution, f"{part}_start")
            if start is not None:
                end = getattr(attribution, f"{part}_end")
                spans.append((part, start, end, getattr(attribution, part)))
    return [
        Violation(claim.pk, "span", f"{what} [{start}, {end}) does not match the article")
        for what, start, end, text in spans
        if not (0 <= start < end <= len(body)) or body[start:end] != text
    ]
