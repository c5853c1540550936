"""Verdicts out of the workbench: one set of row generators for every export.

Views (streaming and export jobs), the admin's actions and
``manage.py export_verdicts`` all read claims through ``export_claims`` and
write them with the generators below, so a CSV from the admin and one from a
nightly pipeline are the same file.

CSV columns, stable and in this order (see CSV_COLUMNS for each one's
meaning): a change here is a change of contract for everyone who reads them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.http import StreamingHttpResponse
from django.utils import timezone

from claims.models import (
    ATTRIBUTION_DETAILS,
    Attribution,
    Claim,
    ClaimEvent,
    Rating,
    Source,
    Sourcing,
    Status,
    event_changes,
)

CHUNK = 2000

CSV_COLUMNS: list[tuple[str, str]] = [
    ("claim_id", "The claim's number in the workbench."),
    ("article_id", "The article's number in the workbench."),
    ("article_title", "Headline of the article the claim comes from."),
    ("article_url", "Where the article was published, when known."),
    ("outlet", "The article's publisher."),
    ("article_published_on", "The article's date, YYYY-MM-DD."),
    ("start", "Offset of the claim's first character in the article body."),
    ("end", "Offset just past its last character."),
    ("quote", "The exact words of the article."),
    ("statement", "The checkable statement, in the desk's words."),
    ("kind", "factual, prediction, opinion or other."),
    ("status", "new, researching, in_review, published or not_checkable."),
    ("rating", "The verdict's name, e.g. Mostly false."),
    ("rating_value", "1 (False) to 5 (True); empty for verdicts off the scale."),
    ("sourcing", "Strongest sourcing: confirmed, named, anonymous or unattributed."),
    ("anonymous_only", "yes when the claim rests on anonymous sources only."),
    ("sources", "Each source with its sourcing: 'Name (named); Other (anonymous)'."),
    ("assignee", "Username of the person working the claim."),
    ("revisit_on", "When to look at the claim again, YYYY-MM-DD."),
    ("published_at", "When the claim was last published (ISO 8601)."),
    ("updated_at", "When the claim last changed (ISO 8601)."),
]
CSV_HEADER = [name for name, _ in CSV_COLUMNS]

# A cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def published_at() -> Subquery:
    """When the claim was last made public (not re-published by a later event)."""
    return Subquery(
        ClaimEvent.objects.filter(claim=OuterRef("pk"), to_status=Status.PUBLISHED)
        .exclude(from_status=Status.PUBLISHED)
        .values("claim")
        .annotate(last=Max("at"))
        .values("last")
    )


def export_claims(queryset: QuerySet[Claim], *, with_history: bool = False) -> QuerySet[Claim]:
    """``queryset`` with everything an export reads, in two or three queries per chunk."""
    # to_attr: Django stores plain lists instead of cloning a queryset per
    # claim, a quarter of the export's time (benchmark_exports).
    attributions = Attribution.objects.select_related("source")
    lookups: list[Any] = [Prefetch("attributions", attributions, to_attr="export_attributions")]
    if with_history:
        events = ClaimEvent.objects.select_related("actor", "from_rating", "to_rating")
        lookups.append(Prefetch("events", events.order_by("at", "id"), to_attr="export_events"))
    return (
        queryset.select_related("article__outlet", "rating", "assignee")
        .prefetch_related(*lookups)
        .annotate(published_at=published_at())
        .order_by("id")
    )


def iterate(queryset: QuerySet[Claim]) -> Iterator[Claim]:
    """Claims in chunks: memory stays flat however many there are."""
    return queryset.iterator(chunk_size=CHUNK)


# ------------------------------------------------------------------------ CSV


def neutralise(value: Any) -> str:
    """The cell's text, with anything a spreadsheet would run as a formula made inert."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _iso(value: date | datetime | None) -> str:
    return value.isoformat() if value else ""


# The CSV's columns straight from the database, in CSV_COLUMNS order (with
# anonymous_only and sources filled in between): no model objects are built,
# which is most of an export's time otherwise.
CSV_FIELDS = [
    "pk",
    "article_id",
    "article__title",
    "article__url",
    "article__outlet__name",
    "article__published_on",
    "start",
    "end",
    "quote",
    "statement",
    "kind",
    "status",
    "rating__name",
    "rating__value",
    "sourcing",
    "assignee__username",
    "revisit_on",
    "published_at",
    "updated_at",
]


