"""Webhooks: registered by reviewers, fed by the timeline, sent by Celery.

- Registering, changing, rotating and deleting a hook need the reviewers'
  ``claims.publish_claim``; the URL's host must resolve to public addresses
  only (``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` lifts that for tests).
- ``webhook_events_record`` is called by ``claims.services.timeline.record``
  for every event, in its transaction: an event that publishes, reopens or
  changes a published verdict becomes one delivery per active hook that wants
  it, sent after commit (a rolled-back write sends nothing).
- ``webhook_delivery_attempt`` makes one numbered attempt (task
  ``api.tasks.deliver_webhook``): 2xx delivered; anything else queues the
  next attempt after an exponential backoff, until ``WEBHOOK_MAX_ATTEMPTS``.
- A pending delivery's ``next_attempt_at`` is when its next attempt is due
  (or was started); ``webhook_deliveries_resume`` (beat, every few minutes)
  queues again those long overdue: the broker was down when the task was
  queued, or a worker died in the middle of an attempt.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from api import webhook_http
from api.models import Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent
from claims.errors import ClaimDeskError
from claims.models import Claim, ClaimEvent, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MANAGE_PERMISSION = "claims.publish_claim"
SECRET_PREFIX = "whsec_"
URL_MAX = Webhook._meta.get_field("url").max_length
State = WebhookDelivery.State


@dataclass(frozen=True)
class HookWithSecret:
    webhook: Webhook
    secret: str  # shown to the caller this once


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def require_manager(user: User) -> None:
    if not user.has_perm(MANAGE_PERMISSION):
        raise PermissionDenied("Only reviewers can manage webhooks.")


def checked_hook_url(url: str) -> str:
    """The URL as stored, refused unless its host resolves to allowed addresses now."""
    url = url.strip()
    if len(url) > URL_MAX:
        raise ClaimDeskError(f"The address is too long: at most {URL_MAX} characters.")
    try:
        target = webhook_http.parse_target(url)
        webhook_http.checked_addresses(
            target, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES
        )
    except webhook_http.AddressRefused as refused:
        raise ClaimDeskError(str(refused)) from None
    return url


def checked_events(events: Iterable[str]) -> list[str]:
    wanted = sorted(set(events))
    unknown = set(wanted) - set(WebhookEvent.values)
    if unknown or not wanted:
        raise ClaimDeskError(f"Choose the events among: {', '.join(WebhookEvent.values)}.")
    return wanted


def webhook_create(*, url: str, events: Iterable[str], by: User) -> HookWithSecret:
    require_manager(by)
    secret = new_secret()
    webhook = Webhook.objects.create(
        url=checked_hook_url(url), events=checked_events(events), secret=secret, created_by=by
    )
    return HookWithSecret(webhook, secret)


def webhook_update(
    *,
    webhook: Webhook,
    by: User,
    url: str | None = None,
    events: Iterable[str] | None = None,
    is_active: bool | None = None,
) -> Webhook:
    """Change what was given (None: unchanged); the URL is checked again."""
    require_manager(by)
    changes: dict[str, Any] = {}
    if url is not None:
        changes["url"] = checked_hook_url(url)
    if events is not None:
        changes["events"] = checked_events(events)
    if is_active is not None:
        changes["is_active"] = is_active
    for name, value in changes.items():
        setattr(webhook, name, value)
    webhook.save(update_fields=[*changes, "updated_at"])
    return webhook


def webhook_rotate_secret(*, webhook: Webhook, by: User) -> HookWithSecret:
    """A new secret at once: deliveries from now on (retries included) are signed with it."""
    require_manager(by)
    webhook.secret = new_secret()
    webhook.save(update_fields=["secret", "updated_at"])
    return HookWithSecret(webhook, webhook.secret)


def webhook_delete(*, webhook: Webhook, by: User) -> None:
    """The hook and its delivery log; a delivery queued already finds nothing to send."""
    require_manager(by)
    webhook.delete()


# ---- events, from the timeline -------------------------------------------------


def candidate_events(event: ClaimEvent) -> list[str]:
    """What ``event`` may be, from its own columns (no query): most events are none."""
    was, now = event.from_status == Status.PUBLISHED, event.to_status == Status.PUBLISHED
    if now and not was:
        return [WebhookEvent.PUBLISHED, WebhookEvent.VERDICT_CHANGED]
    if was and not now:
        return [WebhookEvent.REOPENED]
    if was and now and event.from_rating_id != event.to_rating_id:
        return [WebhookEvent.VERDICT_CHANGED]
    return []


def verdict_changed(event: ClaimEvent) -> bool:
    """Whether the verdict published now differs from the one published before.

    A published claim's verdict changes by a reopen, a new verdict and a new
    publication: the verdict it had when it was last reopened is the one
    that was published before (none when it is published for the first time).
    """
    if event.from_status == Status.PUBLISHED:
        return event.from_rating_id != event.to_rating_id
    last_reopen = (
        ClaimEvent.objects.filter(claim_id=event.claim_id, from_status=Status.PUBLISHED)
        .exclude(to_status=Status.PUBLISHED)
        .order_by("-at", "-id")
        .values_list("from_rating_id", flat=True)
        .first()
    )
    return last_reopen is not None and last_reopen != event.to_rating_id


def webhook_events_record(event: ClaimEvent, claim: Claim) -> None:
    """Deliveries for ``event`` to each active hook that wants it, sent after commit.

    No query for an event that cannot be one (most); else one for the hooks,
    one for the previous verdict if a hook wants verdict changes, the claim's
    rating, and the insert.
    """
    candidates = candidate_events(event)
    if not candidates:
        return
    hooks = [h for h in Webhook.objects.active() if any(h.wants(e) for e in candidates)]
    if not hooks:
        return
    happened = [
        name
        for name in candidates
        if name != WebhookEvent.VERDICT_CHANGED or verdict_changed(event)
    ]
    rows = [
        WebhookDelivery(
            webhook=hook,
            event=name,
            claim_id=claim.pk,
            claim_event=event,
            body=payload(name, event, claim),
            next_attempt_at=event.at,
        )
        for name in happened
        for hook in hooks
        if hook.wants(name)
    ]
    queue_deliveries(WebhookDelivery.objects.bulk_create(rows))


def payload(name: str, event: ClaimEvent, claim: Claim) -> str:
    """The delivery's body: small and stable, enough to decide whether to fetch the claim."""
    rating = claim.rating
    body = {
        "event": name,
        "event_id": event.pk,
        "occurred_at": event.at.isoformat(),
        "claim": {
            "id": claim.pk,
            "status": claim.status,
            "verdict": {"slug": rating.slug, "name": rating.name} if rating else None,
            "url": settings.DESK_SITE_URL.rstrip("/")
            + reverse("api:claim_detail", args=[claim.pk]),
        },
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def queue_deliveries(deliveries: list[WebhookDelivery]) -> None:
    from api.tasks import deliver_webhook  # the tasks import the services

    for delivery in deliveries:
        # Robust: a broker that is down is logged, never an error for the
        # reviewer who published; the delivery stays pending in the log.
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.delay(pk), robust=True)


