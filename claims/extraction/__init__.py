"""Claim and attribution suggestions from news text. Pure Python: text in, candidates out.

    >>> from claims.extraction import extract
    >>> [c.sourcing for c in extract("Officials said the bridge will reopen on Monday.")]
    ['anonymous']

No Django and no downloads: rules over sentences, quotes and a lexicon of
reporting verbs and anonymous-source words (see ``lexicon``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from claims.extraction import attribution, learned, naming
from claims.extraction.assertions import checkable_score
from claims.extraction.lexicon import CUE_FIRST_WORDS, WORDS
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
    "passive": 0.7,
    "learned": 0.6,
}
SHIPPED = "shipped"


def body_start(text: str) -> int:
    """Where the article starts: after an import-format ``date YYYY-MM-DD`` header."""
    header = DATE_HEADER.match(text)
    return header.end() if header else 0


# Quotation marks as news text writes them: curly, straight, doubled
# apostrophes (''…'', the New York Times' archive), guillemets. Read as one
# straight mark each, whose count says what is inside, so that a quote opened
# curly and closed straight (“…") is still one quote.
# A non-breaking space is read as a space: "on Sunday,\xa0Obama said".
QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "\xa0": " "})
DOUBLED = re.compile(r"''|``")


def quotes_as_straight(text: str) -> str:
    """``text`` with every double quotation mark straight; offsets unchanged."""
    text = text.translate(QUOTE_MARKS)
    return DOUBLED.sub('" ', text) if "''" in text or "``" in text else text


def extract(text: str, model: learned.Model | str | None = SHIPPED) -> list[Candidate]:
    """Candidate claims in ``text``, in order, with offsets into ``text``.

    ``model`` finds unnamed sources the rules miss (claims.extraction.learned):
    the shipped one by default, None for the rules alone."""
    # Spans found in the straightened view are spans of ``text``: same length.
    text = quotes_as_straight(text)
    reading = _Reading(text, learned.model() if model == SHIPPED else model)
    for start, end in sentences(text, body_start(text)):
        reading.sentence(start, end)
    return naming.name_sources(text, reading.candidates)


class _Reading:
    """The article read sentence by sentence: what was said, by whom, so far."""

    def __init__(self, text: str, model: learned.Model | None = None) -> None:
        self.text = text
        self.model = model
        self.resolver = Resolver()
        self.candidates: list[Candidate] = []
        self.previous: tuple[int, int] | None = None  # the sentence before
        self.colon: attribution.Attribution | None = None  # "Hewitt writes:" waiting

    def sentence(self, start: int, end: int) -> None:
        text = self.text
        words = WORDS.findall(text, start, end)
        found = [] if CUE_FIRST_WORDS.isdisjoint(words) else attribution.find_all(text, start, end)
        if not found and self.model is not None and learned.worth_reading(words):
            # The model reads what the rules attributed to no one. Read beside
            # the rules' own attributions too, it found two more unnamed
            # sources on the unseen tuning folds for fifteen more false ones.
            found = _unnamed_sayings(text, start, end, self.model, words)
        if found:
            self.colon = None
            for one in found:
                self.attributed(one)
        else:
            self.unattributed(start, end)
        self.previous = (start, end)

    def attributed(self, one: attribution.Attribution) -> None:
        if not attribution.says_something(self.text, one.content):
            return  # "Weaver said." after a line of punctuation
        sourcing, refers_to = self.resolver.classify(
            self.text, one.refers_to or one.source, one.sourcing
        )
        refers_to = one.refers_to or refers_to
        score = PATTERN_SCORES[one.pattern]
        self.candidates.append(
            Candidate(one.content, one.source, one.cue, sourcing, score, refers_to)
        )

    def unattributed(self, start: int, end: int) -> None:
        text = self.text
        continued = _continued_quote(text, start, end, self.candidates)
        if continued is not None:
            self.candidates[-1] = continued
            return
        if self.colon is not None:
            # "Hewitt writes:" then what he wrote.
            content = attribution.strip_quotes(text, start, end)
            self.attributed(replace(self.colon, content=content))
            self.colon = None
            return
        bare = attribution.bare_saying(text, start, end)
        if bare is not None:
            self.bare(bare)
            return
        self.resolver.notice_names(text, start, end)
        candidate = _unattributed(text, start, end)
        if candidate is not None:
            self.candidates.append(candidate)

    def bare(self, bare: attribution.Attribution) -> None:
        """ "Weaver said." says the sentence before; "Hewitt writes:" the one after."""
        if self.text[bare.cue[1] : bare.content[1]].rstrip().endswith(":"):
            self.colon = bare
            return
        last = self.candidates[-1] if self.candidates else None
        if self.previous is None or (
            last is not None and last.cue is not None and last.content[0] >= self.previous[0]
        ):
            return  # the sentence before has a source of its own
        content = attribution.strip_quotes(self.text, *self.previous)
        if last is not None and last.cue is None and last.content[0] >= self.previous[0]:
            self.candidates.pop()  # the outlet's own assertion was someone's after all
        self.attributed(replace(bare, content=content))


def _unnamed_sayings(
    text: str, start: int, end: int, model: learned.Model, words: list[str]
) -> list[attribution.Attribution]:
    """Sayings of unnamed people, by the model, in a sentence the rules found none in."""
    found: list[attribution.Attribution] = []
    for _, pair in model.sayings(text, start, end, (), words):
        if any(_overlap(a.source, pair.source) or _overlap(a.cue, pair.cue) for a in found):
            continue
        content = _learned_content(text, start, end, pair)
        if content is not None:
            found.append(
                attribution.Attribution(
                    content, pair.source, pair.cue, "learned", sourcing="anonymous"
                )
            )
    return sorted(found, key=lambda a: a.cue)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _learned_content(text: str, start: int, end: int, pair: learned.Pair) -> Span | None:
    """What the pair's people said: after the cue, or before the source ("…,
    officials said") when nothing is said after it."""
    first = min(pair.source[0], pair.cue[0])
    last = max(pair.source[1], pair.cue[1])
    after = attribution.trim(text, last, end)
    if after[1] - after[0] > 0 and text[after[0] : after[0] + 5].lower().startswith("that "):
        after = attribution.trim(text, after[0] + 5, after[1])
    before = attribution.trim(text, start, first)
    if len(text[after[0] : after[1]].split()) >= 3:
        content = after
    elif len(text[before[0] : before[1]].split()) >= 3:
        content = before
    else:
        return None
    content = attribution.strip_quotes(text, *content)
    return content if attribution.says_something(text, content) else None


def _continued_quote(
    text: str, start: int, end: int, candidates: list[Candidate]
) -> Candidate | None:
    """A sentence that is only a quotation, right after a quoted statement whose
    cue came before it, goes on with that statement: “We are not there yet,”
    said Reyes. “But the money is coming.” The content then runs over both."""
    if not candidates or candidates[-1].cue is None or text[start] != '"':
        return None  # (extract straightened every double quotation mark)
    previous = candidates[-1]
    between = text[max(previous.content[1], previous.cue[1], previous.source[1]) : start]
    if "\n" in between.strip(" ") or not text[:end].rstrip().endswith('"'):
        return None
    if previous.content[1] > previous.cue[0]:
        return None  # the cue came first ("He said: “…”"): a new quote is a new statement
    content_end = attribution.strip_quotes(text, start, end)[1]
    return replace(previous, content=(previous.content[0], content_end))


def _unattributed(text: str, start: int, end: int) -> Candidate | None:
    score = checkable_score(text[start:end])
    if score < UNATTRIBUTED_THRESHOLD:
        return None
    content = attribution.trim(text, start, end)
    return Candidate(content, None, None, None, score)
