"""What the review of the merged API found: each test fails without its fix."""

from __future__ import annotations

from base64 import b64encode
from urllib.parse import urlencode

import pytest

from claims.models import Claim
from tests.api.conftest import token_client


def forged_cursor(position: str) -> str:
    """A cursor as DRF encodes one, with a position no page ever handed out."""
    return b64encode(urlencode({"o": "0", "r": "0", "p": position}).encode()).decode()


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/claims/",
        "/api/v1/sources/",
        "/api/v1/claimreview/",
        "/api/v1/articles/{article}/suggestions/",
    ],
)
def test_it_answers_a_forged_cursor_with_a_404_problem(address, claim, editor):
    url = address.format(article=claim.article_id)
    response = token_client(editor).get(url, {"cursor": forged_cursor("abc")})
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid cursor"


def claim_url(claim) -> str:
    return f"/api/v1/claims/{claim.pk}/"


def test_it_takes_an_if_match_list_that_names_the_current_version(claim, editor):
    tags = f'"{claim.pk}-{claim.version - 1}", "{claim.pk}-{claim.version}"'

    response = token_client(editor).patch(
        claim_url(claim), {"statement": "Listed"}, format="json", HTTP_IF_MATCH=tags
    )

    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).statement == "Listed"


def test_it_asks_for_a_version_when_if_match_is_a_star(claim, editor):
    response = token_client(editor).patch(
        claim_url(claim), {"statement": "Any"}, format="json", HTTP_IF_MATCH="*"
    )

    assert response.status_code == 428
    assert Claim.objects.get(pk=claim.pk).statement != "Any"


def test_it_never_matches_a_weak_etag(claim, editor):
    weak = f'W/"{claim.pk}-{claim.version}"'

    response = token_client(editor).patch(
        claim_url(claim), {"statement": "Weak"}, format="json", HTTP_IF_MATCH=weak
    )

    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).statement != "Weak"


def test_it_refuses_a_nul_in_the_query_with_a_problem(editor):
    response = token_client(editor).get("/api/v1/webhooks/", {"cursor": "\x00"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Requests may not contain NUL characters."
