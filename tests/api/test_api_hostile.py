"""What a hostile or careless client sent the live API, and what it must answer:
a problem (2xx or a documented 4xx), never a 500 or an HTML page."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.urls import reverse

from api import webhook_http
from api.services.tokens import token_create
from claims.models import Claim
from tests.api.conftest import token_client


def detail(claim: Claim) -> str:
    return reverse("api:claim_detail", args=[claim.pk])


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    return body


# -- bodies


@pytest.mark.parametrize(
    "nested", ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000]
)
def test_it_refuses_deeply_nested_json_as_a_problem(claim, editor, nested):
    response = token_client(editor).generic(
        "PATCH", detail(claim), nested, content_type="application/json"
    )

    body = assert_problem(response, 400)
    assert "nested" in body["detail"]
    claim.refresh_from_db()
    assert claim.version == 1


def test_it_refuses_a_body_past_the_upload_limit_as_a_problem(settings, editor):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = json.dumps({"title": "Long", "body": "x" * 2000})

    response = token_client(editor).post(
        reverse("api:article_list"), payload, content_type="application/json"
    )

    body = assert_problem(response, 413)
    assert "1000 bytes" in body["detail"]


# -- versions


@pytest.mark.parametrize("if_match", ['"{pk}-' + "9" * 5000 + '"', '"{pk}-²"', '"{pk}-١"'])
def test_it_reads_an_if_match_it_cannot_parse_as_stale(claim, editor, if_match):
    response = token_client(editor).patch(
        detail(claim),
        {"statement": "Changed"},
        format="json",
        HTTP_IF_MATCH=if_match.format(pk=claim.pk),
    )

    assert_problem(response, 409)
    claim.refresh_from_db()
    assert claim.statement != "Changed"


# -- NUL characters


@pytest.mark.parametrize(
    "field", ["assignee", "rating", "reviewer"], ids=["edit", "verdict", "move"]
)
def test_it_refuses_a_nul_in_a_name_or_slug_as_a_field_error(claim, editor, field):
    address, body = {
        "assignee": (detail(claim), {"assignee": "erin\x00"}),
        "rating": (reverse("api:claim_verdict", args=[claim.pk]), {"rating": "true\x00"}),
        "reviewer": (
            reverse("api:claim_moves", args=[claim.pk]),
            {"to": "researching", "reviewer": "rafa\x00"},
        ),
    }[field]
    api = token_client(editor)

    response = api.generic(
        "PATCH" if field == "assignee" else "POST",
        address,
        json.dumps({**body, "version": claim.version, "note": "n"}),
        content_type="application/json",
    )

    body = assert_problem(response, 400)
    assert [e["field"] for e in body["errors"]] == [field]


def test_it_refuses_a_nul_in_the_query_as_a_problem(claim, viewer):
    response = token_client(viewer).get(reverse("api:claim_list") + "?q=%00")

    body = assert_problem(response, 400)
    assert "NUL" in body["detail"]


def test_pages_still_refuse_a_nul_as_plain_text(client, viewer):
    client.force_login(viewer)

    response = client.get(reverse("claims:claim_list") + "?q=%00")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


# -- forged cursors


def forged(position: str, offset: int = 0) -> str:
    raw = f"o={offset}&p={position}" if offset else f"p={position}"
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize("position", ["abc", "\x00", "2026-13-01", "9" * 30, "1e5"])
@pytest.mark.parametrize(
    "list_name", ["api:claim_list", "api:article_list", "api:source_list", "api:claimreview_feed"]
)
def test_it_answers_a_forged_cursor_with_404(claim, reviewer, list_name, position):
    response = token_client(reviewer).get(reverse(list_name), {"cursor": forged(position)})

    body = assert_problem(response, 404)
    assert body["detail"] == "Invalid cursor"


def test_it_still_follows_a_cursor_it_made(article, editor, reviewer):
    from tests.conftest import claim_at

    made = [claim_at(article, word, editor) for word in ("PTI", "government", "Adiala")]
    api = token_client(reviewer)

    first = api.get(reverse("api:claim_list"), {"page_size": 2}).json()
    second = api.get(first["next"]).json()

    assert [c["id"] for c in first["results"] + second["results"]] == [c.pk for c in reversed(made)]


# -- webhooks


@contextmanager
def dripping_receiver(seconds_a_byte: float) -> Iterator[str]:
    """A server that reads the request, then answers one byte at a time, slowly."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def serve() -> None:
        connection, _ = server.accept()
        connection.recv(65536)
        try:
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
                connection.send(bytes([byte]))
                time.sleep(seconds_a_byte)
        except OSError:
            pass  # the client hung up: what the test wants
        finally:
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    finally:
        server.close()


def test_a_receiver_that_drips_its_answer_is_cut_off_at_the_timeout():
    with dripping_receiver(0.2) as url:
        started = time.monotonic()
        answer = webhook_http.post(url, b"{}", {}, timeout=1, allow_private=True)
        took = time.monotonic() - started

    assert answer.status_code is None
    assert answer.error
    assert took < 5  # timeout, grace and a busy machine; 41 s if each read had its own timeout


# -- rate limit


def test_new_tokens_do_not_lift_a_users_rate_limit(settings, claim, viewer):
    settings.API_THROTTLE_RATE = "3/min"
    settings.API_THROTTLE_RATE_PER_USER = "5/min"
    answers = []
    for number in range(7):
        secret = token_create(user=viewer, name=f"fresh {number}").secret
        answers.append(token_client_with(secret).get(detail(claim)).status_code)

    assert answers == [200] * 5 + [429] * 2


def token_client_with(secret: str):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client
