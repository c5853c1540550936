"""One FilterSet per list page; exports reuse them ("export what I am looking at")."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import OrderBy
from django.utils import timezone
from django_filters.widgets import DateRangeWidget

from claims.dates import AcceptedDateRangeField
from claims.models import (
    SOURCING_FILTERS,
    STATUS_RANK,
    Anchoring,
    Article,
    Attribution,
    Claim,
    ClaimEvent,
    Outlet,
    Rating,
    Source,
    Status,
)
from claims.search import (
    CLAIM_SEARCH_FIELDS,
    SEARCH_MAX_CHARS,
    articles_matching,
    text_matches,
)

CLOSED = [Status.PUBLISHED, Status.NOT_CHECKABLE]
# The claims list's "article changed": flagged by a revision, either way, or one of them.
ARTICLE_CHANGED = [
    ("flagged", "Words changed or gone"),
    (Anchoring.CHANGED, "Words changed"),
    (Anchoring.GONE, "Words gone"),
]
# The most claims one selection holds: the list's bulk actions and its ids
# filter (exporting a selection).
SELECTION_MAX = 200
# The largest id a claim can have (a BigAutoField): a larger number names no
# claim, and SQLite cannot even bind it (an OverflowError, a 500).
ID_MAX = 2**63 - 1
DATE_INPUT = {"type": "date"}


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """From/to dates, refused as a form error when outside the accepted dates."""

    field_class = AcceptedDateRangeField


class AnyYesNo(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads "Any", like the other filters (not "Unknown")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", "Any"), ("true", "Yes"), ("false", "No")]


class ArticleOrdering(django_filters.OrderingFilter):
    """The articles' sort, ties broken by id in the same direction.

    Each sort then follows an index on (column, id), read either way: a page
    of a hundred thousand articles without sorting them. By claims is the
    article's tally (``ArticleTally``), counted by nothing here; joined, not
    outer-joined, so that its index can lead (every article has its tally).
    """

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        ordering = [self.get_ordering_value(choice) for choice in value or [] if choice]
        if not ordering:
            return qs
        if any(field.lstrip("-").startswith("tally__") for field in ordering):
            qs = qs.filter(tally__isnull=False)
        return qs.order_by(*ordering, "-id" if ordering[-1].startswith("-") else "id")


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search", max_length=SEARCH_MAX_CHARS)
    outlet = django_filters.ModelChoiceFilter(queryset=Outlet.objects.all())
    published = DateRangeFilter(
        field_name="published_on", label="Published between", widget=DateRangeWidget(DATE_INPUT)
    )
    claim_status = django_filters.ChoiceFilter(
        label="Has claims that are", choices=Status.choices, method="with_claim_status"
    )
    order = ArticleOrdering(
        label="Sort by",
        fields=[
            ("published_on", "published"),
            ("title", "title"),
            ("tally__claim_count", "claims"),
            ("created_at", "added"),
        ],
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return articles_matching(queryset, value)

    def with_claim_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Exists(Claim.objects.filter(article=OuterRef("pk"), status=value)))


# The claims list's sorts, each a full order that an index follows (see
# Claim.Meta.indexes). "-name" is the same list reversed, so one index serves
# both directions; NULLs sort last ascending, as PostgreSQL does by default.
CLAIM_ORDERS: dict[str, tuple[str | Expression, ...]] = {
    "changed": ("updated_at", "id"),
    # Within an article, its claims in text order.
    "article_date": ("article__published_on", "article_id", "start", "id"),
    # In workflow order (new, researching, in review, published, not checkable).
    "status": (STATUS_RANK, "-updated_at", "-id"),
    "rating": ("rating_value", "-updated_at", "-id"),
    "revisit": ("revisit_on", "-updated_at", "-id"),
}
NEWEST_CHANGES_FIRST = ("-updated_at", "-id")


def order_expression(name: str | Expression, reverse: bool) -> OrderBy:
    if isinstance(name, Expression):
        return name.desc(nulls_first=True) if reverse else name.asc(nulls_last=True)
    descending = name.startswith("-") != reverse
    field = F(name.lstrip("-"))
    return field.desc(nulls_first=True) if descending else field.asc(nulls_last=True)


class ClaimOrdering(django_filters.OrderingFilter):
    """Sorts by one of CLAIM_ORDERS, with its tie-breaks: pages never overlap."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        if not value:
            return qs.order_by(*NEWEST_CHANGES_FIRST)
        choice = value[0]
        names = CLAIM_ORDERS[choice.lstrip("-")]
        return qs.order_by(*(order_expression(n, choice.startswith("-")) for n in names))


class ClaimIdsFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    """Claims by id, comma-separated: a selection on the list, exported."""


class ClaimFilterForm(forms.Form):
    def clean_ids(self) -> list[int] | None:
        ids = self.cleaned_data.get("ids")
        if ids and len(ids) > SELECTION_MAX:
            raise forms.ValidationError(
                f"{len(ids)} claims selected: at most {SELECTION_MAX} at a time."
            )
        # Past the id column's range the database refuses the query (a 500 on SQLite).
        for value in ids or []:
            if not 1 <= value <= ID_MAX or value != int(value):
                raise forms.ValidationError(f"“{value}” is not a claim id.")
        return ids


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search", max_length=SEARCH_MAX_CHARS)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    rating = django_filters.ModelChoiceFilter(queryset=Rating.objects.all())
    sourcing = django_filters.ChoiceFilter(choices=SOURCING_FILTERS, method="with_sourcing")
    outlet = django_filters.ModelChoiceFilter(queryset=Outlet.objects.all())
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices)
    assignee = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username")
    )
    article_date = DateRangeFilter(
        label="Article published between",
        method="with_article_published",
        widget=DateRangeWidget(DATE_INPUT),
    )
    published = DateRangeFilter(
        label="Verdict published between",
        method="with_verdict_published",
        widget=DateRangeWidget(DATE_INPUT),
    )
    revisit_due = django_filters.BooleanFilter(
        label="Revisit date has come", method="with_revisit_due", widget=AnyYesNo
    )
    article_changed = django_filters.ChoiceFilter(
        label="Article changed", choices=ARTICLE_CHANGED, method="with_article_changed"
    )
    order = ClaimOrdering(label="Sort by", fields=[(name, name) for name in CLAIM_ORDERS])
    ids = ClaimIdsFilter(field_name="pk", label="Only the claims", widget=forms.HiddenInput)

    class Meta:
        model = Claim
        form = ClaimFilterForm
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Claims whose words match, or attributed to a source named so (name or
        alias), or from an outlet named so.

        The sources and outlets are looked up first (two small queries): when
        none is named so, as for most words, the search is the words' alone
        and keeps its plan. When sources are named, the claims are the UNION
        of the claims matching the words (or outlets) and the sources'
        attributions: the same OR in one WHERE could use neither index, and at
        a million claims, with a source cited 70,000 times, took minutes
        (``benchmark_pages``).
        """
        words = value.strip()
        if not words:
            return queryset
        matching = text_matches(queryset.db, words, CLAIM_SEARCH_FIELDS)
        sources, outlets = list(sources_named(words)), list(outlets_named(words))
        in_outlets = Q(outlet_id__in=outlets) if outlets else Q()
        if not sources:
            # An outlet is a column of the claim: one OR keeps its index (62 ms at 1M).
            return queryset.filter(matching | in_outlets)
        attributed = Attribution.objects.filter(source_id__in=sources).order_by()
        found = Claim.objects.filter(matching | in_outlets).order_by().values("pk")
        return queryset.filter(pk__in=found.union(attributed.values("claim_id")))

    def with_sourcing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.with_sourcing(value)

    def with_article_published(self, queryset: QuerySet, name: str, value: slice) -> QuerySet:
        """Claims on articles published within the dates, inclusive."""
        if not value or (value.start is None and value.stop is None):
            return queryset
        articles = Article.objects.all()
        if value.start is not None:
            articles = articles.filter(published_on__gte=value.start)
        if value.stop is not None:
            articles = articles.filter(published_on__lte=value.stop)
        return among(queryset, "article_id", articles.order_by().values("pk"))

    def with_verdict_published(self, queryset: QuerySet, name: str, value: slice) -> QuerySet:
        """Claims published (made public, not re-published) within the dates, inclusive."""
        if not value or (value.start is None and value.stop is None):
            return queryset
        events = publishing_events(value.start, value.stop).order_by()
        return among(queryset, "pk", events.values("claim_id"))

    def with_article_changed(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Claims flagged by a revision of their article, not yet checked by the desk
        (claim_anchor_flagged_idx holds exactly these)."""
        flagged = queryset.exclude(anchor=Anchoring.ANCHORED)
        return flagged if value == "flagged" else flagged.filter(anchor=value)

    def with_revisit_due(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        due = Q(revisit_on__lte=timezone.localdate()) & ~Q(status=Status.NOT_CHECKABLE)
        if value is None:
            return queryset
        return queryset.filter(due) if value else queryset.exclude(due)


class SourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name or alias", method="search", max_length=SEARCH_MAX_CHARS
    )
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)

    class Meta:
        model = Source
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))


