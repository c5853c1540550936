"""Verdict reports people read: the figures behind the article and desk reports.

The same template renders the HTML page and, through WeasyPrint, the PDF;
charts are SVG drawn by the template from the bars computed here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from claims.exports import export_claims, verdict_rationale
from claims.filters import publications_between, start_of
from claims.models import Article, Claim, ClaimEvent, Evidence, Rating, Sourcing, Status

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


DESK_TABLE_ROWS = 200


def desk_report(claims: QuerySet[Claim], since: date, until: date) -> dict[str, Any]:
    """Verdicts published between two days, narrowed by the claims list's filters.

    The figures are counted in SQL over every verdict of the period; the table
    lists the first ``DESK_TABLE_ROWS`` of them (by outlet), and says so.
    """
    published = claims.filter(Exists(publications_between(since, until)), status=Status.PUBLISHED)
    per_outlet = _per_outlet(published)
    total = sum(total for _, _, total in per_outlet)
    return {
        "since": since,
        "until": until,
        "total": total,
        "claims": list(
            published.select_related("article__outlet", "rating")
            .defer("article__body")
            .order_by("article__outlet__name", "id")[:DESK_TABLE_ROWS]
        ),
        "by_rating": bars(_per_rating(published)),
        "by_outlet": bars(
            (outlet, total) for outlet, _, total in sorted(per_outlet, key=lambda row: -row[2])
        ),
        "by_sourcing": bars(_per_sourcing(published)),
        "anonymous_share": [
            (outlet, anonymous, total, 100 * anonymous / total)
            for outlet, anonymous, total in sorted(per_outlet)
        ],
        "changed_verdicts": verdicts_changed(claims, since, until),
    }


def _per_outlet(published: QuerySet[Claim]) -> list[tuple[str, int, int]]:
    """(outlet name, verdicts resting on anonymous sources only, verdicts) per outlet."""
    rows = (
        published.order_by()
        .values_list("article__outlet__name")
        .annotate(anonymous=Count("id", filter=Q(sourcing=Sourcing.ANONYMOUS)), total=Count("id"))
    )
    return [(name or "Unknown outlet", anonymous, total) for name, anonymous, total in rows]


def _per_rating(published: QuerySet[Claim]) -> list[tuple[str, int]]:
    counted = dict(published.order_by().values_list("rating").annotate(n=Count("id")))
    return [(rating.name, counted.get(rating.pk, 0)) for rating in Rating.objects.all()]


def _per_sourcing(published: QuerySet[Claim]) -> list[tuple[str, int]]:
    counted = dict(published.order_by().values_list("sourcing").annotate(n=Count("id")))
    return [(label, counted.get(level, 0)) for level, label in SOURCING_LABELS.items()]


def verdicts_changed(claims: QuerySet[Claim], since: date, until: date) -> int:
    """Claims whose published verdict went from one rating to another in the period.

    Ratings proposed and revised before a claim was first published are
    drafts, not changes of verdict.
    """
    published_before = ClaimEvent.objects.filter(
        claim=OuterRef("claim"), to_status=Status.PUBLISHED, at__lt=OuterRef("at")
    )
    changes = ClaimEvent.objects.filter(
        Exists(published_before),
        claim__in=claims,
        at__gte=start_of(since),
        at__lt=start_of(until + timedelta(days=1)),
        from_rating__isnull=False,
        to_rating__isnull=False,
    ).exclude(from_rating=F("to_rating"))
    return changes.values("claim").distinct().count()


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
