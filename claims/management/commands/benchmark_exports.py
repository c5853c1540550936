"""manage.py benchmark_exports — time the CSV and JSON Lines exports against COPY.

Creates a scratch PostgreSQL database next to the configured one, migrates
it, and re-runs itself there with ``--inner``. For each size it fills the
scratch database in SQL (generate_series: seconds, not minutes) with claims,
their attributions and their timelines, then runs each export exactly as the
app does (``FORMATS[...].claims`` → ``.render``, written to
/dev/null) and prints rows per second, the peak Python memory of the export
(tracemalloc) and the time PostgreSQL takes to ``COPY … TO STDOUT`` the same
rows. The scratch database is dropped afterwards, even on failure; the
configured one is never written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import override_settings

from claims.exports import FORMATS
from claims.models import Claim

SCRATCH_SUFFIX = "_exports_bench"

# RESTART IDENTITY gives every size ids from 1, which the fill below relies on
# (outlets 1–20, sources 1–500). The timeline's triggers refuse DELETE and
# TRUNCATE alike; this scratch database is the benchmark's own, and as its
# owner it lifts the TRUNCATE one for that statement (all in one transaction).
EMPTY_SQL = """
ALTER TABLE claims_claimevent DISABLE TRIGGER claims_event_refuses_truncate;
TRUNCATE claims_claimevent, claims_attribution, claims_claim, claims_article,
         claims_source, claims_outlet RESTART IDENTITY CASCADE;
