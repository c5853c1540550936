"""How django-axes counts failed log-ins and answers a locked-out client.

Wired up in settings (AXES_CLIENT_IP_CALLABLE, AXES_LOCKOUT_CALLABLE).
"""

from __future__ import annotations

from math import ceil
from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The address failures are counted against.

    Each proxy appends the address it was connected from to X-Forwarded-For,
    so with DJANGO_TRUSTED_PROXY_COUNT proxies the entry that many places from
    the right was written by the outermost one; anything further left came
    from the client and may be invented.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [address.strip() for address in header.split(",") if address.strip()]
    # Fewer entries than proxies: the request did not come through them all.
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """A normal page saying why and for how long, in place of the log-in form."""
    cool_off = get_cool_off(request)
    minutes = ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
