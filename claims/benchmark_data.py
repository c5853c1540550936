"""Synthetic desk data for ``manage.py benchmark_pages``, written in SQL.

Deterministic for a given size: every choice comes from a hash of the row's
number, never from random(). The shape follows the issue the benchmark
serves: articles = claims / 10 (one article with ~310 claims), 20 outlets,
3,000 sources at a million claims (proportionally fewer, at least 300) with a
heavy tail, ~1.2 attributions a claim, ~3.8 events a claim along a status
chain that ``check_record`` accepts, article bodies of ~3 KB whose
sentences are the claims' quotes, at their offsets, and the tallies the
services would have kept (``claims.tallies``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection

from claims import tallies
from claims.search import vector_sql
from claims.services.publications import ALL_PUBLICATIONS_SQL

# 2: tallies and VACUUM; 3: the desk report's publications; 4: the claims'
# copies of their rating's value and their article's outlet; 5: the stored
# search vectors.
GENERATOR_VERSION = 5
SENTENCE = 100  # every sentence is exactly this long, so offsets are k * (SENTENCE + 1)
SENTENCES_PER_ARTICLE = 30  # ~3 KB of body
SENTENCE_POOL = 5000
RARE_WORD = "zeugma"  # in exactly RARE_CLAIMS statements
RARE_CLAIMS = 5
COMMON_WORD = "inflation"  # in ~COMMON_SHARE of statements
COMMON_SHARE = 0.25
ARTICLE_RARE_WORD = "syzygy"  # in exactly RARE_ARTICLES titles
RARE_ARTICLES = 5
EDITORS = 8
REVIEWERS = 4
HOT_NOTES = 46  # the claim with a ~50-event timeline
# Source rank r is drawn with weight ~1/(r + TAIL): the top source gets ~6 %
# of the attributions at 3,000 sources (the 71,500 of ~1.2 million).
TAIL = 1.75

# Neither COMMON_WORD nor RARE_WORD (nor a word stemming like them) is here.
WORDS = """
minister officials talks budget deficit ministry revenue growth tariff exports
imports parliament election court ruling opposition coalition agreement treaty
border security police army protest strike union wages salary pension health
hospital vaccine school teachers students university water electricity power
gas fuel prices market shares bank loan interest debt bonds investors company
factory workers farmers harvest wheat rice drought flood storm weather climate
emissions carbon energy solar wind coal mining oil pipeline port airport road
railway bridge housing rent land census survey poll voters campaign candidate
party leader president governor mayor council committee report audit fraud
corruption inquiry witness trial judge lawyer prison crime ceasefire refugees
migrants visa passport tourism hotel festival museum library newspaper radio
television internet phone network data privacy cyber attack satellite rocket
percent million billion thousand quarter year month week record increase fall
rise drop double half third said announced claimed denied confirmed promised
"""
VOCABULARY = WORDS.split()


@dataclass(frozen=True)
class Shape:
    claims: int

    @property
    def articles(self) -> int:
        return max(self.claims // 10, 2)

    @property
    def sources(self) -> int:
        return max(300, round(3000 * self.claims / 1_000_000))

    @property
    def big_article_claims(self) -> int:
        return min(310, self.claims // 4)

    def params(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "articles": self.articles,
            "sources": self.sources,
            "big": self.big_article_claims,
            "big_sentences": max(SENTENCES_PER_ARTICLE, self.big_article_claims + 10),
            "per_article": SENTENCES_PER_ARTICLE,
            "pool": SENTENCE_POOL,
            "sentence": SENTENCE,
            "vocabulary": VOCABULARY,
            "rare": RARE_WORD,
            "rare_every": max(self.claims // RARE_CLAIMS, 1),
            "article_rare": ARTICLE_RARE_WORD,
            "article_rare_every": max(self.articles // RARE_ARTICLES, 1),
            "common": COMMON_WORD,
            "common_share": COMMON_SHARE,
            "editors": EDITORS,
            "reviewers": REVIEWERS,
            "tail": TAIL,
            "hot_notes": HOT_NOTES,
            "version": GENERATOR_VERSION,
        }


# u(n, salt): a uniform number in [0, 1) from a hash, the same on every run.
FUNCTIONS_SQL = """
CREATE FUNCTION pg_temp.u(n bigint, salt int) RETURNS float8 IMMUTABLE LANGUAGE sql AS
$$ SELECT (hashint8(n * 64 + salt)::bigint + 2147483648) / 4294967296.0 $$;
CREATE FUNCTION pg_temp.zipf(x float8, sources int, tail float8) RETURNS int IMMUTABLE
LANGUAGE sql AS
$$ SELECT least(sources, floor(tail * exp(x * ln((sources + tail) / tail)) - tail)::int + 1) $$;
CREATE FUNCTION pg_temp.strength(sourcing text) RETURNS int IMMUTABLE LANGUAGE sql AS
$$ SELECT array_position(ARRAY['unattributed', 'anonymous', 'named', 'confirmed'], sourcing) $$;
"""

# The people: editors write and research, reviewers publish (four eyes).
USERS_SQL = [
    """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                              is_staff, is_active, date_joined)
       SELECT '!', false, 'bench-editor-' || i, 'Editor', i::text, '', true, true, now()
       FROM generate_series(1, %(editors)s) i
       UNION ALL
       SELECT '!', false, 'bench-reviewer-' || i, 'Reviewer', i::text, '', true, true, now()
       FROM generate_series(1, %(reviewers)s) i""",
    """INSERT INTO auth_user_groups (user_id, group_id)
       SELECT u.id, g.id FROM auth_user u JOIN auth_group g
         ON g.name = CASE WHEN u.username LIKE 'bench-editor-%%' THEN 'Editors'
                          ELSE 'Reviewers' END
       WHERE u.username LIKE 'bench-%%'""",
]

# Sentences of random words, cut or padded to exactly SENTENCE characters.
TEXT_SQL = [
    """CREATE UNLOGGED TABLE bench_sentence AS
       SELECT n, rpad(string_agg(word, ' ' ORDER BY w), %(sentence)s - 1) || '.' AS text
       FROM generate_series(0, %(pool)s - 1) n,
            LATERAL (SELECT w, (%(vocabulary)s::text[])[1 + floor(pg_temp.u(n, w)
                            * cardinality(%(vocabulary)s::text[]))::int] AS word
                     FROM generate_series(1, 17) w) words
       GROUP BY n""",
    "ALTER TABLE bench_sentence ADD PRIMARY KEY (n)",
    """INSERT INTO claims_outlet (id, name, domain)
       SELECT i, 'Outlet ' || i, 'outlet' || i || '.example' FROM generate_series(1, 20) i""",
    # Article 1 is the long one; sentence k of article a is pool entry h(a, k).
    f"""INSERT INTO claims_article (id, outlet_id, title, url, byline, published_on, language,
                                    body, body_hash, created_at, updated_at, search_vector)
        SELECT *, {vector_sql("title", "body")} FROM (
        SELECT a, 1 + mod(a, 20),
               'Article ' || a || ': '
                   || CASE WHEN mod(a, %(article_rare_every)s) = 1
                           THEN initcap(%(article_rare)s) || ' ' ELSE '' END
                   || left(min(s.text), 60) AS title,
               'https://outlet' || 1 + mod(a, 20) || '.example/news/' || a, 'Staff reporter',
               DATE '2024-01-01' + (a::bigint * 730 / %(articles)s)::int, 'en',
               string_agg(s.text, ' ' ORDER BY k) AS body, md5(a::text) || md5(a || '-body'),
               TIMESTAMPTZ '2024-01-01', TIMESTAMPTZ '2024-01-01'
        FROM generate_series(1, %(articles)s) a
        CROSS JOIN LATERAL generate_series(0, CASE WHEN a = 1 THEN %(big_sentences)s
                                            ELSE %(per_article)s END - 1) k
        JOIN bench_sentence s ON s.n = mod(a * 31 + k * 7919, %(pool)s)
        GROUP BY a) articles""",
    # Rank 1 is the biggest source; every fifth rank an anonymous group.
    """INSERT INTO claims_source (id, name, name_key, kind, role, affiliation, aliases, same_as,
                                  notes)
       SELECT r, CASE WHEN mod(r, 5) = 3 THEN 'Senior officials ' || r
                      ELSE 'Named Source ' || r END,
              CASE WHEN mod(r, 5) = 3 THEN 'senior officials ' || r
                   ELSE 'named source ' || r END,
              CASE WHEN mod(r, 5) = 3 THEN 'anonymous_group'
                   WHEN mod(r, 7) = 0 THEN 'organization' ELSE 'person' END,
              '', '', '', '', ''
       FROM generate_series(1, %(sources)s) r""",
]

# One row a claim with every choice made, so that claims, attributions and
# events below agree with each other.
PLAN_SQL = [
    """CREATE UNLOGGED TABLE bench_plan AS
       SELECT i AS id,
              CASE WHEN i <= %(big)s THEN 1
                   ELSE 2 + mod(i - %(big)s - 1, %(articles)s - 1) END AS article_id,
              CASE WHEN i <= %(big)s THEN i - 1
                   ELSE (i - %(big)s - 1) / (%(articles)s - 1) END AS k,
              CASE WHEN pg_temp.u(i, 4) < 0.40 THEN 'new'
                   WHEN pg_temp.u(i, 4) < 0.55 THEN 'researching'
                   WHEN pg_temp.u(i, 4) < 0.65 THEN 'in_review'
                   WHEN pg_temp.u(i, 4) < 0.90 THEN 'published'
                   ELSE 'not_checkable' END AS status,
              CASE WHEN pg_temp.u(i, 5) < 0.15 THEN 0
                   WHEN pg_temp.u(i, 9) < 0.41 THEN 2 ELSE 1 END AS nattr,
              pg_temp.zipf(pg_temp.u(i, 6), %(sources)s, %(tail)s) AS src1,
              pg_temp.zipf(pg_temp.u(i, 7), %(sources)s, %(tail)s) AS src2_drawn,
              (ARRAY['factual', 'factual', 'factual', 'prediction', 'opinion', 'other'])
                  [1 + mod(i, 6)] AS kind,
              e.ids[1 + mod(i, %(editors)s)] AS editor_id,
              e.names[1 + mod(i, %(editors)s)] AS editor_name,
              r.ids[1 + mod(i, %(reviewers)s)] AS reviewer_id,
              g.ids[1 + mod(i / 7, cardinality(g.ids))] AS rating_id,
              TIMESTAMPTZ '2024-01-01' + (i * 63072000.0 / %(claims)s) * interval '1 second'
                  AS created,
              mod(i, %(rare_every)s) = 1 AS rare,
              pg_temp.u(i, 3) < %(common_share)s AS common
       FROM generate_series(1, %(claims)s) i,
            (SELECT array_agg(id ORDER BY id) ids, array_agg(username ORDER BY id) names
             FROM auth_user WHERE username LIKE 'bench-editor-%%') e,
            (SELECT array_agg(id ORDER BY id) ids FROM auth_user
             WHERE username LIKE 'bench-reviewer-%%') r,
            (SELECT array_agg(id ORDER BY id) ids FROM claims_rating) g""",
    """ALTER TABLE bench_plan
           ADD COLUMN src2 int, ADD COLUMN sg1 text, ADD COLUMN sg2 text,
           ADD COLUMN sourcing text, ADD COLUMN version int, ADD COLUMN updated timestamptz,
           ADD COLUMN hot boolean NOT NULL DEFAULT false""",
    # A second source is never the first; anonymous groups are anonymous.
    """UPDATE bench_plan SET
           src2 = CASE WHEN nattr < 2 THEN NULL WHEN src2_drawn = src1
                       THEN mod(src1, %(sources)s) + 1 ELSE src2_drawn END""",
    """UPDATE bench_plan p SET
           sg1 = CASE WHEN p.nattr = 0 THEN NULL WHEN mod(p.src1, 5) = 3 THEN 'anonymous'
                      WHEN pg_temp.u(p.id, 10) < 0.6 THEN 'named' ELSE 'confirmed' END,
           sg2 = CASE WHEN p.src2 IS NULL THEN NULL WHEN mod(p.src2, 5) = 3 THEN 'anonymous'
                      WHEN pg_temp.u(p.id, 11) < 0.6 THEN 'named' ELSE 'confirmed' END""",
    """UPDATE bench_plan SET
           sourcing = CASE WHEN nattr = 0 THEN 'unattributed'
                           WHEN sg2 IS NULL OR pg_temp.strength(sg1) >= pg_temp.strength(sg2)
                           THEN sg1 ELSE sg2 END""",
    # The hot claim: the first researching one outside the long article.
    """UPDATE bench_plan SET hot = true WHERE id = (
           SELECT min(id) FROM bench_plan WHERE status = 'researching' AND id > %(big)s)""",
    # Versions: created, one per attribution, then the status chain below.
    """UPDATE bench_plan SET
           version = 1 + nattr + CASE status
               WHEN 'new' THEN 0 WHEN 'not_checkable' THEN 1
               WHEN 'researching' THEN 2 + CASE WHEN hot THEN %(hot_notes)s ELSE 0 END
               WHEN 'in_review' THEN 3 WHEN 'published' THEN 4 END,
           updated = created + CASE status
               WHEN 'new' THEN nattr * interval '1 minute'
               WHEN 'not_checkable' THEN interval '1 day'
               WHEN 'researching' THEN interval '1 day'
                   + CASE WHEN hot THEN %(hot_notes)s ELSE 0 END * interval '1 minute'
               WHEN 'in_review' THEN interval '3 days' WHEN 'published' THEN interval '4 days'
           END""",
]

CLAIMS_SQL = [
    f"""INSERT INTO claims_claim (id, article_id, outlet_id, start, "end", quote, statement,
                                  kind, status, rating_id, rating_value, sourcing,
                                  review_requested_by_id, verdict_by_id,
                                  assignee_id, revisit_on, created_by_id, created_at, updated_at,
                                  version, search_vector)
       SELECT *, {vector_sql("statement", "quote")} FROM (
       SELECT p.id, p.article_id, 1 + mod(p.article_id, 20),  -- the article's outlet
              p.k * (%(sentence)s + 1), p.k * (%(sentence)s + 1)
                  + %(sentence)s, s.text AS quote,
              CASE WHEN p.rare THEN initcap(%(rare)s) || ': ' ELSE '' END
                  || CASE WHEN p.common THEN initcap(%(common)s) || ': ' ELSE '' END
                  || rtrim(s.text, ' .') || ' (claim ' || p.id || ')' AS statement,
              p.kind, p.status,
              CASE WHEN p.status IN ('in_review', 'published') THEN p.rating_id END,
              CASE WHEN p.status IN ('in_review', 'published')
                   THEN (SELECT value FROM claims_rating r WHERE r.id = p.rating_id) END,
              p.sourcing,
              CASE WHEN p.status IN ('in_review', 'published') THEN p.editor_id END,
              CASE WHEN p.status IN ('in_review', 'published') THEN p.editor_id END,
              CASE WHEN p.status = 'researching' THEN p.editor_id END,
              CASE WHEN p.kind = 'prediction' AND mod(p.id, 5) = 0
                   THEN (p.created + interval '180 days')::date END,
              p.editor_id, p.created, p.updated, p.version
       FROM bench_plan p
       JOIN bench_sentence s ON s.n = mod(p.article_id * 31 + p.k * 7919, %(pool)s)) claims""",
    """INSERT INTO claims_attribution (claim_id, source_id, sourcing, mention, mention_start,
                                       mention_end, cue, cue_start, cue_end, descriptor, count,
                                       created_at)
       SELECT p.id, a.source_id, a.sourcing,
              CASE WHEN a.sourcing = 'anonymous' THEN 'officials' ELSE 'he' END,
              NULL, NULL, 'said', NULL, NULL,
              CASE WHEN a.sourcing = 'anonymous' THEN 'senior officials' ELSE '' END,
              CASE WHEN a.sourcing = 'anonymous' THEN 2 END,
              p.created + a.nth * interval '1 minute'
       FROM bench_plan p
       CROSS JOIN LATERAL (VALUES (1, p.src1, p.sg1), (2, p.src2, p.sg2))
           AS a(nth, source_id, sourcing)
       WHERE a.nth <= p.nattr""",
]

# The timeline, event by event along each claim's way; versions as planned.
EVENT_COLUMNS = """claims_claimevent (claim_id, actor_id, at, kind, from_status, to_status,
    from_rating_id, to_rating_id, verdict_by_id, note, claim_version, details)"""
EVENTS_SQL = [
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT p.id, p.editor_id, p.created, 'created', '', 'new', NULL, NULL, NULL, '', 1,
               jsonb_build_object('statement', c.statement, 'kind', c.kind)
        FROM bench_plan p JOIN claims_claim c ON c.id = p.id""",
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT p.id, p.editor_id, p.created + a.nth * interval '1 minute', 'sourcing_changed',
               'new', 'new', NULL, NULL, NULL, '', 1 + a.nth,
               jsonb_build_object('source', s.name, 'source_id', s.id, 'from', NULL,
                                  'to', a.sourcing)
        FROM bench_plan p
        CROSS JOIN LATERAL (VALUES (1, p.src1, p.sg1), (2, p.src2, p.sg2))
            AS a(nth, source_id, sourcing)
        JOIN claims_source s ON s.id = a.source_id
        WHERE a.nth <= p.nattr""",
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT id, editor_id, created + interval '1 hour', 'assigned', 'new', 'new', NULL,
               NULL, NULL, '', 2 + nattr, jsonb_build_object('from', NULL, 'to', editor_name)
        FROM bench_plan WHERE status = 'researching'""",
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT id, editor_id, created + interval '1 day', 'status_changed', 'new',
               'not_checkable', NULL, NULL, NULL, 'No public record to check it against.',
               2 + nattr, '{{}}'
        FROM bench_plan WHERE status = 'not_checkable'""",
    # "a": the version before research starts (one more for the assignment).
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT id, editor_id, created + interval '1 day', 'status_changed', 'new',
               'researching', NULL, NULL, NULL, '',
               2 + nattr + CASE WHEN status = 'researching' THEN 1 ELSE 0 END, '{{}}'
        FROM bench_plan WHERE status IN ('researching', 'in_review', 'published')""",
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT id, editor_id, created + interval '1 day' + n * interval '1 minute', 'note',
               'researching', 'researching', NULL, NULL, NULL,
               'Called the ministry press office, round ' || n || '.', 3 + nattr + n, '{{}}'
        FROM bench_plan, generate_series(1, %(hot_notes)s) n WHERE hot""",
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT id, editor_id, created + interval '2 days', 'rating_changed', 'researching',
               'researching', NULL, rating_id, editor_id,
               'The statistics office''s figures say otherwise.', 3 + nattr, '{{}}'
        FROM bench_plan WHERE status IN ('in_review', 'published')""",
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT id, editor_id, created + interval '3 days', 'status_changed', 'researching',
               'in_review', rating_id, rating_id, editor_id, '', 4 + nattr, '{{}}'
        FROM bench_plan WHERE status IN ('in_review', 'published')""",
    f"""INSERT INTO {EVENT_COLUMNS}
        SELECT id, reviewer_id, created + interval '4 days', 'status_changed', 'in_review',
               'published', rating_id, rating_id, editor_id, 'Published after review.',
               5 + nattr, '{{}}'
        FROM bench_plan WHERE status = 'published'""",
]

# Where the pages look, and the shape as built, for the report.
MARKER_SQL = """
CREATE TABLE bench_pages_marker AS
SELECT %(claims)s AS claims, %(version)s AS generator_version,
       (SELECT id FROM bench_plan WHERE hot) AS hot_claim,
       jsonb_build_object(
           'articles', (SELECT count(*) FROM claims_article),
           'sources', (SELECT count(*) FROM claims_source),
           'attributions', (SELECT count(*) FROM claims_attribution),
           'events', (SELECT count(*) FROM claims_claimevent),
           'top_source_attributions',
               (SELECT count(*) FROM claims_attribution WHERE source_id = 1),
           'big_article_claims', (SELECT count(*) FROM claims_claim WHERE article_id = 1),
           'hot_claim_events', (SELECT count(*) FROM claims_claimevent e
                                JOIN bench_plan p ON p.id = e.claim_id AND p.hot),
           'rare_claims', (SELECT count(*) FROM bench_plan WHERE rare),
           'common_claims', (SELECT count(*) FROM bench_plan WHERE common),
           'statuses', (SELECT jsonb_object_agg(status, n) FROM
                        (SELECT status, count(*) n FROM bench_plan GROUP BY status) s),
           'sourcing', (SELECT jsonb_object_agg(sourcing, n) FROM
                        (SELECT sourcing, count(*) n FROM bench_plan GROUP BY sourcing) s)
       ) AS shape
