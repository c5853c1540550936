"""The API's articles: the list, one article, adding one by its text or its URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Article, ArticleFetch, Outlet
from tests.api.conftest import token_client
from tests.conftest import SECOND_OUTLET_BODY

LIST = "/api/v1/articles/"
IMPORTS = "/api/v1/articles/imports/"


def test_it_lists_articles_newest_first_without_their_text(article, second_outlet_claims, viewer):
    response = token_client(viewer).get(LIST)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [second_outlet_claims.article.pk, article.pk]
    assert rows[0]["outlet"] == "Dawn" and rows[0]["claim_count"] == 2
    assert "body" not in rows[0]


def test_it_filters_articles_as_the_article_list_does(article, second_outlet_claims, viewer):
    api = token_client(viewer)

    by_outlet = api.get(LIST, {"outlet": second_outlet_claims.outlet.pk}).json()["results"]
    by_date = api.get(LIST, {"published_before": "2025-05-31"}).json()["results"]

    assert [row["id"] for row in by_outlet] == [second_outlet_claims.article.pk]
    assert [row["id"] for row in by_date] == [article.pk]


def test_it_refuses_a_bad_filter_naming_it(viewer, db):
    response = token_client(viewer).get(LIST, {"claim_status": "lost"})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["claim_status"]


def test_the_list_runs_the_same_queries_whatever_it_holds(
    article, second_outlet_claims, viewer, django_assert_num_queries
):
    api = token_client(viewer)
    api.get(LIST)  # warm-up: the token's last_used_at is written on its first request
    # 1 the token (with its user), 2 the user's permissions, 3 their groups'
    # permissions, 4 the page of articles with their outlets and tallies.
    with django_assert_num_queries(4):
        assert len(api.get(LIST).json()["results"]) == 2


def test_it_shows_one_article_with_its_text(article, viewer):
    response = token_client(viewer).get(reverse("api:article_detail", args=[article.pk]))

    assert response.status_code == 200
    assert response.json()["body"] == article.body
    assert response.json()["title"] == "PTI dialogue"


@pytest.mark.parametrize("article_id", [999_999, 2**63, 2**70])
def test_it_answers_404_for_an_article_that_is_not_there(viewer, db, article_id):
    response = token_client(viewer).get(f"{LIST}{article_id}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_it_creates_an_article_from_its_text(editor):
    response = token_client(editor).post(
        LIST,
        {"body": SECOND_OUTLET_BODY, "outlet": "Dawn", "published_on": "2025-06-02"},
        format="json",
    )

    assert response.status_code == 201
    article = Article.objects.get()
    assert response["Location"] == reverse("api:article_detail", args=[article.pk])
    assert response.json()["id"] == article.pk
    assert article.body == SECOND_OUTLET_BODY and article.created_by == editor
    assert article.outlet == Outlet.objects.get(name="Dawn")
    assert str(article.published_on) == "2025-06-02"


def test_the_same_text_again_answers_200_with_the_first_article(editor):
    api = token_client(editor)
    first = api.post(LIST, {"body": SECOND_OUTLET_BODY}, format="json").json()

    again = api.post(LIST, {"body": SECOND_OUTLET_BODY + "\n"}, format="json")

    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"body": ""}, 400, "body"),
        ({"body": "Text\x00with a NUL"}, 400, "body"),
        ({"body": "Text", "url": "ftp://example.org/x"}, 400, "url"),
        ({"body": "Text", "published_on": "0001-01-01"}, 400, "published_on"),
        ({"body": "Text", "title": "t" * 501}, 400, "title"),
        ({"body": ["a list"]}, 400, "body"),
        ({"body": "   "}, 422, None),
    ],
)
def test_it_refuses_an_article_it_cannot_store(editor, body, status, field):
    response = token_client(editor).post(LIST, body, format="json")

    assert response.status_code == status
    if field:
        assert field in [e["field"] for e in response.json()["errors"]]
    assert not Article.objects.exists()


def test_a_viewer_cannot_add_articles(viewer):
    response = token_client(viewer).post(LIST, {"body": SECOND_OUTLET_BODY}, format="json")

    assert response.status_code == 403
    assert not Article.objects.exists()


def test_an_outsider_and_a_stranger_cannot_read_articles(outsider, client):
    assert token_client(outsider).get(LIST).status_code == 403
    assert client.get(LIST).status_code == 401


def test_it_imports_an_article_from_its_url(
    editor, pages_url, fetch_private, django_capture_on_commit_callbacks
):
    api = token_client(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(IMPORTS, {"url": f"{pages_url}/article"}, format="json")

    assert response.status_code == 202
    fetch = ArticleFetch.objects.get()
    assert response["Location"] == f"/api/v1/articles/imports/{fetch.pk}/"
    assert response.json()["state"] == "queued"
    status = api.get(response["Location"]).json()
    article = Article.objects.get()
    assert (status["state"], status["reason"], status["article"]) == ("done", "", article.pk)
    assert article.title == "Council delays harbour dredging vote as cost estimate doubles"
    assert article.created_by == editor


def test_an_import_that_fails_says_why(
    editor, pages_url, fetch_private, django_capture_on_commit_callbacks
):
    api = token_client(editor)
    with django_capture_on_commit_callbacks(execute=True):
        location = api.post(IMPORTS, {"url": f"{pages_url}/plain"}, format="json")["Location"]

    status = api.get(location).json()
    assert (status["state"], status["reason"], status["article"]) == ("failed", "not_html", None)
    assert "text/plain" in status["message"]


def test_only_the_requester_may_follow_an_import(
    editor, other_editor, pages_url, fetch_private, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(editor).post(
            IMPORTS, {"url": f"{pages_url}/article"}, format="json"
        )

    assert token_client(other_editor).get(response["Location"]).status_code == 403


def test_it_refuses_an_import_of_no_url_or_by_a_viewer(editor, viewer):
    refused = token_client(editor).post(IMPORTS, {"url": "not a url"}, format="json")
    viewer_refused = token_client(viewer).post(
        IMPORTS, {"url": "https://example.org/"}, format="json"
    )

    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "url"
    assert viewer_refused.status_code == 403
    assert not ArticleFetch.objects.exists()


def test_an_article_sent_through_the_api_or_pasted_keeps_where_its_text_came_from(editor, client):
    token_client(editor).post(
        "/api/v1/articles/", {"body": "The minister said the dam will open in May."}, format="json"
    )
    client.force_login(editor)
    client.post(reverse("claims:article_paste"), {"body": "The mayor said the bridge is safe."})

    sources = {
        article.body[:12]: article.revisions.get().source
        for article in Article.objects.prefetch_related("revisions")
    }
    assert sources == {"The minister": "api", "The mayor sa": "paste"}
