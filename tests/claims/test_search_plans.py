"""The pages that would read a whole table at a million claims read an index instead.

A plan taken on a test database of a few rows says nothing: for a table of a
page or two a sequential scan is the cheapest plan, index or not. So these
tests fill the database with the benchmark's own generator at 10,000 claims
(SQL, a few seconds; ANALYZEd, inside the test's transaction, so it is all
rolled back), take the SQL each page really runs, and read PostgreSQL's
plan for it (EXPLAIN, never forced). Each also drops the index and checks
that the plan then scans the table: the data is big enough that the index,
not the table's size, decides the plan.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import benchmark_data

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's plans"
)

SIZE = 10_000


@pytest.fixture
def desk(db, client):
    benchmark_data.fill(SIZE)
    client.force_login(User.objects.get(username="bench-editor-1"))
    return client


def page_queries(client, path: str, params: dict[str, str], table: str) -> list[str]:
    """The SELECTs on ``table`` that the page at ``path`` runs."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"]
    ]


def nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def scans_of(sql: str, table: str) -> list[tuple[str, str | None]]:
    """(node type, index name) of each node of the plan that reads ``table`` or one of
    its indexes (a bitmap index scan names only the index)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        indexes = {name for (name,) in cursor.fetchall()}
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return [
        (node["Node Type"], node.get("Index Name"))
        for node in nodes(plan[0]["Plan"])
        if node.get("Relation Name") == table or node.get("Index Name") in indexes
    ]


def read_through(queries: list[str], table: str) -> set[str]:
    """The indexes the queries read ``table`` through; empty if any scans the table."""
    scans = [scan for sql in queries for scan in scans_of(sql, table)]
    assert scans, f"no query reads {table}"
    if any(node == "Seq Scan" for node, _ in scans):
        return set()
    return {index for _, index in scans if index}


def claims_indexes_on(column: str) -> list[str]:
    """The claims' indexes that lead with ``column`` (the foreign key's and the
    article page's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index"
            " WHERE indrelid = 'claims_claim'::regclass"
            " AND indkey[0] = (SELECT attnum FROM pg_attribute"
            "  WHERE attrelid = 'claims_claim'::regclass AND attname = %s)",
            [column],
        )
        return [name for (name,) in cursor.fetchall()]


def drop(index: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{index}"')


def test_a_rare_word_is_searched_through_the_claims_search_index(desk):
    queries = page_queries(desk, "/claims/", {"q": benchmark_data.RARE_WORD}, "claims_claim")
    assert len(queries) == 2  # the capped count and the page
    for sql in queries:
        assert "claim_search_vector_idx" in read_through([sql], "claims_claim"), sql

    drop("claim_search_vector_idx")
    assert read_through(queries, "claims_claim") == set()


def test_the_dashboards_activity_reads_the_newest_events_through_their_index(desk):
    queries = [
        sql
        for sql in page_queries(desk, "/", {}, "claims_claimevent")
        if 'ORDER BY "claims_claimevent"."at" DESC' in sql
    ]
    assert len(queries) == 1
    assert "event_at_idx" in read_through(queries, "claims_claimevent")

    drop("event_at_idx")
    assert read_through(queries, "claims_claimevent") == set()


def test_the_articles_list_reads_the_newest_articles_and_their_claims_through_indexes(desk):
    articles = [
        sql
        for sql in page_queries(desk, "/articles/", {}, "claims_article")
        if 'ORDER BY "claims_article"."published_on" DESC' in sql
    ]
    claims = page_queries(desk, "/articles/", {}, "claims_claim")
    assert len(articles) == 1 and claims
    assert "article_published_idx" in read_through(articles, "claims_article")
    by_article = set(claims_indexes_on("article_id"))
    used = read_through(claims, "claims_claim")
    # The page's articles' claims, found by article (perhaps ANDed with the
    # sourcing index): not every anonymous claim walked, nor the whole table.
    assert used & by_article, used

    drop("article_published_idx")
    for index in by_article:
        drop(index)
    assert read_through(articles, "claims_article") == set()
    assert not read_through(claims, "claims_claim") & by_article


def test_a_rare_word_is_searched_through_the_articles_search_index(desk):
    params = {"q": benchmark_data.ARTICLE_RARE_WORD}
    queries = page_queries(desk, "/articles/", params, "claims_article")
    assert len(queries) == 2  # the capped count and the page
    for sql in queries:
        assert "article_search_vector_idx" in read_through([sql], "claims_article"), sql

    drop("article_search_vector_idx")
    assert read_through(queries, "claims_article") == set()


@pytest.mark.parametrize("order", ["status", "-status"])
def test_the_claims_list_in_workflow_order_reads_the_status_rank_index(desk, order):
    """Status sorts new, researching, in review, published, not checkable: by an
    expression, which only its expression index can serve without sorting every claim."""
    queries = page_queries(desk, "/claims/", {"order": order}, "claims_claim")
    pages = [sql for sql in queries if "CASE WHEN" in sql]
    assert len(pages) == 1
    assert "claim_status_rank_idx" in read_through(pages, "claims_claim")

    drop("claim_status_rank_idx")
    assert "claim_status_rank_idx" not in read_through(pages, "claims_claim")


def test_a_search_for_a_source_reads_claims_through_indexes(desk):
    """A source's name finds its claims through the attributions' source index and
    the claims' primary key, with the words' own search index: no claim read in vain."""
    source = benchmark_source_name()
    queries = page_queries(desk, "/claims/", {"q": source}, "claims_claim")
    assert len(queries) == 2  # the capped count and the page
    for sql in queries:
        used = read_through([sql], "claims_claim")
        assert "claims_claim_pkey" in used, (sql, used)
    found = desk.get("/claims/", {"q": source}).context["page"]
    assert found and all(
        any(a.source.name == source for a in claim.attributions.all()) or source in claim.statement
        for claim in found
    )


def benchmark_source_name() -> str:
    """A source of the benchmark's with a few claims, named like no other."""
    from claims.models import Source

    source = (
        Source.objects.filter(name__startswith="Named Source ", attributions__isnull=False)
        .order_by("-pk")
        .first()
    )
    return source.name


def test_the_article_changed_filter_reads_the_flagged_claims_index(desk):
    with connection.cursor() as cursor:  # a revision flagged a few claims among 10,000
        cursor.execute(
            "UPDATE claims_claim SET anchor = 'changed' WHERE id IN"
            " (SELECT id FROM claims_claim ORDER BY id LIMIT 7)"
        )
        cursor.execute("ANALYZE claims_claim")
    for value in ("flagged", "changed"):
        queries = page_queries(desk, "/claims/", {"article_changed": value}, "claims_claim")
        assert queries
        assert "claim_anchor_flagged_idx" in read_through(queries, "claims_claim"), value

    drop("claim_anchor_flagged_idx")
    assert read_through(queries, "claims_claim") == set()


def test_the_periodic_check_finds_the_articles_due_through_their_index(desk):
    from datetime import timedelta

    from django.utils import timezone

    from claims.models import Article

    with connection.cursor() as cursor:  # a few articles with a URL, as imports give them
        cursor.execute(
            "UPDATE claims_article SET url = 'https://example.org/a/' || id WHERE id IN"
            " (SELECT id FROM claims_article ORDER BY id LIMIT 20)"
        )
        cursor.execute("ANALYZE claims_article")
    due = Article.objects.due_for_refetch(timezone.now() - timedelta(hours=24))
    sql = connection.ops.compose_sql(*due.only("pk", "url")[:50].query.sql_with_params())
    assert "article_refetch_due_idx" in read_through([sql], "claims_article")
