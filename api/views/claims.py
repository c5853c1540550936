"""Claims: list, one claim, capture, edit, workflow moves, verdict, attributions, evidence."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.claims import ClaimDetailSerializer
from api.versions import with_etag
from claims.models import Attribution, Claim, ClaimEvent, Evidence

READ_CLAIM = ("claims.view_claim", "claims.view_evidence", "claims.view_claimevent")


def claim_for_detail() -> QuerySet[Claim]:
    """One claim and everything the detail shows: five queries whatever it holds."""
    return Claim.objects.select_related(
        "outlet", "rating", "assignee", "created_by", "review_requested_by", "verdict_by"
    ).prefetch_related(
        Prefetch("attributions", Attribution.objects.select_related("source").order_by("id")),
        Prefetch("evidence", Evidence.objects.select_related("added_by").order_by("id")),
        Prefetch(
            "events",
            ClaimEvent.objects.select_related(
                "actor", "from_rating", "to_rating", "verdict_by"
            ).order_by("at", "id"),
        ),
    )


class ClaimDetail(APIView):
    """One claim with its attributions, evidence and timeline; ``ETag`` is its version."""

    required_perms = {"GET": READ_CLAIM}
    serializer_class = ClaimDetailSerializer

    def get(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(claim_for_detail(), pk=claim_id)
        return with_etag(Response(ClaimDetailSerializer(claim).data), claim)


urlpatterns = [
    path("claims/<int:claim_id>/", ClaimDetail.as_view(), name="claim_detail"),
]
