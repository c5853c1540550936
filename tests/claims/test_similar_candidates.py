"""The similar claims' candidates on PostgreSQL: "all but one of the four
longest words", asked as two ANDs, and only when too few share all four."""

import itertools

import pytest
from django.db import connection

from claims import services
from claims.similar import (
    CANDIDATES,
    CANDIDATES_SQL,
    SHOWN,
    KeyQueries,
    key_queries,
    similar_claims,
)
from tests.conftest import claim_at

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the full-text candidates are PostgreSQL's"
)

KEYS = ["'televis'", "'deficit'", "'factori'", "'harvest'"]


def matches(document: set[str], query: str) -> bool:
    vector = " ".join(document)
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector @@ %s::tsquery", [vector, query])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_the_two_ands_ask_exactly_all_but_one_of_the_words(size):
    queries = KeyQueries(KEYS[:size])
    for count in range(size + 1):
        for document in itertools.combinations(KEYS[:size], count):
            either = matches(set(document), queries.with_first) or matches(
                set(document), queries.without_first
            )
            assert either == matches(set(document), queries.all_but_one), document
            assert either == (count >= max(1, size - 1)), document


WORDS = "zorbulax quintrok flimbarg drovniak"  # made-up: no stemming, eight letters each


@pytest.fixture
def like_claims(editor):
    """SHOWN + 1 claims sharing their four longest words, and one sharing three;
    their quote's words are too short to be among the longest."""
    article = services.article_create(body="We do not know.", by=editor).article

    def claim(statement):
        return claim_at(article, "We do not know", editor, statement=statement)

    alike = [claim(f"{WORDS} {n}") for n in range(SHOWN + 1)]
    return alike, claim("zorbulax quintrok flimbarg wexmoral 99")


def candidates_plan(claim) -> str:
    queries = key_queries(claim.search_vector)
    params = (queries.every, claim.pk, CANDIDATES)
    params += (queries.with_first, queries.without_first, claim.pk, SHOWN, CANDIDATES)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + CANDIDATES_SQL, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_enough_claims_sharing_all_four_words_skip_the_looser_search(like_claims):
    (first, *others), _ = like_claims
    first.refresh_from_db()
    assert {c.pk for c in similar_claims(first)} == {c.pk for c in others}
    looser = candidates_plan(first).split("One-Time Filter")[1]
    assert "never executed" in looser


def test_too_few_sharing_all_four_words_look_for_three(like_claims):
    alike, three = like_claims
    three.refresh_from_db()
    found = similar_claims(three)
    assert len(found) == SHOWN and {c.pk for c in found} <= {c.pk for c in alike}
    looser = candidates_plan(three).split("One-Time Filter")[1]
    assert "never executed" not in looser.split("\n")[1]
