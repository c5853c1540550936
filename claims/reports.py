"""Verdict reports people read: the figures behind the article and desk reports.

The same template renders the HTML page and, through WeasyPrint, the PDF;
charts are SVG drawn by the template from the bars computed here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from claims.exports import export_claims, verdict_rationale
from claims.filters import ClaimFilter, start_of
from claims.models import (
    RATING_CHANGED,
    Article,
    Claim,
    ClaimEvent,
    Evidence,
    Rating,
    Sourcing,
    Status,
    VerdictPublication,
)

SOURCING_LABELS = {
    Sourcing.ANONYMOUS: "Anonymous sources only",
    Sourcing.NAMED: "Named sources (not confirmed)",
    Sourcing.CONFIRMED: "Confirmed sources",
    Sourcing.UNATTRIBUTED: "The outlet's own assertions",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float  # 0..100, the share of the longest bar


def bars(counts: Iterable[tuple[str, int]]) -> list[Bar]:
    counts = list(counts)
    longest = max((value for _, value in counts), default=0) or 1
    return [Bar(label, value, 100 * value / longest) for label, value in counts]


def sourcing_summary(claims: Iterable[Claim]) -> list[tuple[str, int]]:
    counted = Counter(claim.sourcing for claim in claims)
    return [(label, counted.get(level, 0)) for level, label in SOURCING_LABELS.items()]


def verdict_summary(claims: Iterable[Claim], ratings: Iterable[Rating]) -> list[tuple[str, int]]:
    counted = Counter(claim.rating_id for claim in claims if claim.rating_id)
    return [(rating.name, counted.get(rating.pk, 0)) for rating in ratings]


# ------------------------------------------------------------- article report


@dataclass
class ClaimEntry:
    claim: Claim
    rationale: str
    evidence: list[Evidence]


def article_report(article: Article) -> dict[str, Any]:
    queryset = article.claims.prefetch_related("evidence__added_by").order_by("start", "end", "id")
    claims = list(export_claims(queryset, with_history=True).order_by("start", "end", "id"))
    ratings = list(Rating.objects.all())
    status_counts = Counter(claim.status for claim in claims)
    return {
        "article": article,
        "entries": [
            ClaimEntry(claim, verdict_rationale(claim), list(claim.evidence.all()))
            for claim in claims
        ],
        "sourcing": sourcing_summary(claims),
        "verdicts": verdict_summary([c for c in claims if c.status == Status.PUBLISHED], ratings),
        "statuses": [(status.label, status_counts.get(status.value, 0)) for status in Status],
        "anonymous_only": sum(claim.rests_on_anonymous_sources_only for claim in claims),
    }


# ---------------------------------------------------------------- desk report


# The page lists a screenful and links to the claims list for the rest; the
# rows it renders, not the queries, are what a busy period costs. The PDF is
# a document to keep, so it lists more.
DESK_TABLE_ROWS = 50
DESK_PDF_ROWS = 200


def desk_report(
    filterset: ClaimFilter, since: date, until: date, table_rows: int | None = None
) -> dict[str, Any]:
    """Verdicts published between two days, narrowed by the claims list's filters.

    A verdict counts when its claim is published now and an event published
    it within the period (a claim reopened and published again counts in
    both periods). The figures are counted in SQL over every verdict of the
    period, in one grouped query over the desk report's projection
    (``VerdictPublication``); the table lists the first ``table_rows``
    (``DESK_TABLE_ROWS`` by default) of them by outlet, and says so.
    ``filterset`` is bound and valid.
    """
    table_rows = DESK_TABLE_ROWS if table_rows is None else table_rows
    claims = filterset.qs
    publications = _publications_between(filterset, since, until)
    groups = _verdict_groups(publications)
    per_outlet = _per_outlet(groups)
    return {
        "since": since,
        "until": until,
        "total": sum(group.verdicts for group in groups),
        "claims": _first_verdicts(publications, groups, table_rows),
        "by_rating": bars(_per_rating(groups)),
        "by_outlet": bars(
            (outlet, total) for outlet, _, total in sorted(per_outlet, key=lambda row: -row[2])
        ),
        "by_sourcing": bars(_per_sourcing(groups)),
        "anonymous_share": [
            (outlet, anonymous, total, 100 * anonymous / total)
            for outlet, anonymous, total in sorted(per_outlet)
        ],
        "changed_verdicts": verdicts_changed(claims, since, until),
    }


def _publications_between(
    filterset: ClaimFilter, since: date, until: date
) -> QuerySet[VerdictPublication]:
    start = start_of(since)
    carried = _carried_filters(filterset.form.cleaned_data)
    publications = VerdictPublication.objects.filter(
        # Each claim once: its first publication in the period.
        Q(previous_at__isnull=True) | Q(previous_at__lt=start),
        *carried.values(),
        at__gte=start,
        at__lt=start_of(until + timedelta(days=1)),
    )
    rest = filterset.data.copy()
    for name in carried:
        rest.pop(name, None)
    claims = ClaimFilter(rest, queryset=filterset.queryset).qs
    if claims.query.has_filters():
        # Unfiltered, "claim in every claim" would only make PostgreSQL read them all.
        publications = publications.filter(claim__in=claims)
    return publications


# The claims list's sourcing filters that are one level of the claim's sourcing.
SOURCING_LEVELS = {
    "anonymous_only": Sourcing.ANONYMOUS,
    Sourcing.NAMED: Sourcing.NAMED,
    Sourcing.CONFIRMED: Sourcing.CONFIRMED,
    Sourcing.UNATTRIBUTED: Sourcing.UNATTRIBUTED,
}


def _carried_filters(chosen: dict[str, Any]) -> dict[str, Q]:
    """The chosen filters that the projection's rows carry, as conditions on the rows.

    Applied to the rows directly, they spare a join with every claim of the
    period; the other filters go through the claims.
    """
    carried = {}
    if chosen.get("outlet"):
        carried["outlet"] = Q(outlet=chosen["outlet"])
    if chosen.get("rating"):
        carried["rating"] = Q(rating=chosen["rating"])
    if chosen.get("sourcing") in SOURCING_LEVELS:
        carried["sourcing"] = Q(sourcing=SOURCING_LEVELS[chosen["sourcing"]])
    return carried


@dataclass(frozen=True)
class VerdictGroup:
    """How many of the period's verdicts share one outlet, rating and sourcing."""

    outlet_id: int | None
    outlet_name: str | None
    rating_id: int | None
    sourcing: str
    verdicts: int

    @property
    def outlet(self) -> str:
        return self.outlet_name or "Unknown outlet"