"""


def _secondary_indexes(tables: list[str]) -> list[tuple[str, str]]:
    """Indexes on ``tables`` that back no constraint: dropped for the load, rebuilt after."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
               FROM pg_index i
               WHERE i.indrelid = ANY(%s::regclass[])
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [tables],
        )
        return cursor.fetchall()


BIG_TABLES = ["claims_article", "claims_claim", "claims_attribution", "claims_claimevent"]


def fill(claims: int) -> float:
    """Fill the (freshly migrated) database with ``claims`` claims; the seconds it took."""
    started = time.perf_counter()
    params = Shape(claims).params()
    indexes = _secondary_indexes(BIG_TABLES)
    with connection.cursor() as cursor:
        # A bulk load into a scratch database: building each index once at
        # the end is several times faster than maintaining it row by row.
        # Replica mode skips the foreign-key triggers (every key is built
        # from the rows inserted just before; check_record samples the
        # result); the timeline's own triggers are ENABLE ALWAYS and stay.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(FUNCTIONS_SQL)
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        for statement in [*USERS_SQL, *TEXT_SQL, *PLAN_SQL, *CLAIMS_SQL, *EVENTS_SQL]:
            cursor.execute(statement, params)
        # The desk report's projection, as the services keep it.
        cursor.execute(ALL_PUBLICATIONS_SQL)
        # The tallies, as the migration that added them counts them.
        tallies.store_counts(cursor)
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute(MARKER_SQL, params)
        for table in ("claims_outlet", "claims_article", "claims_source", "claims_claim"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        cursor.execute("DROP TABLE bench_plan, bench_sentence")
        cursor.execute("SET session_replication_role = DEFAULT")
        # What autovacuum does to a real database of this size by the time
        # anyone reads it (this one may run without autovacuum): statistics,
        # and the visibility map, without which a count that could read an
        # index alone visits every row's page too.
        # Inside a transaction (the plan tests fill their test database) VACUUM
        # cannot run: statistics only.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return time.perf_counter() - started


def marker() -> dict[str, Any] | None:
    """What the database was filled with, or None when it was not (or by another generator)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_pages_marker') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT claims, generator_version, hot_claim, shape FROM bench_pages_marker")
        claims, version, hot_claim, shape = cursor.fetchone()
    if version != GENERATOR_VERSION:
        return None
    # Django's connection hands jsonb back as text (its JSONField decodes it).
    return {"claims": claims, "hot_claim": hot_claim, "shape": json.loads(shape)}


def ensure_filled(claims: int) -> tuple[dict[str, Any] | None, float | None]:
    """The marker of a database filled to ``claims`` (None when it holds
    something else), filling an empty one first; and the seconds that fill
    took, None when it was filled already."""
    found, filled = marker(), None
    if found is None:
        filled = fill(claims)
        found = marker()
    if found is None or found["claims"] != claims:
        return None, filled
    return found, filled
