"""Articles as the API shows them, and what a client sends to add one."""

from __future__ import annotations

from django.core.validators import URLValidator
from rest_framework import serializers

from claims.dates import within_accepted_dates
from claims.models import BODY_MAX, Article, ArticleFetch

# What the services accept as a link: http(s) only (not ftp, which URLField allows).
WEB_URL = URLValidator(schemes=["http", "https"])


class ArticleSerializer(serializers.ModelSerializer):
    """An article in a list: its details and claim count, never its body."""

    outlet = serializers.CharField(source="outlet.name", read_only=True, allow_null=True)
    claim_count = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "outlet",
            "url",
            "byline",
            "published_on",
            "language",
            "claim_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_claim_count(self, article: Article) -> int:
        # The article's tally (select_related): no count query per row.
        tally = getattr(article, "tally", None)
        return tally.claim_count if tally is not None else 0


class ArticleDetailSerializer(ArticleSerializer):
    """One article with its text, which every claim's span points into."""

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]
        read_only_fields = fields


class ArticleCreateSerializer(serializers.Serializer):
    """An article by its text, as the paste page takes it."""

    body = serializers.CharField(max_length=BODY_MAX, trim_whitespace=False)
    title = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    outlet = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        help_text="The publisher's name; a new name makes a new outlet.",
    )
    url = serializers.URLField(
        max_length=2000, required=False, default="", allow_blank=True, validators=[WEB_URL]
    )
    byline = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    published_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[within_accepted_dates]
    )
    language = serializers.CharField(max_length=16, required=False, default="en")


class ArticleImportRequestSerializer(serializers.Serializer):
    """An article to import from its page, as the URL import page takes it."""

    url = serializers.URLField(max_length=2000, validators=[WEB_URL])
    outlet = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        help_text="Left empty: the outlet is read from the page.",
    )


class ArticleImportSerializer(serializers.ModelSerializer):
    """A URL import's progress: queued, fetching, then done or failed (with a reason)."""

    article = serializers.IntegerField(source="article_id", read_only=True, allow_null=True)

    class Meta:
        model = ArticleFetch
        fields = ["id", "url", "state", "reason", "message", "article", "created_at", "updated_at"]
        read_only_fields = fields
