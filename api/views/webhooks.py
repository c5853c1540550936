"""Webhooks: a reviewer registers a URL and the events it wants; the deliveries' log.

Every delivery is a POST of a small JSON body with three headers:
``X-ClaimDesk-Event``, ``X-ClaimDesk-Delivery`` (its id, the same for each
retry) and ``X-ClaimDesk-Signature: t=<unix seconds>,v1=<hex>``, where the
hex is HMAC-SHA256 of ``"<t>.<body>"`` keyed with the hook's secret.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import Webhook, WebhookAttempt, WebhookDelivery
from api.serializers.webhooks import (
    DeliverySerializer,
    WebhookCreateSerializer,
    WebhookSerializer,
    WebhookUpdateSerializer,
    WebhookWithSecretSerializer,
)
from api.services.webhooks import (
    webhook_create,
    webhook_delete,
    webhook_rotate_secret,
    webhook_update,
)

# Reviewers', as publishing is: the events are about what reviewers publish.
MANAGE = ("claims.publish_claim",)

VERIFYING = """Each delivery is signed: `X-ClaimDesk-Signature: t=<unix seconds>,v1=<hex>`.
To verify, compute HMAC-SHA256 over the bytes `<t>.<raw body>` with the hook's secret,
compare its hex digest with `v1` in constant time, and refuse a `t` older than a few
minutes. `X-ClaimDesk-Event` names the event, `X-ClaimDesk-Delivery` the delivery (the
same on each retry: use it to ignore repeats). Answer 2xx to accept; anything else, a
timeout (WEBHOOK_TIMEOUT_SECONDS) or a redirect (never followed) is retried with
exponential backoff, 6 attempts over about an hour, then the delivery has failed.
The body: `{"event", "event_id", "occurred_at", "claim": {"id", "status",
"verdict": {"slug", "name"} or null, "url"}}`."""


class WebhookList(generics.ListAPIView):
    """The desk's webhooks, newest first; registering one answers with its secret."""

    required_perms = {"GET": MANAGE, "POST": MANAGE}
    serializer_class = WebhookSerializer
    queryset = Webhook.objects.select_related("created_by")

    @extend_schema(description=VERIFYING)
    def get(self, request: Request) -> Response:
        return self.list(request)

    @extend_schema(
        request=WebhookCreateSerializer,
        responses={201: WebhookWithSecretSerializer},
        description="Register a URL for events. " + VERIFYING,
    )
    def post(self, request: Request) -> Response:
        asked = WebhookCreateSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        made = webhook_create(**asked.validated_data, by=request.user)
        body = WebhookWithSecretSerializer(made.webhook).data
        return Response(body, status=status.HTTP_201_CREATED)


class WebhookDetail(APIView):
    """One webhook: read, change (URL, events, on/off) or delete with its log."""

    required_perms = {"GET": MANAGE, "PATCH": MANAGE, "DELETE": MANAGE}
    serializer_class = WebhookSerializer

    def get(self, request: Request, webhook_id: int) -> Response:
        return Response(WebhookSerializer(hook_or_404(webhook_id)).data)

    @extend_schema(request=WebhookUpdateSerializer, responses={200: WebhookSerializer})
    def patch(self, request: Request, webhook_id: int) -> Response:
        hook = hook_or_404(webhook_id)
        asked = WebhookUpdateSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        webhook_update(webhook=hook, by=request.user, **asked.validated_data)
        return Response(WebhookSerializer(hook).data)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted, with its deliveries.")})
    def delete(self, request: Request, webhook_id: int) -> Response:
        webhook_delete(webhook=hook_or_404(webhook_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookSecretRotation(APIView):
    """A new secret, shown this once; the old one stops signing at once."""

    required_perms = {"POST": MANAGE}
    serializer_class = WebhookWithSecretSerializer

    @extend_schema(request=None, responses={200: WebhookWithSecretSerializer})
    def post(self, request: Request, webhook_id: int) -> Response:
        rotated = webhook_rotate_secret(webhook=hook_or_404(webhook_id), by=request.user)
        return Response(WebhookWithSecretSerializer(rotated.webhook).data)


class DeliveryList(generics.ListAPIView):
    """One hook's deliveries, newest first, each with its attempts and their answers."""

    required_perms = {"GET": MANAGE}
    serializer_class = DeliverySerializer

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        return WebhookDelivery.objects.filter(webhook=self.kwargs["webhook_id"]).prefetch_related(
            Prefetch("tries", WebhookAttempt.objects.order_by("number"))
        )

    def get(self, request: Request, webhook_id: int) -> Response:
        hook_or_404(webhook_id)
        return self.list(request)


def hook_or_404(webhook_id: int) -> Webhook:
    return get_object_or_404(Webhook.objects.select_related("created_by"), pk=webhook_id)


urlpatterns = [
    path("webhooks/", WebhookList.as_view(), name="webhook_list"),
    path("webhooks/<int:webhook_id>/", WebhookDetail.as_view(), name="webhook_detail"),
    path(
        "webhooks/<int:webhook_id>/rotate-secret/",
        WebhookSecretRotation.as_view(),
        name="webhook_rotate_secret",
    ),
    path(
        "webhooks/<int:webhook_id>/deliveries/",
        DeliveryList.as_view(),
        name="webhook_deliveries",
    ),
]