def filtered(filterset: django_filters.FilterSet) -> QuerySet:
    """The filtered rows, or none when the filter form is invalid (the form says why)."""
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


def query_without_page(params: Any) -> str:
    """The current filters as a query string, for pagination and sorting links."""
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


class EqualsAnyOf(Func):
    """``column = ANY(ARRAY(subquery))``, PostgreSQL's: the subquery runs once, first.

    For a filter whose rows cluster in time (articles of one month, verdicts
    published in one month), against the list's newest-first order: written
    as a join or EXISTS, the planner expects matches spread evenly and walks
    the newest claims first, through hundreds of thousands before the first
    match. An array it cannot see into is planned as a handful of ids: it
    reads the matching claims by index and sorts only those.
    """

    template = "%(expressions)s)"
    arg_joiner = " = ANY(ARRAY"
    output_field = BooleanField()


def among(queryset: QuerySet, column: str, values: QuerySet) -> QuerySet:
    """Rows whose ``column`` is one of ``values`` (a one-column queryset)."""
    return queryset.filter(among_condition(queryset.db, column, values))


def among_condition(using: str, column: str, values: QuerySet) -> Q:
    """The condition of ``among``, to combine with others."""
    if connections[using].vendor == "postgresql":
        return Q(EqualsAnyOf(F(column), Subquery(values)))
    return Q(**{f"{column}__in": values})


# A search finds the claims of at most this many sources and outlets by name:
# a common word ("the") names many, and each adds its claims to the search.
NAMED_MOST = 20


def sources_named(words: str) -> QuerySet:
    """The ids of the sources whose name or one of whose aliases contains ``words``.

    Sources are thousands, not millions: read whole, not through an index.
    """
    named = Source.objects.filter(Q(name__icontains=words) | Q(aliases__icontains=words))
    return named.order_by("pk").values_list("pk", flat=True)[:NAMED_MOST]


def outlets_named(words: str) -> QuerySet:
    """The ids of the outlets whose name contains ``words``."""
    named = Outlet.objects.filter(name__icontains=words).order_by("pk")
    return named.values_list("pk", flat=True)[:NAMED_MOST]


def publications_between(since: date | None, until: date | None) -> QuerySet:
    """Events that published a claim between two days (inclusive), for an Exists()."""
    return publishing_events(since, until).filter(claim=OuterRef("pk"))


def publishing_events(since: date | None, until: date | None) -> QuerySet:
    """Events that published a claim between two days (inclusive)."""
    events = ClaimEvent.objects.filter(
        kind=ClaimEvent.Kind.STATUS_CHANGED, to_status=Status.PUBLISHED
    )
    if since:
        events = events.filter(at__gte=start_of(since))
    if until:
        events = events.filter(at__lt=start_of(until + timedelta(days=1)))
    return events


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
