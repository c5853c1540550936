"""Attributed statements in one sentence: who (source), how (cue), what (content).

Each pattern works on one sentence and returns character spans into the
whole text. They are tried from the most to the least specific; the first
that fits wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from claims.extraction.lexicon import ACCORDING_TO, AUXILIARY_BEFORE, FINITE, VERB

Span = tuple[int, int]

QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("‘", "’")]
TRAILING = " \t\n.,;:!?"
LEADING_NOISE = re.compile(
    r"^(?:(?:but|and|yet|still|so|also|however|meanwhile|instead|now|later|then|separately|"
    r"in\s+a\s+statement|in\s+an\s+interview|on\s+\w+day|last\s+\w+|earlier|today|"
    r"for\s+(?:his|her|their|its)\s+part|at\s+the\s+same\s+time)\b[,\s]*)+",
    re.IGNORECASE,
)
# Something a source phrase must not contain: it would be a clause, not a name.
CLAUSE_INSIDE = re.compile(r"[;:“”\"]|\b(?:that|because|if|when|although)\b", re.IGNORECASE)
MAX_SOURCE_WORDS = 14
# A phrase opening with one of these is a clause, never a source.
SUBORDINATORS = {
    "whether",
    "if",
    "while",
    "although",
    "when",
    "because",
    "as",
    "since",
    "what",
    "how",
    "why",
    "unless",
    "until",
    "after",
    "before",
    "once",
    "though",
}


@dataclass(frozen=True)
class Attribution:
    content: Span
    source: Span
    cue: Span
    pattern: str


def find(text: str, start: int, end: int) -> Attribution | None:
    for pattern in PATTERNS:
        found = pattern(text, start, end)
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------- helpers


def trim(text: str, start: int, end: int, chars: str = TRAILING) -> Span:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def strip_quotes(text: str, start: int, end: int) -> Span:
    start, end = trim(text, start, end)
    for opening, closing in QUOTE_PAIRS:
        if text.startswith(opening, start) and text[end - 1 : end] == closing:
            return trim(text, start + 1, end - 1)
    if text[start : start + 1] in '“"':
        return trim(text, start + 1, end)
    return start, end


def source_phrase(text: str, start: int, end: int) -> Span | None:
    """The source's words between ``start`` and ``end``: noise and appositives removed."""
    start, end = trim(text, start, end, " \t\n,")
    noise = LEADING_NOISE.match(text, start, end)
    if noise:
        start = noise.end()
    phrase = text[start:end]
    # "Ines Vartanian, who chairs the committee," -> "Ines Vartanian"
    comma = phrase.find(",")
    if comma > 0:
        end = start + comma
        phrase = text[start:end]
    if not phrase or CLAUSE_INSIDE.search(phrase):
        return None
    if phrase.split()[0].lower() in SUBORDINATORS:
        return None
    if len(phrase.split()) > MAX_SOURCE_WORDS:
        return None
    if not phrase[0].isalpha():
        return None
    return trim(text, start, end, " \t\n,")


def cue_match(text: str, start: int, end: int) -> Span | None:
    """The first reporting verb in ``[start, end)``, with its auxiliaries ("has said")."""
    for match in VERB.finditer(text, start, end):
        if match.group("verb").lower() not in FINITE and not match.group().endswith("reporters"):
            continue
        window = max(start, match.start() - 40)
        auxiliary = AUXILIARY_BEFORE.search(text, window, match.start())
        cue_start = auxiliary.start() if auxiliary and auxiliary.group().strip() else match.start()
        return cue_start, match.end()
    return None


# ---------------------------------------------------------------- patterns


def according_to_first(text: str, start: int, end: int) -> Attribution | None:
    """According to reliable party sources, PTI's chairman is taking the lead."""
    s, _ = trim(text, start, end)
    match = ACCORDING_TO.match(text, s, end)
    if match is None:
        return None
    comma = text.find(",", match.end(), end)
    if comma < 0:
        return None
    source = source_phrase(text, match.end(), comma)
    if source is None:
        return None
    return Attribution(strip_quotes(text, comma + 1, end), source, match.span(), "according-first")


def according_to_last(text: str, start: int, end: int) -> Attribution | None:
    """Talks will resume next week, according to two officials briefed on them."""
    for match in ACCORDING_TO.finditer(text, start, end):
        before = text[start : match.start()].rstrip()
        if not before.endswith(","):
            continue
        source = source_phrase(text, match.end(), end)
        if source is None:
            return None
        content = strip_quotes(text, start, match.start())
        return Attribution(content, source, match.span(), "according-last")
    return None


def quote_then_cue(text: str, start: int, end: int) -> Attribution | None:
    """“We will not back down,” the minister said. / “…,” said Ines Vartanian."""
    s, _ = trim(text, start, end, " \t\n")
    for opening, closing in QUOTE_PAIRS:
        if not text.startswith(opening, s):
            continue
        close = text.find(closing, s + 1, end)
        if close < 0:
            return None
        after, stop = close + 1, trim(text, close + 1, end)[1]
        tail = text[after:stop]
        if not tail.strip() or not tail.lstrip(" ,")[:1]:
            return None
        cue = cue_match(text, after, stop)
        if cue is None or text[after : cue[0]].count(",") > 2:
            return None
        source = source_phrase(text, after, cue[0]) or source_phrase(text, cue[1], stop)
        if source is None:
            return None
        return Attribution(strip_quotes(text, s, close + 1), source, cue, "quote-cue")
    return None


def source_then_cue(text: str, start: int, end: int) -> Attribution | None:
    """Barrister Saif confirmed that … / He told reporters: “…” / Sources explained that …"""
    cue = cue_match(text, start, end)
    if cue is None:
        return None
    source = source_phrase(text, start, cue[0])
    if source is None:
        return None
    body = cue[1]
    that = re.match(r"\s*(?:,\s*)?(?:that\b|:)?", text[body:end])
    content = strip_quotes(text, body + (that.end() if that else 0), end)
    if content[1] - content[0] < 3:
        return None
    return Attribution(content, source, cue, "source-cue")


def content_then_cue(text: str, start: int, end: int) -> Attribution | None:
    """The economy will grow next year, the minister said."""
    s, e = trim(text, start, end)
    comma = text.rfind(",", s, e)
    if comma < 0:
        return None
    cue = cue_match(text, comma + 1, e)
    if cue is None or _ends_beyond(text, cue[1], e):
        return None
    source = source_phrase(text, comma + 1, cue[0]) or source_phrase(text, cue[1], e)
    if source is None:
        return None
    return Attribution(strip_quotes(text, s, comma), source, cue, "content-cue")


def _ends_beyond(text: str, after_cue: int, end: int) -> bool:
    """True when the cue is followed by more than a short source ("said Mr. Lee")."""
    rest = text[after_cue:end].strip(" .")
    return len(rest.split()) > 6


PATTERNS: list[Callable[[str, int, int], Attribution | None]] = [
    according_to_first,
    quote_then_cue,
    according_to_last,
    content_then_cue,
    source_then_cue,
]
