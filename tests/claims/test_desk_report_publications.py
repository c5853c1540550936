"""The desk report's projection: a row per publication of each claim published now.

Kept by the workflow and the article edit, checked by check_record, rebuilt
by the migration's statement; the report counts each claim once a period.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from claims import services
from claims.models import Claim, Status, VerdictPublication
from claims.record import check_record
from claims.services.publications import ALL_PUBLICATIONS_SQL
from tests.conftest import INSTRUCTION, advance, claim_at, make_user


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC), tick=False)


def rows(claim: Claim) -> list[tuple]:
    return list(
        VerdictPublication.objects.filter(claim=claim)
        .order_by("at")
        .values_list("at", "previous_at", "outlet", "rating", "sourcing")
    )


def rated(claim: Claim, editor, ratings) -> Claim:
    advance(claim, (Status.RESEARCHING, editor))
    services.claim_rate(
        claim=claim, rating=ratings["true"], by=editor, version=claim.version, note="Log"
    )
    return advance(claim, (Status.IN_REVIEW, editor))


def reopen(claim: Claim, reviewer) -> Claim:
    services.claim_transition(
        claim=claim, to=Status.RESEARCHING, by=reviewer, version=claim.version, note="New facts"
    )
    return advance(claim, (Status.IN_REVIEW, reviewer))


@pytest.fixture
def outlet(db):
    return services.outlet_find_or_create("Dawn", domain="dawn.com")


@pytest.fixture
def march_and_april(article, editor, reviewer, other_reviewer, ratings, outlet) -> Claim:
    """Published in March, reopened and published again in April."""
    with at("2025-03-01"):
        article.outlet = outlet
        services.article_update(article=article, by=reviewer)
        claim = claim_at(article, INSTRUCTION, editor)
    with at("2025-03-10"):
        advance(rated(claim, editor, ratings), (Status.PUBLISHED, reviewer))
    with at("2025-04-10"):
        reopen(claim, other_reviewer)
        advance(claim, (Status.PUBLISHED, reviewer))
    claim.refresh_from_db()
    return claim


def test_it_keeps_a_row_per_publication_while_the_claim_is_published(march_and_april, outlet):
    claim = march_and_april
    march, april = (datetime(2025, m, 10, 12, tzinfo=UTC) for m in (3, 4))
    assert rows(claim) == [
        (march, None, outlet.pk, claim.rating_id, claim.sourcing),
        (april, march, outlet.pk, claim.rating_id, claim.sourcing),
    ]
    assert check_record() == []


def test_it_drops_the_rows_when_a_reviewer_reopens(march_and_april, reviewer):
    services.claim_transition(
        claim=march_and_april,
        to=Status.RESEARCHING,
        by=reviewer,
        version=march_and_april.version,
        note="Wrong figures",
    )
    assert rows(march_and_april) == []
    assert check_record() == []


def test_it_follows_the_article_to_another_outlet(march_and_april, article, reviewer):
    other = services.outlet_find_or_create("The News", domain="thenews.com.pk")
    article.outlet = other
    services.article_update(article=article, by=reviewer)
    assert {row[2] for row in rows(march_and_april)} == {other.pk}
    assert check_record() == []


def test_check_record_finds_a_row_written_behind_the_services_back(march_and_april):
    VerdictPublication.objects.filter(claim=march_and_april, previous_at__isnull=False).delete()
    assert [(v.claim_id, v.rule) for v in check_record()] == [(march_and_april.pk, "publications")]


def test_the_migrations_statement_rebuilds_the_same_rows(march_and_april):
    kept = rows(march_and_april)
    VerdictPublication.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(ALL_PUBLICATIONS_SQL)
    assert rows(march_and_april) == kept


@pytest.mark.parametrize(
    ("since", "until", "counted"),
    [
        ("2025-03-01", "2025-03-31", 1),  # its first publication
        ("2025-04-01", "2025-04-30", 1),  # published again
        ("2025-03-01", "2025-04-30", 1),  # both in one period: one verdict
        ("2025-05-01", "2025-05-31", 0),
    ],
)
def test_the_desk_report_counts_the_claim_once_in_each_period_it_was_published(
    client, march_and_april, since, until, counted
):
    client.force_login(make_user("desk", "Viewers"))
    period = {"published_after": since, "published_before": until}
    response = client.get(reverse("claims:desk_report"), period)
    assert response.context["total"] == len(response.context["claims"]) == counted
    assert sum(bar.value for bar in response.context["by_outlet"]) == counted
    assert response.context["anonymous_share"] == ([("Dawn", 0, 1, 0.0)] if counted else [])


@pytest.mark.parametrize(
    ("filters", "counted"),
    [
        ({"outlet": "dawn"}, 1),  # carried by the rows
        ({"outlet": "other"}, 0),
        ({"sourcing": "unattributed"}, 1),
        ({"sourcing": "anonymous_only"}, 0),
        ({"kind": "prediction"}, 0),  # through the claims
        ({"kind": "factual"}, 1),
    ],
)
def test_the_desk_report_narrows_by_the_claims_list_filters(
    client, march_and_april, outlet, filters, counted
):
    other = services.outlet_find_or_create("The News", domain="thenews.com.pk")
    outlets = {"dawn": str(outlet.pk), "other": str(other.pk)}
    params = {"published_after": "2025-03-01", "published_before": "2025-03-31"}
    params |= {name: outlets.get(value, value) for name, value in filters.items()}
    client.force_login(make_user("desk", "Viewers"))
    response = client.get(reverse("claims:desk_report"), params)
    assert response.context["total"] == len(response.context["claims"]) == counted
