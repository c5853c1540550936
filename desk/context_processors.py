"""What every page's header shows of the desk: the signed-in user's unread count."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest

from desk.models import Notification


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications``: a callable the template calls, counted once per
    page and only when a page shows it (one query, on notification_unread_idx)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count: Callable[[], int] = cache(
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    )
    return {"unread_notifications": count}
