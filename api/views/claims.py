"""Claims: list, one claim, capture, edit, workflow moves, verdict, attributions, evidence.

Every write goes through ``claims.services`` and answers with the claim as it
now stands and its new ``ETag``. A stale version is a 409 that says what
changed and which version is current.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import django_filters
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.problems import StaleWrite
from api.serializers.claims import (
    AttributionChangeSerializer,
    AttributionCreateSerializer,
    ClaimCaptureSerializer,
    ClaimEditSerializer,
    ClaimSerializer,
    ClaimWithMovesSerializer,
    EvidenceCreateSerializer,
    MoveSerializer,
    VerdictSerializer,
    active_users,
)
from api.versions import requested_version, with_etag
from claims import services
from claims.filters import ID_MAX, ClaimFilter
from claims.models import Article, Attribution, Claim, ClaimEvent, Evidence, Rating, Source
from claims.spans import Span, span_of_field

READ_CLAIM = ("claims.view_claim", "claims.view_evidence", "claims.view_claimevent")
CHANGE_CLAIM = ("claims.view_claim", "claims.change_claim")
# Every move's own permission is checked by the service; all who move claims
# (editors, reviewers) may research, so a viewer is refused before anything.
MOVE_CLAIM = ("claims.view_claim", "claims.research_claim")

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The claim's ETag, in place of “version” in the body.",
)


def checked_id(value: int) -> int:
    """An id from the address; past any id's range it names nothing (and SQLite
    could not even bind it)."""
    if not 1 <= value <= ID_MAX:
        raise Http404("No such record.")
    return value


def checked(serializer_class: type, request: Request, **kwargs: Any) -> dict[str, Any]:
    """The request's body, validated: a 400 problem naming each wrong field otherwise."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def claim_for_detail() -> QuerySet[Claim]:
    """One claim and everything the detail shows: five queries whatever it holds."""
    return (
        Claim.objects.select_related(
            "outlet",
            "rating",
            "assignee",
            "created_by",
            "review_requested_by",
            "verdict_by",
            # A gone claim's revision for its number, not its text.
            "span_revision",
        )
        .defer("span_revision__body")
        .prefetch_related(
            Prefetch("attributions", Attribution.objects.select_related("source").order_by("id")),
            Prefetch("evidence", Evidence.objects.select_related("added_by").order_by("id")),
            Prefetch(
                "events",
                ClaimEvent.objects.select_related(
                    "actor", "from_rating", "to_rating", "verdict_by"
                ).order_by("at", "id"),
            ),
        )
    )


def claim_response(request: Request, claim_id: int, code: int = status.HTTP_200_OK) -> Response:
    """The claim as it now stands, with the moves the caller may make and its ETag."""
    claim = get_object_or_404(claim_for_detail(), pk=checked_id(claim_id))
    body = ClaimWithMovesSerializer(claim, context={"request": request}).data
    headers = {"Location": reverse("api:claim_detail", args=[claim.pk])} if code == 201 else {}
    return with_etag(Response(body, status=code, headers=headers), claim)


def claim_or_404(claim_id: int) -> Claim:
    return get_object_or_404(Claim.objects.select_related("article"), pk=checked_id(claim_id))


@contextmanager
def claim_write(claim_id: int) -> Iterator[None]:
    """One transaction for a write's services (a refusal leaves nothing); a stale
    version answers 409 with the version that is current now."""
    try:
        with transaction.atomic():
            yield
    except services.StaleVersion as error:
        current = Claim.objects.filter(pk=claim_id).values_list("version", flat=True).first()
        raise StaleWrite(error, current_version=current) from None


# -- the list, and capture


class ApiClaimFilter(ClaimFilter):
    """The claims list's filters, ratings by slug and assignees by username (as
    the API shows them), without the list's sorts: a cursor pages in one stable
    order (see ``ClaimList``)."""

    rating = django_filters.ModelChoiceFilter(
        queryset=Rating.objects.all(), to_field_name="slug", label="Rating (slug)"
    )
    assignee = django_filters.ModelChoiceFilter(
        queryset=active_users(), to_field_name="username", label="Assignee (username)"
    )
    order = None


