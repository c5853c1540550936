"""The ClaimReview feed: published verdicts as schema.org JSON-LD, for sync.

The same ClaimReview as the claimreview export (``claims.exports.claim_review``),
each in a ``DataFeedItem`` of a schema.org ``DataFeed``. Oldest publication
first, so that a client syncing follows ``Link: rel="next"`` to the end and
later asks again with ``since`` = the last item's ``dateModified``. A claim is
listed once, at its latest publication: one reopened and published again
moves to the feed's end (its review may have changed; clients upsert by
``url``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NewestFirstCursor
from api.views.sources import CURSOR_PARAMETERS
from claims.exports import Scale, claim_review
from claims.models import Attribution, Claim, ClaimEvent, VerdictPublication


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"


class OldestPublicationFirst(NewestFirstCursor):
    """By publication time (the index ``publication_at_idx``), ties by id."""

    ordering = ("at", "id")


class FeedQuery(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False,
        help_text="ISO 8601; only verdicts published (or published again) at or after it.",
    )


def latest_publications(since: Any) -> QuerySet[VerdictPublication]:
    """Each published claim's latest publication, at or after ``since``.

    Read along ``publication_at_idx``; "no later publication of the same
    claim" is one probe of the claim's index for each row.
    """
    later = VerdictPublication.objects.filter(claim=OuterRef("claim"), at__gt=OuterRef("at"))
    rows = VerdictPublication.objects.filter(rating__isnull=False).exclude(Exists(later))
    if since is not None:
        rows = rows.filter(at__gte=since)
    return rows.select_related("claim__article__outlet", "claim__rating").defer(
        "claim__article__body", "claim__search_vector"
    )


def reviewed_claims(page: list[VerdictPublication]) -> list[Claim]:
    """The page's claims with what ``claim_review`` reads: two queries for them all."""
    claims = []
    for publication in page:
        publication.claim.published_at = publication.at
        claims.append(publication.claim)
    prefetch_related_objects(
        claims,
        Prefetch(
            "attributions",
            Attribution.objects.select_related("source"),
            to_attr="export_attributions",
        ),
        Prefetch("events", ClaimEvent.objects.order_by("at", "id"), to_attr="export_events"),
    )
    return claims


def data_feed(page: list[VerdictPublication]) -> dict[str, Any]:
    scale = Scale.current()
    items = [
        {
            "@type": "DataFeedItem",
            "dateModified": publication.at.isoformat(),
            "item": claim_review(claim, scale),
        }
        for publication, claim in zip(page, reviewed_claims(page), strict=True)
    ]
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}


CLAIM_REVIEW_SCHEMA = {
    "type": "object",
    "description": "schema.org ClaimReview, as the claimreview export writes it.",
    "properties": {
        "@context": {"type": "string"},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string", "format": "date"},
        "author": {"type": "object"},
        "itemReviewed": {"type": "object"},
        "reviewRating": {"type": "object"},
    },
    "required": ["@context", "@type", "url", "claimReviewed", "author", "itemReviewed"],
}
FEED_SCHEMA = {
    "type": "object",
    "description": "A schema.org DataFeed of ClaimReviews.",
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["DataFeed"]},
        "dataFeedElement": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "@type": {"type": "string", "enum": ["DataFeedItem"]},
                    "dateModified": {
                        "type": "string",
                        "format": "date-time",
                        "description": "When the verdict was (last) published.",
                    },
                    "item": CLAIM_REVIEW_SCHEMA,
                },
                "required": ["@type", "dateModified", "item"],
            },
        },
    },
    "required": ["@context", "@type", "dataFeedElement"],
}
NEXT_LINK = OpenApiParameter(
    "Link",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200],
    description='`<…>; rel="next"` while more verdicts follow this page.',
)


class ClaimReviewFeed(APIView):
    """Published verdicts as ClaimReview JSON-LD in a schema.org DataFeed, oldest
    publication first; the next page's address is in the ``Link`` header."""

    required_perms = {"GET": ("claims.view_claim",)}
    renderer_classes = [JsonLdRenderer, JSONRenderer]

    @extend_schema(
        parameters=[FeedQuery, *CURSOR_PARAMETERS, NEXT_LINK],
        responses={200: OpenApiResponse(FEED_SCHEMA, "The page of the feed.")},
        operation_id="claimreview_feed",
    )
    def get(self, request: Request) -> Response:
        query = FeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        paginator = OldestPublicationFirst()
        rows = latest_publications(query.validated_data.get("since"))
        page = paginator.paginate_queryset(rows, request, view=self)
        response = Response(data_feed(page))
        following = paginator.get_next_link()
        if following:
            response["Link"] = f'<{following}>; rel="next"'
        return response


urlpatterns = [
    path("claimreview/", ClaimReviewFeed.as_view(), name="claimreview_feed"),
]
