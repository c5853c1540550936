"""A real Celery worker on Redis sends a delivery, and retries it after a 500
with a real (one-second) countdown on the broker.

Runs when CELERY_BROKER_URL is set and the database is PostgreSQL (CI's run).
"""

from __future__ import annotations

import os
import time

import pytest
from django.conf import settings
from django.db import connection

from api.models import WebhookDelivery
from api.services.webhooks import webhook_create
from claims.models import Rating
from claims.services.imports import import_article_file
from factcheck.celery import app
from tests.api.test_webhooks_delivery import receiving, verified
from tests.api.test_webhooks_events import publish
from tests.conftest import ARTICLE_FILE, INSTRUCTION, claim_at, make_user
from tests.worker.test_celery_worker import running_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="no broker: set CELERY_BROKER_URL"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker needs a shared database"
    ),
]


@pytest.fixture
def on_webhook_worker(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    queue = f"test-webhooks-{os.getpid()}"
    env = {
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "1",
        "WEBHOOK_RETRY_BASE_SECONDS": "1",
        # The retry the worker queues goes to the queue it listens on.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    with running_worker(queue, env):
        app.conf.task_always_eager = False
        app.conf.task_default_queue = queue
        try:
            yield queue
        finally:
            app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
            app.conf.task_default_queue = "celery"


def wait_until_settled(timeout: float = 60) -> WebhookDelivery:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery = WebhookDelivery.objects.get()
        if delivery.state != WebhookDelivery.State.PENDING:
            return delivery
        time.sleep(0.2)
    raise TimeoutError("the delivery was still pending")


def test_a_worker_retries_a_delivery_after_a_500(seed_data, on_webhook_worker):
    editor, reviewer = make_user("erin", "Editors"), make_user("rafa", "Reviewers")
    claim = claim_at(import_article_file(ARTICLE_FILE).article, INSTRUCTION, editor)
    rating = Rating.objects.get(slug="true")

    with receiving(500, 200) as receiver:
        made = webhook_create(url=receiver.url, events=["published"], by=reviewer)
        publish(claim, editor, reviewer, rating)
        delivery = wait_until_settled()

    assert delivery.state == "delivered"
    assert list(delivery.tries.order_by("number").values_list("number", "status_code")) == [
        (1, 500),
        (2, 200),
    ]
    first, second = delivery.tries.order_by("number")
    assert (second.at - first.at).total_seconds() >= 1  # the countdown, on the broker
    assert len(receiver.received) == 2
    assert all(verified(made.secret, r) for r in receiver.received)
