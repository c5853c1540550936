"""Search: the stored vectors the services keep, what the lists and the admin find with
them, and the queries a search page runs."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Article, Claim
from claims.record import check_record
from claims.search import ARTICLE_SEARCH_FIELDS, CLAIM_SEARCH_FIELDS, vector_is_current
from tests.conftest import INSTRUCTION, claim_at, make_user, span_of

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the vectors are PostgreSQL's"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's fallback")


def current(model: type, fields: tuple[str, ...], pk: int) -> bool:
    """Whether the row's stored vector is set and is the one its text gives now."""
    row = model.objects.filter(pk=pk).alias(current=vector_is_current(fields))
    return row.filter(current=True, search_vector__isnull=False).exists()


def claims_matching(words: str) -> set[int]:
    query = SearchQuery(words, config="english", search_type="websearch")
    return set(Claim.objects.filter(search_vector=query).values_list("pk", flat=True))


def breaks() -> list[tuple[int, str, str]]:
    return [(v.claim_id, v.rule, v.detail) for v in check_record()]


# -- the services keep the vectors


@on_postgresql
def test_it_stores_a_captured_claims_vector(article, editor):
    claim = services.claim_capture(
        article=article,
        span=span_of(article, INSTRUCTION),
        by=editor,
        statement="Khan asked Saif to explore dialogue",
    )
    assert current(Claim, CLAIM_SEARCH_FIELDS, claim.pk)
    assert claims_matching("explore dialogue") == {claim.pk}  # statement
    assert claims_matching("instructed") == {claim.pk}  # quote


@on_postgresql
def test_it_rewrites_the_vector_with_an_edited_statement(claim, editor):
    services.claim_edit(
        claim=claim,
        by=editor,
        version=claim.version,
        statement="Khan wants talks with the government",
        kind=claim.kind,
        revisit_on=None,
        assignee=None,
    )
    assert current(Claim, CLAIM_SEARCH_FIELDS, claim.pk)
    assert claims_matching("government") == {claim.pk}
    # Words of the quote still match: only the statement changed.
    assert claims_matching("Barrister") == {claim.pk}


@on_postgresql
def test_it_keeps_the_vector_when_other_fields_change(claim, editor):
    services.claim_update(claim=claim, by=editor, version=claim.version, kind="opinion")
    services.claim_transition(claim=claim, to="researching", by=editor, version=claim.version)
    assert current(Claim, CLAIM_SEARCH_FIELDS, claim.pk)


@on_postgresql
def test_it_stores_an_articles_vector_and_follows_a_new_title(editor):
    article = services.article_create(
        body="The budget deficit widened to 7 percent.", by=editor, title="Deficit widens"
    ).article
    assert current(Article, ARTICLE_SEARCH_FIELDS, article.pk)
    article = Article.objects.get(pk=article.pk)
    article.title = "Treasury misses its target"
    services.article_update(article=article, by=editor)
    assert current(Article, ARTICLE_SEARCH_FIELDS, article.pk)
    query = SearchQuery("treasury", config="english")
    assert list(Article.objects.filter(search_vector=query)) == [article]


@on_sqlite
def test_it_leaves_the_vectors_empty_on_sqlite(claim):
    assert Claim.objects.get(pk=claim.pk).search_vector is None
    assert Article.objects.get(pk=claim.article_id).search_vector is None
    assert check_record() == []


# -- check_record catches a vector that does not follow its text


@on_postgresql
def test_check_record_catches_a_claims_stale_vector(claim):
    Claim.objects.filter(pk=claim.pk).update(statement="Reworded behind the services' back")
    stale = "the stored search vector is not the one its statement and quote give"
    assert (claim.pk, "search vector", stale) in breaks()


@on_postgresql
def test_check_record_catches_a_missing_vector(claim):
    Claim.objects.filter(pk=claim.pk).update(search_vector=None)
    assert [(pk, rule) for pk, rule, _ in breaks()] == [(claim.pk, "search vector")]


@on_postgresql
def test_check_record_catches_an_articles_stale_vector(claim):
    Article.objects.filter(pk=claim.article_id).update(title="Retitled behind their back")
    stale = "its article's stored search vector is not the one the title and body give"
    assert breaks() == [(claim.pk, "search vector", stale)]


# -- the lists and the admin search


@pytest.fixture
def demo(db) -> User:
    call_command("load_demo", "--force", stdout=StringIO())
    return make_user("desk", "Reviewers")


def test_the_claims_list_finds_words_in_the_statement_or_the_quote(client, demo):
    client.force_login(demo)
    claim = Claim.objects.exclude(statement="").first()
    word = max(claim.quote.split(), key=len).strip(".,;:“”\"'")
    found = client.get(reverse("claims:claim_list"), {"q": word}).context["page"]
    assert claim in list(found)
    assert all(word.lower() in (c.quote + c.statement).lower() for c in found)


def test_the_admin_searches_statements_and_quotes_without_duplicates(client, demo):
    client.force_login(demo)
    # "negotiations" is in two quotes; one of them has two sources, which the old
    # search (joined through attributions) listed twice unless made DISTINCT.
    response = client.get(reverse("admin:claims_claim_changelist"), {"q": "negotiations"})
    listed = list(response.context["cl"].result_list)
    assert len(listed) == len({c.pk for c in listed}) == 2
    assert all("negotiations" in c.quote or "negotiations" in c.statement for c in listed)