ALTER TABLE claims_claimevent ENABLE ALWAYS TRIGGER claims_event_refuses_truncate;
"""

# Statements run one by one, with %(claims)s and %(articles)s; hence the %%.
FILL_SQL = [
    """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                              is_staff, is_active, date_joined)
       SELECT '!', false, 'bench-' || i, '', '', '', true, true, now()
       FROM generate_series(1, 10) i
       ON CONFLICT (username) DO NOTHING""",
    """INSERT INTO claims_outlet (name, domain)
       SELECT 'Outlet ' || i, 'outlet' || i || '.example' FROM generate_series(1, 20) i""",
    # Every 50th article has no outlet and every 10th no URL: both are optional.
    """INSERT INTO claims_article (outlet_id, title, url, byline, published_on, language, body,
                                   body_hash, created_at, updated_at)
       SELECT CASE WHEN mod(i, 50) <> 0 THEN 1 + mod(i, 20) END,
              'Article ' || i || ': talks resume, officials say',
              CASE WHEN mod(i, 10) <> 0
                   THEN 'https://outlet' || 1 + mod(i, 20) || '.example/news/' || i END,
              'Staff reporter', DATE '2025-01-01' + mod(i, 365), 'en',
              repeat('Body text of article ' || i || '. ', 20),
              md5(i::text) || md5((i + 1)::text), now(), now()
       FROM generate_series(1, %(articles)s) i""",
    # 1–300 people, 301–400 organisations, 401–500 anonymous groups.
    """INSERT INTO claims_source (name, name_key, kind, role, affiliation, aliases, same_as,
                                  notes)
       SELECT CASE WHEN i <= 400 THEN 'Named Source ' || i ELSE 'Senior officials ' || i END,
              CASE WHEN i <= 400 THEN 'named source ' || i ELSE 'senior officials ' || i END,
              CASE WHEN i <= 300 THEN 'person' WHEN i <= 400 THEN 'organization'
                   ELSE 'anonymous_group' END,
              '', '', '', CASE WHEN mod(i, 3) = 0 THEN 'https://example.org/s/' || i ELSE '' END,
              ''
       FROM generate_series(1, 500) i""",
    # Two in five claims published with a rating, one in five rated in review.
    # Quotes and statements carry commas, quotes, non-ASCII and (every 25th)
    # a leading "-", so the CSV writer's quoting and the formula guard work.
    """INSERT INTO claims_claim (article_id, start, "end", quote, statement, kind, status,
                                 rating_id, sourcing, assignee_id, revisit_on, created_by_id,
                                 created_at, updated_at, version)
       SELECT 1 + mod(i, %(articles)s), mod(i, 7) * 10, mod(i, 7) * 10 + 40,
              CASE WHEN mod(i, 25) = 0 THEN '-' ELSE '' END
                  || 'Prices rose ' || mod(i, 90) || '%% in the "first" quarter, he said',
              'Claim ' || i || ': inflation reached ' || mod(i, 90)
                  || '%% — négociations «en cours»',
              (ARRAY['factual', 'prediction', 'opinion', 'other'])[1 + mod(i, 4)],
              (ARRAY['published', 'published', 'in_review', 'researching', 'new'])[1 + mod(i, 5)],
              CASE WHEN mod(i, 5) <= 2 THEN r.ids[1 + mod(i / 5, array_length(r.ids, 1))] END,
              (ARRAY['named', 'confirmed', 'anonymous'])[1 + mod(i, 3)],
              CASE WHEN mod(i, 4) <> 0 THEN u.ids[1 + mod(i, 10)] END,
              CASE WHEN mod(i, 4) = 1 THEN DATE '2026-06-01' + mod(i, 100) END,
              u.ids[1 + mod(i, 10)],
              TIMESTAMPTZ '2025-01-01' + i * interval '1 minute',
              TIMESTAMPTZ '2025-01-06' + i * interval '1 minute', 5
       FROM generate_series(1, %(claims)s) i,
            (SELECT array_agg(id ORDER BY id) ids FROM auth_user
             WHERE username LIKE 'bench-%%') u,
            (SELECT array_agg(id ORDER BY id) ids FROM claims_rating) r""",
    # The first attribution carries the claim's sourcing, so Claim.sourcing
    # stays the strongest; every other claim adds an anonymous second one.
    """INSERT INTO claims_attribution (claim_id, source_id, sourcing, mention, mention_start,
                                       mention_end, cue, cue_start, cue_end, descriptor, count,
                                       created_at)
       SELECT c.id, CASE WHEN c.sourcing = 'anonymous' THEN 401 + mod(c.id, 50)
                         ELSE 1 + mod(c.id, 400) END,
              c.sourcing, CASE WHEN c.sourcing = 'anonymous' THEN 'officials' ELSE 'He' END,
              c.start, c.start + 2, 'said', c.start + 3, c.start + 7,
              CASE WHEN c.sourcing = 'anonymous' THEN 'senior officials' ELSE '' END,
              CASE WHEN c.sourcing = 'anonymous' THEN 2 END, c.created_at
       FROM claims_claim c""",
    """INSERT INTO claims_attribution (claim_id, source_id, sourcing, mention, mention_start,
                                       mention_end, cue, cue_start, cue_end, descriptor, count,
                                       created_at)
       SELECT c.id, 451 + mod(c.id, 50), 'anonymous', 'a diplomat', NULL, NULL, '', NULL, NULL,
              'a diplomat', 1, c.created_at
       FROM claims_claim c WHERE mod(c.id, 2) = 0""",
    # The timeline: created, assigned, researching, in review, rated,
    # published, as far as each claim got (about four events a claim).
    """INSERT INTO claims_claimevent (claim_id, actor_id, at, kind, from_status, to_status,
                                      note, claim_version, details)
       SELECT c.id, c.created_by_id, c.created_at, 'created', '', 'new', '', 1,
              jsonb_build_object('statement', c.statement, 'kind', c.kind)
       FROM claims_claim c""",
    """INSERT INTO claims_claimevent (claim_id, actor_id, at, kind, from_status, to_status,
                                      note, claim_version, details)
       SELECT c.id, c.created_by_id, c.created_at + interval '1 hour', 'assigned', 'new', 'new',
              '', 2, jsonb_build_object('to', u.username)
       FROM claims_claim c JOIN auth_user u ON u.id = c.assignee_id""",
    """INSERT INTO claims_claimevent (claim_id, actor_id, at, kind, from_status, to_status,
                                      note, claim_version, details)
       SELECT c.id, c.assignee_id, c.created_at + interval '1 day', 'status_changed', 'new',
              'researching', '', 3, '{}'
       FROM claims_claim c WHERE c.status IN ('researching', 'in_review', 'published')""",
    """INSERT INTO claims_claimevent (claim_id, actor_id, at, kind, from_status, to_status,
                                      note, claim_version, details)
       SELECT c.id, c.assignee_id, c.created_at + interval '2 days', 'status_changed',
              'researching', 'in_review', '', 4, '{}'
       FROM claims_claim c WHERE c.status IN ('in_review', 'published')""",
    """INSERT INTO claims_claimevent (claim_id, actor_id, at, kind, from_status, to_status,
                                      to_rating_id, note, claim_version, details)
       SELECT c.id, c.assignee_id, c.created_at + interval '3 days', 'rating_changed',
              'in_review', 'in_review', c.rating_id,
              'The statistics office''s figures say otherwise.', 5, '{}'
       FROM claims_claim c WHERE c.rating_id IS NOT NULL""",
    """INSERT INTO claims_claimevent (claim_id, actor_id, at, kind, from_status, to_status,
                                      from_rating_id, to_rating_id, note, claim_version, details)
       SELECT c.id, c.created_by_id, c.created_at + interval '4 days', 'status_changed',
              'in_review', 'published', c.rating_id, c.rating_id, 'Published after review.', 6,
              '{}'
       FROM claims_claim c WHERE c.status = 'published'""",
    "ANALYZE",
]

# The COPYs aggregate each child table once, grouped by claim, and join the
# results: PostgreSQL's fastest way to the same rows, so a fair yardstick.
SOURCES_CTE = """sources AS (
    SELECT at.claim_id, string_agg(s.name || ' (' || at.sourcing || ')', '; '
                                   ORDER BY at.mention_start, at.id) AS sources
    FROM claims_attribution at JOIN claims_source s ON s.id = at.source_id
    GROUP BY at.claim_id)"""
PUBLISHED_CTE = """published AS (
    SELECT claim_id, max(at) AS published_at FROM claims_claimevent
    WHERE to_status = 'published' AND from_status <> 'published'
    GROUP BY claim_id)"""
COPY_FROM = """
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_outlet o ON o.id = a.outlet_id
LEFT JOIN claims_rating r ON r.id = c.rating_id
LEFT JOIN auth_user u ON u.id = c.assignee_id
LEFT JOIN sources ON sources.claim_id = c.id
LEFT JOIN published ON published.claim_id = c.id"""

# The CSV export's 21 columns, computed by PostgreSQL.
CSV_COPY_SQL = f"""COPY (
WITH {SOURCES_CTE}, {PUBLISHED_CTE}
SELECT c.id, a.id, a.title, a.url, o.name, a.published_on, c.start, c."end", c.quote,
       c.statement, c.kind, c.status, r.name, r.value, c.sourcing,
       CASE WHEN c.sourcing = 'anonymous' THEN 'yes' ELSE 'no' END, sources.sources,
       u.username, c.revisit_on, published.published_at, c.updated_at
{COPY_FROM}
ORDER BY c.id) TO STDOUT WITH (FORMAT csv, HEADER)"""

ATTRIBUTIONS_CTE = """attributions AS (
    SELECT at.claim_id, json_agg(json_build_object(
        'source', s.name, 'source_kind', s.kind, 'sourcing', at.sourcing,
        'mention', nullif(at.mention, ''),
        'mention_span', CASE WHEN at.mention_start IS NOT NULL AND at.mention_end IS NOT NULL
                             THEN json_build_array(at.mention_start, at.mention_end) END,
        'cue', nullif(at.cue, ''),
        'cue_span', CASE WHEN at.cue_start IS NOT NULL AND at.cue_end IS NOT NULL
                         THEN json_build_array(at.cue_start, at.cue_end) END,
        'descriptor', nullif(at.descriptor, ''), 'count', at.count)
        ORDER BY at.mention_start, at.id) AS attributions
    FROM claims_attribution at JOIN claims_source s ON s.id = at.source_id
    GROUP BY at.claim_id)"""
# The stored details stand in for "changes", which only Python computes.
HISTORY_CTE = """history AS (
    SELECT e.claim_id, json_agg(json_build_object(
        'at', e.at, 'by', ea.username, 'kind', e.kind,
        'from_status', nullif(e.from_status, ''), 'to_status', e.to_status,
        'from_rating', fr.name, 'to_rating', tr.name, 'note', nullif(e.note, ''),
        'changes', e.details)
        ORDER BY e.at, e.id) AS history
    FROM claims_claimevent e
    LEFT JOIN auth_user ea ON ea.id = e.actor_id
    LEFT JOIN claims_rating fr ON fr.id = e.from_rating_id
    LEFT JOIN claims_rating tr ON tr.id = e.to_rating_id
    GROUP BY e.claim_id)"""

# One JSON object a claim, with its attributions and history.
JSONL_COPY_SQL = f"""COPY (
WITH {SOURCES_CTE}, {PUBLISHED_CTE}, {ATTRIBUTIONS_CTE}, {HISTORY_CTE}
SELECT json_build_object(
       'claim_id', c.id, 'article_id', a.id, 'article_title', a.title, 'article_url', a.url,
       'outlet', o.name, 'article_published_on', a.published_on, 'start', c.start,
       'end', c."end", 'quote', c.quote, 'statement', c.statement, 'kind', c.kind,
       'status', c.status, 'rating', r.name, 'rating_value', r.value, 'sourcing', c.sourcing,
       'anonymous_only', c.sourcing = 'anonymous', 'sources', sources.sources,
       'assignee', u.username, 'revisit_on', c.revisit_on,
       'published_at', published.published_at, 'updated_at', c.updated_at,
       'attributions', coalesce(attributions.attributions, '[]'),
       'history', coalesce(history.history, '[]'))
{COPY_FROM}
LEFT JOIN attributions ON attributions.claim_id = c.id
LEFT JOIN history ON history.claim_id = c.id
ORDER BY c.id) TO STDOUT"""

COPY_SQL = {"csv": CSV_COPY_SQL, "jsonl": JSONL_COPY_SQL}
COPY_NOTE = {
    "csv": "the same 21 columns, joined and aggregated in SQL, FORMAT csv",
    "jsonl": "one json_build_object a claim, attributions and history as json_agg",
}


@dataclass(frozen=True)
class ExportRun:
    seconds: float
    lines: int
    queries: int
    sql_seconds: float


class SqlClock:
    """An execute_wrapper that counts queries and the time spent in execute().

    Prefetch queries are fetched whole inside execute(); the claims query runs
    on a server-side cursor, so its FETCHes (not its DECLARE) fall outside.
    """

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(*args)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - started


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes are whole numbers: {error}") from error
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least one size, each 1 or more")
    return sizes


def write_lines(lines: Iterable[str], sink: TextIO) -> int:
    count = 0
    for line in lines:
        sink.write(line)
        count += 1
    return count


def export_once(name: str) -> ExportRun:
    """The app's export path end to end, written as export jobs write their files."""
    export = FORMATS[name]
    clock = SqlClock()
    with (
        connection.execute_wrapper(clock),
        open(os.devnull, "w", encoding="utf-8", newline="") as sink,
    ):
        started = time.perf_counter()
        lines = write_lines(export.render(export.claims(Claim.objects.all())), sink)
        seconds = time.perf_counter() - started
    return ExportRun(seconds, lines, clock.queries, clock.seconds)


