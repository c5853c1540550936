"""Sentence boundaries in news text.

Abbreviations ("Mr.", "Dr.", "U.S."), initials ("J. R. Smith"), decimals and
quotations that run over several sentences do not end a sentence; a blank
line (a new paragraph) always does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "cmdr",
    "rep",
    "sen",
    "gov",
    "pres",
    "rev",
    "hon",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "nos",
    "vs",
    "v",
    "etc",
    "e.g",
    "i.e",
    "inc",
    "ltd",
    "co",
    "corp",
    "bros",
    "dept",
    "est",
    "approx",
    "fig",
    "vol",
    "mt",
    "ft",
    "ave",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "d.c",
    "ph.d",
    "mass",
    "calif",
    "fla",
    "conn",
}
OPENING_QUOTES = "“‘\"'«"
CLOSING_QUOTES = "”’\"'»"

# A full stop, question or exclamation mark, perhaps closed by quotes or
# brackets, then space: a possible end of sentence.
# (Only from the first mark of a run: a long run of dots with no space after
# it would otherwise be tried again from each of its marks, in square time.)
CANDIDATE = re.compile(r"(?<![.!?…])[.!?…]+[”’\"')\]]*(?=\s)")
PARAGRAPH = re.compile(r"\n\s*\n|\n")
WORD_BEFORE = re.compile(r"([\w.]+)$")


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans of text between line breaks, whitespace trimmed."""
    end = len(text) if end is None else end
    position = start
    for brk in PARAGRAPH.finditer(text, start, end):
        yield from _trimmed(text, position, brk.start())
        position = brk.end()
    yield from _trimmed(text, position, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans ``[start, end)`` of the sentences in ``text``, in order."""
    for para_start, para_end in paragraphs(text, start, end):
        for sentence in _sentences_in(text, para_start, para_end):
            yield from _bounded(text, *sentence)


# No news sentence runs this long; text that does (a list, a table, a paste
# gone wrong) is read in pieces, so that the work per sentence stays bounded.
LONGEST_SENTENCE = 2000
PIECE_BREAK = re.compile(r"[,;:]\s")


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > LONGEST_SENTENCE:
        cut = start + LONGEST_SENTENCE
        breaks = list(PIECE_BREAK.finditer(text, start + LONGEST_SENTENCE // 2, cut))
        cut = breaks[-1].end() if breaks else cut
        yield from _trimmed(text, start, cut)
        start = cut
    yield from _trimmed(text, start, end)


# A quotation left open longer than this is a stray mark, not a quote that
# should hold the sentence open.
LONGEST_QUOTE = 400


def _sentences_in(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    sentence_start = start
    quotes = _QuoteCount(text, start)
    for mark in CANDIDATE.finditer(text, start, end):
        quotes.advance(mark.end())
        open_quote = quotes.open and mark.end() - quotes.opened_at < LONGEST_QUOTE
        if _ends_sentence(text, mark, start, end) and not open_quote:
            yield from _trimmed(text, sentence_start, mark.end())
            sentence_start = mark.end()
            quotes.reset(mark.end())
    yield from _trimmed(text, sentence_start, end)


class _QuoteCount:
    """Counts quotation marks as the scan goes, so each character is read once.

    Curly quotes tell opening from closing; straight double quotes are
    counted in pairs. An apostrophe is never a quote.
    """

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.reset(start)

    def reset(self, position: int) -> None:
        self.position, self.curly, self.straight, self.opened_at = position, 0, 0, position

    def advance(self, position: int) -> None:
        segment = self.text[self.position : position]
        was_open = self.open
        self.curly += segment.count("“") - segment.count("”")
        self.straight += segment.count('"')
        if self.open and not was_open:
            first = min(i for i in (segment.find("“"), segment.find('"')) if i >= 0)
            self.opened_at = self.position + first
        self.position = position

    @property
    def open(self) -> bool:
        return self.curly > 0 or self.straight % 2 == 1


def _ends_sentence(text: str, mark: re.Match, start: int, end: int) -> bool:
    following = text[mark.end() : min(end, mark.end() + 3)].lstrip()
    if not following:
        return False
    first = following[0]
    if not (first.isupper() or first.isdigit() or first in OPENING_QUOTES or first == "("):
        return False
    if mark.group().startswith("."):
        word = WORD_BEFORE.search(text, max(start, mark.start() - 40), mark.start())
        if word and _abbreviation(word.group(1)):
            return False
    return True


def _abbreviation(word: str) -> bool:
    lowered = word.lower()
    if lowered in ("a.m", "p.m"):  # "at 11 p.m. He added" ends a sentence
        return False
    if lowered in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. R. Smith"
        return True
    # "U.S" / "e.g" style: letters with inner dots, but not a decimal number.
    return "." in word and not any(ch.isdigit() for ch in word)
