"""manage.py benchmark_reanchoring — time re-anchoring claims on a revised long article.

Builds a synthetic article of ``--words`` words (paragraphs of sentences, some
sentences repeated word for word elsewhere), takes ``--claims`` spans of it,
revises it the way outlets do (a paragraph inserted at the top and one in the
middle, a paragraph removed, a word corrected in every tenth claim) and times
``claims.anchoring`` finding every span again: the one diff of the two texts
and each span's re-anchoring. Pure Python, no database; prints the median of
``--rounds`` rounds and what became of the spans.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.anchoring import Outcome, Reanchorer

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

    def handle(self, *args: Any, words: int, claims: int, rounds: int, **options: Any) -> None:
        rng = random.Random(13)
        paragraphs = synthetic_paragraphs(rng, words)
        old = "\n\n".join(paragraphs)
        spans = claim_spans(rng, old, claims)
        new = revised(rng, paragraphs, old, spans)
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
