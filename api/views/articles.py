"""Articles: the list, one article with its text, adding one by its text or its URL."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.articles import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleImportRequestSerializer,
    ArticleImportSerializer,
    ArticleSerializer,
)
from api.views.claims import checked, checked_id
from claims import services
from claims.filters import ArticleFilter
from claims.models import Article, ArticleFetch, ArticleRevision
from claims.services.imports import article_fetch_request, domain_of

READ_ARTICLE = ("claims.view_article",)
ADD_ARTICLE = ("claims.add_article",)


class ApiArticleFilter(ArticleFilter):
    """The article list's filters without its sort: a cursor pages by id."""

    order = None


def articles_for_list() -> QuerySet[Article]:
    # Titles, not bodies (up to megabytes a row) nor their search vectors.
    return Article.objects.select_related("outlet", "tally").defer("body", "search_vector")


class ArticleList(generics.ListAPIView):
    """Articles, newest first; ``POST`` adds one by its text (as the paste page)."""

    required_perms = {"GET": READ_ARTICLE, "POST": ADD_ARTICLE}
    serializer_class = ArticleSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiArticleFilter

    def get_queryset(self) -> QuerySet[Article]:
        return articles_for_list()

    @extend_schema(
        request=ArticleCreateSerializer,
        responses={
            201: ArticleDetailSerializer,
            200: OpenApiResponse(
                ArticleDetailSerializer, description="The same text was imported before: that one."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = checked(ArticleCreateSerializer, request)
        with transaction.atomic():
            result = services.article_create(
                body=data["body"],
                by=request.user,
                title=data["title"],
                # A new outlet's domain from the article's own address: ClaimReview
                # names the outlet by it.
                outlet=services.outlet_find_or_create(
                    data["outlet"], domain=domain_of(data["url"])
                ),
                url=data["url"],
                byline=data["byline"],
                published_on=data["published_on"],
                language=data["language"],
                source=ArticleRevision.Source.API,
            )
        article = Article.objects.select_related("outlet", "tally").get(pk=result.article.pk)
        body = ArticleDetailSerializer(article).data
        if not result.created:
            return Response(body)
        location = reverse("api:article_detail", args=[article.pk])
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class ArticleDetail(APIView):
    """One article with its text."""

    required_perms = {"GET": READ_ARTICLE}
    serializer_class = ArticleDetailSerializer

    def get(self, request: Request, article_id: int) -> Response:
        queryset = Article.objects.select_related("outlet", "tally").defer("search_vector")
        article = get_object_or_404(queryset, pk=checked_id(article_id))
        return Response(ArticleDetailSerializer(article).data)


class ArticleImportList(APIView):
    """Import an article from its URL: the same task as the URL import page."""

    required_perms = {"POST": ADD_ARTICLE}

    @extend_schema(
        request=ArticleImportRequestSerializer,
        responses={202: ArticleImportSerializer},
    )
    def post(self, request: Request) -> Response:
        data = checked(ArticleImportRequestSerializer, request)
        with transaction.atomic():
            fetch = article_fetch_request(
                url=data["url"],
                by=request.user,
                outlet=services.outlet_find_or_create(data["outlet"]),
            )
        location = reverse("api:article_import", args=[fetch.pk])
        return Response(
            ArticleImportSerializer(fetch).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": location},
        )


class ArticleImportDetail(APIView):
    """A URL import's progress; only the person who asked for it may read it."""

    required_perms = {"GET": ADD_ARTICLE}
    serializer_class = ArticleImportSerializer

    def get(self, request: Request, fetch_id: int) -> Response:
        fetch = get_object_or_404(ArticleFetch, pk=checked_id(fetch_id))
        if fetch.requested_by_id != request.user.pk and not request.user.is_superuser:
            raise PermissionDenied("Only the person who asked for this import can follow it.")
        return Response(ArticleImportSerializer(fetch).data)


urlpatterns = [
    path("articles/", ArticleList.as_view(), name="article_list"),
    path("articles/imports/", ArticleImportList.as_view(), name="article_imports"),
    path("articles/imports/<int:fetch_id>/", ArticleImportDetail.as_view(), name="article_import"),
    path("articles/<int:article_id>/", ArticleDetail.as_view(), name="article_detail"),
]
