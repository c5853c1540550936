"""Sources: who claims come from, and each one's record."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.filters import SourceFilter, filtered, query_without_page
from claims.models import Claim, Source
from claims.search import SEARCH_MAX_CHARS
from claims.views.common import page, role_view


@role_view("claims.view_source")
def source_list(request: HttpRequest) -> HttpResponse:
    """Sources by name, each with its tallies (kept by the services, counted by nothing here)."""
    filterset = SourceFilter(request.GET, queryset=Source.objects.order_by("name", "id"))
    shown = page(request, filtered(filterset), 50)
    context = {"filter": filterset, "page": shown, "query": query_without_page(request.GET)}
    return render(request, "claims/source_list.html", context)


CLAIMS_PER_PAGE = 50


@role_view("claims.view_source", "claims.view_claim")
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    """Every claim attributed to the source with its verdict, and its record.

    Newest claims first (by claim number): an index on attributions (source,
    claim) hands over a page in that order, where ordering by the article's
    date would sort all of a big source's claims first. The total is the
    source's tally, so nothing is counted either.
    """
    source = get_object_or_404(Source, pk=source_id)
    claims = (
        Claim.objects.filter(attributions__source=source)
        .select_related("article", "rating")
        .defer("article__body")
        .order_by("-id")
    )
    context = {
        "source": source,
        "page": page(request, claims, CLAIMS_PER_PAGE, count=source.claim_count),
        "record": source.record(),
    }
    return render(request, "claims/source_detail.html", context)


@role_view("claims.view_source")
def source_autocomplete(request: HttpRequest) -> HttpResponse:
    """Options for the capture panel's source field: names and aliases that match."""
    typed = request.GET.get("source_name", "").strip()
    sources = []
    # Longer text is no one's name, and a LIKE pattern SQLite may refuse to run.
    if 2 <= len(typed) <= SEARCH_MAX_CHARS:
        matching = Q(name__icontains=typed) | Q(aliases__icontains=typed)
        sources = list(Source.objects.filter(matching).order_by("name")[:15])
    return render(request, "claims/_source_options.html", {"sources": sources})
