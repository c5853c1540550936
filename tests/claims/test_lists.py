"""The list pages: filters, sorting, pagination, and a constant number of queries."""

from collections import defaultdict
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Article, Attribution, Claim, Outlet, Rating, Source
from claims.views import sources as source_views
from tests.conftest import make_user


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", stdout=StringIO())
    return make_user("desk", "Reviewers")


def listed(response):
    return list(response.context["page"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, 9),
        ({"status": "published"}, 2),
        ({"sourcing": "anonymous_only"}, 4),
        ({"sourcing": "confirmed"}, 1),
        ({"sourcing": "unattributed"}, 2),
        ({"kind": "opinion"}, 1),
        ({"article_date_after": "2025-05-24", "article_date_before": "2025-05-24"}, 9),
        ({"article_date_after": "2025-05-25"}, 0),
        ({"q": "Adiala"}, 1),
        ({"q": "negotiations"}, 2),
    ],
)
def test_the_claims_list_filters(client, demo, query, expected):
    client.force_login(demo)
    response = client.get(reverse("claims:claim_list"), query)
    assert response.status_code == 200
    assert len(listed(response)) == expected


def test_the_claims_list_filters_by_rating_outlet_assignee_and_revisit(client, demo):
    client.force_login(demo)
    claims_url = reverse("claims:claim_list")
    published = Claim.objects.filter(status="published").select_related("rating")
    rating = published.first().rating
    assert len(listed(client.get(claims_url, {"rating": rating.pk}))) == 1
    editor = Claim.objects.exclude(assignee=None).first().assignee
    assert len(listed(client.get(claims_url, {"assignee": editor.pk}))) == 2
    claim = Claim.objects.filter(status="researching").first()
    Claim.objects.filter(pk=claim.pk).update(revisit_on=timezone.localdate() - timedelta(days=1))
    assert [c.pk for c in listed(client.get(claims_url, {"revisit_due": "true"}))] == [claim.pk]


def ids(response) -> set[int]:
    assert response.status_code == 200
    return {claim.pk for claim in listed(response)}


def test_the_outlet_filter_lists_exactly_that_outlets_claims(client, demo, second_outlet_claims):
    client.force_login(demo)
    claims_url = reverse("claims:claim_list")
    demo_outlet = Outlet.objects.exclude(pk=second_outlet_claims.outlet.pk).get()
    demo_ids = set(Claim.objects.filter(article__outlet=demo_outlet).values_list("pk", flat=True))
    assert len(demo_ids) == 9
    assert ids(client.get(claims_url, {"outlet": demo_outlet.pk})) == demo_ids
    second = ids(client.get(claims_url, {"outlet": second_outlet_claims.outlet.pk}))
    assert second == second_outlet_claims.claim_ids
    assert ids(client.get(claims_url)) == demo_ids | second_outlet_claims.claim_ids


def sourcings_by_claim() -> dict[int, set[str]]:
    """Each claim's attributions' sourcing levels, read from the attributions themselves."""
    sourcings = defaultdict(set)
    for claim_id, sourcing in Attribution.objects.values_list("claim_id", "sourcing"):
        sourcings[claim_id].add(sourcing)
    return sourcings


def test_any_anonymous_lists_mixed_sourcing_and_anonymous_only_does_not(
    client, demo, second_outlet_claims, mixed_sourcing_claim
):
    client.force_login(demo)
    claims_url = reverse("claims:claim_list")
    sourcings = sourcings_by_claim()
    all_anonymous = {pk for pk, levels in sourcings.items() if levels == {"anonymous"}}
    some_anonymous = {pk for pk, levels in sourcings.items() if "anonymous" in levels}
    # The demo's four, the second outlet's anonymous claim, and the mixed one.
    assert len(all_anonymous) == 5 and some_anonymous == all_anonymous | {mixed_sourcing_claim.pk}
    assert ids(client.get(claims_url, {"sourcing": "anonymous_only"})) == all_anonymous
    assert ids(client.get(claims_url, {"sourcing": "any_anonymous"})) == some_anonymous
    named = ids(client.get(claims_url, {"sourcing": "named"}))
    assert mixed_sourcing_claim.pk in named and second_outlet_claims.named.pk in named
    assert second_outlet_claims.anonymous.pk not in named


def test_the_claims_list_sorts(client, demo):
    client.force_login(demo)
    response = client.get(reverse("claims:claim_list"), {"order": "rating"})
    values = [c.rating.value for c in listed(response) if c.rating and c.rating.value]
    assert values == sorted(values)


def test_a_bad_filter_value_says_so_and_lists_nothing(client, demo):
    client.force_login(demo)
    response = client.get(reverse("claims:claim_list"), {"status": "done"})
    assert response.status_code == 200
    assert listed(response) == []
    assert "Select a valid choice" in response.content.decode()


def test_the_claims_list_runs_a_constant_number_of_queries(client, demo, django_assert_num_queries):
    client.force_login(demo)
    article = Article.objects.get()
    rating = Rating.objects.first()
    # Every row has a rating, an assignee and an outlet: each would cost a
    # query per row without select_related.
    for n in range(80):
        Claim.objects.create(
            article=article,
            start=0,
            end=7,
            quote="Efforts",
            statement=f"C{n}",
            rating=rating,
            assignee=demo,
        )
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the saved views'
    # menu, 6 the action bar's colleagues, 7 count, 8 the page of claims with
    # article, outlet, rating and assignee, 9-11 the filter form's ratings,
    # outlets and users, 12 the header's unread count, 13 the user's groups in
    # the header.
    with django_assert_num_queries(13):
        response = client.get(reverse("claims:claim_list"))
    assert len(listed(response)) == 50
    assert "Page 1 of 2" in response.content.decode()