def test_the_admin_says_where_a_sources_claims_are(client, demo):
    client.force_login(demo)
    html = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "Words in the statement or the quote." in html


def test_the_claims_list_with_a_search_runs_a_constant_number_of_queries(
    client, demo, django_assert_num_queries
):
    client.force_login(demo)
    article = Article.objects.get()
    for n in range(60):
        claim_at(article, INSTRUCTION, demo, statement=f"Dialogue wanted, take {n}")
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the saved views'
    # menu, 6 the action bar's colleagues, 7-8 the sources and outlets named
    # so (none), 9 count, 10 the page of claims with article, outlet, rating
    # and assignee, 11-13 the filter form's ratings, outlets and users, 14 the
    # header's unread count, 15 the user's groups in the header.
    with django_assert_num_queries(15):
        response = client.get(reverse("claims:claim_list"), {"q": "wanted"})
    assert len(response.context["page"]) == 50
    assert "Page 1 of 2" in response.content.decode()


def test_the_admin_search_runs_a_constant_number_of_queries(
    client, demo, django_assert_num_queries
):
    client.force_login(demo)
    changelist = reverse("admin:claims_claim_changelist")
    client.get(changelist)  # warm the content-type cache
    article = Article.objects.get()
    for n in range(60):
        claim_at(article, INSTRUCTION, demo, statement=f"Dialogue wanted, take {n}")
    # 1 session, 2 user, 3-4 permissions (user, group), 5-7 ratings, outlets
    # and users for the filters, 8 the count, 9 the page of claims.
    with django_assert_num_queries(9):
        response = client.get(changelist, {"q": "wanted"})
    assert response.context["cl"].result_count == 60


def test_a_search_reads_its_page_with_a_whole_pages_limit(client, demo):
    """Two claims found, still LIMIT 50: a LIMIT of exactly the rows counted makes the
    planner walk the list's order index instead of the search index (see
    CappedCountPaginator.page)."""
    client.force_login(demo)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("claims:claim_list"), {"q": "negotiations"})
    assert len(response.context["page"]) == 2
    # The page's ids are picked first (IdsFirstPaginator), in the list's order.
    # (The subquery's alias, U0 or W0, depends on how many subqueries the search nests.)
    pages = [q["sql"] for q in captured if re.search(r'ORDER BY \w0."updated_at" DESC', q["sql"])]
    assert len(pages) == 1 and re.search(r'\w0."id" DESC LIMIT 50\)', pages[0])


@on_postgresql
def test_the_admin_counts_a_search_only_so_far(client, demo, monkeypatch):
    from claims import admin as claims_admin
    from claims.views import common

    # Pages of 2, counted 3 rows past the page: "more than 5".
    monkeypatch.setattr(claims_admin.ClaimAdmin, "list_per_page", 2)
    monkeypatch.setattr(common, "COUNT_AHEAD", 3)
    client.force_login(demo)
    changelist = reverse("admin:claims_claim_changelist")
    article = Article.objects.get()
    for n in range(7):
        claim_at(article, INSTRUCTION, demo, statement=f"Dialogue wanted, take {n}")
    response = client.get(changelist, {"q": "wanted"})
    assert "more than 5 claims (not counted further)" in response.content.decode()
    assert len(response.context["cl"].result_list) == 2  # the page itself is whole
    response = client.get(changelist, {"q": "negotiations"})
    assert response.context["cl"].result_count == 2
    assert "more than" not in response.content.decode()


# -- the claims list also finds claims by their sources and outlets


def found(client, words: str) -> set[int]:
    response = client.get(reverse("claims:claim_list"), {"q": words})
    return {claim.pk for claim in response.context["page"]}


def test_the_claims_list_finds_claims_by_their_sources_name_or_alias(client, claim, editor, viewer):
    # Words in neither the statement nor the quote of any claim.
    source = services.source_find_or_create(name="Zafar Quraishi", kind="person", by=editor)
    source.aliases = "Adviser Zafar\nZQ"
    source.save()
    services.attribution_set(
        claim=claim, source=source, sourcing="named", by=editor, version=claim.version
    )
    other = claim_at(claim.article, "dialogue", editor, statement="Unrelated words")
    client.force_login(viewer)
    assert found(client, "Quraishi") == {claim.pk}
    assert found(client, "adviser zafar") == {claim.pk}  # an alias, any case
    assert other.pk not in found(client, "Zafar")


def test_the_claims_list_finds_claims_by_their_outlet(client, second_outlet_claims, claim, viewer):
    client.force_login(viewer)
    assert found(client, "dawn") == second_outlet_claims.claim_ids


def test_a_search_naming_no_source_or_outlet_looks_them_up_and_nothing_more(
    client, demo, django_assert_num_queries
):
    client.force_login(demo)
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the saved views'
    # menu, 6 the action bar's colleagues, 7 the sources named so, 8 the
    # outlets named so, 9 count, 10 the page, 11-13 the filter form's
    # ratings, outlets and users, 14 the header's unread count, 15 the user's
    # groups in the header.
    with django_assert_num_queries(15):
        response = client.get(reverse("claims:claim_list"), {"q": "negotiations"})
    assert len(response.context["page"]) == 2
