"""Export jobs as the API shows them, and what starting one takes."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import ExportJob

QUERY_MAX = ExportJob._meta.get_field("query").max_length


class ExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=ExportJob.Format.choices)
    query = serializers.CharField(
        max_length=QUERY_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text="The claims list's filters as a query string (“status=published&kind=factual”): "
        "the export holds what the list shows for them.",
    )


class ExportJobSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "format",
            "query",
            "state",
            "rows_done",
            "rows_total",
            "error",
            "created_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download(self, job: ExportJob) -> str | None:
        """Where to fetch the file once the job is done; null until then."""
        if job.state != ExportJob.State.DONE:
            return None
        url = reverse("api:export_download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
