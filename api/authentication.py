"""Signing in to the API with a token: ``Authorization: Bearer <token>``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.models import ApiToken
from api.services.tokens import token_hash

# last_used_at is for people ("is this token still used?"): updating it on
# every request would make every read a write.
LAST_USED_GRANULARITY = timedelta(minutes=5)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        keyword, _, secret = header.partition(" ")
        if keyword.lower() != self.keyword.lower():
            return None  # not ours: the session may still sign the request in
        secret = secret.strip()
        if not secret or " " in secret:
            raise exceptions.AuthenticationFailed("The Authorization header is “Bearer <token>”.")
        token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=token_hash(secret))
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token is unknown or has been revoked.")
        self._note_use(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'

    @staticmethod
    def _note_use(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at and now - token.last_used_at < LAST_USED_GRANULARITY:
            return
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
