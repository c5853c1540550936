"""Importing an article from a URL: the request, the task, the progress page."""

import pytest
from django.urls import reverse

from claims.models import Article, ArticleFetch, Outlet
from claims.services.imports import article_fetch_request, article_fetch_run


@pytest.fixture
def fetch_now(django_capture_on_commit_callbacks):
    """Request a fetch and let its task run, as a worker would once committed."""

    def request(url, by, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            fetch = article_fetch_request(url=url, by=by, **kwargs)
        return ArticleFetch.objects.get(pk=fetch.pk)

    return request


def test_it_imports_the_article_with_its_metadata(editor, pages_url, fetch_private, fetch_now):
    fetch = fetch_now(f"{pages_url}/article", editor)
    assert (fetch.state, fetch.reason) == ("done", "")
    article = fetch.article
    assert article.title == "Council delays harbour dredging vote as cost estimate doubles"
    assert article.byline == "Marta Lindqvist"
    assert str(article.published_on) == "2025-03-14"
    assert article.url == f"{pages_url}/article"
    assert "contaminated silt covered a wider area" in article.body
    assert article.outlet == Outlet.objects.get(name="The Harbour Ledger")
    assert article.created_by == editor


def test_the_same_url_or_text_twice_is_one_article(editor, pages_url, fetch_private, fetch_now):
    first = fetch_now(f"{pages_url}/article", editor)
    again = fetch_now(f"{pages_url}/article", editor)
    assert (again.state, again.reason, again.article) == ("done", "duplicate", first.article)
    same_text = fetch_now(f"{pages_url}/article?utm_source=x", editor)
    assert (same_text.reason, same_text.article) == ("duplicate", first.article)
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "reason", "message"),
    [
        ("/plain", "not_html", "text/plain"),
        ("/missing", "http_error", "404"),
        ("/boilerplate", "nothing_extractable", ""),
    ],
)
def test_a_page_that_cannot_be_used_says_why(
    editor, pages_url, fetch_private, fetch_now, path, reason, message
):
    fetch = fetch_now(f"{pages_url}{path}", editor)
    assert (fetch.state, fetch.reason) == ("failed", reason)
    assert message in fetch.message
    assert not Article.objects.exists()


def test_loopback_is_refused_unless_allowed(editor, pages_url, fetch_now):
    fetch = fetch_now(f"{pages_url}/article", editor)
    assert (fetch.state, fetch.reason) == ("failed", "forbidden_address")
    assert not Article.objects.exists()


def test_running_a_finished_fetch_again_changes_nothing(
    editor, pages_url, fetch_private, fetch_now
):
    fetch = fetch_now(f"{pages_url}/article", editor)
    again = article_fetch_run(fetch_id=fetch.pk)
    assert (again.state, again.article) == ("done", fetch.article)
    assert Article.objects.count() == 1


def test_only_http_urls_are_accepted(client, editor):
    client.force_login(editor)
    response = client.post(reverse("claims:article_fetch_new"), {"url": "ftp://example.org/a"})
    assert response.status_code == 400
    assert not ArticleFetch.objects.exists()


def test_the_progress_page_polls_until_done(
    client, editor, other_editor, pages_url, fetch_private, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("claims:article_fetch_new"), {"url": f"{pages_url}/article"})
    fetch = ArticleFetch.objects.get()
    assert response["Location"] == fetch.get_absolute_url()
    waiting = client.get(fetch.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Waiting for a worker" in waiting
    for callback in callbacks:
        callback()
    done = client.get(fetch.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert "Council delays harbour dredging vote" in done
    client.force_login(other_editor)  # someone else's import is not theirs to watch
    assert client.get(fetch.get_absolute_url()).status_code == 403


def test_a_fetch_in_progress_is_not_run_twice(editor, pages_url, fetch_private):
    fetch = ArticleFetch.objects.create(
        url=f"{pages_url}/article", requested_by=editor, state=ArticleFetch.State.FETCHING
    )
    assert article_fetch_run(fetch_id=fetch.pk).state == "fetching"
    assert not Article.objects.exists()


def test_a_fetch_abandoned_by_a_dead_worker_is_taken_over(editor, pages_url, fetch_private):
    from datetime import timedelta

    from django.utils import timezone

    fetch = ArticleFetch.objects.create(
        url=f"{pages_url}/article", requested_by=editor, state=ArticleFetch.State.FETCHING
    )
    long_ago = timezone.now() - timedelta(hours=1)
    ArticleFetch.objects.filter(pk=fetch.pk).update(updated_at=long_ago)
    assert article_fetch_run(fetch_id=fetch.pk).state == "done"
    assert Article.objects.count() == 1


def test_two_imports_of_the_same_page_at_once_end_as_one_article(
    editor, pages_url, fetch_private, monkeypatch
):
    from django.db import IntegrityError

    from claims import services
    from claims.fetching import extract_article, fetch_page
    from claims.services import imports as importing

    url = f"{pages_url}/article"
    extracted = extract_article(fetch_page(url, importing.fetch_limits()))
    # The other run committed the same text a moment ago, after this run's
    # checks: this run's insert then hits the unique index.
    winner = services.article_create(body=extracted.body, by=editor).article

    def insert_loses(*args):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(importing, "_create_article", insert_loses)
    fetch = ArticleFetch.objects.create(url=url, requested_by=editor)
    fetch = article_fetch_run(fetch_id=fetch.pk)
    assert (fetch.state, fetch.reason, fetch.article) == ("done", "duplicate", winner)
    assert Article.objects.count() == 1
