"""Claims as the API shows them: the claim, its attributions, evidence and timeline."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.articles import WEB_URL
from claims import workflow
from claims.dates import within_accepted_dates
from claims.filters import ID_MAX
from claims.models import (
    ATTRIBUTION_DETAILS,
    NOTE_MAX,
    QUOTE_MAX,
    STATEMENT_MAX,
    Anchoring,
    Attribution,
    Claim,
    ClaimEvent,
    Evidence,
    Rating,
    Source,
    Status,
)


class UserNameField(serializers.CharField):
    """A person as the record names them: their username (or null)."""

    def to_representation(self, value: object) -> str:
        return str(value)


class ClaimKindField(serializers.ChoiceField):
    """A claim's kind: one schema component ("ClaimKind", ENUM_NAME_OVERRIDES in
    settings) wherever it is read or written."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Claim.Kind.choices, **kwargs)


# An attribution's levels: not "unattributed", which only a claim can be.
ATTRIBUTION_SOURCING = Attribution._meta.get_field("sourcing").choices


@extend_schema_field(
    {"type": "string", "enum": [value for value, _ in ATTRIBUTION_SOURCING]},
    component_name="AttributionSourcing",
)
class AttributionSourcingField(serializers.ChoiceField):
    """How one attribution is sourced, one schema component wherever it appears."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ATTRIBUTION_SOURCING, **kwargs)


class AttributionSerializer(serializers.ModelSerializer):
    source = serializers.IntegerField(source="source_id", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)
    source_kind = serializers.CharField(source="source.kind", read_only=True)
    sourcing = AttributionSourcingField(read_only=True)

    class Meta:
        model = Attribution
        fields = [
            "id",
            "source",
            "source_name",
            "source_kind",
            *ATTRIBUTION_DETAILS,
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
    kind = ClaimKindField(read_only=True)
    anchor = serializers.ChoiceField(
        choices=Anchoring.choices,
        read_only=True,
        help_text="How the claim's span fared when the article was last revised: "
        "“changed” and “gone” are flagged for the desk.",
    )
    span_revision = serializers.IntegerField(
        source="span_revision.number",
        read_only=True,
        allow_null=True,
        help_text="A gone claim's start and end point into this revision of the article "
        "(its number); null while they point into the article's current text.",
    )
    article_changed_since_verdict = serializers.BooleanField(
        read_only=True,
        help_text="Published, and the article's words at its span changed or went since.",
    )

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
            "anchor",
            "span_revision",
            "article_changed_since_verdict",
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


class MoveOfferSerializer(serializers.Serializer):
    """A workflow move the caller may make now (``POST …/moves/`` with ``to``)."""

    to = serializers.ChoiceField(choices=Status.choices)
    label = serializers.CharField()
    note_required = serializers.BooleanField()


class ClaimWithMovesSerializer(ClaimDetailSerializer):
    """One claim, and the moves the caller may make on it now (as the workflow card)."""

    allowed_moves = serializers.SerializerMethodField()

    class Meta(ClaimDetailSerializer.Meta):
        fields = [*ClaimDetailSerializer.Meta.fields, "allowed_moves"]
        read_only_fields = fields

    @extend_schema_field(MoveOfferSerializer(many=True))
    def get_allowed_moves(self, claim: Claim) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None:
            return []
        # The permissions are cached on the user by the role check: no query.
        return [
            {"to": move.target, "label": move.label, "note_required": move.note_required}
            for move in workflow.allowed_moves(claim, request.user)
        ]


# -- what clients send

POSITION_MAX = 2**31 - 1  # a PositiveIntegerField's largest value
VERSION_HELP = "The claim's version you are changing (or send If-Match with its ETag)."


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=0, max_value=POSITION_MAX, help_text=VERSION_HELP
    )


def text_field(max_length: int, **kwargs: Any) -> serializers.CharField:
    """Optional text, empty when not sent."""
    kwargs.setdefault("default", "")
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


def active_users() -> Any:
    return get_user_model().objects.filter(is_active=True)


class NamedRecordField(serializers.SlugRelatedField):
    """A record by its name or slug. A NUL is refused before the lookup:
    PostgreSQL refuses it in a query (a 500), where CharField refuses it itself."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError("Null characters are not allowed.")
        return super().to_internal_value(data)


def user_by_name(**kwargs: Any) -> serializers.SlugRelatedField:
    return NamedRecordField(
        slug_field="username", queryset=active_users(), allow_null=True, **kwargs
    )


