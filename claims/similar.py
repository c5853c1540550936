"""Claims checked before: the existing claims most like one claim.

PostgreSQL: the candidates are the claims sharing most of the claim's longest
words (its stored ``search_vector``'s lexemes, through the GIN index of
migration 0014); at most CANDIDATES of them are ranked by trigram similarity
of their statements (pg_trgm; full-text rank where the extension could not be
created, see migration 0022). Longer words are rarer ones (Zipf), and a
claim's rarest words are what it is about: names, places, figures.

SQLite: the claims whose statement contains one of the claim's longest
words, newest first, ranked in Python by difflib's ratio. Slower and
plainer, for the embedded development database only.
"""

from __future__ import annotations

import difflib
import itertools
import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connections
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from claims.models import Claim
from claims.search import vector_sql

SHOWN = 5
CANDIDATES = 200
KEY_WORDS = 4  # the claim's longest words; a candidate shares all but one of them
LEXEME = re.compile(r"('(?:[^']|'')+'):")
WORD = re.compile(r"\w{4,}")
_trigram_databases: dict[str, bool] = {}


def similar_claims(claim: Claim) -> list[Claim]:
    """Up to SHOWN other claims most like ``claim``, most alike first, each with
    its rating loaded and a ``similarity`` attribute."""
    base = Claim.objects.exclude(pk=claim.pk).select_related("rating")
    if connections[base.db].vendor == "postgresql":
        return _ranked_in_postgres(base, claim.statement, claim.search_vector)
    return _ranked_in_python(base, claim.statement)


def claims_like_text(text: str) -> list[Claim]:
    """Up to SHOWN claims most like ``text`` (a statement being written), ranked
    as ``similar_claims`` ranks a claim's: for the capture panel, before the
    claim exists. On PostgreSQL one query more, for the text's lexemes."""
    base = Claim.objects.select_related("rating")
    if connections[base.db].vendor == "postgresql":
        return _ranked_in_postgres(base, text, text_vector(base.db, text))
    return _ranked_in_python(base, text)


def text_vector(using: str, text: str) -> str:
    """``text``'s search vector as a stored claim's would be (its text form)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT ({vector_sql('%s')})::text", [text])
        return cursor.fetchone()[0]


def key_query(search_vector: str) -> str:
    """A tsquery: any KEY_WORDS - 1 of the vector's KEY_WORDS longest lexemes."""
    lexemes = sorted(set(LEXEME.findall(search_vector or "")), key=lambda q: (-len(q), q))
    keys = lexemes[:KEY_WORDS]
    need = max(1, len(keys) - 1)
    groups = itertools.combinations(keys, need)
    return " | ".join("(" + " & ".join(group) + ")" for group in groups)


def _ranked_in_postgres(base: QuerySet, statement: str, search_vector: str) -> list[Claim]:
    query = key_query(search_vector)
    if not query:
        return []
    # The quoted lexemes are the vector's own, so the query is cast, not parsed
    # again by a text-search configuration (which could stem them once more).
    matches = RawSQL("search_vector @@ %s::tsquery", [query], output_field=BooleanField())
    candidates = base.filter(matches).order_by().values("pk")[:CANDIDATES]
    ranked = base.filter(pk__in=candidates).annotate(similarity=_score(base.db, statement, query))
    return list(ranked.order_by("-similarity", "-pk")[:SHOWN])


def _score(using: str, statement: str, query: str) -> TrigramSimilarity | RawSQL:
    if trigram_available(using):
        return TrigramSimilarity("statement", statement)
    return RawSQL("ts_rank(search_vector, %s::tsquery)", [query], output_field=FloatField())


def trigram_available(using: str) -> bool:
    """Whether pg_trgm is installed (migration 0022 may not have been allowed to);
    asked once per process and database."""
    if using not in _trigram_databases:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
            _trigram_databases[using] = cursor.fetchone()[0]
    return _trigram_databases[using]


def _ranked_in_python(base: QuerySet, statement: str) -> list[Claim]:
    statement = statement.lower()
    words = sorted(set(WORD.findall(statement)), key=lambda w: (-len(w), w))
    if not words:
        return []
    containing = Q()
    for word in words[: KEY_WORDS - 1]:
        containing |= Q(statement__icontains=word)
    candidates = list(base.filter(containing).order_by("-pk")[:CANDIDATES])
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, statement, candidate.statement.lower())
        candidate.similarity = matcher.ratio()
    return sorted(candidates, key=lambda c: (-c.similarity, -c.pk))[:SHOWN]
