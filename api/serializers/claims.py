"""Claims as the API shows them: the claim, its attributions, evidence and timeline."""

from __future__ import annotations

from rest_framework import serializers

from claims.models import Attribution, Claim, ClaimEvent, Evidence, Status


class UserNameField(serializers.CharField):
    """A person as the record names them: their username (or null)."""

    def to_representation(self, value: object) -> str:
        return str(value)


class AttributionSerializer(serializers.ModelSerializer):
    source = serializers.IntegerField(source="source_id", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)
    source_kind = serializers.CharField(source="source.kind", read_only=True)

    class Meta:
        model = Attribution
        fields = [
            "id",
            "source",
            "source_name",
            "source_kind",
            "sourcing",
            "mention",
            "mention_start",
            "mention_end",
            "cue",
            "cue_start",
            "cue_end",
            "descriptor",
            "count",
            "created_at",
        ]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    added_by = UserNameField(read_only=True, allow_null=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "title", "stance", "url", "has_file", "note", "added_by", "added_at"]
        read_only_fields = fields

    def get_has_file(self, evidence: Evidence) -> bool:
        return bool(evidence.file)


class EventSerializer(serializers.ModelSerializer):
    actor = UserNameField(read_only=True, allow_null=True)
    # The first event has no status before it (""); a claim may have no rating yet.
    from_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True, read_only=True)
    from_rating = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    to_rating = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    verdict_by = UserNameField(read_only=True, allow_null=True)
    changes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ClaimEvent
        fields = [
            "id",
            "at",
            "kind",
            "actor",
            "from_status",
            "to_status",
            "from_rating",
            "to_rating",
            "verdict_by",
            "note",
            "claim_version",
            "changes",
        ]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    """A claim in a list: its own columns, no attributions or timeline."""

    rating = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    outlet = serializers.CharField(source="outlet.name", read_only=True, allow_null=True)
    assignee = UserNameField(read_only=True, allow_null=True)
    created_by = UserNameField(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "outlet",
            "start",
            "end",
            "quote",
            "statement",
            "kind",
            "status",
            "rating",
            "sourcing",
            "assignee",
            "revisit_on",
            "created_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    """One claim with what it rests on and how it got here."""

    review_requested_by = UserNameField(read_only=True, allow_null=True)
    verdict_by = UserNameField(read_only=True, allow_null=True)
    attributions = AttributionSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    timeline = EventSerializer(many=True, read_only=True, source="events")

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "review_requested_by",
            "verdict_by",
            "attributions",
            "evidence",
            "timeline",
        ]
        read_only_fields = fields
