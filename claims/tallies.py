"""The tallies beside sources and articles, counted afresh from the rows.

The services keep the tallies change by change (``claims.services.tallies``);
this module counts them from scratch, one grouped statement a tally, the same
SQL on PostgreSQL and SQLite. The migration that added them and the
benchmark's generator store these counts (``store_counts``), and
``check_record`` compares what is stored with them (``tally_breaks``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.backends.utils import CursorWrapper

# Per source: claims attributed to it, anonymously, and published.
SOURCE_COUNTS = """
SELECT a.source_id AS id, COUNT(*) AS claims,
       SUM(CASE WHEN a.sourcing = 'anonymous' THEN 1 ELSE 0 END) AS anonymous,
       SUM(CASE WHEN c.status = 'published' THEN 1 ELSE 0 END) AS published
FROM claims_attribution a JOIN claims_claim c ON c.id = a.claim_id
WHERE {a.source_id}
GROUP BY a.source_id
"""

# Per article: its claims.
ARTICLE_COUNTS = """
SELECT article_id AS id, COUNT(*) AS claims FROM claims_claim
WHERE {article_id}
GROUP BY article_id
"""

# Per source and verdict: its published claims with that verdict (its record).
VERDICT_COUNTS = """
SELECT a.source_id, c.rating_id, COUNT(*) AS n
FROM claims_attribution a JOIN claims_claim c ON c.id = a.claim_id
WHERE c.status = 'published' AND c.rating_id IS NOT NULL AND {a.source_id}
GROUP BY a.source_id, c.rating_id
"""

# Storing the counts where there are none yet (new columns and tables, a new
# database): sources with nothing to count keep their 0; every article gets
# its row.
STORE_SQL = [
    f"""UPDATE claims_source
        SET claim_count = t.claims, anonymous_count = t.anonymous, published_count = t.published
        FROM ({SOURCE_COUNTS}) t WHERE t.id = claims_source.id""",
    f"""INSERT INTO claims_articletally (article_id, claim_count)
        SELECT r.id, COALESCE(t.claims, 0)
        FROM claims_article r LEFT JOIN ({ARTICLE_COUNTS}) t ON t.id = r.id""",
    f"""INSERT INTO claims_sourceverdicttally (source_id, rating_id, n)
        SELECT source_id, rating_id, n FROM ({VERDICT_COUNTS}) t""",
]

# The stored tallies that differ from the counts (sources and articles).
SOURCE_BREAKS = f"""
SELECT s.id, s.claim_count, COALESCE(t.claims, 0), s.anonymous_count, COALESCE(t.anonymous, 0),
       s.published_count, COALESCE(t.published, 0)
FROM claims_source s LEFT JOIN ({SOURCE_COUNTS}) t ON t.id = s.id
WHERE {{s.id}} AND (s.claim_count <> COALESCE(t.claims, 0)
                    OR s.anonymous_count <> COALESCE(t.anonymous, 0)
                    OR s.published_count <> COALESCE(t.published, 0))
ORDER BY s.id
"""
ARTICLE_BREAKS = f"""
SELECT r.id, v.claim_count, COALESCE(t.claims, 0)
FROM claims_article r
LEFT JOIN claims_articletally v ON v.article_id = r.id
LEFT JOIN ({ARTICLE_COUNTS}) t ON t.id = r.id
WHERE {{r.id}} AND (v.claim_count IS NULL OR v.claim_count <> COALESCE(t.claims, 0))
ORDER BY r.id
"""
STORED_VERDICTS = """
SELECT source_id, rating_id, n FROM claims_sourceverdicttally WHERE {source_id}
"""

SOURCE_TALLIES = ("claims attributed", "claims attributed anonymously", "published claims")
PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")
CHUNK = 500  # ids per statement when checking some rows, well under SQLite's limit


def store_counts(cursor: CursorWrapper) -> None:
    """Fill the tallies from the rows, one grouped statement each (every row counted)."""
    for statement in STORE_SQL:
        cursor.execute(_scoped(statement, None)[0])


@dataclass(frozen=True)
class TallyBreak:
    """A stored tally that is not what the rows count."""

    row: str  # "source #12", "article #3"
    tally: str
    stored: int | None  # None: the row that holds the tally is missing
    counted: int

    def __str__(self) -> str:
        stored = "missing" if self.stored is None else self.stored
        return f"{self.row}: {self.tally} is {stored}, the rows count {self.counted}"


def tally_breaks(
    *, sources: Iterable[int] | None = None, articles: Iterable[int] | None = None
) -> list[TallyBreak]:
    """Every stored tally that differs from a fresh count: of these sources and articles,
    or (None) of every one in the database, in grouped SQL."""
    found: list[TallyBreak] = []
    with connection.cursor() as cursor:
        for ids in _chunks(sources):
            found += _source_breaks(cursor, ids)
            found += _verdict_breaks(cursor, ids)
        for ids in _chunks(articles):
            found += _article_breaks(cursor, ids)
    return found


def _source_breaks(cursor: CursorWrapper, ids: list[int] | None) -> list[TallyBreak]:
    cursor.execute(*_scoped(SOURCE_BREAKS, ids))
    found = []
    for source_id, *pairs in cursor.fetchall():
        for tally, stored, counted in zip(SOURCE_TALLIES, pairs[0::2], pairs[1::2], strict=True):
            if stored != counted:
                found.append(TallyBreak(f"source #{source_id}", tally, stored, counted))
    return found


def _article_breaks(cursor: CursorWrapper, ids: list[int] | None) -> list[TallyBreak]:
    cursor.execute(*_scoped(ARTICLE_BREAKS, ids))
    return [
        TallyBreak(f"article #{article_id}", "claims", stored, counted)
        for article_id, stored, counted in cursor.fetchall()
    ]


def _verdict_breaks(cursor: CursorWrapper, ids: list[int] | None) -> list[TallyBreak]:
    """A source's record: compared in Python, at most a row per source and verdict."""
    cursor.execute(*_scoped(STORED_VERDICTS, ids))
    stored = {(source, rating): n for source, rating, n in cursor.fetchall()}
    cursor.execute(*_scoped(VERDICT_COUNTS, ids))
    counted = {(source, rating): n for source, rating, n in cursor.fetchall()}
    return [
        TallyBreak(f"source #{source}", f"published claims rated #{rating}", stored_n, counted_n)
        for source, rating in sorted(stored.keys() | counted.keys())
        if (stored_n := stored.get((source, rating), 0))
        != (counted_n := counted.get((source, rating), 0))
    ]


def _chunks(ids: Iterable[int] | None) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _scoped(sql: str, ids: list[int] | None) -> tuple[str, list[int]]:
    """``sql`` with each ``{column}`` placeholder made "column IN (ids)", or true for None."""
    if ids is None:
        return PLACEHOLDER.sub("1 = 1", sql), []
    condition = rf"\1 IN ({', '.join(['%s'] * len(ids))})"
    sql, placeholders = PLACEHOLDER.subn(condition, sql)
    return sql, ids * placeholders