def _verdict_groups(publications: QuerySet[VerdictPublication]) -> list[VerdictGroup]:
    """Every total of the report from one pass over the period's publications.

    At most outlets × ratings × sourcing levels rows, whatever the period.
    """
    rows = (
        publications.order_by()
        .values_list("outlet", "outlet__name", "rating", "sourcing")
        .annotate(verdicts=Count("pk"))
    )
    return [VerdictGroup(*row) for row in rows]


def _first_verdicts(
    publications: QuerySet[VerdictPublication], groups: list[VerdictGroup], rows: int
) -> list[Claim]:
    """The table: the first ``rows`` verdicts by outlet name (no outlet last), then number."""
    by_outlet = [F("outlet__name").asc(nulls_last=True), "claim"]
    first = publications.filter(_outlets_filling_table(groups, rows)).order_by(*by_outlet)
    return list(
        Claim.objects.filter(pk__in=first.values("claim")[:rows])
        .select_related("article__outlet", "rating")
        .defer("article__body")
        .order_by(F("article__outlet__name").asc(nulls_last=True), "id")
    )


def _outlets_filling_table(groups: list[VerdictGroup], rows: int) -> Q:
    """The outlets, first by name, whose verdicts fill the table.

    So that only their publications are read and sorted, not the period's.
    No verdicts: no narrowing (the table's query still runs, and finds none,
    so that the page makes the same queries whatever the period holds).
    """
    by_name = sorted(groups, key=lambda g: (g.outlet_name is None, g.outlet_name or ""))
    outlets: set[int | None] = set()
    listed = 0
    for group in by_name:
        if listed >= rows and group.outlet_id not in outlets:
            break
        outlets.add(group.outlet_id)
        listed += group.verdicts
    named = outlets - {None}
    condition = Q(outlet__in=named) if named else Q()
    if None in outlets:
        condition |= Q(outlet__isnull=True)
    return condition


def _per_outlet(groups: list[VerdictGroup]) -> list[tuple[str, int, int]]:
    """(outlet name, verdicts resting on anonymous sources only, verdicts) per outlet."""
    anonymous: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for group in groups:
        total[group.outlet] += group.verdicts
        if group.sourcing == Sourcing.ANONYMOUS:
            anonymous[group.outlet] += group.verdicts
    return [(outlet, anonymous[outlet], verdicts) for outlet, verdicts in total.items()]


def _per_rating(groups: list[VerdictGroup]) -> list[tuple[str, int]]:
    counted: Counter[int | None] = Counter()
    for group in groups:
        counted[group.rating_id] += group.verdicts
    return [(rating.name, counted[rating.pk]) for rating in Rating.objects.all()]


def _per_sourcing(groups: list[VerdictGroup]) -> list[tuple[str, int]]:
    counted: Counter[str] = Counter()
    for group in groups:
        counted[group.sourcing] += group.verdicts
    return [(label, counted[level]) for level, label in SOURCING_LABELS.items()]


def verdicts_changed(claims: QuerySet[Claim], since: date, until: date) -> int:
    """Claims whose published verdict went from one rating to another in the period.

    Ratings proposed and revised before a claim was first published are
    drafts, not changes of verdict.
    """
    published_before = ClaimEvent.objects.filter(
        claim=OuterRef("claim"), to_status=Status.PUBLISHED, at__lt=OuterRef("at")
    )
    changes = ClaimEvent.objects.filter(
        RATING_CHANGED,
        Exists(published_before),
        at__gte=start_of(since),
        at__lt=start_of(until + timedelta(days=1)),
    )
    if claims.query.has_filters():
        # Unfiltered, "claim in every claim" would only make PostgreSQL read them all.
        changes = changes.filter(claim__in=claims)
    with _in_one_process():
        return changes.values("claim").distinct().count()


@contextmanager
def _in_one_process() -> Iterator[None]:
    """Run the enclosed queries without PostgreSQL's parallel workers.

    Most events carry a rating, and the planner cannot tell the rare ones
    whose two ratings differ from the many whose ratings are equal: at a
    million claims it expects thousands of changes in a month where there
    are a handful, and starts workers that cost more (20-50 ms) than the few
    index entries it then reads (under a millisecond).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


# ------------------------------------------------------------------------ PDF


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest) -> bytes:
    """The report's own HTML template, printed to PDF by WeasyPrint.

    WeasyPrint loads only the app's static files (the report's stylesheet)
    and data: URLs; see claims.pdf_resources.
    """
    # Imported here: WeasyPrint loads Pango, which only PDFs need.
    import weasyprint

    from claims.pdf_resources import StaticFilesOnly

    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    base_url = request.build_absolute_uri("/")
    fetcher = StaticFilesOnly(base_url)
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
