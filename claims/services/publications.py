"""The desk report's projection: the publications of the verdicts that stand.

``claims.models.VerdictPublication`` holds, for every claim published now, a
row per event that published it, with the outlet, rating and sourcing the
desk report groups by; so a month's totals are an index-only scan of that
month's rows instead of a join over every verdict, claim and article in it.
The rows are written here only: by the timeline's writer
(``claims.services.timeline.record``) for an event into or out of
"published", after the claim is locked, and by the article edit (outlet),
after the article is locked.

``PUBLICATIONS_SQL`` is the one definition of the rows: the migration's
backfill, the benchmark generator and these services run it, and
``claims.record`` checks the rows against it (via ``expected_publications``).
"""

from __future__ import annotations

from django.db import connection

from claims.models import Article, Claim, ClaimEvent, Status, VerdictPublication

# Every publishing event of a claim that is published now, as a projection
# row; {claim} narrows it to one claim ("AND e.claim_id = %s") or not ("").
PUBLICATIONS_SQL = """
INSERT INTO claims_verdictpublication
    (claim_id, at, previous_at, outlet_id, rating_id, sourcing)
SELECT p.claim_id, p.at, p.previous_at, a.outlet_id, c.rating_id, c.sourcing
FROM (SELECT e.claim_id, e.at,
             LAG(e.at) OVER (PARTITION BY e.claim_id ORDER BY e.at, e.id) AS previous_at
      FROM claims_claimevent e
      WHERE e.kind = 'status_changed' AND e.to_status = 'published' {claim}) p
JOIN claims_claim c ON c.id = p.claim_id
JOIN claims_article a ON a.id = c.article_id
WHERE c.status = 'published'
"""
ALL_PUBLICATIONS_SQL = PUBLICATIONS_SQL.format(claim="")


def publications_refresh(current: Claim) -> None:
    """Rewrite the locked claim's rows after a move into or out of "published".

    A republished claim gets back the rows of its earlier publications too.
    The article's row is share-locked first: an outlet changed concurrently
    (``publications_move_outlet``, under the article's row lock) is then
    either committed before the rows are read, or sees them.
    """
    VerdictPublication.objects.filter(claim=current).delete()
    if current.status != Status.PUBLISHED:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM claims_article WHERE id = %s FOR SHARE", [current.article_id]
            )
        cursor.execute(PUBLICATIONS_SQL.format(claim="AND e.claim_id = %s"), [current.pk])


def publications_move_outlet(article: Article) -> None:
    """Follow an article's (row-locked) new outlet in its claims' rows."""
    VerdictPublication.objects.filter(claim__article=article).update(outlet=article.outlet)


def expected_publications(claim: Claim, events: list[ClaimEvent], sourcing: str) -> set[tuple]:
    """The rows ``PUBLICATIONS_SQL`` writes for ``claim``, from its record (for check_record).

    From the events (in timeline order) and the attributions' ``sourcing``
    rather than the claim's columns, so that a column changed behind the
    services' back is reported once, as that column's break. Each row is
    (at, previous_at, outlet, rating, sourcing).
    """
    last = events[-1]
    if last.to_status != Status.PUBLISHED:
        return set()
    times = [
        event.at
        for event in events
        if event.kind == ClaimEvent.Kind.STATUS_CHANGED and event.to_status == Status.PUBLISHED
    ]
    return {
        (at, previous, claim.article.outlet_id, last.to_rating_id, sourcing)
        for at, previous in zip(times, [None, *times], strict=False)
    }
