"""Hostile tests of issue 13's pages and services: revised articles, the diff,
?revision=N and ?on=, Anchor checked, claim links, similar claims, the vault.
Each test here failed before the fix committed with it."""

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from diff_match_patch import diff_match_patch
from django.urls import reverse

from claims import anchoring, services
from claims.anchoring import OCCURRENCES_SCORED, Outcome, Reanchorer, occurrences_near
from claims.diffing import OVERLAP_STEPS, BoundedDiffMatchPatch
from claims.models import ArticleFetch
from claims.revision_diff import text_diff
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


class FakeClock:
    """time.time advancing a millisecond each time it is read."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        self.now += 0.001
        return self.now


@pytest.fixture
def half_match_places(monkeypatch) -> list[int]:
    """How many places diff-match-patch's half-match speedup measured, on a clock
    that passes 1 ms each time it is read (no test here waits on a real one)."""
    monkeypatch.setattr(time, "time", FakeClock())
    measured = [0]
    measure = diff_match_patch.diff_commonSuffix

    def counted(self, text1: str, text2: str) -> int:
        measured[0] += 1
        return measure(self, text1, text2)

    monkeypatch.setattr(diff_match_patch, "diff_commonSuffix", counted)
    return measured


# "abab…" against "baba…": a quarter of one occurs at every other character of
# the other. Measuring each was quadratic and never read the clock: 490,000
# characters took 280 s on the diff page and in article_revise (under its locks).
REPETITIVE = ("ab" * 10_000, "ba" * 10_000)


def test_the_diff_page_keeps_to_its_deadline_on_repetitive_text(half_match_places):
    diff = text_diff(*REPETITIVE)
    assert half_match_places[0] < 2_000  # 1 s of the fake clock; 10,000 before
    assert diff.changed and diff.added <= len(REPETITIVE[1])


def test_reanchoring_keeps_to_its_deadline_on_repetitive_text(half_match_places):
    anchor = Reanchorer(*REPETITIVE).reanchor(100, 140)
    assert half_match_places[0] < 2_000  # 0.5 s of the fake clock; 10,000 before
    assert anchor.outcome == Outcome.MOVED and anchor.text == REPETITIVE[0][100:140]


def test_the_semantic_cleanup_stops_its_overlap_search_on_periodic_text():
    # Each step of diff_commonOverlap's search advanced one character on
    # "abab…"/"baba…" and searched the whole text: quadratic, with no deadline.
    old, new = REPETITIVE
    overlap = BoundedDiffMatchPatch(1.0).diff_commonOverlap(old, new)
    assert 0 < overlap <= 2 * OVERLAP_STEPS  # the library's answer: 19,999, 10,000 steps on
    assert old.endswith(new[:overlap])  # shorter, and still an overlap


def test_reanchoring_scores_a_bounded_number_of_occurrences(monkeypatch):
    # Every occurrence of a span's words was scored: 490,000 characters of
    # "abcabc…" took 7 s a span (300 spans: 35 min under the revision's locks).
    scored = [0]
    score = anchoring.context_agreement

    def counted(text: str, quote: anchoring.TextQuote, at: int) -> int:
        scored[0] += 1
        return score(text, quote, at)

    monkeypatch.setattr(anchoring, "context_agreement", counted)
    old, new = "abc" * 20_000, "bca" * 20_000
    anchor = Reanchorer(old, new).reanchor(30_000, 30_040)
    assert scored[0] <= OCCURRENCES_SCORED  # 19,986 before
    assert anchor.outcome == Outcome.MOVED and anchor.text == old[30_000:30_040]


def test_occurrences_near_are_every_occurrence_nearest_first_when_few():
    text = "said, he said; they said it: said"
    assert occurrences_near(text, "said", 14, 10) == [9, 20, 0, 29]
    assert occurrences_near(text, "said", 14, 2) == [9, 20]
