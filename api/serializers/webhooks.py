"""Webhooks and their deliveries as the API shows them, and what a reviewer may send."""

from __future__ import annotations

from django.core.validators import URLValidator
from rest_framework import serializers

from api.models import Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent
from api.serializers.claims import UserNameField

URL_MAX = Webhook._meta.get_field("url").max_length
WEB_ONLY = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// address.")


class EventsField(serializers.ListField):
    child = serializers.ChoiceField(choices=WebhookEvent.choices)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(min_length=1, max_length=len(WebhookEvent.choices), **kwargs)


class WebhookSerializer(serializers.ModelSerializer):
    events = EventsField(read_only=True)
    created_by = UserNameField(read_only=True, allow_null=True)

    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "is_active", "created_by", "created_at", "updated_at"]
        read_only_fields = fields


class WebhookWithSecretSerializer(WebhookSerializer):
    """Only when the hook is made or its secret rotated: the secret is not shown again."""

    secret = serializers.CharField(
        read_only=True,
        help_text="Verify each delivery with it (see the description of the webhooks).",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookCreateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=URL_MAX, validators=[WEB_ONLY])
    events = EventsField()


class WebhookUpdateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=URL_MAX, validators=[WEB_ONLY], required=False)
    events = EventsField(required=False)
    is_active = serializers.BooleanField(required=False)


class AttemptSerializer(serializers.ModelSerializer):
    status_code = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = WebhookAttempt
        fields = ["number", "at", "status_code", "error", "duration_ms"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="claim_id", read_only=True)
    attempts = AttemptSerializer(many=True, read_only=True, source="tries")
    next_attempt_at = serializers.DateTimeField(read_only=True, allow_null=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "claim",
            "state",
            "attempts",
            "next_attempt_at",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields
