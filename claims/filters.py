"""One FilterSet per list page; exports reuse them ("export what I am looking at")."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_filters.widgets import DateRangeWidget

from claims.dates import AcceptedDateRangeField
from claims.models import (
    SOURCING_FILTERS,
    Article,
    Claim,
    ClaimEvent,
    Outlet,
    Rating,
    Source,
    Status,
)
from claims.search import SEARCH_MAX_CHARS, articles_matching, claims_matching

CLOSED = [Status.PUBLISHED, Status.NOT_CHECKABLE]
DATE_INPUT = {"type": "date"}


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """From/to dates, refused as a form error when outside the accepted dates."""

    field_class = AcceptedDateRangeField


class ArticleOrdering(django_filters.OrderingFilter):
    """The articles' sort; counts claims only when sorting by how many there are.

    That sort has to count every article's claims before it can pick a page,
    so it reads the whole claims table; the other sorts follow indexes.
    """

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        if value and any(choice.lstrip("-") == "claims" for choice in value):
            qs = qs.annotate(claim_count=Count("claims"))
        return super().filter(qs, value)


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
            ("claim_count", "claims"),
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


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search", max_length=SEARCH_MAX_CHARS)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    rating = django_filters.ModelChoiceFilter(queryset=Rating.objects.all())
    sourcing = django_filters.ChoiceFilter(choices=SOURCING_FILTERS, method="with_sourcing")
    outlet = django_filters.ModelChoiceFilter(
        field_name="article__outlet", queryset=Outlet.objects.all()
    )
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices)
    assignee = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username")
    )
    article_date = DateRangeFilter(
        field_name="article__published_on",
        label="Article published between",
        widget=DateRangeWidget(DATE_INPUT),
    )
    published = DateRangeFilter(
        label="Verdict published between",
        method="with_verdict_published",
        widget=DateRangeWidget(DATE_INPUT),
    )
    revisit_due = django_filters.BooleanFilter(
        label="Revisit date has come", method="with_revisit_due"
    )
    order = django_filters.OrderingFilter(
        label="Sort by",
        fields=[
            ("updated_at", "changed"),
            ("article__published_on", "article_date"),
            ("status", "status"),
            ("rating__value", "rating"),
            ("revisit_on", "revisit"),
        ],
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return claims_matching(queryset, value)

    def with_sourcing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.with_sourcing(value)

    def with_verdict_published(self, queryset: QuerySet, name: str, value: slice) -> QuerySet:
        """Claims published (made public, not re-published) within the dates, inclusive."""
        if not value or (value.start is None and value.stop is None):
            return queryset
        return queryset.filter(Exists(publications_between(value.start, value.stop)))

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


def publications_between(since: date | None, until: date | None) -> QuerySet:
    """Events that published a claim between two days (inclusive), for an Exists()."""
    events = ClaimEvent.objects.filter(
        claim=OuterRef("pk"), kind=ClaimEvent.Kind.STATUS_CHANGED, to_status=Status.PUBLISHED
    )
    if since:
        events = events.filter(at__gte=start_of(since))
    if until:
        events = events.filter(at__lt=start_of(until + timedelta(days=1)))
    return events


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
