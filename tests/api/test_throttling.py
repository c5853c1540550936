"""The rate limit: per token, per user for the browser session; past it, 429."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import token_client


@pytest.fixture
def three_a_minute(settings) -> None:
    settings.API_THROTTLE_RATE = "3/min"


def detail(claim) -> str:
    return reverse("api:claim_detail", args=[claim.pk])


def session_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_refuses_the_fourth_request_of_a_token_with_retry_after(three_a_minute, claim, viewer):
    api = token_client(viewer)
    served = [api.get(detail(claim)).status_code for _ in range(3)]

    response = api.get(detail(claim))

    assert served == [200, 200, 200]
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["status"] == 429
    assert response.json()["title"] == "Too many requests"
    assert response.json()["instance"] == detail(claim)


def test_it_counts_each_token_on_its_own(three_a_minute, claim, viewer):
    busy = token_client(viewer)
    for _ in range(4):
        busy.get(detail(claim))

    response = token_client(viewer).get(detail(claim))

    assert busy.get(detail(claim)).status_code == 429
    assert response.status_code == 200
    assert response.json()["id"] == claim.pk


def test_it_counts_a_signed_in_user_across_sessions(three_a_minute, claim, viewer):
    first, second = session_client(viewer), session_client(viewer)
    served = [first.get(detail(claim)).status_code for _ in range(3)]

    response = second.get(detail(claim))

    assert served == [200, 200, 200]
    assert response.status_code == 429
    assert "Retry-After" in response


def test_it_does_not_count_a_session_users_requests_against_their_token(
    three_a_minute, claim, viewer
):
    browser = session_client(viewer)
    for _ in range(4):
        browser.get(detail(claim))

    assert browser.get(detail(claim)).status_code == 429
    assert token_client(viewer).get(detail(claim)).status_code == 200


def test_it_does_not_limit_when_the_rate_is_unset(settings, claim, viewer):
    settings.API_THROTTLE_RATE = ""
    api = token_client(viewer)

    assert {api.get(detail(claim)).status_code for _ in range(10)} == {200}
