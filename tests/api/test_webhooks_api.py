"""/api/v1/webhooks/: reviewers register, change, rotate and delete hooks and
read their deliveries; editors, viewers and outsiders are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from api.models import Webhook, WebhookAttempt, WebhookDelivery
from api.services.webhooks import webhook_create
from tests.api.conftest import token_client
from tests.api.test_webhooks_events import publish, reopen, republish

HOOK_URL = "http://127.0.0.1:9/hook"
LIST = reverse("api:webhook_list")


@pytest.fixture(autouse=True)
def local_hooks(settings, monkeypatch) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    monkeypatch.setattr("api.tasks.deliver_webhook.delay", lambda pk: None)


def detail(hook: Webhook, suffix: str = "") -> str:
    return reverse("api:webhook_detail", args=[hook.pk]) + suffix


def test_it_registers_a_hook_and_shows_its_secret_once(reviewer):
    api = token_client(reviewer)

    made = api.post(LIST, {"url": HOOK_URL, "events": ["reopened", "published"]}, format="json")

    assert made.status_code == 201
    hook = Webhook.objects.get()
    assert (hook.url, hook.events, hook.created_by) == (
        HOOK_URL,
        ["published", "reopened"],
        reviewer,
    )
    assert made.json()["secret"] == hook.secret
    assert hook.secret.startswith("whsec_")
    shown = api.get(detail(hook)).json()
    assert "secret" not in shown
    assert shown["events"] == ["published", "reopened"]
    assert "secret" not in api.get(LIST).json()["results"][0]


@pytest.mark.parametrize("role", ["editor", "viewer", "outsider"])
def test_it_refuses_registration_to_all_but_reviewers(db, role, request):
    api = token_client(request.getfixturevalue(role))

    response = api.post(LIST, {"url": HOOK_URL, "events": ["published"]}, format="json")

    assert response.status_code == 403
    assert "Reviewers" in response.json()["detail"]
    assert api.get(LIST).status_code == 403
    assert Webhook.objects.count() == 0


def test_it_refuses_a_request_without_a_token(client, reviewer):
    hook = webhook_create(url=HOOK_URL, events=["published"], by=reviewer).webhook

    assert client.get(LIST).status_code == 401
    assert client.delete(detail(hook)).status_code == 401
    assert Webhook.objects.filter(pk=hook.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/hook",
        "http://[::1]/hook",
    ],
)
def test_it_refuses_a_private_address(url, reviewer, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False

    response = token_client(reviewer).post(
        LIST, {"url": url, "events": ["published"]}, format="json"
    )

    assert response.status_code == 422
    assert "private or local" in response.json()["detail"]
    assert Webhook.objects.count() == 0


@pytest.mark.parametrize(
    "body, field",
    [
        ({"url": HOOK_URL, "events": ["deleted"]}, "events.0"),
        ({"url": HOOK_URL, "events": []}, "events"),
        ({"url": "ftp://example.org/x", "events": ["published"]}, "url"),
        ({"url": "not a url", "events": ["published"]}, "url"),
        ({"url": "http://example.org/" + "x" * 500, "events": ["published"]}, "url"),
        ({"url": HOOK_URL, "events": "published"}, "events"),
    ],
)
def test_it_refuses_bad_fields(body, field, reviewer):
    response = token_client(reviewer).post(LIST, body, format="json")

    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]
    assert Webhook.objects.count() == 0


def test_it_changes_a_hooks_events_and_switches_it_off(reviewer, other_reviewer):
    hook = webhook_create(url=HOOK_URL, events=["published"], by=reviewer).webhook

    response = token_client(other_reviewer).patch(
        detail(hook), {"events": ["verdict_changed"], "is_active": False}, format="json"
    )

    assert response.status_code == 200
    hook.refresh_from_db()
    assert (hook.events, hook.is_active, hook.url) == (["verdict_changed"], False, HOOK_URL)
    assert response.json()["is_active"] is False


def test_it_refuses_a_change_to_a_private_address(reviewer, settings):
    hook = webhook_create(url=HOOK_URL, events=["published"], by=reviewer).webhook
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False

    response = token_client(reviewer).patch(
        detail(hook), {"url": "http://192.168.1.1/"}, format="json"
    )

    assert response.status_code == 422
    hook.refresh_from_db()
    assert hook.url == HOOK_URL


def test_it_refuses_changes_by_an_editor(reviewer, editor):
    hook = webhook_create(url=HOOK_URL, events=["published"], by=reviewer).webhook
    api = token_client(editor)

    assert api.patch(detail(hook), {"is_active": False}, format="json").status_code == 403
    assert api.delete(detail(hook)).status_code == 403
    assert api.post(detail(hook, "rotate-secret/")).status_code == 403
    hook.refresh_from_db()
    assert hook.is_active


def test_it_rotates_the_secret(reviewer):
    made = webhook_create(url=HOOK_URL, events=["published"], by=reviewer)

    response = token_client(reviewer).post(detail(made.webhook, "rotate-secret/"))

    assert response.status_code == 200
    made.webhook.refresh_from_db()
    assert response.json()["secret"] == made.webhook.secret != made.secret


def test_it_deletes_a_hook_with_its_deliveries(claim, editor, reviewer, ratings):
    hook = webhook_create(url=HOOK_URL, events=["published"], by=reviewer).webhook
    publish(claim, editor, reviewer, ratings["true"])
    assert WebhookDelivery.objects.count() == 1

    response = token_client(reviewer).delete(detail(hook))

    assert response.status_code == 204
    assert (Webhook.objects.count(), WebhookDelivery.objects.count()) == (0, 0)


def test_it_answers_404_for_a_missing_hook(reviewer):
    api = token_client(reviewer)

    assert api.get(reverse("api:webhook_detail", args=[999999])).status_code == 404
    assert api.get(reverse("api:webhook_deliveries", args=[999999])).status_code == 404
    assert api.get("/api/v1/webhooks/99999999999999999999999/").status_code == 404


def test_it_lists_deliveries_with_their_attempts_in_constant_queries(
    claim, editor, reviewer, ratings, django_assert_num_queries
):
    hook = webhook_create(url=HOOK_URL, events=["published", "reopened"], by=reviewer).webhook
    publish(claim, editor, reviewer, ratings["true"])
    published = WebhookDelivery.objects.get()
    for number, code in [(1, 500), (2, 200)]:
        WebhookAttempt.objects.create(
            delivery=published, number=number, at=published.created_at, status_code=code
        )
    api = token_client(reviewer)
    url = reverse("api:webhook_deliveries", args=[hook.pk])
    api.get(url)  # warm-up: the token's first request also writes its last_used_at

    # 1 the token and its user, 2-3 the user's permissions (own and groups'),
    # 4 the hook (404 otherwise), 5 the page of deliveries, 6 their attempts.
    with django_assert_num_queries(6):
        response = api.get(url)

    (shown,) = response.json()["results"]
    assert (shown["event"], shown["claim"], shown["state"]) == ("published", claim.pk, "pending")
    assert [(a["number"], a["status_code"]) for a in shown["attempts"]] == [(1, 500), (2, 200)]

    # Three more rounds: seven deliveries, the same six queries.
    for _round in range(3):
        reopen(claim, reviewer)
        republish(claim, editor, reviewer, ratings["true"])
    with django_assert_num_queries(6):
        response = api.get(url)
    assert len(response.json()["results"]) == 7
