"""manage.py benchmark_reanchoring — time re-anchoring claims on a revised long article.

Builds a synthetic article of ``--words`` words (paragraphs of sentences, some
sentences repeated word for word elsewhere), takes ``--claims`` spans of it,
revises it the way outlets do (a paragraph inserted at the top and one in the
middle, a paragraph removed, a word corrected in every tenth claim) and times
``claims.anchoring`` finding every span again: the one diff of the two texts
and each span's re-anchoring. Pure Python, no database; prints the median of
``--rounds`` rounds and what became of the spans.

``--database`` times the whole service instead: ``article_revise`` on an
article with those claims, each attributed with a mention and a cue, in the
configured database (``DATABASE_URL``; use a scratch one): the locks, the
re-anchoring, every claim's and attribution's UPDATE and the timeline events.
Each round runs in a transaction that is rolled back, so nothing is kept.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from claims import services
from claims.anchoring import Outcome, Reanchorer
from claims.models import Article, Source, Sourcing
from claims.services.revisions import article_revise
from claims.spans import Span

VOCABULARY = [
    "the",
    "minister",
    "said",
    "talks",
    "party",
    "government",
    "dialogue",
    "release",
    "court",
    "budget",
    "revenue",
    "percent",
    "officials",
    "sources",
    "meeting",
    "province",
    "adviser",
    "opposition",
    "election",
    "security",
    "border",
    "tensions",
    "reform",
    "inflation",
    "tranche",
    "negotiations",
    "agreement",
    "statement",
    "week",
]
GOAL_SECONDS = 1.0


class Command(BaseCommand):
    help = "Time re-anchoring claims on a revised long article (goal: under a second)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--words", type=int, default=20_000)
        parser.add_argument("--claims", type=int, default=300)
        parser.add_argument("--rounds", type=int, default=5)
        parser.add_argument(
            "--database",
            action="store_true",
            help="time article_revise with its writes, in the configured (scratch) database",
        )

    def handle(
        self, *args: Any, words: int, claims: int, rounds: int, database: bool, **options: Any
    ) -> None:
        rng = random.Random(13)
        paragraphs = synthetic_paragraphs(rng, words)
        old = "\n\n".join(paragraphs)
        spans = claim_spans(rng, old, claims)
        new = revised(rng, paragraphs, old, spans)
        if database:
            self.time_the_service(old, new, spans, rounds)
            return
        timings, outcomes = [], Counter()
        for _ in range(rounds):
            began = time.perf_counter()
            reanchorer = Reanchorer(old, new)
            results = [reanchorer.reanchor(start, end) for start, end in spans]
            timings.append(time.perf_counter() - began)
            outcomes = Counter(result.outcome for result in results)
        median = statistics.median(timings)
        verdict = "within" if median < GOAL_SECONDS else "OVER"
        self.stdout.write(
            f"{len(spans)} claims on a {len(old.split())}-word article "
            f"({len(old)} characters): median {median * 1000:.0f} ms over {rounds} rounds "
            f"({verdict} the {GOAL_SECONDS:.0f} s goal); "
            + ", ".join(f"{outcome}: {outcomes[outcome]}" for outcome in Outcome)
        )

    def time_the_service(
        self, old: str, new: str, spans: list[tuple[int, int]], rounds: int
    ) -> None:
        timings, outcomes = [], Counter()
        for _ in range(rounds):
            with transaction.atomic():
                article = article_with_claims(old, spans)
                began = time.perf_counter()
                revised_by = article_revise(article=article, body=new, by=None, source="url")
                timings.append(time.perf_counter() - began)
                outcomes = Counter({o: len(ids) for o, ids in revised_by.claims.items()})
                transaction.set_rollback(True)
        median = statistics.median(timings)
        verdict = "within" if median < GOAL_SECONDS else "OVER"
        self.stdout.write(
            f"article_revise on {connection.vendor}: {len(spans)} claims with a mention and a "
            f"cue each, a {len(old.split())}-word article: median {median * 1000:.0f} ms over "
            f"{rounds} rounds, writes and events included ({verdict} the "
            f"{GOAL_SECONDS:.0f} s goal); "
            + ", ".join(f"{outcome}: {outcomes[outcome]}" for outcome in Outcome)
        )


def article_with_claims(text: str, spans: list[tuple[int, int]]) -> Article:
    """An article of ``text`` with a claim on each span, attributed to one named
    source, its mention the span's first word and its cue the second."""
    user = User.objects.create_superuser("benchmark-reanchoring", password=None)
    article = services.article_create(body=text, by=user, title="Benchmark article").article
    source = services.source_find_or_create(
        name="A benchmark source", kind=Source.Kind.PERSON, by=user
    )
    for start, end in spans:
        quote = text[start:end]
        claim = services.claim_create(article=article, start=start, end=end, quote=quote, by=user)
        first, second = word_spans(text, start, end)[:2]
        services.attribution_set(
            claim=claim,
            source=source,
            sourcing=Sourcing.NAMED,
            by=user,
            version=claim.version,
            mention=Span(*first, text[first[0] : first[1]]),
            cue=Span(*second, text[second[0] : second[1]]),
        )
    return article


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for word in text[start:end].split(" "):
        spans.append((at, at + len(word)))
        at += len(word) + 1
    return spans


def synthetic_paragraphs(rng: random.Random, words: int) -> list[str]:
    """Paragraphs of 4–8 sentences of 8–20 words; one sentence in fifty is a repeat."""
    sentences: list[str] = []
    count = 0
    while count < words:
        if sentences and rng.random() < 0.02:
            sentence = rng.choice(sentences)
        else:
            length = rng.randint(8, 20)
            sentence = " ".join(rng.choice(VOCABULARY) for _ in range(length)).capitalize() + "."
        sentences.append(sentence)
        count += len(sentence.split())
    paragraphs, at = [], 0
    while at < len(sentences):
        size = rng.randint(4, 8)
        paragraphs.append(" ".join(sentences[at : at + size]))
        at += size
    return paragraphs


def claim_spans(rng: random.Random, text: str, claims: int) -> list[tuple[int, int]]:
    """``claims`` whole sentences of ``text``, spread over it."""
    ends = [at + 1 for at, char in enumerate(text) if char == "."]
    chosen = sorted(rng.sample(range(1, len(ends)), claims))
    return [(starts_after(text, ends[i - 1]), ends[i]) for i in chosen]


def starts_after(text: str, end: int) -> int:
    while text[end] in " \n":
        end += 1
    return end


def revised(
    rng: random.Random, paragraphs: list[str], old: str, spans: list[tuple[int, int]]
) -> str:
    """The article as updated: every tenth claim's sentence corrected, a paragraph
    inserted at the top and one in the middle, one paragraph removed."""
    text = old
    for start, end in reversed(spans[::10]):
        sentence = text[start:end]
        text = text[:start] + sentence.replace(" ", " corrected ", 1) + text[end:]
    parts = text.split("\n\n")
    parts.pop(len(parts) // 3)
    parts.insert(len(parts) // 2, "A paragraph added in the middle, after publication.")
    parts.insert(0, "Update: this article was revised after publication.")
    return "\n\n".join(parts)
