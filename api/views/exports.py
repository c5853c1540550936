"""Export jobs: start one with the claims list's filters, follow it, download its file.

As on the pages, a job is its requester's alone (``claims.views.exports``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.exports import ExportJobSerializer, ExportRequestSerializer
from claims.exports import FORMATS
from claims.models import ExportJob
from claims.services.export_jobs import (
    ExportRefused,
    download_name,
    export_file_open,
    export_job_request,
)

READ = ("claims.view_claim",)


class ExportNotReady(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This export has not finished: follow the job until its state is “done”."
    default_code = "export_not_ready"


def own_job(request: Request, job_id: int) -> ExportJob:
    job = get_object_or_404(ExportJob, pk=job_id)
    if job.requested_by_id != request.user.pk:
        raise PermissionDenied("Only the person who asked for this export can see it.")
    return job


class ExportJobStart(APIView):
    """Queue an export of the claims the list shows for ``query``; 202 with the job,
    ``Location`` its address. Filters that cannot run are refused now (400)."""

    required_perms = {"POST": READ}

    @extend_schema(
        request=ExportRequestSerializer,
        responses={202: ExportJobSerializer},
        operation_id="export_start",
    )
    def post(self, request: Request) -> Response:
        asked = ExportRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        try:
            job = export_job_request(**asked.validated_data, by=request.user)
        except ExportRefused as refused:
            raise exceptions.ValidationError({"query": [str(refused)]}) from None
        url = request.build_absolute_uri(reverse("api:export_job", args=[job.pk]))
        data = ExportJobSerializer(job, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


class ExportJobDetail(APIView):
    """The job's state and progress; ``download`` once it is done."""

    required_perms = {"GET": READ}

    @extend_schema(responses=ExportJobSerializer)
    def get(self, request: Request, job_id: int) -> Response:
        job = own_job(request, job_id)
        return Response(ExportJobSerializer(job, context={"request": request}).data)


FILE_TYPES = sorted({export.content_type.split(";")[0] for export in FORMATS.values()})


def accepting(media_type: str) -> type[JSONRenderer]:
    """A renderer that lets ``Accept: <the file's type>`` through negotiation;
    the file bypasses it, and a refusal is still rendered as JSON (a problem)."""
    return type(f"Accepting{media_type.title()}", (JSONRenderer,), {"media_type": media_type})


class ExportDownload(APIView):
    """The finished job's file, streamed; 409 while it is queued, running or failed."""

    required_perms = {"GET": READ}
    extra_problems = (409,)
    renderer_classes = [JSONRenderer, *map(accepting, FILE_TYPES)]

    @extend_schema(
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, "The export's file.")
            for media_type in FILE_TYPES
        },
        operation_id="export_download",
    )
    def get(self, request: Request, job_id: int) -> FileResponse:
        job = own_job(request, job_id)
        if job.state != ExportJob.State.DONE:
            raise ExportNotReady()
        try:
            stored = export_file_open(job)
        except FileNotFoundError:
            raise exceptions.NotFound("This export's file is gone.") from None
        return FileResponse(
            stored,
            as_attachment=True,
            filename=download_name(job),
            content_type=FORMATS[job.format].content_type,
        )


urlpatterns = [
    path("exports/", ExportJobStart.as_view(), name="export_start"),
    path("exports/<int:job_id>/", ExportJobDetail.as_view(), name="export_job"),
    path("exports/<int:job_id>/download/", ExportDownload.as_view(), name="export_download"),
]
