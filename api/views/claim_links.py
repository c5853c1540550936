"""A claim's links to other claims, and the claims most like it ("Checked before?").

Links are made and removed through ``claims.services.links``: an event on
both claims' timelines, neither claim's version bumped (so no version is
asked for), open on a published claim. The similar claims are the claim
page's list (``claims.similar``), without the claims already linked.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.claim_links import (
    ClaimLinkCreateSerializer,
    ClaimLinkSerializer,
    SimilarClaimSerializer,
)
from api.views.claims import checked, checked_id
from claims.models import Claim, ClaimLink
from claims.services.links import claim_link, claim_unlink
from claims.similar import similar_claims

READ_LINKS = ("claims.view_claim",)
# As the claim page's link forms.
CHANGE_LINKS = ("claims.view_claim", "claims.change_claim")


def links_of(claim_id: int) -> QuerySet[ClaimLink]:
    """The links either way, each with both claims and their verdicts (one query)."""
    return (
        ClaimLink.objects.filter(Q(from_claim_id=claim_id) | Q(to_claim_id=claim_id))
        .select_related("from_claim__rating", "to_claim__rating", "created_by")
        .defer("from_claim__search_vector", "to_claim__search_vector")
    )


def claim_exists_or_404(claim_id: int) -> int:
    get_object_or_404(Claim.objects.only("pk"), pk=checked_id(claim_id))
    return claim_id


class ClaimLinkList(generics.ListAPIView):
    """The claim's links, either way, newest first; ``POST`` links it to another claim."""

    required_perms = {"GET": READ_LINKS, "POST": CHANGE_LINKS}
    serializer_class = ClaimLinkSerializer

    def get_queryset(self) -> QuerySet[ClaimLink]:
        return links_of(claim_exists_or_404(self.kwargs["claim_id"]))

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "claim_id": self.kwargs["claim_id"]}

    @extend_schema(request=ClaimLinkCreateSerializer, responses={201: ClaimLinkSerializer})
    def post(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=checked_id(claim_id))
        data = checked(ClaimLinkCreateSerializer, request)
        other = Claim.objects.filter(pk=data["other_claim"]).first()
        if other is None:
            raise serializers.ValidationError({"other_claim": "No such claim."})
        with transaction.atomic():
            link = claim_link(claim=claim, other=other, kind=data["kind"], by=request.user)
        location = reverse("api:claim_link", args=[claim.pk, link.pk])
        body = link_body(claim.pk, link.pk)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


def link_body(claim_id: int, link_id: int) -> dict:
    link = get_object_or_404(links_of(claim_id), pk=checked_id(link_id))
    return ClaimLinkSerializer(link, context={"claim_id": claim_id}).data


class ClaimLinkDetail(APIView):
    """One of the claim's links; ``DELETE`` removes it (both timelines keep that it was)."""

    required_perms = {"GET": READ_LINKS, "DELETE": CHANGE_LINKS}
    serializer_class = ClaimLinkSerializer

    def get(self, request: Request, claim_id: int, link_id: int) -> Response:
        return Response(link_body(checked_id(claim_id), link_id))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, claim_id: int, link_id: int) -> Response:
        link = get_object_or_404(links_of(checked_id(claim_id)), pk=checked_id(link_id))
        with transaction.atomic():
            claim_unlink(link=link, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SimilarClaims(APIView):
    """Up to five claims most like this one, most alike first: the claim page's
    "Checked before?" list, without the claims it is already linked to."""

    required_perms = {"GET": READ_LINKS}
    serializer_class = SimilarClaimSerializer

    @extend_schema(responses={200: SimilarClaimSerializer(many=True)})
    def get(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=checked_id(claim_id))
        linked = set(links_of(claim.pk).values_list("from_claim_id", "to_claim_id"))
        linked_ids = {each for pair in linked for each in pair}
        similar = [other for other in similar_claims(claim) if other.pk not in linked_ids]
        return Response(SimilarClaimSerializer(similar, many=True).data)


urlpatterns = [
    path("claims/<int:claim_id>/links/", ClaimLinkList.as_view(), name="claim_links"),
    path(
        "claims/<int:claim_id>/links/<int:link_id>/",
        ClaimLinkDetail.as_view(),
        name="claim_link",
    ),
    path("claims/<int:claim_id>/similar/", SimilarClaims.as_view(), name="claim_similar"),
]
