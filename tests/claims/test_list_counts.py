"""The articles and sources lists: counts for the page's rows only, and a capped total."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from claims.models import Article, Attribution, Claim, Source
from claims.views import common
from claims.views.articles import anonymous_only_counts
from tests.conftest import make_user, recount_tallies


def listed(response):
    return list(response.context["page"])


def article_with_claims(title: str, sourcings: list[str]) -> Article:
    """An article with one claim per entry, each claim's sourcing as given."""
    article = Article.objects.create(title=title, body="Prices rose.", body_hash=title)
    for n, sourcing in enumerate(sourcings):
        Claim.objects.create(
            article=article,
            start=0,
            end=6,
            quote="Prices",
            statement=f"{title} {n}",
            sourcing=sourcing,
        )
    recount_tallies()
    return article


def test_it_counts_each_articles_claims(client, editor):
    busy = article_with_claims("Busy", ["anonymous", "anonymous", "named"])
    single = article_with_claims("Single", ["named"])
    empty = article_with_claims("Empty", [])
    client.force_login(editor)
    rows = {a.pk: a for a in listed(client.get(reverse("claims:article_list")))}
    assert (rows[busy.pk].claim_count, rows[busy.pk].anonymous_only_count) == (3, 2)
    assert (rows[single.pk].claim_count, rows[single.pk].anonymous_only_count) == (1, 0)
    assert (rows[empty.pk].claim_count, rows[empty.pk].anonymous_only_count) == (0, 0)


def test_it_still_sorts_articles_by_their_number_of_claims(client, editor):
    article_with_claims("Two", ["named", "named"])
    article_with_claims("None", [])
    article_with_claims("One", ["named"])
    client.force_login(editor)
    url = reverse("claims:article_list")
    assert [a.claim_count for a in listed(client.get(url, {"order": "-claims"}))] == [2, 1, 0]
    assert [a.claim_count for a in listed(client.get(url, {"order": "claims"}))] == [0, 1, 2]


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", stdout=StringIO())
    return make_user("desk", "Reviewers")


def test_it_counts_each_sources_attributions(client, demo):
    silent = Source.objects.create(name="Never quoted", name_key="never quoted")
    client.force_login(demo)
    rows = {s.pk: s for s in listed(client.get(reverse("claims:source_list")))}
    assert (rows[silent.pk].claim_count, rows[silent.pk].published_count) == (0, 0)
    assert rows[silent.pk].anonymous_count == 0
    # Every other source's row agrees with its attributions, counted one by one.
    for source in Source.objects.exclude(pk=silent.pk):
        attributions = Attribution.objects.filter(source=source)
        expected = (
            attributions.count(),
            attributions.filter(claim__status="published").count(),
            attributions.filter(sourcing="anonymous").count(),
        )
        row = rows[source.pk]
        assert (row.claim_count, row.published_count, row.anonymous_count) == expected
    counts = {(s.claim_count, s.published_count, s.anonymous_count) for s in rows.values()}
    assert len(counts) > 2  # the demo's sources differ, so a mix-up would show


def test_it_says_more_than_what_it_counted(client, editor, monkeypatch):
    monkeypatch.setattr(common, "COUNT_AHEAD", 5)  # page 1 of 25 counts up to 30 rows
    for n in range(32):
        article_with_claims(f"A{n}", [])
    client.force_login(editor)
    response = client.get(reverse("claims:article_list"))
    paginator = response.context["page"].paginator
    assert paginator.capped and paginator.count == 30
    assert len(listed(response)) == 25
    assert "more than 30 in all (not counted further)" in response.content.decode()


def test_it_gives_the_exact_total_under_the_cap(client, editor):
    for n in range(30):
        article_with_claims(f"A{n}", [])
    client.force_login(editor)
    html = client.get(reverse("claims:article_list")).content.decode()
    assert "Page 1 of 2 · 30 in all" in html and "more than" not in html


def plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plan")
def test_the_article_pages_counts_read_claims_through_an_index(db):
    articles = Article.objects.bulk_create(
        Article(title=f"A{n}", body="Prices rose.", body_hash=f"h{n}") for n in range(400)
    )
    Claim.objects.bulk_create(
        Claim(article=article, start=0, end=6, quote="Prices", statement=f"{article.pk} {n}")
        for article in articles
        for n in range(10)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_article")
        cursor.execute("ANALYZE claims_claim")
        page_ids = [a.pk for a in articles[:25]]
        sql, params = anonymous_only_counts(page_ids).query.sql_with_params()
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    nodes = list(plan_nodes(plan[0]["Plan"]))
    on_claims = [n for n in nodes if n.get("Relation Name") == "claims_claim"]
    assert on_claims, nodes
    # An index scan or a bitmap heap scan (fed by an index): either way not the table.
    assert all(n["Node Type"] != "Seq Scan" for n in on_claims), on_claims


def sorted_plan(queryset) -> list[dict]:
    """The plan's nodes for ``queryset`` when sorting is made as costly as it gets:
    a Sort node is left only if no index hands the rows over in order."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return list(plan_nodes(plan[0]["Plan"]))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plan")
def test_articles_by_claims_and_a_sources_claims_come_in_index_order(client, demo):
    from claims.filters import ArticleFilter

    by_claims = ArticleFilter({"order": "-claims"}, queryset=Article.objects.all()).qs[:25]
    nodes = sorted_plan(by_claims)
    assert not [n for n in nodes if "Sort" in n["Node Type"]], nodes
    assert "article_tally_count_idx" in {n.get("Index Name") for n in nodes}

    source = Source.objects.get(name="Barrister Mohammad Ali Saif")
    newest = Claim.objects.filter(attributions__source=source).order_by("-id")[:50]
    nodes = sorted_plan(newest)
    assert not [n for n in nodes if "Sort" in n["Node Type"]], nodes
    assert "attribution_source_claim_idx" in {n.get("Index Name") for n in nodes}


# -- the claims list with its selection and saved views


def test_the_claims_list_with_selection_and_saved_views_runs_a_constant_number_of_queries(
    client, editor, other_editor, django_assert_num_queries
):
    from desk.services.saved_views import saved_view_create

    article = article_with_claims("Many", ["named"] * 80)
    Claim.objects.filter(article=article).update(assignee=other_editor)
    for n in range(15):
        saved_view_create(name=f"Mine {n}", query="status=new", shared=n % 2 == 0, by=editor)
        saved_view_create(name=f"Theirs {n}", query="kind=factual", shared=True, by=other_editor)
    client.force_login(editor)
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the saved views'
    # menu (own and shared, with their owners), 6 the action bar's colleagues,
    # 7 the capped count, 8 the page's ids (a subquery) and rows, 9-11 the
    # filter form's ratings, outlets and users, 12 the header's unread count,
    # 13 the user's groups in the header.
    with django_assert_num_queries(13):
        response = client.get(reverse("claims:claim_list"))
    html = response.content.decode()
    assert len(listed(response)) == 50
    assert html.count('name="claim" value=') == 50  # a checkbox a row
    assert html.count("Assign to me</button>") == 50  # none is the editor's yet
    assert "Mine 14" in html and "Theirs 14" in html and "shared by eddie" in html
    assert len(response.context["saved_views"]) == 30