# ---- sending ------------------------------------------------------------------------


def retry_delay(attempt: int) -> int:
    """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
    return settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1)


def webhook_delivery_attempt(*, delivery_id: int, attempt: int = 1) -> WebhookDelivery | None:
    """Make attempt number ``attempt`` of a pending delivery, log it, and queue the next.

    The attempt is claimed by a conditional update (pending, and exactly
    ``attempt - 1`` made), so a duplicate task message, or one for a delivery
    already finished or deleted, does nothing and answers None.
    """
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, state=State.PENDING, attempts=attempt - 1
    ).update(attempts=attempt, next_attempt_at=timezone.now())
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    at = timezone.now()
    answer = send(delivery)
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=attempt,
            at=at,
            status_code=answer.status_code,
            error=answer.error,
            duration_ms=answer.duration_ms,
        )
        settle(delivery, attempt, answer)
    return delivery


def send(delivery: WebhookDelivery) -> webhook_http.Answer:
    hook = delivery.webhook
    if not hook.is_active:
        return webhook_http.Answer(None, "The webhook was switched off.", 0)
    body = delivery.body.encode()
    headers = {
        webhook_http.EVENT_HEADER: delivery.event,
        webhook_http.DELIVERY_HEADER: str(delivery.pk),
        webhook_http.SIGNATURE_HEADER: webhook_http.signature(hook.secret, body, int(time.time())),
    }
    return webhook_http.post(
        hook.url,
        body,
        headers,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        allow_private=settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    )


def settle(delivery: WebhookDelivery, attempt: int, answer: webhook_http.Answer) -> None:
    """Delivered, failed for good, or pending with the next attempt queued after commit."""
    now = timezone.now()
    if (
        answer.delivered
        or attempt >= settings.WEBHOOK_MAX_ATTEMPTS
        or not delivery.webhook.is_active
    ):
        delivery.state = State.DELIVERED if answer.delivered else State.FAILED
        delivery.finished_at = now
        delivery.next_attempt_at = None
        delivery.save(update_fields=["state", "finished_at", "next_attempt_at"])
        return
    delay = retry_delay(attempt)
    delivery.next_attempt_at = now + timedelta(seconds=delay)
    delivery.save(update_fields=["next_attempt_at"])
    from api.tasks import deliver_webhook

    transaction.on_commit(
        lambda: deliver_webhook.apply_async(
            (delivery.pk,), {"attempt": attempt + 1}, countdown=delay
        ),
        robust=True,
    )


# ---- stranded deliveries ----------------------------------------------------------

# No attempt takes this long (WEBHOOK_TIMEOUT_SECONDS is seconds): a pending
# delivery this far past its due time has no task that will make it.
STRANDED_AFTER = timedelta(minutes=15)


def webhook_deliveries_resume() -> int:
    """Queue again each pending delivery long overdue; how many were queued.

    An attempt claimed but never logged (its worker died) is made again under
    its own number, so a receiver may see that attempt twice (the delivery id
    says so); one logged whose retry was never queued goes on to the next.
    """
    overdue = WebhookDelivery.objects.filter(
        state=State.PENDING, next_attempt_at__lt=timezone.now() - STRANDED_AFTER
    ).annotate(logged=Max("tries__number", default=0))
    return sum(resume(delivery) for delivery in overdue)


def resume(delivery: WebhookDelivery) -> bool:
    """Rewind the delivery to its last logged attempt and queue the next, unless a
    task moved it meanwhile (the update is conditional on what was read)."""
    from api.tasks import deliver_webhook

    rewound = WebhookDelivery.objects.filter(
        pk=delivery.pk,
        state=State.PENDING,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
    ).update(attempts=delivery.logged, next_attempt_at=timezone.now())
    if rewound:
        attempt = delivery.logged + 1
        transaction.on_commit(
            lambda: deliver_webhook.delay(delivery.pk, attempt=attempt), robust=True
        )
    return bool(rewound)
