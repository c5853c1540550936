"""Claim and attribution suggestions from news text. Pure Python: text in, candidates out.

    >>> from claims.extraction import extract
    >>> [c.sourcing for c in extract("Officials said the bridge will reopen on Monday.")]
    ['anonymous']

No Django and no downloads: rules over sentences, quotes and a lexicon of
reporting verbs and anonymous-source words (see ``lexicon``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction import attribution, naming
from claims.extraction.assertions import checkable_score
from claims.extraction.sentences import sentences
from claims.extraction.sourcing import Resolver

Span = tuple[int, int]
UNATTRIBUTED_THRESHOLD = 0.5
# The plain-text import format's optional first token (claims.services.imports).
DATE_HEADER = re.compile(r"\A\ufeff?\s*date\s+\S*\d\S*\s+")


@dataclass(frozen=True)
class Candidate:
    content: Span
    source: Span | None
    cue: Span | None
    sourcing: str | None  # "named", "anonymous", or None for the outlet's own assertion
    score: float
    refers_to: Span | None = None  # for a pronoun source: the name it stands for
    # What to file the source under (claims.extraction.naming): one of
    # Source.Kind's values (None for the outlet's own assertion), the name
    # without titles ("" when unclear who), and the title or role taken off.
    source_kind: str | None = None
    source_name: str = ""
    descriptor: str = ""

    def as_dict(self) -> dict:
        return {
            "content": list(self.content),
            "source": list(self.source) if self.source else None,
            "cue": list(self.cue) if self.cue else None,
            "sourcing": self.sourcing,
            "score": round(self.score, 3),
            "refers_to": list(self.refers_to) if self.refers_to else None,
            "source_kind": self.source_kind,
            "source_name": self.source_name,
            "descriptor": self.descriptor,
        }


PATTERN_SCORES = {
    "according-first": 0.9,
    "according-last": 0.85,
    "quote-cue": 0.9,
    "source-cue": 0.8,
    "content-cue": 0.75,
}


def body_start(text: str) -> int:
    """Where the article starts: after an import-format ``date YYYY-MM-DD`` header."""
    header = DATE_HEADER.match(text)
    return header.end() if header else 0


def extract(text: str) -> list[Candidate]:
    """Candidate claims in ``text``, in order, with offsets into ``text``."""
    resolver = Resolver()
    candidates = []
    for start, end in sentences(text, body_start(text)):
        found = attribution.find(text, start, end)
        if found is None:
            candidate = _unattributed(text, start, end)
            resolver.notice_names(text, start, end)
        else:
            sourcing, refers_to = resolver.classify(text, found.source)
            candidate = Candidate(
                found.content,
                found.source,
                found.cue,
                sourcing,
                PATTERN_SCORES[found.pattern],
                refers_to,
            )
        if candidate is not None:
            candidates.append(candidate)
    return naming.name_sources(text, candidates)


def _unattributed(text: str, start: int, end: int) -> Candidate | None:
    score = checkable_score(text[start:end])
    if score < UNATTRIBUTED_THRESHOLD:
        return None
    content = attribution.trim(text, start, end)
    return Candidate(content, None, None, None, score)
