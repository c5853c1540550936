"""Links between claims and similar claims, as the API shows them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.claims import UserNameField
from claims.filters import ID_MAX
from claims.models import Claim, ClaimLink, Status


class ClaimBriefSerializer(serializers.ModelSerializer):
    """Another claim, enough to decide whether to open it: its words, status and verdict."""

    rating = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "article", "statement", "quote", "status", "rating"]
        read_only_fields = fields


class ClaimLinkSerializer(serializers.ModelSerializer):
    """A link read as it is stored: ``from_claim`` *kind* ``to_claim`` ("9 contradicts 5").

    ``other_claim`` is the claim at the other end from the one in the address,
    and ``outgoing`` says whether that one is ``from_claim``.
    """

    created_by = UserNameField(read_only=True, allow_null=True)
    outgoing = serializers.SerializerMethodField()
    other_claim = serializers.SerializerMethodField()

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "kind",
            "from_claim",
            "to_claim",
            "outgoing",
            "other_claim",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_outgoing(self, link: ClaimLink) -> bool:
        return link.from_claim_id == self.context["claim_id"]

    @extend_schema_field(ClaimBriefSerializer)
    def get_other_claim(self, link: ClaimLink) -> dict[str, Any]:
        other = link.to_claim if self.get_outgoing(link) else link.from_claim
        return ClaimBriefSerializer(other).data


class ClaimLinkCreateSerializer(serializers.Serializer):
    """This claim *kind* ``other_claim``: "this claim contradicts claim 5"."""

    other_claim = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    kind = serializers.ChoiceField(choices=ClaimLink.Kind.choices)


class SimilarClaimSerializer(ClaimBriefSerializer):
    """A claim like this one, and how alike: the ranking's own measure, higher is
    closer (trigram similarity from 0 to 1 on PostgreSQL with pg_trgm)."""

    similarity = serializers.FloatField(read_only=True)

    class Meta(ClaimBriefSerializer.Meta):
        fields = [*ClaimBriefSerializer.Meta.fields, "similarity"]
        read_only_fields = fields
