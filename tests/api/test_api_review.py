"""What the review of the merged API found: each test fails without its fix."""

from __future__ import annotations

from base64 import b64encode
from urllib.parse import urlencode

import pytest

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