def csv_rows(queryset: QuerySet[Claim], progress: Progress | None = None) -> Iterator[list[str]]:
    rows = queryset.annotate(published_at=published_at()).order_by("pk").values_list(*CSV_FIELDS)
    done = 0
    for chunk in _keyset_chunks(rows):
        sources = _sources_by_claim([row[0] for row in chunk])
        for row in chunk:
            yield _csv_cells(row, sources.get(row[0], ""))
        done += len(chunk)
        if progress:
            progress(done)


# Columns that hold words people typed, the only ones a formula can hide in;
# the others are numbers, dates and fixed codes, which the csv module writes
# as they are (None as an empty cell).
TEXT_NAMES = ["article_title", "article_url", "outlet", "quote", "statement", "sources", "assignee"]
TEXT_COLUMNS = [CSV_HEADER.index(name) for name in TEXT_NAMES]
DATETIME_COLUMNS = [CSV_HEADER.index("published_at"), CSV_HEADER.index("updated_at")]
ANONYMOUS_ONLY = CSV_HEADER.index("anonymous_only")


def _csv_cells(row: tuple, sources: str) -> list[Any]:
    cells = [*row[:15], None, sources, *row[15:]]
    cells[ANONYMOUS_ONLY] = "yes" if row[14] == Sourcing.ANONYMOUS else "no"
    for index in DATETIME_COLUMNS:
        if cells[index] is not None:
            cells[index] = cells[index].isoformat()
    for index in TEXT_COLUMNS:
        if cells[index]:
            cells[index] = neutralise(cells[index])
    return cells


def _keyset_chunks(rows: QuerySet) -> Iterator[list[tuple]]:
    """Rows in chunks by primary key: constant memory, no long-lived cursor."""
    last = 0
    while chunk := list(rows.filter(pk__gt=last)[:CHUNK]):
        yield chunk
        last = chunk[-1][0]


def _sources_by_claim(claim_ids: list[int]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    attributions = (
        Attribution.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "mention_start", "id")
        .values_list("claim_id", "source__name", "sourcing")
    )
    for claim_id, name, sourcing in attributions:
        found.setdefault(claim_id, []).append(f"{name} ({sourcing})")
    return {claim_id: "; ".join(names) for claim_id, names in found.items()}


