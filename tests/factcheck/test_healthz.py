"""/healthz: 200 when the database (and the broker, if configured) answer, 503 otherwise."""

import json
import socket

import pytest
from django.db import OperationalError
from django.urls import reverse

from factcheck import health

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_it_answers_ok_without_a_log_in_and_is_never_cached(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "not configured"}
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_it_answers_503_when_the_broker_does_not(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/9"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "broker": "unavailable"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.skipif(
    not health.settings.CELERY_BROKER_URL, reason="no broker: set CELERY_BROKER_URL"
)
def test_it_answers_ok_when_the_broker_does(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, json.loads(response.content)["broker"]) == (200, "ok")


def test_it_answers_503_when_the_database_does_not(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""

    class DownConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", DownConnection())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "unavailable", "broker": "not configured"}


def test_it_answers_a_logged_in_user_too(client, editor, settings):
    settings.CELERY_BROKER_URL = ""
    client.force_login(editor)
    assert client.get(reverse("healthz")).status_code == 200


def test_it_refuses_other_methods(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_a_plain_http_probe_is_not_redirected_to_https(client, settings):
    # Production redirects everything else to HTTPS; a probe inside the
    # network speaks plain HTTP to the process and needs the real answer.
    settings.SECURE_SSL_REDIRECT = True
    settings.CELERY_BROKER_URL = ""
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("login")).status_code == 301
