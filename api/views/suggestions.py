"""Suggested claims: an article's, and accepting or rejecting one (editors, as the page)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NewestFirstCursor
from api.serializers.suggestions import (
    AcceptedSerializer,
    SuggestionAcceptSerializer,
    SuggestionSerializer,
    SuggestionStateQuery,
)
from claims import services
from claims.models import Article, Claim, Sourcing, Suggestion
from claims.services import suggestions as suggesting
from claims.spans import span_or_none

READ = ("claims.view_article", "claims.view_claim")
DECIDE = ("claims.view_article", "claims.add_claim")


class InTextOrder(NewestFirstCursor):
    """An article's suggestions in the order of its text (ties, rare, by id)."""

    ordering = ("start", "id")


class ArticleSuggestions(generics.ListAPIView):
    """The article's open suggestions, as its page lists them (less the spans
    captured by hand meanwhile); ``?state=accepted`` or ``rejected`` for decided ones."""

    required_perms = {"GET": READ}
    serializer_class = SuggestionSerializer
    pagination_class = InTextOrder

    @extend_schema(parameters=[SuggestionStateQuery])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Suggestion]:
        query = SuggestionStateQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        article = get_object_or_404(Article.objects.only("id"), pk=self.kwargs["article_id"])
        chosen = article.suggestions.filter(state=query.validated_data["state"])
        if query.validated_data["state"] == Suggestion.State.OPEN:
            captured = Claim.objects.filter(
                article=article, start=OuterRef("start"), end=OuterRef("end")
            )
            chosen = chosen.exclude(Exists(captured))
        return chosen.select_related("decided_by")


def accepted_attribution(
    suggestion: Suggestion, overrides: dict[str, Any]
) -> services.AttributionInput | None:
    """The suggestion's attribution with the client's changes; None for the outlet's own."""
    sourcing = overrides.get("sourcing", suggestion.sourcing)
    if sourcing in (None, "", Sourcing.UNATTRIBUTED):
        return None
    suggested = suggesting.suggestion_attribution(suggestion) or services.AttributionInput(
        source_name="",
        source_kind=suggestion.filed_kind,
        sourcing=sourcing,
        mention=span_or_none(suggestion.source_start, suggestion.source_end, suggestion.source),
        cue=span_or_none(suggestion.cue_start, suggestion.cue_end, suggestion.cue),
    )
    changes = {
        name: overrides[name]
        for name in ("source_name", "source_kind", "descriptor", "count")
        if name in overrides
    }
    if sourcing != "anonymous":
        changes["count"] = None  # only anonymous sourcing has a head count, as on the page
    if not (changes.get("source_name") or suggested.source_name):
        raise services.ClaimDeskError("Name the source, or send “sourcing”: “unattributed”.")
    return dataclasses.replace(suggested, sourcing=sourcing, **changes)


class SuggestionAccept(APIView):
    """Accept the suggestion as a claim on its span, as the capture panel would
    save it; the body may change the statement, kind and attribution."""

    required_perms = {"POST": DECIDE}

    @extend_schema(
        request=SuggestionAcceptSerializer,
        responses={201: AcceptedSerializer},
        operation_id="suggestion_accept",
    )
    def post(self, request: Request, suggestion_id: int) -> Response:
        suggestion = get_object_or_404(
            Suggestion.objects.select_related("article"), pk=suggestion_id
        )
        body = SuggestionAcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        claim = accept(suggestion, request, body.validated_data)
        suggestion.refresh_from_db()
        url = request.build_absolute_uri(reverse("api:claim_detail", args=[claim.pk]))
        data = {"claim": claim.pk, "url": url, "suggestion": SuggestionSerializer(suggestion).data}
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": url})


def accept(suggestion: Suggestion, request: Request, overrides: dict[str, Any]) -> Claim:
    if suggestion.state != Suggestion.State.OPEN:
        raise services.ClaimDeskError("Someone has already decided on this suggestion.")
    return suggesting.suggestion_accept(
        suggestion=suggestion,
        by=request.user,
        span=services.Span(suggestion.start, suggestion.end, suggestion.quote),
        statement=overrides.get("statement", ""),
        kind=overrides.get("kind", Claim.Kind.FACTUAL),
        attribution=accepted_attribution(suggestion, overrides),
    )


class SuggestionReject(APIView):
    """Reject the suggestion: a re-run of the extractor will not bring it back."""

    required_perms = {"POST": DECIDE}

    @extend_schema(
        request=None,
        responses={200: OpenApiResponse(SuggestionSerializer, "The suggestion, rejected.")},
        operation_id="suggestion_reject",
    )
    def post(self, request: Request, suggestion_id: int) -> Response:
        suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
        suggesting.suggestion_reject(suggestion=suggestion, by=request.user)
        suggestion = Suggestion.objects.select_related("decided_by").get(pk=suggestion.pk)
        return Response(SuggestionSerializer(suggestion).data)


urlpatterns = [
    path(
        "articles/<int:article_id>/suggestions/",
        ArticleSuggestions.as_view(),
        name="article_suggestions",
    ),
    path(
        "suggestions/<int:suggestion_id>/accept/",
        SuggestionAccept.as_view(),
        name="suggestion_accept",
    ),
    path(
        "suggestions/<int:suggestion_id>/reject/",
        SuggestionReject.as_view(),
        name="suggestion_reject",
    ),
]