class _Line:
    """A file-like object whose write() returns what was written (Django's streaming CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_HEADER)
    for row in rows:
        yield writer.writerow(row)


# ----------------------------------------------------------------- JSON Lines


ATTRIBUTION_FIELDS = ["claim_id", "source__name", "source__kind", *ATTRIBUTION_DETAILS]
EVENT_FIELDS = [
    "claim_id",
    "at",
    "actor__username",
    "kind",
    "from_status",
    "to_status",
    "from_rating__name",
    "to_rating__name",
    "note",
    "details",
]


def json_records(
    queryset: QuerySet[Claim], progress: Progress | None = None
) -> Iterator[dict[str, Any]]:
    """Each claim with its attributions and history, read as plain values by chunk."""
    rows = queryset.annotate(published_at=published_at()).order_by("pk").values_list(*CSV_FIELDS)
    done = 0
    for chunk in _keyset_chunks(rows):
        ids = [row[0] for row in chunk]
        attributions = _by_claim(
            Attribution.objects.filter(claim_id__in=ids)
            .order_by("claim_id", "mention_start", "id")
            .values_list(*ATTRIBUTION_FIELDS)
        )
        events = _by_claim(
            ClaimEvent.objects.filter(claim_id__in=ids)
            .order_by("claim_id", "at", "id")
            .values_list(*EVENT_FIELDS)
        )
        for row in chunk:
            yield json_record(row, attributions.get(row[0], []), events.get(row[0], []))
        done += len(chunk)
        if progress:
            progress(done)


def _by_claim(rows: QuerySet) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row[1:])
    return grouped


def json_record(row: tuple, attributions: list[tuple], events: list[tuple]) -> dict[str, Any]:
    sources = "; ".join(f"{a[0]} ({a[2]})" for a in attributions) or None
    anonymous_only = row[14] == Sourcing.ANONYMOUS
    values = [*row[:15], anonymous_only, sources, *row[15:]]
    record = {
        name: _iso(value) if isinstance(value, date) else value
        for name, value in zip(CSV_HEADER, values, strict=True)
    }
    record["attributions"] = [attribution_record(a) for a in attributions]
    record["history"] = [event_record(e) for e in events]
    return record


def attribution_record(values: tuple) -> dict[str, Any]:
    name, kind, sourcing, mention, m_start, m_end, cue, c_start, c_end, descriptor, count = values
    return {
        "source": name,
        "source_kind": kind,
        "sourcing": sourcing,
        "mention": mention or None,
        "mention_span": _span(m_start, m_end),
        "cue": cue or None,
        "cue_span": _span(c_start, c_end),
        "descriptor": descriptor or None,
        "count": count,
    }


def _span(start: int | None, end: int | None) -> list[int] | None:
    return [start, end] if start is not None and end is not None else None


def event_record(values: tuple) -> dict[str, Any]:
    at, by, kind, from_status, to_status, from_rating, to_rating, note, details = values
    return {
        "at": at.isoformat(),
        "by": by,
        "kind": kind,
        "from_status": from_status or None,
        "to_status": to_status,
        "from_rating": from_rating,
        "to_rating": to_rating,
        "note": note or None,
        "changes": event_changes(
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            from_rating=from_rating,
            to_rating=to_rating,
            details=details,
        ),
    }


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


# ----------------------------------------------------------------- ClaimReview


@dataclass(frozen=True)
class Scale:
    worst: int
    best: int

    @classmethod
    def current(cls) -> Scale:
        values = [v for v in Rating.objects.values_list("value", flat=True) if v is not None]
        return cls(worst=min(values, default=1), best=max(values, default=5))


CLAIM_REVIEWED_MAX = 75  # Google: shorter than 75 characters avoids wrapping on phones


def short_statement(statement: str) -> str:
    if len(statement) <= CLAIM_REVIEWED_MAX:
        return statement
    return statement[: CLAIM_REVIEWED_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def claim_review(claim: Claim, scale: Scale) -> dict[str, Any]:
    """schema.org ClaimReview for a published claim (needs ``with_history``)."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.CLAIMREVIEW_URL.format(id=claim.pk),
        "claimReviewed": short_statement(claim.statement),
        "author": newsroom(),
        "itemReviewed": reviewed_claim(claim),
        "reviewRating": review_rating(claim, scale),
    }
    published = getattr(claim, "published_at", None)
    if published:
        review["datePublished"] = timezone.localtime(published).date().isoformat()
    return review


def newsroom() -> dict[str, Any]:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_NAME,
        "url": settings.NEWSROOM_URL,
    }


def reviewed_claim(claim: Claim) -> dict[str, Any]:
    article = claim.article
    item: dict[str, Any] = {"@type": "Claim"}
    authors = claim_authors(claim)
    if authors:
        item["author"] = authors[0] if len(authors) == 1 else authors
    if article.published_on:
        item["datePublished"] = article.published_on.isoformat()
    if article.url:
        appearance = {"@type": "NewsArticle", "url": article.url, "headline": article.title}
        if article.published_on:
            appearance["datePublished"] = article.published_on.isoformat()
        item["appearance"] = appearance
    return item


def claim_authors(claim: Claim) -> list[dict[str, Any]]:
    """Who made the claim: its named or confirmed sources, never an anonymous one.

    A claim that rests on anonymous sources only, or on none, is the outlet's
    claim: the outlet published it on those sources' word. No name is ever
    made up for an anonymous source.
    """
    named = [
        _agent(a.source)
        for a in claim.export_attributions
        if a.sourcing in (Sourcing.NAMED, Sourcing.CONFIRMED)
    ]
    if named:
        return named
    outlet = claim.article.outlet
    if outlet is None:
        return []
    agent: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": outlet.name}
    if outlet.domain:
        agent["url"] = agent["sameAs"] = f"https://{outlet.domain}/"
    return [agent]


def _agent(source: Source) -> dict[str, Any]:
    kind = "Person" if source.kind == Source.Kind.PERSON else "Organization"
    agent: dict[str, Any] = {"@type": kind, "name": source.name}
    if source.same_as:
        agent["sameAs"] = source.same_as
    return agent


def review_rating(claim: Claim, scale: Scale) -> dict[str, Any]:
    rating = claim.rating
    result: dict[str, Any] = {"@type": "Rating", "alternateName": rating.name if rating else ""}
    if rating and rating.value is not None:
        result.update(ratingValue=rating.value, bestRating=scale.best, worstRating=scale.worst)
    rationale = verdict_rationale(claim)
    if rationale:
        result["ratingExplanation"] = rationale
    return result


