"""Sources: the list, one source, its record (verdict tallies and claims), and its edit."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NewestFirstCursor
from api.problems import StaleWrite
from api.serializers.sources import (
    SourceClaimSerializer,
    SourceEditSerializer,
    SourceRecordSerializer,
    SourceSerializer,
)
from claims import services
from claims.filters import SourceFilter
from claims.models import Claim, Source
from claims.views.sources import KEEPER_PERMS

READ_SOURCE = ("claims.view_source",)
READ_RECORD = ("claims.view_source", "claims.view_claim")
# An APIView that pages by hand names the cursor's parameters itself.
CURSOR_PARAMETERS = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="The pagination cursor value."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Results a page."),
]


class SourceList(generics.ListAPIView):
    """Sources, newest first, narrowed by name or alias (``q``) and ``kind``.

    One query a page: the tallies are columns kept by the services.
    """

    required_perms = {"GET": READ_SOURCE}
    serializer_class = SourceSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SourceFilter
    queryset = Source.objects.all()


class SourceDetail(APIView):
    """One source; ``PATCH`` changes its details from the version it was read at."""

    required_perms = {"GET": READ_SOURCE, "PATCH": KEEPER_PERMS}
    serializer_class = SourceSerializer

    @extend_schema(responses=SourceSerializer)
    def get(self, request: Request, source_id: int) -> Response:
        return Response(SourceSerializer(get_object_or_404(Source, pk=source_id)).data)

    @extend_schema(request=SourceEditSerializer, responses=SourceSerializer)
    def patch(self, request: Request, source_id: int) -> Response:
        source = get_object_or_404(Source, pk=source_id)
        edit = SourceEditSerializer(data=request.data)
        edit.is_valid(raise_exception=True)
        details = dict(edit.validated_data)
        version = details.pop("version")
        if "aliases" in details:
            details["aliases"] = "\n".join(details["aliases"])
        try:
            saved = services.source_edit(source=source, by=request.user, version=version, **details)
        except services.StaleVersion as stale:
            current = Source.objects.filter(pk=source.pk).values_list("version", flat=True).first()
            raise StaleWrite(stale, current_version=current) from None
        return Response(SourceSerializer(saved).data)


def source_claims(source: Source) -> QuerySet[Claim]:
    """The source's claims, newest first: the (source, claim) index hands over a page."""
    return (
        Claim.objects.filter(attributions__source=source)
        .select_related("article", "rating")
        .only(*SOURCE_CLAIM_COLUMNS)
    )


# What the record's claims show: never the article's body, which can be long.
SOURCE_CLAIM_COLUMNS = [
    "id",
    "article__id",
    "article__title",
    "statement",
    "kind",
    "status",
    "rating__slug",
    "sourcing",
    "updated_at",
    "version",
]


class SourceRecord(APIView):
    """The source's record as its page shows it: how many of its published claims got
    each verdict, and its claims newest first, a cursor page at a time."""

    required_perms = {"GET": READ_RECORD}
    serializer_class = SourceRecordSerializer

    @extend_schema(responses=SourceRecordSerializer, parameters=CURSOR_PARAMETERS)
    def get(self, request: Request, source_id: int) -> Response:
        source = get_object_or_404(Source, pk=source_id)
        paginator = NewestFirstCursor()
        claims = paginator.paginate_queryset(source_claims(source), request, view=self)
        verdicts = [
            {"rating": r.slug, "name": r.name, "value": r.value, "claims": n}
            for r, n in source.record()
        ]
        page = paginator.get_paginated_response(SourceClaimSerializer(claims, many=True).data)
        return Response({"verdicts": verdicts, **page.data})


urlpatterns = [
    path("sources/", SourceList.as_view(), name="source_list"),
    path("sources/<int:source_id>/", SourceDetail.as_view(), name="source_detail"),
    path("sources/<int:source_id>/record/", SourceRecord.as_view(), name="source_record"),
]