def export_peak_mb(name: str) -> float:
    """Peak Python memory of one export, in its own run: tracemalloc slows Python down."""
    tracemalloc.start()
    try:
        export_once(name)
        return tracemalloc.get_traced_memory()[1] / 1_000_000
    finally:
        tracemalloc.stop()


def copy_seconds(sql: str) -> float:
    with connection.cursor() as cursor, open(os.devnull, "wb") as sink:
        started = time.perf_counter()
        with cursor.copy(sql) as copy:
            for data in copy:
                sink.write(data)
        return time.perf_counter() - started


def fill(claims: int) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(EMPTY_SQL)
        for statement in FILL_SQL:
            cursor.execute(statement, {"claims": claims, "articles": max(claims // 10, 1)})
    return time.perf_counter() - started


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user, password = quote(db.get("USER") or ""), quote(db.get("PASSWORD") or "")
    return f"postgres://{user}:{password}@{db.get('HOST') or ''}:{db.get('PORT') or ''}/{name}"


def admin_dsn() -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        dbname="postgres",
        host=db.get("HOST") or "",
        port=str(db.get("PORT") or ""),
        user=db.get("USER") or "",
        password=db.get("PASSWORD") or "",
    )


def drop_database(name: str) -> None:
    # FORCE: an inner run killed by Ctrl+C may leave a connection behind.
    with psycopg.connect(admin_dsn(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


HEADER = (
    f"{'size':>8}  {'format':<6} {'rows/s':>9} {'time s':>7} {'SQL s':>6} {'queries':>7} "
    f"{'COPY s':>7} {'ratio':>6} {'peak MB':>8}"
)


class Command(BaseCommand):
    help = "Time the CSV and JSON Lines exports against COPY on a scratch PostgreSQL database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", type=parse_sizes, default=[10_000, 100_000])
        parser.add_argument("--repeat", type=int, default=1, help="timed runs; the median shows")
        parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)

    def handle(
        self, *args: Any, sizes: list[int], repeat: int, inner: bool, **options: Any
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("This benchmark needs PostgreSQL: set DATABASE_URL.")
        if repeat < 1:
            raise CommandError("--repeat must be 1 or more.")
        if inner:
            self.measure(sizes=sizes, repeat=repeat)
            return
        started = time.perf_counter()
        scratch = f"{settings.DATABASES['default']['NAME']}{SCRATCH_SUFFIX}"
        drop_database(scratch)
        with psycopg.connect(admin_dsn(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{scratch}"')
        try:
            self.run_inner(scratch, sizes=sizes, repeat=repeat)
        finally:
            drop_database(scratch)
        self.stdout.write(f"whole run {time.perf_counter() - started:.1f} s")

    def run_inner(self, scratch: str, *, sizes: list[int], repeat: int) -> None:
        env = {**os.environ, "DATABASE_URL": database_url(scratch)}
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        sizes_arg = ",".join(str(size) for size in sizes)
        command = [*manage, "benchmark_exports", "--inner", f"--sizes={sizes_arg}"]
        subprocess.run([*command, f"--repeat={repeat}"], env=env, check=True)

    def measure(self, *, sizes: list[int], repeat: int) -> None:
        # Everything below empties tables: never against anything but a scratch database.
        if not settings.DATABASES["default"]["NAME"].endswith(SCRATCH_SUFFIX):
            raise CommandError("--inner runs only against the scratch database it creates.")
        # As in production: DEBUG's query log would grow with the rows and
        # show up in the peak memory.
        with override_settings(DEBUG=False):
            for size in sizes:
                self.stdout.write(f"filled {size:,} claims in {fill(size):.1f} s")
                self.stdout.write(HEADER)
                for name in ("csv", "jsonl"):
                    self.stdout.write(self.measure_format(size, name, repeat))
        for name, note in COPY_NOTE.items():
            self.stdout.write(f"COPY for {name}: {note}")

    def measure_format(self, size: int, name: str, repeat: int) -> str:
        runs = [export_once(name) for _ in range(repeat)]
        expected = size + (1 if name == "csv" else 0)  # the CSV's header line
        if any(run.lines != expected for run in runs):
            raise CommandError(f"{name}: wrote {runs[0].lines:,} lines, expected {expected:,}")
        seconds = statistics.median(run.seconds for run in runs)
        sql = statistics.median(run.sql_seconds for run in runs)
        copy = statistics.median(copy_seconds(COPY_SQL[name]) for _ in range(repeat))
        peak = export_peak_mb(name)
        return (
            f"{size:>8}  {name:<6} {size / seconds:>9,.0f} {seconds:>7.2f} {sql:>6.2f} "
            f"{runs[0].queries:>7} {copy:>7.3f} {seconds / copy:>5.1f}× {peak:>8.1f}"
        )
