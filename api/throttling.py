"""Rate limits per token: one busy integration cannot starve the desk."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    """``API_THROTTLE_RATE`` requests per token; per user for the browser
    session, per address before signing in. Counted in the default cache
    (shared between processes when ``CACHE_URL`` is set)."""

    scope = "api"

    def get_rate(self) -> str | None:
        # Read when each request is checked, not at import: settings may change.
        return settings.API_THROTTLE_RATE or None

    def get_cache_key(self, request: Request, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerUserThrottle(SimpleRateThrottle):
    """``API_THROTTLE_RATE_PER_USER`` requests per user, all their tokens and
    their session together: otherwise a user with 50 tokens had 50 limits, and
    one who revoked each and made another had none. Strangers are the address
    limit's (``PerTokenThrottle``)."""

    scope = "api_user"

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATE_PER_USER or None

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
