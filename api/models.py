"""What the API keeps of its own: the tokens other systems sign in with, and
the webhooks it calls with their deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A user's API token: only its SHA-256 is stored; the token itself is shown once.

    The token is 256 random bits, so a plain hash (no salt, no slow KDF) is
    enough to make a stolen table useless, and it keeps the lookup one
    indexed equality.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for: “CMS sync”.")
    # The first characters, shown in lists so a user can tell tokens apart.
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class WebhookEvent(models.TextChoices):
    """What a webhook can ask to hear about: moves into and out of "published"."""

    PUBLISHED = "published", "Published"
    REOPENED = "reopened", "Reopened"
    VERDICT_CHANGED = "verdict_changed", "Verdict changed"


class WebhookQuerySet(models.QuerySet):
    def active(self) -> WebhookQuerySet:
        return self.filter(is_active=True)


class Webhook(models.Model):
    """A URL the desk POSTs signed events to; registered by a reviewer.

    A hook is the desk's, not one reviewer's: every reviewer may see and change
    every hook, so an integration does not depend on who set it up. The secret
    signs the deliveries, so it is kept as it is (not hashed); the API shows it
    only when it is made or rotated.
    """

    url = models.URLField(max_length=500)
    # A list of WebhookEvent values. Checked in Python, not by a JSON lookup
    # (SQLite has none for lists): the desk has a handful of hooks.
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event: str) -> bool:
        return self.is_active and event in self.events


class WebhookDelivery(models.Model):
    """One event for one hook: its body, fixed when the event happened, so every
    attempt sends the same bytes; each attempt is a ``WebhookAttempt``."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=WebhookEvent.choices)
    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="+")
    claim_event = models.ForeignKey("claims.ClaimEvent", on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # Attempts started; the task names the attempt it makes, so a duplicate
    # message (a worker lost mid-task) cannot send the same attempt twice.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            # One event of the timeline reaches one hook once.
            models.UniqueConstraint(
                fields=["webhook", "claim_event", "event"], name="webhook_delivery_once"
            )
        ]
        # The deliveries list: one hook's, newest first (cursor on id).
        indexes = [
            models.Index(fields=["webhook", "-id"], name="webhook_delivery_list"),
            # The resume sweep: the few pending ones, however long the log grows.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state="pending"),
                name="webhook_delivery_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} of claim {self.claim_id} to {self.webhook_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: the answer's status code, or the error instead."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number}: {self.status_code or self.error}"
