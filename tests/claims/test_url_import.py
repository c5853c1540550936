"""Importing an article from a URL: the request, the task, the progress page."""

import pytest
from django.urls import reverse

from claims.importing import article_fetch_request, article_fetch_run
from claims.models import Article, ArticleFetch, Outlet


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
