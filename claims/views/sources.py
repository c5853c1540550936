"""Sources: who claims come from, and each one's record."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.filters import SourceFilter, filtered, query_without_page
from claims.models import Attribution, Claim, Rating, Source, Sourcing, Status
from claims.search import SEARCH_MAX_CHARS
from claims.views.common import page, role_view


@role_view("claims.view_source")
def source_list(request: HttpRequest) -> HttpResponse:
    filterset = SourceFilter(request.GET, queryset=Source.objects.order_by("name", "id"))
    shown = page(request, filtered(filterset), 50)
    shown.object_list = list(shown.object_list)  # read the page once; its ids feed the counts
    _count_attributions(shown.object_list)
    context = {"filter": filterset, "page": shown, "query": query_without_page(request.GET)}
    return render(request, "claims/source_list.html", context)


def _count_attributions(sources: Sequence[Source]) -> None:
    """Set each shown source's attribution counts, in one query over those sources only.

    Counting before paginating would read every attribution in the table.
    """
    counts = {
        row["source_id"]: row
        for row in Attribution.objects.filter(source__in=[source.pk for source in sources])
        .order_by()
        .values("source_id")
        .annotate(
            claim_count=Count("id"),
            published_count=Count("id", filter=Q(claim__status=Status.PUBLISHED)),
            anonymous_count=Count("id", filter=Q(sourcing=Sourcing.ANONYMOUS)),
        )
    }
    for source in sources:
        row = counts.get(source.pk, {})
        source.claim_count = row.get("claim_count", 0)
        source.published_count = row.get("published_count", 0)
        source.anonymous_count = row.get("anonymous_count", 0)


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
