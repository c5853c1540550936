"""Keeping the tallies beside sources and articles, change by change.

The services call these after ``lock_claim``, in the transaction of the change
they count, and nothing else writes the tallies (``claims.tallies`` recounts
them; ``check_record`` compares). Each is an UPDATE with F() expressions, never
a read-modify-write: the biggest source is attributed by many captures at
once, and their increments add up instead of overwriting each other.

Lock order, to rule out deadlocks: the claim (``lock_claim``), then its
article's tally, then source rows in ascending id order, then those sources'
records (``SourceVerdictTally``). Every writer of a record holds its source's
row. (Inserting a claim or an attribution takes only a key-share lock on the
article or source row, which these updates of non-key columns do not wait for.)
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F

from claims.models import (
    Article,
    ArticleTally,
    Claim,
    Source,
    SourceVerdictTally,
    Sourcing,
    Status,
)

VERDICT_UPSERT = """
INSERT INTO claims_sourceverdicttally (source_id, rating_id, n) VALUES {rows}
ON CONFLICT (source_id, rating_id)
DO UPDATE SET n = claims_sourceverdicttally.n + excluded.n
"""

ARTICLE_UPSERT = """
INSERT INTO claims_articletally (article_id, claim_count) VALUES (%s, 1)
ON CONFLICT (article_id) DO UPDATE SET claim_count = claims_articletally.claim_count + 1
"""


def article_added(article: Article) -> None:
    """``article`` was stored: its tally starts at 0, so that sorting by claims lists it."""
    ArticleTally.objects.create(article=article)


def claim_added(article: Article) -> None:
    """A claim was made on ``article`` (whose tally row is made if it was missing)."""
    with connection.cursor() as cursor:
        cursor.execute(ARTICLE_UPSERT, [article.pk])


def attribution_changed(
    current: Claim, source_id: int, *, old: str | None, new: str | None
) -> None:
    """``current``'s attribution to the source was added (``old`` None), removed
    (``new`` None), or its sourcing changed from ``old`` to ``new``."""
    claims = (new is not None) - (old is not None)
    anonymous = (new == Sourcing.ANONYMOUS) - (old == Sourcing.ANONYMOUS)
    # A published claim's sources are frozen today; counted all the same, so
    # that the tallies stay right if that rule ever changes.
    published = claims if current.status == Status.PUBLISHED else 0
    if not (claims or anonymous):
        return  # the mention, cue or description changed: nothing counted did
    _add_to_sources(
        [source_id], claim_count=claims, anonymous_count=anonymous, published_count=published
    )
    if published and current.rating_id is not None:
        _add_to_records([source_id], current.rating_id, published)


def publication_changed(current: Claim, *, was_status: str, was_rating_id: int | None) -> None:
    """``current`` (already saved) moved into or out of "published", or its verdict
    changed while published: its sources' published counts and records follow."""
    was = _published_verdict(was_status, was_rating_id)
    now = _published_verdict(current.status, current.rating_id)
    if was == now:
        return
    source_ids = sorted(current.attributions.values_list("source_id", flat=True))
    if not source_ids:
        return
    published = (now is not None) - (was is not None)
    _add_to_sources(source_ids, published_count=published)
    if was is not None:
        _add_to_records(source_ids, was, -1)
    if now is not None:
        _add_to_records(source_ids, now, +1)


def lock_sources_for(claim: Claim, source_ids: set[int]) -> None:
    """Lock ``claim``, then these sources in ascending id order, for a write that
    changes several of the claim's attributions one by one (the admin's inline
    rows). Each change locks its own source; taken in the form's order, two such
    saves over the same sources could each hold one and wait for the other.
    """
    from claims.services.timeline import lock_claim

    lock_claim(claim, version=None)
    sources = Source.objects.filter(pk__in=source_ids)
    list(sources.select_for_update(no_key=True).order_by("pk").values_list("pk"))


def _published_verdict(status: str, rating_id: int | None) -> int | None:
    """The verdict a claim counts for in its sources' records: none unless published."""
    return rating_id if status == Status.PUBLISHED else None


def _add_to_sources(source_ids: list[int], **deltas: int) -> None:
    """Add ``deltas`` to each of these sources' tallies, in one UPDATE."""
    sources = Source.objects.filter(pk__in=source_ids)
    changes = {name: F(name) + delta for name, delta in deltas.items() if delta}
    if len(source_ids) > 1 or not changes:
        # An UPDATE of several rows locks them in the order it meets them:
        # take them in ascending id order first, so that two transactions
        # over the same sources queue up rather than deadlock. (With nothing
        # to add, the lock still guards the records written next.)
        list(sources.select_for_update(no_key=True).order_by("pk").values_list("pk"))
    if changes:
        sources.update(**changes)


def _add_to_records(source_ids: list[int], rating_id: int, delta: int) -> None:
    """Add ``delta`` published claims rated ``rating_id`` to each source's record.

    The sources' rows are already locked (``_add_to_sources``), so their
    records' rows are written by one transaction at a time. A record's row is
    made on its first count (an upsert, rows in ascending order); a count
    below zero breaks the table's check (n >= 0) and undoes the whole change.
    """
    if delta < 0:
        records = SourceVerdictTally.objects.filter(source__in=source_ids, rating=rating_id)
        records.update(n=F("n") + delta)
        return
    rows = ", ".join(["(%s, %s, %s)"] * len(source_ids))
    params = [value for source_id in source_ids for value in (source_id, rating_id, delta)]
    with connection.cursor() as cursor:
        cursor.execute(VERDICT_UPSERT.format(rows=rows), params)
