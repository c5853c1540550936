"""Sending: a signed POST to a local HTTP server, retried after a failure with
each attempt logged; redirects not followed; private addresses refused."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from api.models import WebhookDelivery
from api.services.webhooks import (
    webhook_create,
    webhook_deliveries_resume,
    webhook_delivery_attempt,
)
from tests.api.test_webhooks_events import publish


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A local HTTP server that answers each POST with the next of ``answers``
    (the last one again once they run out) and keeps what it received."""

    answers: list[tuple[int, dict[str, str]]]
    received: list[Received] = field(default_factory=list)
    url: str = ""


def receiver_handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.received.append(Received(self.path, dict(self.headers.items()), body))
            index = min(len(receiver.received), len(receiver.answers)) - 1
            code, headers = receiver.answers[index]
            self.send_response(code)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet

    return Handler


@contextmanager
def receiving(*answers: int | tuple[int, dict[str, str]]) -> Iterator[Receiver]:
    receiver = Receiver([a if isinstance(a, tuple) else (a, {}) for a in answers])
    server = ThreadingHTTPServer(("127.0.0.1", 0), receiver_handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_port}/hooks/desk"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def verified(secret: str, received: Received) -> bool:
    """What a receiver does: recompute the signature over "<t>.<body>"."""
    parts = dict(
        item.split("=", 1) for item in received.headers["X-ClaimDesk-Signature"].split(",")
    )
    signed = parts["t"].encode() + b"." + received.body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


@pytest.fixture(autouse=True)
def fast_retries(settings) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


def attempts_of(delivery: WebhookDelivery) -> list[tuple[int, int | None]]:
    return list(delivery.tries.order_by("number").values_list("number", "status_code"))


def test_it_signs_a_delivery_and_retries_after_a_500(
    claim, editor, reviewer, ratings, django_capture_on_commit_callbacks
):
    with receiving(500, 200) as receiver:
        made = webhook_create(url=receiver.url, events=["published"], by=reviewer)
        with django_capture_on_commit_callbacks(execute=True):
            publish(claim, editor, reviewer, ratings["true"])

    delivery = WebhookDelivery.objects.get()
    assert [r.path for r in receiver.received] == ["/hooks/desk", "/hooks/desk"]
    assert all(verified(made.secret, r) for r in receiver.received)
    assert not verified("whsec_someone-else", receiver.received[0])
    first, second = receiver.received
    assert first.body == second.body == delivery.body.encode()
    assert json.loads(first.body)["claim"]["id"] == claim.pk
    assert first.headers["X-ClaimDesk-Event"] == "published"
    assert first.headers["X-ClaimDesk-Delivery"] == second.headers["X-ClaimDesk-Delivery"]
    assert first.headers["X-ClaimDesk-Delivery"] == str(delivery.pk)
    assert attempts_of(delivery) == [(1, 500), (2, 200)]
    assert (delivery.state, delivery.attempts) == ("delivered", 2)
    assert delivery.finished_at is not None


