"""Sources as the API shows them: the source, its record, the claims attributed to it."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from claims.models import ALIASES_MAX, NOTE_MAX, Claim, Source


class SourceKindField(serializers.ChoiceField):
    """A kind of source: person, organization, document or anonymous_group."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Source.Kind.choices, **kwargs)


class SourceSerializer(serializers.ModelSerializer):
    """A source with its tallies (kept by the services, counted by nothing here)."""

    kind = SourceKindField(read_only=True)

    aliases = serializers.ListField(
        child=serializers.CharField(), source="alias_list", read_only=True
    )
    # Empty when unknown: a plain string, since "" is no URI.
    same_as = serializers.CharField(
        read_only=True, help_text="The source's home page or Wikidata URL; empty when unknown."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "kind",
            "role",
            "affiliation",
            "aliases",
            "same_as",
            "notes",
            "claim_count",
            "anonymous_count",
            "published_count",
            "version",
        ]
        read_only_fields = fields


class VerdictTallySerializer(serializers.Serializer):
    """How many of the source's published claims carry one verdict."""

    rating = serializers.SlugField(help_text="The verdict's slug.")
    name = serializers.CharField()
    value = serializers.IntegerField(
        allow_null=True, help_text="Its place on the scale; null off the scale."
    )
    claims = serializers.IntegerField(help_text="Published claims with this verdict.")


class SourceClaimSerializer(serializers.ModelSerializer):
    """A claim attributed to the source, as the source's page lists it."""

    article_title = serializers.CharField(source="article.title", read_only=True)
    rating = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "article_title",
            "statement",
            "kind",
            "status",
            "rating",
            "sourcing",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class SourceRecordSerializer(serializers.Serializer):
    """The schema of the record's page: the tallies, then a cursor page of claims."""

    verdicts = VerdictTallySerializer(many=True)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SourceClaimSerializer(many=True)


class SourceEditSerializer(serializers.Serializer):
    """A source's details to change, with the version they were read at (as the page)."""

    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    name = serializers.CharField(max_length=300, required=False)
    kind = SourceKindField(required=False)
    role = serializers.CharField(max_length=300, required=False, allow_blank=True)
    affiliation = serializers.CharField(max_length=300, required=False, allow_blank=True)
    # One name a line on the page; a list here. The service checks the joined length.
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=ALIASES_MAX // 2
    )
    same_as = serializers.URLField(max_length=500, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX)
