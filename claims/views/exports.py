"""Exports and reports: what the desk sends out, for people and for programs."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from claims.exports import FORMATS, ExportFormat, streaming_response
from claims.filters import ClaimFilter, query_without_page
from claims.forms import PeriodForm, labelled_errors
from claims.models import Article, Claim, ExportJob
from claims.reports import DESK_PDF_ROWS, article_report, desk_report, render_pdf
from claims.services.export_jobs import (
    LEASE,
    ExportRefused,
    claims_for_query,
    download_name,
    export_file_open,
    export_job_request,
    export_job_retry,
)
from claims.views.common import role_view


def _format(name: str) -> ExportFormat:
    if name not in FORMATS:
        raise Http404("No such export format.")
    return FORMATS[name]


@role_view("claims.view_claim")
def claim_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Export what the claims list shows: its filters apply to the export."""
    export = _format(fmt)
    query = query_without_page(request.GET)
    try:
        claims = export.claims(claims_for_query(query))
    except ExportRefused as refused:
        return _refused(request, refused, query)
    total = claims.count()
    if total > settings.EXPORT_STREAM_MAX_ROWS:
        context = {"export": export, "total": total, "query": query}
        return render(request, "claims/export_large.html", context)
    return streaming_response(export, claims, "claims")


@role_view("claims.view_claim", methods=("POST",))
def export_job_new(request: HttpRequest) -> HttpResponse:
    export = _format(request.POST.get("format", ""))
    query = request.POST.get("query", "")
    try:
        job = export_job_request(format=export.name, query=query, by=request.user)
    except ExportRefused as refused:
        return _refused(request, refused, query)
    return redirect(job)


def _refused(request: HttpRequest, refused: ExportRefused, query: str) -> HttpResponse:
    context = {"reason": str(refused), "query": query}
    return render(request, "claims/export_refused.html", context, status=400)


def _own_job(request: HttpRequest, job_id: int) -> ExportJob:
    job = get_object_or_404(ExportJob, pk=job_id)
    if job.requested_by_id != request.user.pk:
        raise PermissionDenied
    return job


@role_view("claims.view_claim")
def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """Progress, then a download link; htmx polls until the job has finished."""
    job = _own_job(request, job_id)
    template = "claims/_export_job_status.html" if request.htmx else "claims/export_job.html"
    stuck = job.state == ExportJob.State.RUNNING and job.updated_at < timezone.now() - LEASE
    context = {"job": job, "stuck": stuck, "download_name": download_name(job)}
    return render(request, template, context)


@role_view("claims.view_claim", methods=("POST",))
def export_job_retry_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = export_job_retry(job=_own_job(request, job_id), by=request.user)
    messages.info(request, "The export was queued again.")
    return redirect(job)


@role_view("claims.view_claim")
def export_job_download(request: HttpRequest, job_id: int) -> FileResponse:
    """The file, only through this check, never from a public URL."""
    job = _own_job(request, job_id)
    try:
        stored = export_file_open(job)
    except FileNotFoundError:
        raise Http404("This export has no file yet.") from None
    return FileResponse(
        stored,
        as_attachment=True,
        filename=download_name(job),
        content_type=FORMATS[job.format].content_type,
    )


# -- reports


@role_view("claims.view_article", "claims.view_claim")
def article_report_page(request: HttpRequest, article_id: int, pdf: bool = False) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    context = {**article_report(article), "newsroom": settings.NEWSROOM_NAME, **_layout(pdf)}
    template = "reports/article_report.html"
    if pdf:
        return _pdf_response(render_pdf(template, context, request), f"article-{article.pk}")
    return render(request, template, context)


@role_view("claims.view_claim")
def desk_report_page(request: HttpRequest, pdf: bool = False) -> HttpResponse:
    """Verdicts published between two dates, narrowed by the claims list's filters.

    Invalid dates or filters answer 400 with the page naming them, for the PDF too.
    """
    period = PeriodForm(request.GET)
    params = request.GET.copy()
    for name in ("published_after", "published_before", "page"):
        params.pop(name, None)
    filterset = ClaimFilter(params, queryset=Claim.objects.all())
    context = {
        "newsroom": settings.NEWSROOM_NAME,
        "filter": filterset,
        "query": request.GET.urlencode(),
        **_layout(pdf),
    }
    template = "reports/desk_report.html"
    if not (period.is_valid() and filterset.is_valid()):
        errors = labelled_errors(period) + labelled_errors(filterset.form)
        since, until = period.period()
        context.update(errors=errors, since=since, until=until)
        return render(request, template, context, status=400)
    since, until = period.period()
    context.update(desk_report(filterset, since, until, DESK_PDF_ROWS if pdf else None))
    if pdf:
        return _pdf_response(render_pdf(template, context, request), f"desk-{since}-{until}")
    return render(request, template, context)


def _layout(pdf: bool) -> dict[str, str]:
    """The report's frame: the app's header on screen, the newsroom's page in the PDF."""
    return {"layout": "reports/base_report.html" if pdf else "reports/screen_report.html"}


def _pdf_response(pdf: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
    return response