class ClaimList(generics.ListAPIView):
    """Claims, newest first (by id), with the claims list's filters.

    Not the page's sorts (``order`` is refused): a cursor follows a column
    that never changes, or a claim edited between two pages would be skipped
    or seen twice; the id is that column and its index serves every page.
    """

    required_perms = {
        "GET": ("claims.view_claim",),
        "POST": ("claims.view_article", "claims.add_claim"),
    }
    serializer_class = ClaimSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiClaimFilter

    def get_queryset(self) -> QuerySet[Claim]:
        if "order" in self.request.query_params:
            raise serializers.ValidationError(
                {"order": "Claims are listed newest first, in the order a cursor can follow."}
            )
        # A gone claim's revision for its number, not its text (nor any claim's vector).
        return Claim.objects.select_related(
            "outlet", "rating", "assignee", "created_by", "span_revision"
        ).defer("search_vector", "span_revision__body")

    @extend_schema(
        request=ClaimCaptureSerializer,
        responses={
            201: ClaimWithMovesSerializer,
            200: OpenApiResponse(
                ClaimWithMovesSerializer,
                description="This capture_key made a claim before: that claim.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = checked(ClaimCaptureSerializer, request)
        article = Article.objects.filter(pk=data["article"]).first()
        if article is None:
            raise serializers.ValidationError({"article": "No such article."})
        key = data["capture_key"]
        repeated = key is not None and Claim.objects.filter(capture_key=key).exists()
        span = Span(data["start"], data["end"], captured_text(article, data))
        with transaction.atomic():
            claim = services.claim_capture(
                article=article,
                span=span,
                by=request.user,
                statement=data["statement"],
                kind=data["kind"],
                attribution=attribution_input(article.body, span.start, data["attribution"]),
                capture_key=key,
            )
        return claim_response(request, claim.pk, 200 if repeated else 201)


def captured_text(article: Article, data: dict[str, Any]) -> str:
    """The quote sent, or the article's text at the span (which the service checks)."""
    if "quote" in data:
        return unicodedata.normalize("NFC", data["quote"])
    return article.body[data["start"] : data["end"]]


def attribution_input(
    body: str, near: int, data: dict[str, Any] | None
) -> services.AttributionInput | None:
    if data is None:
        return None
    return services.AttributionInput(
        source_name=data["source_name"],
        source_kind=data["source_kind"],
        sourcing=data["sourcing"],
        **sourcing_details(body, near, data),
    )


def sourcing_details(body: str, near: int, data: dict[str, Any]) -> dict[str, Any]:
    """Mention, cue, descriptor and count as the services take them."""
    return {
        "mention": words_span(body, near, data["mention"], data["mention_start"]),
        "cue": words_span(body, near, data["cue"], data["cue_start"]),
        "descriptor": data["descriptor"],
        # Only unnamed sources have a head count (as on the capture panel).
        "count": data["count"] if data["sourcing"] == "anonymous" else None,
    }


def words_span(body: str, near: int, words: str, start: int | None) -> Span | None:
    """Words of the article: at ``start`` when given (checked by the service),
    else their occurrence nearest the claim."""
    if start is None:
        return services.find_near(body, words, near)
    words = unicodedata.normalize("NFC", words)
    return Span(start, start + len(words), words) if words else None


# -- one claim


class ClaimDetail(APIView):
    """One claim with its attributions, evidence, timeline and the moves the caller
    may make now; ``ETag`` is its version. ``PATCH`` edits its own fields."""

    required_perms = {"GET": READ_CLAIM, "PATCH": CHANGE_CLAIM}
    serializer_class = ClaimWithMovesSerializer

    def get(self, request: Request, claim_id: int) -> Response:
        return claim_response(request, claim_id)

    @extend_schema(
        request=ClaimEditSerializer,
        responses={200: ClaimWithMovesSerializer},
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=checked_id(claim_id))
        data = checked(ClaimEditSerializer, request, partial=True)
        version = requested_version(request, claim)
        with claim_write(claim.pk):
            services.claim_edit(
                claim=claim,
                by=request.user,
                version=version,
                statement=data.get("statement", claim.statement),
                kind=data.get("kind", claim.kind),
                revisit_on=data.get("revisit_on", claim.revisit_on),
                assignee=data.get("assignee", claim.assignee),
            )
        return claim_response(request, claim.pk)


class ClaimMoves(APIView):
    """Move the claim through the workflow (``claim_transition``): the move's
    permission, its note, its verdict and four eyes are the service's to check."""

    required_perms = {"POST": MOVE_CLAIM}

    @extend_schema(
        request=MoveSerializer, responses={200: ClaimWithMovesSerializer}, parameters=[IF_MATCH]
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=checked_id(claim_id))
        data = checked(MoveSerializer, request)
        version = requested_version(request, claim)
        with claim_write(claim.pk):
            services.claim_transition(
                claim=claim,
                to=data["to"],
                by=request.user,
                version=version,
                note=data["note"],
                rating=data["rating"],
                reviewer=data["reviewer"],
            )
        return claim_response(request, claim.pk)


class ClaimVerdict(APIView):
    """Set, change or withdraw the verdict (``claim_rate``), while researched or in review."""

    required_perms = {"POST": MOVE_CLAIM}

    @extend_schema(
        request=VerdictSerializer, responses={200: ClaimWithMovesSerializer}, parameters=[IF_MATCH]
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=checked_id(claim_id))
        data = checked(VerdictSerializer, request)
        version = requested_version(request, claim)
        with claim_write(claim.pk):
            services.claim_rate(
                claim=claim,
                rating=data["rating"],
                by=request.user,
                version=version,
                note=data["note"],
            )
        return claim_response(request, claim.pk)


# -- attributions and evidence


class ClaimAttributions(APIView):
    """Attribute the claim to a source, or change how an existing attribution to
    that source is cited (one attribution a claim and source)."""

    required_perms = {"POST": CHANGE_CLAIM}

    @extend_schema(
        request=AttributionCreateSerializer,
        responses={201: ClaimWithMovesSerializer},
        parameters=[IF_MATCH],
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = claim_or_404(claim_id)
        data = checked(AttributionCreateSerializer, request)
        version = requested_version(request, claim)
        with claim_write(claim.pk):
            services.attribution_set(
                claim=claim,
                source=named_source(data, request),
                by=request.user,
                version=version,
                sourcing=data["sourcing"],
                **sourcing_details(claim.article.body, claim.start, data),
            )
        return claim_response(request, claim.pk, status.HTTP_201_CREATED)


def named_source(data: dict[str, Any], request: Request) -> Source:
    """The source by id, or found by name (or alias) and made when new, as the page does."""
    if "source" in data:
        source = Source.objects.filter(pk=data["source"]).first()
        if source is None:
            raise serializers.ValidationError({"source": "No such source."})
        return source
    return services.source_find_or_create(
        name=data["source_name"], kind=data["source_kind"], by=request.user
    )


class AttributionDetail(APIView):
    """Change how one attribution is sourced (``PATCH``), or remove it (``DELETE``)."""

    required_perms = {"PATCH": CHANGE_CLAIM, "DELETE": CHANGE_CLAIM}

    @extend_schema(
        request=AttributionChangeSerializer,
        responses={200: ClaimWithMovesSerializer},
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, attribution_id: int) -> Response:
        attribution = self.attribution(attribution_id)
        data = checked(AttributionChangeSerializer, request, partial=True)
        version = requested_version(request, attribution.claim)
        with claim_write(attribution.claim_id):
            services.attribution_set(
                claim=attribution.claim,
                source=attribution.source,
                sourcing=data.get("sourcing", attribution.sourcing),
                by=request.user,
                version=version,
                mention=span_of_field(attribution, "mention"),
                cue=span_of_field(attribution, "cue"),
                descriptor=data.get("descriptor", attribution.descriptor),
                count=data.get("count", attribution.count),
            )
        return claim_response(request, attribution.claim_id)

    @extend_schema(request=None, responses={200: ClaimWithMovesSerializer}, parameters=[IF_MATCH])
    def delete(self, request: Request, attribution_id: int) -> Response:
        attribution = self.attribution(attribution_id)
        version = requested_version(request, attribution.claim)
        with claim_write(attribution.claim_id):
            services.attribution_remove(attribution=attribution, by=request.user, version=version)
        return claim_response(request, attribution.claim_id)

    @staticmethod
    def attribution(attribution_id: int) -> Attribution:
        queryset = Attribution.objects.select_related("source", "claim")
        return get_object_or_404(queryset, pk=checked_id(attribution_id))


class ClaimEvidence(APIView):
    """Add evidence by URL. No version needed: adding never overwrites anyone's work,
    and evidence stays open on a published claim."""

    required_perms = {"POST": ("claims.view_claim", "claims.add_evidence")}

    @extend_schema(request=EvidenceCreateSerializer, responses={201: ClaimWithMovesSerializer})
    def post(self, request: Request, claim_id: int) -> Response:
        claim = get_object_or_404(Claim, pk=checked_id(claim_id))
        data = checked(EvidenceCreateSerializer, request)
        with claim_write(claim.pk):
            services.evidence_add(claim=claim, by=request.user, **data)
        return claim_response(request, claim.pk, status.HTTP_201_CREATED)


urlpatterns = [
    path("claims/", ClaimList.as_view(), name="claim_list"),
    path("claims/<int:claim_id>/", ClaimDetail.as_view(), name="claim_detail"),
    path("claims/<int:claim_id>/moves/", ClaimMoves.as_view(), name="claim_moves"),
    path("claims/<int:claim_id>/verdict/", ClaimVerdict.as_view(), name="claim_verdict"),
    path(
        "claims/<int:claim_id>/attributions/",
        ClaimAttributions.as_view(),
        name="claim_attributions",
    ),
    path("claims/<int:claim_id>/evidence/", ClaimEvidence.as_view(), name="claim_evidence"),
    path(
        "attributions/<int:attribution_id>/",
        AttributionDetail.as_view(),
        name="attribution_detail",
    ),
]
