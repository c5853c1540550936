"""An article's revisions: the list, one with its text, and a new version of the text.

A new version goes through ``article_revise`` (as the article page's "paste a
new version" does): the text is stored as the newest revision and every
claim is found again on it, moved, changed or gone, on its timeline.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NewestFirstCursor
from api.problems import TextTooLong
from api.serializers.revisions import (
    RevisionCreateSerializer,
    RevisionDetailSerializer,
    RevisionOutcomeSerializer,
    RevisionSerializer,
)
from api.views.claims import checked, checked_id
from claims.anchoring import Outcome
from claims.models import BODY_MAX, Article, ArticleRevision, normalize_body
from claims.services.revisions import article_revise

READ_REVISIONS = ("claims.view_article",)
# As the article page: revising is changing the article.
REVISE_ARTICLE = ("claims.view_article", "claims.change_article")


class NewestRevisionFirst(NewestFirstCursor):
    """By number, newest first: unique within the article, and never changes."""

    ordering = "-number"


def revisions_of(article_id: int) -> QuerySet[ArticleRevision]:
    """The article's revisions without their text (up to megabytes each), with its length."""
    return (
        ArticleRevision.objects.filter(article_id=article_id)
        .select_related("created_by")
        .defer("body")
        .annotate(body_length=Length("body"))
    )


def article_or_404(article_id: int) -> Article:
    # Not its body or search vector: only whether it is there.
    return get_object_or_404(Article.objects.only("pk"), pk=checked_id(article_id))


class RevisionList(generics.ListAPIView):
    """The article's revisions, newest first; ``POST`` sends a new version of its text."""

    required_perms = {"GET": READ_REVISIONS, "POST": REVISE_ARTICLE}
    serializer_class = RevisionSerializer
    pagination_class = NewestRevisionFirst

    def get_queryset(self) -> QuerySet[ArticleRevision]:
        return revisions_of(article_or_404(self.kwargs["article_id"]).pk)

    @extend_schema(
        request=RevisionCreateSerializer,
        responses={
            201: RevisionOutcomeSerializer,
            200: OpenApiResponse(
                RevisionOutcomeSerializer,
                description="The same text as the current revision: nothing stored, "
                "“outcome” is “unchanged”.",
            ),
        },
    )
    def post(self, request: Request, article_id: int) -> Response:
        # The service reads the article's text as stored, under its lock.
        article = get_object_or_404(Article.objects.only("pk"), pk=checked_id(article_id))
        body = checked(RevisionCreateSerializer, request)["body"]
        # Counted as the service counts (after its normalisation), but answered
        # as a body too large rather than as a rule of the desk.
        if len(normalize_body(body)) > BODY_MAX:
            raise TextTooLong(f"The article's text is too long: at most {BODY_MAX:,} characters.")
        with transaction.atomic():
            revised = article_revise(article=article, body=body, by=request.user, source="api")
        return revision_outcome(article, revised.revision, revised.claims)


def revision_outcome(
    article: Article, revision: ArticleRevision | None, claims: dict[Outcome, list[int]]
) -> Response:
    """201 with the new revision, or 200 with the current one when nothing changed."""
    revisions = revisions_of(article.pk)
    shown = revisions.get(pk=revision.pk) if revision else revisions.order_by("-number")[0]
    body = {
        "outcome": "revised" if revision else "unchanged",
        "revision": RevisionSerializer(shown).data,
        "claims": {outcome.value: ids for outcome, ids in claims.items()},
    }
    if revision is None:
        return Response(body)
    location = reverse("api:article_revision", args=[article.pk, shown.number])
    return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class RevisionDetail(APIView):
    """One revision of the article, with its text."""

    required_perms = {"GET": READ_REVISIONS}
    serializer_class = RevisionDetailSerializer

    def get(self, request: Request, article_id: int, number: int) -> Response:
        revisions = ArticleRevision.objects.select_related("created_by").annotate(
            body_length=Length("body")
        )
        revision = get_object_or_404(
            revisions, article_id=checked_id(article_id), number=checked_id(number)
        )
        return Response(RevisionDetailSerializer(revision).data)


urlpatterns = [
    path("articles/<int:article_id>/revisions/", RevisionList.as_view(), name="article_revisions"),
    path(
        "articles/<int:article_id>/revisions/<int:number>/",
        RevisionDetail.as_view(),
        name="article_revision",
    ),
]