def rating_by_slug(**kwargs: Any) -> serializers.SlugRelatedField:
    return NamedRecordField(
        slug_field="slug", queryset=Rating.objects.all(), allow_null=True, **kwargs
    )


class SourcingDetailsSerializer(serializers.Serializer):
    """How a source is cited: the mention and cue are words of the article,
    found nearest the claim unless ``mention_start`` / ``cue_start`` say where."""

    sourcing = AttributionSourcingField()
    mention = text_field(500, trim_whitespace=False, help_text="“sources familiar with…”, “He”.")
    mention_start = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=POSITION_MAX
    )
    cue = text_field(200, trim_whitespace=False, help_text="“said”, “according to”…")
    cue_start = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=POSITION_MAX
    )
    descriptor = text_field(300)
    count = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=1000,
        help_text="How many unnamed sources (anonymous sourcing only; ignored otherwise).",
    )


class CaptureAttributionSerializer(SourcingDetailsSerializer):
    """Who the captured claim comes from: a source by name, made if new."""

    source_name = serializers.CharField(max_length=300)
    source_kind = serializers.ChoiceField(choices=Source.Kind.choices, default=Source.Kind.PERSON)


class ClaimCaptureSerializer(serializers.Serializer):
    """A claim from the span ``[start, end)`` of an article's text."""

    article = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    start = serializers.IntegerField(min_value=0, max_value=POSITION_MAX)
    end = serializers.IntegerField(min_value=1, max_value=POSITION_MAX)
    quote = serializers.CharField(
        max_length=QUOTE_MAX,
        required=False,
        trim_whitespace=False,
        help_text="The span's text, checked against the article when sent.",
    )
    statement = text_field(STATEMENT_MAX, help_text="Left empty: the quote.")
    kind = ClaimKindField(default=Claim.Kind.FACTUAL)
    capture_key = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A key of the client's: sending the same capture again gives the same claim.",
    )
    attribution = CaptureAttributionSerializer(required=False, allow_null=True, default=None)


class ClaimEditSerializer(serializers.Serializer):
    """The claim's own fields; those not sent keep their values."""

    version = version_field()
    statement = serializers.CharField(max_length=STATEMENT_MAX, required=False)
    kind = ClaimKindField(required=False)
    revisit_on = serializers.DateField(
        required=False, allow_null=True, validators=[within_accepted_dates]
    )
    assignee = user_by_name(required=False, help_text="A username, or null for nobody.")


class MoveSerializer(serializers.Serializer):
    """A workflow move: the claim's new status, and what the move needs."""

    version = version_field()
    to = serializers.ChoiceField(choices=Status.choices)
    note = text_field(NOTE_MAX)
    rating = rating_by_slug(
        required=False, default=None, help_text="A new verdict to carry (slug); null keeps it."
    )
    reviewer = user_by_name(
        required=False, default=None, help_text="Sending to review: who should review it."
    )


class VerdictSerializer(serializers.Serializer):
    """Set, change or withdraw (null) the verdict, with why."""

    version = version_field()
    rating = rating_by_slug(help_text="The rating's slug; null withdraws the verdict.")
    note = serializers.CharField(max_length=NOTE_MAX)


class AttributionCreateSerializer(SourcingDetailsSerializer):
    """Attribute the claim to an existing ``source`` (id), or to one named by
    ``source_name`` (found by name or alias, else made with ``source_kind``)."""

    version = version_field()
    source = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    source_name = serializers.CharField(max_length=300, required=False)
    source_kind = serializers.ChoiceField(choices=Source.Kind.choices, default=Source.Kind.PERSON)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("source" in data) == ("source_name" in data):
            raise serializers.ValidationError(
                {"source": "Name the source: either “source” (an id) or “source_name”."}
            )
        return data


class AttributionChangeSerializer(serializers.Serializer):
    """How an attribution is sourced; what is not sent keeps its value."""

    version = version_field()
    sourcing = AttributionSourcingField(required=False)
    descriptor = serializers.CharField(max_length=300, required=False, allow_blank=True)
    count = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1000)


class EvidenceCreateSerializer(serializers.Serializer):
    """Evidence by its URL (files are uploaded on the claim page)."""

    title = serializers.CharField(max_length=300)
    url = serializers.URLField(max_length=2000, validators=[WEB_URL])
    stance = serializers.ChoiceField(
        choices=Evidence.Stance.choices, default=Evidence.Stance.CONTEXT
    )
    note = text_field(NOTE_MAX)
