"""Claims checked before: the existing claims most like one claim.

PostgreSQL: the candidates are the claims sharing most of the claim's longest
words (its stored ``search_vector``'s lexemes, through the GIN index of
migration 0014); at most CANDIDATES of them are ranked by trigram similarity
of their statements (pg_trgm; full-text rank where the extension could not be
created, see migration 0022). Longer words are rarer ones (Zipf), and a
claim's rarest words are what it is about: names, places, figures.

The candidates are found in one statement, in two steps (``CANDIDATES_SQL``):
the claims sharing all KEY_WORDS words, and only when fewer than SHOWN do, the
claims sharing all but one. GIN answers an AND by walking one word's postings
and skipping through the others'; a plain "any three of four" would make it
read every posting of all four words. So "all but one" is asked as two ANDs
(the first word and any two of the others; the other three), which the planner
ORs as two bitmaps: at a million claims whose words are each in 8 % of them,
25 ms instead of 80.

SQLite: the claims whose statement contains one of the claim's longest
words, newest first, ranked in Python by difflib's ratio. Slower and
plainer, for the embedded development database only.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connections
from django.db.models import FloatField, Q, QuerySet
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
        return _ranked_in_postgres(base, claim.statement, claim.search_vector, besides=claim.pk)
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


# The quoted lexemes are the vector's own, so each query is cast, not parsed
# again by a text-search configuration (which could stem them once more). The
# second step runs only when the first found fewer than SHOWN (a one-time
# filter: PostgreSQL skips its scan).
CANDIDATES_SQL = """
    WITH sharing_all AS MATERIALIZED (
        SELECT id FROM claims_claim
         WHERE search_vector @@ %s::tsquery AND id <> %s
         LIMIT %s
    )
    SELECT id FROM sharing_all
    UNION
    (SELECT id FROM claims_claim
      WHERE (search_vector @@ %s::tsquery OR search_vector @@ %s::tsquery)
        AND id <> %s
        AND (SELECT count(*) FROM sharing_all) < %s
      LIMIT %s)
"""


@dataclass(frozen=True)
class KeyQueries:
    """tsqueries over a claim's KEY_WORDS longest lexemes (``keys``, longest first)."""

    keys: list[str]

    @property
    def every(self) -> str:
        return " & ".join(self.keys)

    @property
    def all_but_one(self) -> str:
        """What ``with_first`` and ``without_first`` ask together (for ranking)."""
        return any_of(self.keys, max(1, len(self.keys) - 1))

    @property
    def with_first(self) -> str:
        first, others = self.keys[0], self.keys[1:]
        if len(others) <= 1:
            return first
        return f"{first} & ({any_of(others, len(others) - 1)})"

    @property
    def without_first(self) -> str:
        # With one key there is no other: asking for the first again adds nothing.
        return " & ".join(self.keys[1:]) or self.keys[0]


def any_of(words: list[str], count: int) -> str:
    """A tsquery matching any ``count`` of ``words``."""
    groups = itertools.combinations(words, count)
    return " | ".join("(" + " & ".join(group) + ")" for group in groups)


def key_queries(search_vector: str) -> KeyQueries | None:
    lexemes = sorted(set(LEXEME.findall(search_vector or "")), key=lambda q: (-len(q), q))
    return KeyQueries(lexemes[:KEY_WORDS]) if lexemes else None


def _ranked_in_postgres(
    base: QuerySet, statement: str, search_vector: str, besides: int = 0
) -> list[Claim]:
    """``besides``: a claim to leave out of the candidates (0: none; ids start at 1)."""
    queries = key_queries(search_vector)
    if queries is None:
        return []
    params = (
        *(queries.every, besides, CANDIDATES),
        *(queries.with_first, queries.without_first, besides, SHOWN, CANDIDATES),
    )
    candidates = RawSQL(CANDIDATES_SQL, params)
    score = _score(base.db, statement, queries.all_but_one)
    ranked = base.filter(pk__in=candidates).annotate(similarity=score)
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
