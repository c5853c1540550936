"""Free-text search: PostgreSQL full-text search, plain containment elsewhere.

Migration 0006 builds its GIN indexes with ``search_vector`` over the same
fields, so the indexes match the expressions queried here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Q, QuerySet

ARTICLE_SEARCH_FIELDS = ("title", "body")
CLAIM_SEARCH_FIELDS = ("statement", "quote")
# Longer than any name, title or phrase anyone searches for. Every search box
# refuses more: SQLite cannot run a LIKE pattern past 50,000 bytes at all.
SEARCH_MAX_CHARS = 500


def search_vector(fields: Sequence[str]) -> SearchVector:
    return SearchVector(*fields, config="english")


def full_text(queryset: QuerySet, fields: Sequence[str], words: str) -> QuerySet:
    """Rows whose ``fields`` match ``words`` (web-search syntax on PostgreSQL)."""
    words = words.strip()
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(words, config="english", search_type="websearch")
        return queryset.annotate(search=search_vector(fields)).filter(search=query)
    containment = Q()
    for field in fields:
        containment |= Q(**{f"{field}__icontains": words})
    return queryset.filter(containment)
