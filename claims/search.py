"""Free-text search: PostgreSQL full-text search, plain containment elsewhere.

Claims and articles are searched through a stored ``search_vector`` column
(GIN-indexed, written by the services with the text it follows, checked by
``check_record``). Stored, unlike the expression indexes they replaced
(migration 0014): a column has statistics of its own words, so the planner
can tell a word in five claims from one in a quarter of them, and a row
that is not read through the index is matched without parsing its text
again (an article's body is kilobytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import BooleanField, Expression, F, Func, Q, QuerySet, Value

ARTICLE_SEARCH_FIELDS = ("title", "body")
CLAIM_SEARCH_FIELDS = ("statement", "quote")
SEARCH_CONFIG = "english"
# Longer than any name, title or phrase anyone searches for. Every search box
# refuses more: SQLite cannot run a LIKE pattern past 50,000 bytes at all.
SEARCH_MAX_CHARS = 500


def search_vector(fields: Sequence[str | Expression]) -> SearchVector:
    return SearchVector(*fields, config=SEARCH_CONFIG)


def articles_matching(queryset: QuerySet, words: str) -> QuerySet:
    """Articles whose title or body match ``words`` (web-search syntax on PostgreSQL)."""
    return _full_text(queryset, words, ARTICLE_SEARCH_FIELDS)


def claims_matching(queryset: QuerySet, words: str) -> QuerySet:
    """Claims whose statement or quote match ``words`` (web-search syntax on PostgreSQL)."""
    return _full_text(queryset, words, CLAIM_SEARCH_FIELDS)


def _full_text(queryset: QuerySet, words: str, fields: Sequence[str]) -> QuerySet:
    """Rows whose stored vector matches ``words`` on PostgreSQL; elsewhere, rows with
    ``words`` in one of ``fields``."""
    words = words.strip()
    if not words:
        return queryset
    return queryset.filter(text_matches(queryset.db, words, fields))


def text_matches(using: str, words: str, fields: Sequence[str]) -> Q:
    """The condition of ``_full_text``, to combine with others (``words`` not empty)."""
    if connections[using].vendor == "postgresql":
        return Q(search_vector=SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch"))
    containment = Q()
    for field in fields:
        containment |= Q(**{f"{field}__icontains": words})
    return containment


# -- the stored vectors, kept by the services


def claim_vector_changes(using: str, **changes: Any) -> dict[str, Any]:
    """The claim's ``search_vector`` to write with ``changes``, if they set its
    statement or quote (see ``vector_changes``)."""
    return vector_changes(CLAIM_SEARCH_FIELDS, using, changes)


def article_vector_changes(using: str, **changes: Any) -> dict[str, Any]:
    """The article's ``search_vector`` to write with ``changes``, if they set its
    title or body (see ``vector_changes``)."""
    return vector_changes(ARTICLE_SEARCH_FIELDS, using, changes)


def vector_changes(fields: Sequence[str], using: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The ``search_vector`` to write with ``changes`` to a row, if they set one of ``fields``.

    For the services' INSERT or UPDATE, so the vector changes in the same
    statement as the text it follows. A field not in ``changes`` keeps its
    stored value (an UPDATE's right-hand side reads the row as it was).
    Nothing on SQLite: there the column stays empty and search uses containment.
    """
    if connections[using].vendor != "postgresql" or not changes.keys() & set(fields):
        return {}
    parts = [Value(changes[name]) if name in changes else F(name) for name in fields]
    return {"search_vector": search_vector(parts)}


def vector_is_current(fields: Sequence[str]) -> Func:
    """Whether a row's stored vector is the one its ``fields`` give now
    (PostgreSQL only; for ``check_record``)."""
    return Func(
        F("search_vector"),
        search_vector(fields),
        template="(%(expressions)s)",
        arg_joiner=" IS NOT DISTINCT FROM ",
        output_field=BooleanField(),
    )


def vector_sql(*texts: str) -> str:
    """The same vector as SQL over text expressions, for the benchmark's generator
    (``check_record`` compares what it stored with the expressions above)."""
    joined = " || ' ' || ".join(f"COALESCE(({text})::text, '')" for text in texts)
    return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {joined})"
