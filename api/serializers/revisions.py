"""An article's revisions as the API shows them, and a new version of its text."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.claims import UserNameField
from claims.models import ArticleRevision


class RevisionSerializer(serializers.ModelSerializer):
    """One revision in a list: where its text came from, its length and hash, not the text."""

    created_by = UserNameField(read_only=True, allow_null=True)
    body_length = serializers.IntegerField(
        read_only=True, help_text="The text's length in code points, as spans count."
    )

    class Meta:
        model = ArticleRevision
        fields = ["number", "created_at", "source", "created_by", "body_length", "body_hash"]
        read_only_fields = fields


class RevisionDetailSerializer(RevisionSerializer):
    """One revision with its text, as the desk received it."""

    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "body"]
        read_only_fields = fields


class RevisionCreateSerializer(serializers.Serializer):
    """The article's new text: pasted from the outlet's page as it stands now."""

    body = serializers.CharField(
        trim_whitespace=False,
        allow_blank=True,
        help_text="The whole text. Past the article limit: 413; empty, or another "
        "article's text: 422.",
    )


class ClaimOutcomesSerializer(serializers.Serializer):
    """The claims whose span the revision moved, changed or removed (ids)."""

    moved = serializers.ListField(child=serializers.IntegerField())
    changed = serializers.ListField(child=serializers.IntegerField())
    gone = serializers.ListField(child=serializers.IntegerField())


class RevisionOutcomeSerializer(serializers.Serializer):
    """What sending a text did: a new revision, or nothing (the same text as now)."""

    outcome = serializers.ChoiceField(choices=["revised", "unchanged"])
    revision = RevisionSerializer(
        help_text="The new revision; when unchanged, the current one (whose text was sent)."
    )
    claims = ClaimOutcomesSerializer()
