"""Sources: who claims come from, and each one's record."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.filters import SourceFilter, filtered, query_without_page
from claims.models import Claim, Rating, Source, Sourcing, Status
from claims.search import SEARCH_MAX_CHARS
from claims.views.common import page, role_view


@role_view("claims.view_source")
def source_list(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.annotate(
        claim_count=Count("attributions"),
        published_count=Count(
            "attributions", filter=Q(attributions__claim__status=Status.PUBLISHED)
        ),
        anonymous_count=Count("attributions", filter=Q(attributions__sourcing=Sourcing.ANONYMOUS)),
    ).order_by("name", "id")
    filterset = SourceFilter(request.GET, queryset=sources)
    context = {
        "filter": filterset,
        "page": page(request, filtered(filterset), 50),
        "query": query_without_page(request.GET),
    }
    return render(request, "claims/source_list.html", context)


@role_view("claims.view_source", "claims.view_claim")
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    """Every claim attributed to the source with its verdict, and its record."""
    source = get_object_or_404(Source, pk=source_id)
    claims = (
        Claim.objects.filter(attributions__source=source)
        .select_related("article__outlet", "rating")
        .order_by("-article__published_on", "-id")
    )
    context = {
        "source": source,
        "page": page(request, claims, 50),
        "record": source_record(source),
    }
    return render(request, "claims/source_detail.html", context)


def source_record(source: Source) -> list[tuple[Rating, int]]:
    """How many of the source's published claims got each verdict, in one query."""
    counts = dict(
        Claim.objects.filter(attributions__source=source, status=Status.PUBLISHED)
        .values_list("rating")
        .annotate(n=Count("id", distinct=True))
        .values_list("rating", "n")
    )
    return [(rating, counts.get(rating.pk, 0)) for rating in Rating.objects.all()]


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
