"""The sweep reads the claims it needs through indexes, not the whole table.

As in tests/claims/test_search_plans.py: the benchmark's generator fills
10,000 claims (rolled back with the test), and PostgreSQL's own plan for the
SQL the sweep really runs is read (EXPLAIN, never forced); dropping the index
then makes it scan the table, so the index, not the table's size, decides.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import benchmark_data
from desk.services.sweep import desk_sweep
from tests.claims.test_search_plans import claims_indexes_on, drop, read_through

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's plans"
)

SIZE = 10_000


def sweep_queries(today: date, marker: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        desk_sweep(today=today)
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and marker in query["sql"]
    ]


def test_the_revisit_dates_come_are_read_through_their_index(db):
    benchmark_data.fill(SIZE)
    # The generator's predictions are revisited 180 days after capture.
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(revisit_on) FROM claims_claim")
        (latest,) = cursor.fetchone()
    queries = sweep_queries(latest, '"claims_claim"."revisit_on" <=')
    assert len(queries) == 1
    assert "claim_revisit_due_idx" in read_through(queries, "claims_claim")

    drop("claim_revisit_due_idx")
    drop("claim_revisit_idx")
    assert read_through(queries, "claims_claim") == set()


def test_the_review_queue_and_the_events_that_opened_it_are_read_through_indexes(db):
    benchmark_data.fill(SIZE)
    # A day far ahead: every claim in review is stale, the most the query can find.
    [query] = sweep_queries(date(2100, 1, 1), '"claims_claim"."status" = \'in_review\'')
    by_status = set(claims_indexes_on("status"))
    assert read_through([query], "claims_claim") & by_status
    # Each claim's send-to-review event, found by claim (never every event).
    assert read_through([query], "claims_claimevent")

    for index in by_status:
        drop(index)
    # Without them PostgreSQL walks the table, or the whole of another index.
    assert not read_through([query], "claims_claim") & by_status