def test_the_article_list_filters(client, demo, editor):
    services.article_create(
        body="Budget deficit widened to 7 percent.", by=editor, published_on=date(2025, 6, 2)
    )
    client.force_login(demo)
    articles_url = reverse("claims:article_list")
    assert len(listed(client.get(articles_url, {"q": "deficit"}))) == 1
    assert len(listed(client.get(articles_url, {"published_after": "2025-06-01"}))) == 1
    assert len(listed(client.get(articles_url, {"claim_status": "published"}))) == 1
    assert len(listed(client.get(articles_url, {"outlet": Outlet.objects.get().pk}))) == 1
    counts = [a.claim_count for a in listed(client.get(articles_url, {"order": "-claims"}))]
    assert counts == [9, 0]
    counts = [a.claim_count for a in listed(client.get(articles_url, {"order": "claims"}))]
    assert counts == [0, 9]


def test_the_sources_list_and_a_sources_record(client, demo, django_assert_num_queries):
    Source.objects.bulk_create(
        Source(name=f"Official {n}", name_key=f"official {n}") for n in range(60)
    )
    client.force_login(demo)
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the capped count, 6
    # the page of sources with their tallies, 7 the header's unread count, 8
    # the user's groups in the header.
    with django_assert_num_queries(8):
        response = client.get(reverse("claims:source_list"))
    names = [s.name for s in listed(response)]
    assert "Barrister Mohammad Ali Saif" in names
    saif = Source.objects.get(name="Barrister Mohammad Ali Saif")
    row = next(s for s in listed(response) if s.pk == saif.pk)
    assert (row.claim_count, row.published_count, row.anonymous_count) == (3, 1, 0)
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the source with its
    # tallies, 6 its record (the scale with its tallies), 7 the page of its
    # claims with article and rating (the total is its tally: not counted), 8
    # the header's unread count, 9 the user's groups in the header.
    with django_assert_num_queries(9):
        response = client.get(reverse("claims:source_detail", args=[saif.pk]))
    record = dict((rating.slug, n) for rating, n in response.context["record"])
    assert record["mostly-true"] == 1 and sum(record.values()) == 1
    assert len(listed(response)) == 3
    assert "Page 1 of 1" not in response.content.decode()  # one page: no pagination


def test_a_sources_claims_newest_first_a_page_at_a_time(client, demo, editor, monkeypatch):
    saif = Source.objects.get(name="Barrister Mohammad Ali Saif")
    attributed = sorted(saif.attributions.values_list("claim_id", flat=True), reverse=True)
    monkeypatch.setattr(source_views, "CLAIMS_PER_PAGE", 2)
    client.force_login(demo)
    url = reverse("claims:source_detail", args=[saif.pk])
    first, second = client.get(url), client.get(url, {"page": "2"})
    assert [c.pk for c in listed(first)] + [c.pk for c in listed(second)] == attributed
    assert "Page 1 of 2 · 3 in all" in first.content.decode()


def test_the_article_list_sorted_by_claims_runs_a_constant_number_of_queries(
    client, demo, editor, django_assert_num_queries
):
    for n in range(30):
        services.article_create(body=f"Article {n} has no claims yet.", by=editor)
    client.force_login(demo)
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the capped count, 6
    # the page of articles with outlet and tally, 7 the anonymous-only counts
    # of that page's articles, 8 the filter form's outlets, 9 the header's
    # unread count, 10 the user's groups in the header.
    with django_assert_num_queries(10):
        response = client.get(reverse("claims:article_list"), {"order": "-claims"})
    counts = [article.claim_count for article in listed(response)]
    assert counts[0] == Claim.objects.count() and counts[1:] == [0] * 24
    assert "Page 1 of 2 · 31 in all" in response.content.decode()


def test_an_anonymous_groups_record(client, demo):
    client.force_login(demo)
    group = Source.objects.get(name="Sources familiar with the matter")
    response = client.get(reverse("claims:source_detail", args=[group.pk]))
    record = dict((rating.slug, n) for rating, n in response.context["record"])
    assert record["half-true"] == 1


def test_the_dashboard(client, demo, django_assert_num_queries):
    from django.contrib.auth.models import User

    editor = User.objects.get(username="editor")
    client.force_login(editor)
    response = client.get(reverse("claims:dashboard"))
    counts = dict((status.value, n) for status, n in response.context["counts"])
    assert counts == {
        "new": 4,
        "researching": 1,
        "in_review": 1,
        "published": 2,
        "not_checkable": 1,
    }
    assert [c.status for c in response.context["assigned"]] == ["researching"]
    assert list(response.context["awaiting_review"]) == []  # editors do not review
    reviewer = User.objects.get(username="reviewer")
    client.force_login(reviewer)
    response = client.get(reverse("claims:dashboard"))
    assert [c.status for c in response.context["awaiting_review"]] == ["in_review"]
    assert len(response.context["recent"]) == 15
    # 1 session, 2 user, 3-4 permissions, 5 counts by status, 6 the header's
    # unread count, 7 the user's groups, 8 assigned, 9 awaiting review, 10
    # revisit due, 11 recent events, 12 the saved views to count (none here).
    with django_assert_num_queries(12):
        client.get(reverse("claims:dashboard"))


def test_date_ranges_have_a_label_for_each_input(client, demo):
    client.force_login(demo)
    html = client.get(reverse("claims:claim_list")).content.decode()
    for part in ("id_article_date_0", "id_article_date_1"):
        assert f'for="{part}"' in html and f'id="{part}"' in html
    assert 'for=""' not in html
