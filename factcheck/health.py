"""/healthz: whether this process can reach what it needs, for load balancers.

No log-in and no page: a probe gets JSON and a status, 200 when every
configured part answers and 503 otherwise, so a process that lost its
database is taken out of rotation instead of serving errors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

BROKER_TIMEOUT_SECONDS = 2  # a probe that hangs is as bad as a failed one


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not ok"; the probe must not raise
        return False


def broker_answers(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(
                max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS
            )
        return True
    except Exception:  # unreachable, refused, bad credentials: all "not ok"
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = {"database": "ok" if database_answers() else "unavailable"}
    if settings.CELERY_BROKER_URL:
        report["broker"] = "ok" if broker_answers(settings.CELERY_BROKER_URL) else "unavailable"
    else:
        report["broker"] = "not configured"  # tasks run in-process (settings.py)
    healthy = all(state in {"ok", "not configured"} for state in report.values())
    return JsonResponse(report, status=200 if healthy else 503)
