"""The timeline feeds the webhooks: publishing, reopening and a changed published
verdict each become one delivery per hook that asked for it, in the event's
transaction, sent after commit."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from api.models import Webhook, WebhookDelivery
from api.services.webhooks import webhook_create
from claims import services
from tests.conftest import advance

R, IR, P = "researching", "in_review", "published"


@pytest.fixture(autouse=True)
def no_sending(settings, monkeypatch):
    """These tests look at the deliveries made; sending is test_webhooks_delivery's."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    sent: list[int] = []
    monkeypatch.setattr("api.tasks.deliver_webhook.delay", sent.append)
    return sent


def hook(reviewer, *events: str, url: str = "http://127.0.0.1:9/hook") -> Webhook:
    return webhook_create(url=url, events=events, by=reviewer).webhook


def publish(claim, editor, reviewer, rating):
    """Research, send to review with ``rating`` (the editor's), publish (the reviewer)."""
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=rating, note="Checked")
    return advance(claim, (P, reviewer))


def reopen(claim, reviewer):
    return advance(claim, (R, reviewer), note="New facts")


def republish(claim, editor, reviewer, rating):
    if rating != claim.rating:
        services.claim_rate(
            claim=claim, rating=rating, by=editor, version=claim.version, note="New"
        )
    advance(claim, (IR, editor))
    return advance(claim, (P, reviewer))


def deliveries(webhook: Webhook) -> list[tuple[str, int]]:
    return list(webhook.deliveries.order_by("id").values_list("event", "claim_id"))


def test_it_delivers_a_publication_with_the_claims_verdict(
    claim, editor, reviewer, ratings, settings, django_capture_on_commit_callbacks, no_sending
):
    settings.DESK_SITE_URL = "https://desk.example.org"
    listener = hook(reviewer, "published")

    with django_capture_on_commit_callbacks(execute=True):
        publish(claim, editor, reviewer, ratings["true"])

    delivery = WebhookDelivery.objects.get(webhook=listener)
    event = claim.events.get(to_status=P)
    assert json.loads(delivery.body) == {
        "event": "published",
        "event_id": event.pk,
        "occurred_at": event.at.isoformat(),
        "claim": {
            "id": claim.pk,
            "status": "published",
            "verdict": {"slug": "true", "name": ratings["true"].name},
            "url": f"https://desk.example.org/api/v1/claims/{claim.pk}/",
        },
    }
    assert (delivery.state, delivery.attempts) == ("pending", 0)
    assert no_sending == [delivery.pk]  # queued after commit


def test_a_rolled_back_publish_sends_nothing(
    claim, editor, reviewer, ratings, django_capture_on_commit_callbacks, no_sending
):
    hook(reviewer, "published")
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["true"], note="Checked")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        advance(claim, (P, reviewer))
        raise RuntimeError("something after the publication failed")

    assert WebhookDelivery.objects.count() == 0
    assert (callbacks, no_sending) == ([], [])
    claim.refresh_from_db()
    assert claim.status == IR


def test_a_reopen_sends_reopened(claim, editor, reviewer, ratings):
    listener = hook(reviewer, "reopened")
    publish(claim, editor, reviewer, ratings["true"])

    reopen(claim, reviewer)

    assert deliveries(listener) == [("reopened", claim.pk)]
    assert json.loads(listener.deliveries.get().body)["claim"]["status"] == R


def test_a_verdict_change_sends_verdict_changed(claim, editor, reviewer, ratings):
    listener = hook(reviewer, "verdict_changed")
    publish(claim, editor, reviewer, ratings["true"])
    reopen(claim, reviewer)

    republish(claim, editor, reviewer, ratings["false"])

    assert deliveries(listener) == [("verdict_changed", claim.pk)]
    body = json.loads(listener.deliveries.get().body)
    assert body["claim"]["verdict"]["slug"] == "false"


def test_a_republication_with_the_same_verdict_is_no_verdict_change(
    claim, editor, reviewer, ratings
):
    listener = hook(reviewer, "verdict_changed", "published")
    publish(claim, editor, reviewer, ratings["true"])
    reopen(claim, reviewer)

    republish(claim, editor, reviewer, ratings["true"])

    assert deliveries(listener) == [("published", claim.pk), ("published", claim.pk)]


def test_no_hook_gets_an_event_it_did_not_ask_for(claim, editor, reviewer, ratings):
    on_publish = hook(reviewer, "published")
    on_reopen = hook(reviewer, "reopened")
    on_verdict = hook(reviewer, "verdict_changed")
    switched_off = hook(reviewer, "published", "reopened", "verdict_changed")
    Webhook.objects.filter(pk=switched_off.pk).update(is_active=False)

    publish(claim, editor, reviewer, ratings["true"])
    reopen(claim, reviewer)
    republish(claim, editor, reviewer, ratings["false"])

    assert deliveries(on_publish) == [("published", claim.pk), ("published", claim.pk)]
    assert deliveries(on_reopen) == [("reopened", claim.pk)]
    assert deliveries(on_verdict) == [("verdict_changed", claim.pk)]
    assert deliveries(switched_off) == []


def test_other_events_do_not_look_for_hooks(claim, editor, reviewer):
    hook(reviewer, "published", "reopened", "verdict_changed")

    with CaptureQueriesContext(connection) as queries:
        advance(claim, (R, editor))

    assert not [q["sql"] for q in queries if "api_webhook" in q["sql"]]
    assert WebhookDelivery.objects.count() == 0
