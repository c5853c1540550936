"""Attributed statements in one sentence: who (source), how (cue), what (content).

Each pattern works on one sentence and returns character spans into the
whole text. They are tried from the most to the least specific; the first
that fits wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from claims.extraction.lexicon import (
    ACCORDING_TO,
    ANONYMITY_PHRASES,
    AUXILIARY_BEFORE,
    FINITE,
    PRONOUNS,
    SPOKESPERSON,
    VERB,
)
from claims.extraction.sourcing import INSTITUTION, has_name, name_word, person_head

Span = tuple[int, int]

QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("‘", "’")]
TRAILING = " \t\n.,;:!?"
LEADING_NOISE = re.compile(
    r"(?:(?:but|and|yet|still|so|also|however|meanwhile|instead|now|later|then|separately|"
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


def source_phrase(text: str, start: int, end: int, *, after_cue: bool = False) -> Span | None:
    """The source's words between ``start`` and ``end``.

    Leading adverbials ("But", "On Monday", "Outside court,") go; of
    comma-separated parts, the one naming the speaker stays ("Its leader,
    Ines Vartanian," -> "Ines Vartanian"), with a relative clause that says
    why the source is unnamed ("…, who did not want to be named").
    """
    start, end = trim(text, start, end, " \t\n,.")
    noise = LEADING_NOISE.match(text, start, end)
    if noise:
        start = noise.end()
    parts = _comma_parts(text, start, end)
    if not parts:
        return None
    chosen_start, chosen_end = _speaker(text, parts, after_cue)
    anonymity = [p for p in parts if p[0] > chosen_start and _relative(text, p)]
    if anonymity and ANONYMITY_PHRASES.search(text[anonymity[0][0] : anonymity[0][1]]):
        chosen_end = anonymity[0][1]
    chosen_start, chosen_end = _cut_after_name(text, chosen_start, chosen_end)
    return _plausible(text, chosen_start, chosen_end)


def _comma_parts(text: str, start: int, end: int) -> list[Span]:
    parts, position = [], start
    for index in range(start, end + 1):
        if index == end or text[index] == ",":
            part = trim(text, position, index, " \t\n,")
            if part[0] < part[1]:
                parts.append(part)
            position = index + 1
    return parts


def _speaker(text: str, parts: list[Span], after_cue: bool) -> Span:
    """Of "Its leader, Ines Vartanian" or "J. R. Whitcombe, chief economist at
    Northfield Bank", the part that names the speaker."""
    main = [p for p in parts if not _relative(text, p)] or parts
    if after_cue:
        return main[0]  # "said J. R. Whitcombe, chief economist …"
    naming = [p for p in main if has_name(text[p[0] : p[1]]) and not _descriptive(text, p)]
    return (naming or main)[-1]


def _relative(text: str, part: Span) -> bool:
    """A relative clause or an aside ("who chairs…", "speaking privately")."""
    first = text[part[0] : part[1]].split(" ", 1)[0].lower()
    return first in ("who", "which", "whose") or first.endswith("ing")


def _descriptive(text: str, part: Span) -> bool:
    """ "a retail analyst at …", "its leader": a description beside the name."""
    words = text[part[0] : part[1]].split()
    first = words[0].lower()
    if first in ("a", "an", "its", "his", "her", "their", "our", "whose"):
        return True
    return first == "the" and len(words) > 1 and words[1][:1].islower()


def _cut_after_name(text: str, start: int, end: int) -> Span:
    """ "Prof. Marta Lindqvist of the Riverside School" -> "Prof. Marta Lindqvist"."""
    phrase = text[start:end]
    match = NAME_THEN_PREPOSITION.search(phrase)
    if match is None or not name_word(match.group("first")) or not name_word(match.group("last")):
        return start, end
    return start, start + match.start("rest")


# A name of at least two capitalised words, then a prepositional tail.
NAME_THEN_PREPOSITION = re.compile(
    r"(?P<first>[A-Z][\w’'.-]+)\s+(?P<last>[A-Z][\w’'-]+)"
    r"(?P<rest>\s+(?:of|in|at|from|on|for|during)\s)"
)


def _plausible(text: str, start: int, end: int) -> Span | None:
    phrase = text[start:end]
    if not phrase or CLAUSE_INSIDE.search(phrase) or not phrase[0].isalpha():
        return None
    words = phrase.split()
    if words[0].lower() in SUBORDINATORS or len(words) > MAX_SOURCE_WORDS:
        return None
    return start, end


def cue_match(text: str, start: int, end: int) -> Span | None:
    """The first reporting verb in ``[start, end)``, with its auxiliaries ("has said")
    and, after "told", whom it was told to ("told the Gazette")."""
    for match in VERB.finditer(text, start, end):
        verb = match.group("verb").lower()
        if verb not in FINITE and not match.group().endswith("reporters"):
            continue
        if verb.startswith("expect") and text.startswith(" to ", match.end()):
            continue  # "is expected to say": the cue is the verb that follows
        window = max(start, match.start() - 40)
        auxiliary = AUXILIARY_BEFORE.search(text, window, match.start())
        aux = auxiliary.group() if auxiliary and auxiliary.group().strip() else ""
        if PASSIVE.search(aux) and not aux.lower().rstrip().endswith(("to", "as")):
            continue  # "was confirmed", "have been admitted": not someone speaking
        cue_end = (
            _addressee_end(text, match.end(), end)
            if verb.startswith(("told", "tell"))
            else match.end()
        )
        return (auxiliary.start() if aux else match.start()), cue_end
    return None


PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\b", re.IGNORECASE)
ADDRESSEE = re.compile(
    r"(?:\s+(?:the|a|an)?\s*[\w’'.-]+){1,4}?(?=\s+that\b|\s*[,:“\"]|\s+(?:on|in|at|after|before|last|this)\b)"
)


def _addressee_end(text: str, after: int, end: int) -> int:
    """Where "told X" ends: before "that", a colon, a comma or the quote."""
    match = ADDRESSEE.match(text, after, end)
    return match.end() if match else after


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
        if len(before.split()) < 3:
            continue  # too little before it to be the content
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
        source = source_phrase(text, after, cue[0]) or source_phrase(
            text, cue[1], stop, after_cue=True
        )
        if source is None or not looks_like_source(text[source[0] : source[1]]):
            return None
        return Attribution(strip_quotes(text, s, close + 1), source, cue, "quote-cue")
    return None


def source_then_cue(text: str, start: int, end: int) -> Attribution | None:
    """Barrister Saif confirmed that … / He told reporters: “…” / Sources explained that …"""
    cue = cue_match(text, start, end)
    if cue is None:
        return None
    clause = _clause_start(text, start, cue[0])
    source = source_phrase(text, clause, cue[0])
    if source is None:
        return None
    body = cue[1]
    that = CONTENT_OPENER.match(text, body, end)
    content = strip_quotes(text, that.end() if that else body, end)
    if content[1] - content[0] < 3:
        return None
    return Attribution(content, source, cue, "source-cue")


def _clause_start(text: str, start: int, cue_start: int) -> int:
    """Where the clause holding the cue begins: "…, and the central bank said …"."""
    joint = CLAUSE_JOINT.search(text[start:cue_start][::-1])
    return cue_start - joint.start() if joint else start


# Clause joints, reversed because they are searched for backwards from the cue.
CLAUSE_JOINT = re.compile(r"(?:dna|tub|yet|elihw|sa) ,|;")


# Between a cue and its content: "on Tuesday", "in a statement", then "that".
CONTENT_OPENER = re.compile(
    r"(?:\s+(?:on|in|at|during|after|before|last|this|earlier|late|early)\b[^,;:“\"]{0,40}?"
    r"(?=\s*,?\s*(?:that\b|:)))?\s*,?\s*(?:that\b|:)?"
)


def content_then_cue(text: str, start: int, end: int) -> Attribution | None:
    """The economy will grow next year, the minister said. / …, said Mr. Lee."""
    s, e = trim(text, start, end)
    comma = text.rfind(",", s, e)
    if comma < 0:
        return None
    cue = cue_match(text, comma + 1, e)
    if cue is None:
        return None
    before = source_phrase(text, comma + 1, cue[0])
    if before is not None:
        # "…, the minister said." The cue must end the sentence.
        if trim(text, cue[1], e)[0] < e:
            return None
        source = before
    else:
        if _ends_beyond(text, cue[1], e):
            return None
        source = source_phrase(text, cue[1], e, after_cue=True)
        if source is None or not looks_like_source(text[source[0] : source[1]]):
            return None  # "John Carter, the head of the union, said the strike…"
    return Attribution(strip_quotes(text, s, comma), source, cue, "content-cue")


def looks_like_source(phrase: str) -> bool:
    """Words after a cue name a speaker: a name, a pronoun, or people described."""
    first = phrase.split()[0].lower()
    return (
        has_name(phrase)
        or first in PRONOUNS
        or person_head(phrase) is not None
        or SPOKESPERSON.search(phrase) is not None
        or INSTITUTION.search(phrase) is not None
    )


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
