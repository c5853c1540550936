"""Suggested claims as the API shows them, and what accepting one may override."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.sources import SourceKindField
from claims.models import STATEMENT_MAX, Claim, Sourcing, Suggestion


class SuggestionSerializer(serializers.ModelSerializer):
    """A candidate claim and the attribution accepting it as it stands would make."""

    source_name = serializers.CharField(
        source="attributed_to", read_only=True, help_text="The name it would be filed under."
    )
    source_kind = serializers.SerializerMethodField()
    descriptor = serializers.CharField(source="role", read_only=True)
    sourcing = serializers.SerializerMethodField()
    unclear = serializers.BooleanField(read_only=True)
    decided_by = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "article",
            "start",
            "end",
            "quote",
            "source",
            "source_start",
            "source_end",
            "source_name",
            "source_kind",
            "descriptor",
            "cue",
            "cue_start",
            "cue_end",
            "sourcing",
            "unclear",
            "score",
            "state",
            "claim",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields

    @extend_schema_field(SourceKindField(allow_null=True))
    def get_source_kind(self, suggestion: Suggestion) -> str | None:
        """The kind of source accepting would make; null when unattributed."""
        return suggestion.filed_kind if suggestion.sourcing else None

    @extend_schema_field(serializers.ChoiceField(choices=Sourcing.choices))
    def get_sourcing(self, suggestion: Suggestion) -> str:
        """As a claim's: "unattributed" for the outlet's own assertion."""
        return suggestion.sourcing or Sourcing.UNATTRIBUTED


class SuggestionStateQuery(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=Suggestion.State.choices,
        default=Suggestion.State.OPEN,
        help_text="Open ones (the default), or those accepted or rejected.",
    )


class SuggestionAcceptSerializer(serializers.Serializer):
    """What the capture panel lets an editor change before accepting; all optional.

    The span is the suggestion's. Left out, each field keeps what the
    suggestion says; ``sourcing``: "unattributed" (or null) files the claim
    as the outlet's own assertion.
    """

    statement = serializers.CharField(max_length=STATEMENT_MAX, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    source_name = serializers.CharField(max_length=300, required=False)
    source_kind = SourceKindField(required=False)
    sourcing = serializers.ChoiceField(
        choices=Sourcing.choices,
        required=False,
        allow_null=True,
        help_text="“unattributed” (or null): the outlet's own assertion.",
    )
    descriptor = serializers.CharField(max_length=300, required=False, allow_blank=True)
    count = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)


class AcceptedSerializer(serializers.Serializer):
    claim = serializers.IntegerField(help_text="The new claim's id.")
    url = serializers.URLField(help_text="The new claim in the API.")
    suggestion = SuggestionSerializer()
