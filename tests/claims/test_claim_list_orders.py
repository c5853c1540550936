"""The claims list at scale: each sort is a full order, deep pages, constant queries.

Also the copies the list reads from each claim's own row, its rating's value
(the "rating" sort) and its article's outlet (the outlet filter): written by
the services, kept when the rating or the article changes, and checked.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims import services
from claims.models import (
    WORKFLOW_ORDER,
    Article,
    Attribution,
    Claim,
    ClaimEvent,
    Outlet,
    Rating,
    Source,
    Status,
)
from claims.record import check_record
from tests.conftest import advance

CLAIMS_URL = reverse("claims:claim_list")
PER_PAGE = 50
STATUSES = [Status.NEW, Status.RESEARCHING, Status.IN_REVIEW, Status.PUBLISHED]


@pytest.fixture
def many_claims(db, editor) -> list[Claim]:
    """80 claims over four articles (one undated), with every sort key varied,
    ties included, and some NULLs in each nullable one; some attributed to an
    anonymous group, the published ones published on 15 January 2025."""
    outlet = Outlet.objects.create(name="Daily")
    ratings = list(Rating.objects.order_by("pk"))
    articles = [
        Article.objects.create(
            title=f"A{n}",
            body="Prices rose. Wages fell.",
            body_hash=f"h{n}",
            outlet=outlet,
            published_on=date(2025, 1, 1 + n % 2) if n < 3 else None,
        )
        for n in range(4)
    ]
    claims = []
    for n in range(80):
        rating = ratings[n % len(ratings)] if n % 3 else None
        claims.append(
            Claim(
                article=articles[n % 4],
                start=0 if n % 2 else 13,
                end=6 if n % 2 else 18,
                outlet=outlet,
                quote="Prices" if n % 2 else "Wages",
                statement=f"C{n}",
                status=STATUSES[n % 4],
                rating=rating,
                rating_value=rating.value if rating else None,
                sourcing="anonymous" if n % 8 == 0 else "unattributed",
                assignee=editor if n % 5 == 0 else None,
                revisit_on=date(2025, 6, 1 + n % 3) if n % 4 == 0 else None,
                # Ties on the time, broken by the id.
                updated_at=datetime(2025, 2, 1 + n % 7, tzinfo=UTC),
            )
        )
    claims = Claim.objects.bulk_create(claims)
    officials = Source.objects.create(name="Officials", kind=Source.Kind.ANONYMOUS_GROUP)
    Attribution.objects.bulk_create(
        Attribution(claim=c, source=officials, sourcing="anonymous") for c in claims[::8]
    )
    ClaimEvent.objects.bulk_create(
        ClaimEvent(
            claim=c,
            kind=ClaimEvent.Kind.STATUS_CHANGED,
            from_status=Status.IN_REVIEW,
            to_status=Status.PUBLISHED,
            at=datetime(2025, 1, 15, tzinfo=UTC),
        )
        for c in claims
        if c.status == Status.PUBLISHED
    )
    return claims


def listed_ids(client, query: dict) -> list[int]:
    response = client.get(CLAIMS_URL, query)
    assert response.status_code == 200
    return [claim.pk for claim in response.context["page"]]


def every_page(client, query: dict) -> list[int]:
    ids, number = [], 1
    while True:
        page = listed_ids(client, {**query, "page": number})
        ids += page
        if len(page) < PER_PAGE:
            return ids
        number += 1


def nulls_last(value):
    return (value is None, value)


def expected_order(name: str) -> list[int]:
    """The order each sort promises, worked out in Python."""
    claims = list(Claim.objects.select_related("article"))
    keys = {
        "changed": lambda c: (c.updated_at, c.pk),
        "article_date": lambda c: (
            nulls_last(c.article.published_on),
            c.article_id,
            c.start,
            c.pk,
        ),
        # In workflow order, not alphabetical.
        "status": lambda c: (WORKFLOW_ORDER.index(c.status), -c.updated_at.timestamp(), -c.pk),
        "rating": lambda c: (nulls_last(c.rating_value), -c.updated_at.timestamp(), -c.pk),
        "revisit": lambda c: (nulls_last(c.revisit_on), -c.updated_at.timestamp(), -c.pk),
    }
    return [c.pk for c in sorted(claims, key=keys[name])]


@pytest.mark.parametrize("name", ["changed", "article_date", "status", "rating", "revisit"])
def test_each_sort_is_a_full_order_and_its_reverse_is_the_list_reversed(
    client, reviewer, many_claims, name
):
    client.force_login(reviewer)
    ascending = every_page(client, {"order": name})
    assert ascending == expected_order(name)
    assert every_page(client, {"order": f"-{name}"}) == ascending[::-1]


def test_the_default_order_is_the_latest_change_first(client, reviewer, many_claims):
    client.force_login(reviewer)
    assert every_page(client, {}) == expected_order("changed")[::-1]


def test_a_deep_page_lists_the_rows_after_the_ones_before_it(
    client, reviewer, many_claims, django_assert_num_queries
):
    client.force_login(reviewer)
    newest_first = expected_order("changed")[::-1]
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the saved views'
    # menu, 6 the action bar's colleagues, 7 the capped count, 8 the page's
    # ids (a subquery) and rows, 9-11 the filter form's ratings, outlets and
    # users, 12 the header's unread count, 13 the user's groups in the header.
    with django_assert_num_queries(13):
        second = listed_ids(client, {"page": 2})
    assert second == newest_first[PER_PAGE:]
    assert listed_ids(client, {"page": 2, "order": "rating"}) == expected_order("rating")[50:]


# Each filter and sort, and the queries each costs: the thirteen of an unfiltered
# page (see above), plus one where the filter form looks up the chosen row.
LIST_QUERIES = [
    ({}, 13),
    ({"status": "in_review"}, 13),
    ({"rating": "RATING"}, 14),
    ({"sourcing": "any_anonymous"}, 13),
    ({"sourcing": "anonymous_only"}, 13),
    ({"outlet": "OUTLET"}, 14),
    ({"kind": "factual"}, 13),
    ({"assignee": "EDITOR"}, 14),
    ({"article_date_after": "2025-01-01", "article_date_before": "2025-01-31"}, 13),
    ({"published_after": "2025-01-01", "published_before": "2025-01-31"}, 13),
    ({"revisit_due": "true"}, 13),
    ({"revisit_due": "false"}, 13),
    ({"order": "changed"}, 13),
    ({"order": "-article_date"}, 13),
    ({"order": "status"}, 13),
    ({"order": "-rating"}, 13),
    ({"order": "revisit"}, 13),
    ({"order": "rating", "page": "2"}, 13),
    ({"outlet": "OUTLET", "order": "article_date", "page": "2"}, 14),
]


@pytest.mark.parametrize(("query", "queries"), LIST_QUERIES)
def test_each_filter_and_sort_runs_a_constant_number_of_queries(
    client, reviewer, editor, many_claims, django_assert_num_queries, query, queries
):
    stand_ins = {
        "RATING": str(Rating.objects.first().pk),
        "OUTLET": str(Outlet.objects.get().pk),
        "EDITOR": str(editor.pk),
    }
    query = {name: stand_ins.get(value, value) for name, value in query.items()}
    client.force_login(reviewer)
    with django_assert_num_queries(queries):
        response = client.get(CLAIMS_URL, query)
    assert response.status_code == 200
    assert "Select a valid choice" not in response.content.decode()


# -- the rating value the "rating" sort follows


def test_rating_a_claim_copies_its_ratings_value(claim, editor, ratings):
    advance(claim, ("researching", editor))
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=editor, version=claim.version, note="Figures"
    )
    assert Claim.objects.get(pk=claim.pk).rating_value == ratings["false"].value == 1
    services.claim_rate(
        claim=claim, rating=None, by=editor, version=claim.version, note="Withdrawn"
    )
    assert Claim.objects.get(pk=claim.pk).rating_value is None
    assert check_record(Claim.objects.filter(pk=claim.pk)) == []


def test_a_ratings_new_value_reaches_its_claims(claim, editor, ratings):
    advance(claim, ("researching", editor))
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=editor, version=claim.version, note="Figures"
    )
    chief = User.objects.create_superuser("chief", password="x")
    rating = Rating.objects.get(pk=ratings["false"].pk)
    rating.value = 9
    services.rating_save(rating=rating, by=chief)
    assert Claim.objects.get(pk=claim.pk).rating_value == 9
    assert check_record(Claim.objects.filter(pk=claim.pk)) == []


def test_check_record_names_a_rating_value_that_is_not_its_ratings(claim, editor, ratings):
    advance(claim, ("researching", editor))
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=editor, version=claim.version, note="Figures"
    )
    Claim.objects.filter(pk=claim.pk).update(rating_value=4)
    found = [(v.rule, v.detail) for v in check_record(Claim.objects.filter(pk=claim.pk))]
    assert found == [("rating value", "is 4, its rating's is 1")]


def test_the_revisit_sort_puts_undated_claims_last(client, reviewer, many_claims):
    client.force_login(reviewer)
    ids = every_page(client, {"order": "revisit"})
    dated = Claim.objects.exclude(revisit_on=None).count()
    assert all(c.revisit_on for c in Claim.objects.filter(pk__in=ids[:dated]))
    assert not any(c.revisit_on for c in Claim.objects.filter(pk__in=ids[dated:]))
    assert dated == 20 and (date(2025, 6, 1) + timedelta(days=0)) == min(
        Claim.objects.exclude(revisit_on=None).values_list("revisit_on", flat=True)
    )


# -- the outlet the outlet filter reads


def test_a_claim_made_on_an_article_carries_its_outlet(second_outlet_claims):
    outlet = second_outlet_claims.outlet
    assert Claim.objects.get(pk=second_outlet_claims.named.pk).outlet_id == outlet.pk


def test_moving_an_article_to_another_outlet_moves_its_claims(
    client, reviewer, second_outlet_claims
):
    chief = User.objects.create_superuser("chief", password="x")
    article = Article.objects.get(pk=second_outlet_claims.article.pk)
    other = services.outlet_find_or_create("The News", domain="thenews.com.pk")
    article.outlet = other
    services.article_update(article=article, by=chief)
    moved = Claim.objects.filter(article=article)
    assert {c.outlet_id for c in moved} == {other.pk} and moved.count() == 2
    assert check_record(moved) == []
    client.force_login(reviewer)
    assert set(listed_ids(client, {"outlet": other.pk})) == second_outlet_claims.claim_ids
    assert listed_ids(client, {"outlet": second_outlet_claims.outlet.pk}) == []


def test_check_record_names_an_outlet_that_is_not_its_articles(second_outlet_claims):
    claim = second_outlet_claims.named
    Claim.objects.filter(pk=claim.pk).update(outlet=None)
    found = [(v.rule, v.detail) for v in check_record(Claim.objects.filter(pk=claim.pk))]
    outlet = second_outlet_claims.outlet.pk
    assert found == [("outlet", f"is None, its article's is {outlet}")]