def test_it_gives_up_after_the_last_attempt(
    claim, editor, reviewer, ratings, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    with receiving(503) as receiver:
        webhook_create(url=receiver.url, events=["published"], by=reviewer)
        with django_capture_on_commit_callbacks(execute=True):
            publish(claim, editor, reviewer, ratings["true"])

    delivery = WebhookDelivery.objects.get()
    assert len(receiver.received) == 3
    assert attempts_of(delivery) == [(1, 503), (2, 503), (3, 503)]
    assert delivery.state == "failed"


def test_it_does_not_follow_a_redirect(
    claim, editor, reviewer, ratings, django_capture_on_commit_callbacks
):
    with receiving((302, {"Location": "/elsewhere"}), 204) as receiver:
        webhook_create(url=receiver.url, events=["published"], by=reviewer)
        with django_capture_on_commit_callbacks(execute=True):
            publish(claim, editor, reviewer, ratings["true"])

    delivery = WebhookDelivery.objects.get()
    assert [r.path for r in receiver.received] == ["/hooks/desk", "/hooks/desk"]
    assert attempts_of(delivery) == [(1, 302), (2, 204)]
    assert delivery.state == "delivered"


def test_it_refuses_a_private_address_at_delivery(
    claim, editor, reviewer, ratings, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    with receiving(200) as receiver:
        webhook_create(url=receiver.url, events=["published"], by=reviewer)
        # The address was allowed when registered, no longer when sending.
        settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
        with django_capture_on_commit_callbacks(execute=True):
            publish(claim, editor, reviewer, ratings["true"])

    delivery = WebhookDelivery.objects.get()
    assert receiver.received == []
    assert delivery.state == "failed"
    assert [(a.status_code, "private or local" in a.error) for a in delivery.tries.all()] == [
        (None, True),
        (None, True),
    ]


def test_it_logs_a_timeout_and_retries(
    claim, editor, reviewer, ratings, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    # A server that accepts the connection and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        webhook_create(url=url, events=["published"], by=reviewer)
        with django_capture_on_commit_callbacks(execute=True):
            publish(claim, editor, reviewer, ratings["true"])
    finally:
        silent.close()

    attempt = WebhookDelivery.objects.get().tries.get()
    assert attempt.status_code is None
    assert "Timeout" in attempt.error
    assert attempt.duration_ms >= 900


def test_a_repeated_task_message_sends_nothing_twice(claim, editor, reviewer, ratings, monkeypatch):
    monkeypatch.setattr("api.tasks.deliver_webhook.delay", lambda pk: None)
    with receiving(200) as receiver:
        webhook_create(url=receiver.url, events=["published"], by=reviewer)
        publish(claim, editor, reviewer, ratings["true"])
        delivery = WebhookDelivery.objects.get()

        first = webhook_delivery_attempt(delivery_id=delivery.pk, attempt=1)
        again = webhook_delivery_attempt(delivery_id=delivery.pk, attempt=1)

    assert (first.state, again) == ("delivered", None)
    assert len(receiver.received) == 1
    assert attempts_of(delivery) == [(1, 200)]


def age(delivery: WebhookDelivery, **overdue: int) -> None:
    """As if the delivery's due time passed ``overdue`` ago."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(**overdue)
    )


def test_it_resumes_a_delivery_whose_task_never_reached_the_broker(
    claim, editor, reviewer, ratings, monkeypatch, django_capture_on_commit_callbacks
):
    with receiving(200) as receiver:
        webhook_create(url=receiver.url, events=["published"], by=reviewer)
        with monkeypatch.context() as broker_down:
            broker_down.setattr("api.tasks.deliver_webhook.delay", lambda *a, **k: None)
            publish(claim, editor, reviewer, ratings["true"])
        delivery = WebhookDelivery.objects.get()
        age(delivery, minutes=5)
        with django_capture_on_commit_callbacks(execute=True):
            too_soon = webhook_deliveries_resume()
        age(delivery, minutes=20)
        with django_capture_on_commit_callbacks(execute=True):
            resumed = webhook_deliveries_resume()

    delivery.refresh_from_db()
    assert (too_soon, resumed, len(receiver.received)) == (0, 1, 1)
    assert attempts_of(delivery) == [(1, 200)]
    assert (delivery.state, delivery.next_attempt_at) == ("delivered", None)


def test_it_makes_again_an_attempt_whose_worker_died(
    claim, editor, reviewer, ratings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("api.tasks.deliver_webhook.delay", lambda *a, **k: None)
    with receiving(500, 200) as receiver:
        webhook_create(url=receiver.url, events=["published"], by=reviewer)
        publish(claim, editor, reviewer, ratings["true"])
        delivery = WebhookDelivery.objects.get()
        with monkeypatch.context() as no_retry:
            no_retry.setattr("api.tasks.deliver_webhook.apply_async", lambda *a, **k: None)
            webhook_delivery_attempt(delivery_id=delivery.pk, attempt=1)  # 500, retry lost
        # Attempt 2 claimed, then its worker killed before it was logged.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=2)
        age(delivery, minutes=20)
        monkeypatch.undo()
        with django_capture_on_commit_callbacks(execute=True):
            webhook_deliveries_resume()

    assert attempts_of(delivery) == [(1, 500), (2, 200)]
    assert WebhookDelivery.objects.get(pk=delivery.pk).state == "delivered"