def verdict_rationale(claim: Claim) -> str:
    """The note that went with the current verdict: when it was set, or published."""
    events = getattr(claim, "export_events", None)
    if events is None:  # a claim not read through export_claims
        events = list(claim.events.order_by("at", "id"))
    for event in reversed(events):
        sets_verdict = event.from_rating_id != event.to_rating_id
        if event.note and (sets_verdict or event.to_status == Status.PUBLISHED):
            return event.note
    return ""


def claim_review_gaps(review: dict[str, Any]) -> list[str]:
    """What Google recommends that this review lacks, because the desk has no data for it."""
    gaps = []
    item = review["itemReviewed"]
    if "appearance" not in item:
        gaps.append("the article has no URL (itemReviewed.appearance)")
    if "datePublished" not in item:
        gaps.append("the article has no date (itemReviewed.datePublished)")
    authors = item.get("author")
    authors = authors if isinstance(authors, list) else [authors] if authors else []
    if not authors:
        gaps.append("the claim has no author")
    gaps += [f"{a['name']} has no reference URL (sameAs)" for a in authors if "sameAs" not in a]
    if "ratingValue" not in review["reviewRating"]:
        gaps.append(f"“{review['reviewRating']['alternateName']}” is off the numeric scale")
    return gaps


# JSON-LD is pasted into <script type="application/ld+json"> blocks, where a
# statement's "</script>" would close the block and run what follows. As \u
# escapes these characters mean the same to a JSON parser and nothing to HTML
# (the escapes Django's json_script uses).
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld(value: dict[str, Any]) -> str:
    """``value`` as JSON that is safe inside an HTML script block."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(SCRIPT_SAFE)


def claimreview_lines(claims: Iterable[Claim]) -> Iterator[str]:
    """A JSON array of ClaimReviews, streamed one element at a time."""
    scale = Scale.current()
    yield "[\n"
    for index, claim in enumerate(claims):
        separator = "" if index == 0 else ",\n"
        yield separator + json_ld(claim_review(claim, scale))
    yield "\n]\n"


# ---------------------------------------------------------------- the formats


Progress = Callable[[int], None]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    content_type: str
    with_history: bool
    published_only: bool

    def claims(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        """The claims this format exports out of ``queryset``."""
        if self.published_only:
            queryset = queryset.filter(status=Status.PUBLISHED, rating__isnull=False)
        return queryset

    def render(self, claims: QuerySet[Claim], progress: Progress | None = None) -> Iterator[str]:
        """The export's text, piece by piece; ``progress`` hears how many claims are done.

        On PostgreSQL the CSV and JSON Lines come out of PostgreSQL itself,
        the same bytes several times faster (claims.export_sql).
        """
        if self.name in ("csv", "jsonl") and connections[claims.db].vendor == "postgresql":
            from claims.export_sql import sql_lines  # it builds on this module

            return sql_lines(self.name, claims, progress)
        if self.name == "csv":
            return csv_lines(csv_rows(claims, progress))
        if self.name == "jsonl":
            return jsonl_lines(json_records(claims, progress))
        models = iterate(export_claims(claims, with_history=self.with_history))
        return claimreview_lines(_counted(models, progress))


def _counted(claims: Iterator[Claim], progress: Progress | None) -> Iterator[Claim]:
    done = 0
    for claim in claims:
        yield claim
        done += 1
        if progress and done % CHUNK == 0:
            progress(done)
    if progress:
        progress(done)


FORMATS = {
    "csv": ExportFormat("csv", "csv", "text/csv; charset=utf-8", False, False),
    "jsonl": ExportFormat("jsonl", "jsonl", "application/x-ndjson; charset=utf-8", True, False),
    "claimreview": ExportFormat(
        "claimreview", "json", "application/ld+json; charset=utf-8", True, True
    ),
}


def streaming_response(
    export: ExportFormat, claims: QuerySet[Claim], stem: str
) -> StreamingHttpResponse:
    """Rows go out as they are read: constant memory, first byte at once."""
    response = StreamingHttpResponse(export.render(claims), content_type=export.content_type)
    filename = f"{stem}-{timezone.localdate():%Y-%m-%d}.{export.extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
