"""The API's fixtures: a client signed in with a token of each role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.test import APIClient

from api.services.tokens import token_create


def token_client(user: User) -> APIClient:
    """A client that signs every request with a new token of ``user``'s."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='tests').secret}")
    return client


@pytest.fixture
def api_as() -> Callable[[User], APIClient]:
    return token_client


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    # The rate limits count in the cache: each test starts with none used.
    cache.clear()
