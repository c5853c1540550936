"""Hostile tests of issue 13's pages and services: revised articles, the diff,
?revision=N and ?on=, Anchor checked, claim links, similar claims, the vault.
Each test here failed before the fix committed with it."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from claims import services
from claims.models import ArticleFetch
from tests.pages_server import PAGES


@pytest.mark.parametrize("number", ["²", "١", "₁", "1²"])
def test_it_refuses_a_revision_number_that_is_not_ascii_digits(client, article, editor, number):
    # "²".isdigit() is true and int("²") raises: both pages answered 500.
    client.force_login(editor)
    diff = reverse("claims:article_revision_diff", args=[article.pk])
    assert client.get(diff, {"revision": number}).status_code == 404
    response = client.get(article.get_absolute_url(), {"revision": number})
    assert response.status_code == 200
    assert "is not a revision of this article" in response.content.decode()


class OddLengthPage(BaseHTTPRequestHandler):
    """The shared article's page with ``Content-Length: ²`` (byte 0xB2)."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "\u00b2")
        self.end_headers()
        self.wfile.write((PAGES / "pti-dialogue.html").read_bytes())
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def odd_length_url(fetch_private) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), OddLengthPage)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/story"
    server.shutdown()
    server.server_close()


def test_a_check_for_updates_survives_a_content_length_that_is_not_a_number(
    client, article, editor, odd_length_url, django_capture_on_commit_callbacks
):
    # "²".isdigit() is true and int("²") raises: the check failed with
    # "An unexpected error" and the page that ran it eagerly answered 500.
    article.url = odd_length_url
    services.article_update(article=article, by=editor)
    client.force_login(editor)
    url = reverse("claims:article_refetch", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    fetch = ArticleFetch.objects.get(article=article, purpose="update")
    assert (fetch.state, fetch.reason) == ("done", "unchanged")
