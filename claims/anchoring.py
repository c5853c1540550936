"""Re-anchoring spans on a new version of a text: pure, no database.

A span of the old text is described the way the W3C Web Annotation model
does it: a TextQuoteSelector (the exact words, with up to ``CONTEXT``
characters of prefix and suffix) and a TextPositionSelector (its offsets),
which serves as a hint only. On the new text the span ends as

- **moved**: the same words, found again (perhaps at the same offsets);
- **changed**: the words differ, and the new extent is returned;
- **gone**: nothing similar enough is left where the span was.

Old offsets are first carried over to the new text through one diff of the
two versions (computed once for all spans), so that "near the old position"
still means something when a paragraph was inserted above. Then:

1. Exact match: every occurrence of the exact words; the one whose prefix and
   suffix agree best wins, the nearest to the hint among equals (two identical
   sentences are told apart by their surroundings, then by place).
2. Fuzzy match: each end of the new span is found from its context (the
   prefix or suffix found exactly near the hint), else from the quote's head
   or tail with ``diff_match_patch.match_main`` (whose pattern is limited to
   ``Match_MaxBits``, 32 characters: hence head and tail, never the whole
   quote), else from the hint itself. The words found are kept as "changed"
   when similar enough to the old ones (``CHANGED_SIMILARITY``), else the span
   is gone.

Offsets are code points, as every span in the project is.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from claims.diffing import BoundedDiffMatchPatch

# Characters of context on each side of the exact words (the W3C selector's
# prefix and suffix); also the longest pattern match_main accepts.
CONTEXT = 32
# Below this share of unchanged characters, the words found are not the
# span's words any more: it is gone rather than changed.
CHANGED_SIMILARITY = 0.5
# How many characters of context (of up to 2 × CONTEXT) must agree around
# an exact occurrence far from where the span should be for it to count.
CONTEXT_AGREEMENT = CONTEXT // 2
# How far (in characters, beyond the span's own length) from the hint a
# boundary's context is looked for.
SEARCH_SLACK = 64
# How long a diff of two versions may take before settling for a coarser one
# (still correct, with less precise hints).
DIFF_TIMEOUT = 0.5
# The most occurrences of a span's words scored, those nearest its hint: a
# text that repeats them without end ("said said said…", pasted, or served by
# a page) cost occurrences × spans under the revision's locks (7 s a span on
# 490,000 characters of "abcabc…"); an article repeats a cue dozens of times.
OCCURRENCES_SCORED = 500

Diff = tuple[int, str]


class Outcome(enum.StrEnum):
    MOVED = "moved"
    CHANGED = "changed"
    GONE = "gone"


@dataclass(frozen=True)
class TextQuote:
    """The W3C TextQuoteSelector of a span, with its old position as a hint."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def of(cls, text: str, start: int, end: int) -> TextQuote:
        return cls(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT) : start],
            suffix=text[end : end + CONTEXT],
            start=start,
            end=end,
        )


@dataclass(frozen=True)
class Anchor:
    """Where a span ended on the new text; ``start``/``end`` are None when gone."""

    outcome: Outcome
    start: int | None
    end: int | None
    text: str

    @classmethod
    def gone(cls) -> Anchor:
        return cls(Outcome.GONE, None, None, "")


class Reanchorer:
    """Re-anchors any number of spans of ``old`` on ``new`` (one diff for them all)."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.dmp = BoundedDiffMatchPatch(DIFF_TIMEOUT)
        self.diffs: list[Diff] = [] if old == new else self.dmp.diff_main(old, new)

    def reanchor(self, start: int, end: int) -> Anchor:
        """The span ``[start, end)`` of the old text, found on the new one."""
        if self.old == self.new:
            return Anchor(Outcome.MOVED, start, end, self.new[start:end])
        quote = TextQuote.of(self.old, start, end)
        hint_start = map_position(self.diffs, start, before_insertions=False)
        hint_end = max(hint_start, map_position(self.diffs, end, before_insertions=True))
        exact = self._exact(quote, hint_start)
        if exact is not None:
            return Anchor(Outcome.MOVED, exact, exact + len(quote.exact), quote.exact)
        return self._fuzzy(quote, hint_start, hint_end)

    def _exact(self, quote: TextQuote, hint: int) -> int | None:
        """The start of the best exact occurrence: context first, then nearness.

        Only an occurrence near the hint, or one whose surroundings agree
        (``CONTEXT_AGREEMENT``), counts: the same sentence repeated elsewhere
        in the article is not this span moved, and a span whose own words were
        corrected must be found as changed, not as that copy.
        """
        if self._undisturbed_at(quote, hint):
            # The best any occurrence can score: all its context, at the hint.
            # Most spans of a revision are here; a cue like "said" occurs
            # dozens of times, and scoring each would cost more than the rest.
            return hint
        slack = len(quote.exact) + SEARCH_SLACK
        scored = [
            (context_agreement(self.new, quote, at), abs(at - hint), at)
            for at in occurrences_near(self.new, quote.exact, hint, OCCURRENCES_SCORED)
        ]
        fitting = [s for s in scored if s[1] <= slack or s[0] >= CONTEXT_AGREEMENT]
        if not fitting:
            return None
        return min(fitting, key=lambda s: (-s[0], s[1]))[2]

    def _undisturbed_at(self, quote: TextQuote, at: int) -> bool:
        """Whether the exact words and their whole prefix and suffix are at ``at``."""
        return (
            at >= len(quote.prefix)  # (a negative start would count from the end)
            and self.new.startswith(quote.exact, at)
            and self.new.startswith(quote.prefix, at - len(quote.prefix))
            and self.new.startswith(quote.suffix, at + len(quote.exact))
        )

    def _fuzzy(self, quote: TextQuote, hint_start: int, hint_end: int) -> Anchor:
        slack = len(quote.exact) + SEARCH_SLACK
        start = self._find_start(quote, hint_start, slack)
        end = self._find_end(quote, hint_end, slack)
        if end <= start:
            return Anchor.gone()
        words = self.new[start:end]
        if similarity(self.dmp, quote.exact, words) < CHANGED_SIMILARITY:
            return Anchor.gone()
        return Anchor(Outcome.CHANGED, start, end, words)

    def _find_start(self, quote: TextQuote, hint: int, slack: int) -> int:
        if not quote.prefix:  # the span began the text: the diff's hint says where
            return hint
        at = nearest_occurrence(self.new, quote.prefix, hint - len(quote.prefix), slack)
        if at is not None:
            return at + len(quote.prefix)
        at = self._match(quote.exact[:CONTEXT], hint)
        if at is not None:
            return at
        at = self._match(quote.prefix, hint - len(quote.prefix))
        return hint if at is None else at + len(quote.prefix)

    def _find_end(self, quote: TextQuote, hint: int, slack: int) -> int:
        if not quote.suffix:  # the span ended the text
            return hint
        at = nearest_occurrence(self.new, quote.suffix, hint, slack)
        if at is not None:
            return at
        tail = quote.exact[-CONTEXT:]
        at = self._match(tail, hint - len(tail))
        if at is not None:
            return at + len(tail)
        at = self._match(quote.suffix, hint)
        return hint if at is None else at

    def _match(self, pattern: str, near: int) -> int | None:
        """match_main's fuzzy find of ``pattern`` (at most 32 characters) near ``near``."""
        if not pattern:
            return None
        near = min(max(near, 0), len(self.new))
        at = self.dmp.match_main(self.new, pattern, near)
        return None if at == -1 else at


def map_position(diffs: Sequence[Diff], position: int, *, before_insertions: bool) -> int:
    """Where ``position`` of the old text falls in the new one, through their diff.

    A position inside deleted text lands where the deletion was. Text
    inserted exactly at ``position`` is put after it (a span's start) or, with
    ``before_insertions``, before it (a span's end), so that a span never
    swallows what was added at its edges.
    """
    old = new = 0
    for operation, text in diffs:
        length = len(text)
        if operation == diff_match_patch.DIFF_INSERT:
            if position == old and before_insertions:
                return new
            new += length
            continue
        if position < old + length:
            return new + (position - old) if operation == diff_match_patch.DIFF_EQUAL else new
        old += length
        if operation == diff_match_patch.DIFF_EQUAL:
            new += length
    return new


def find_all(text: str, words: str) -> list[int]:
    found, at = [], text.find(words)
    while at != -1:
        found.append(at)
        at = text.find(words, at + 1)
    return found


def occurrences_near(text: str, words: str, near: int, most: int) -> list[int]:
    """The starts of ``words`` in ``text``, nearest ``near`` first; at most ``most``
    of them (all of them, when there are no more). Among two as near, the earlier."""
    after, at = [], text.find(words, near)
    while at != -1 and len(after) < most:
        after.append(at)
        at = text.find(words, at + 1)
    # rfind's end bounds the whole occurrence: these start before ``near``.
    before, at = [], text.rfind(words, 0, near + len(words) - 1)
    while at != -1 and len(before) < most:
        before.append(at)
        at = text.rfind(words, 0, at + len(words) - 1)
    return sorted(before + after, key=lambda start: abs(start - near))[:most]


def nearest_occurrence(text: str, words: str, near: int, slack: int) -> int | None:
    """The start of the occurrence of ``words`` closest to ``near``, within ``slack``."""
    low = max(0, near - slack)
    high = min(len(text), near + slack + len(words))
    starts = [low + at for at in find_all(text[low:high], words)]
    return min(starts, key=lambda at: abs(at - near), default=None)


def context_agreement(text: str, quote: TextQuote, at: int) -> int:
    """How many characters of the quote's prefix and suffix the text has around ``at``."""
    before = text[max(0, at - len(quote.prefix)) : at]
    after_start = at + len(quote.exact)
    after = text[after_start : after_start + len(quote.suffix)]
    return common_suffix(before, quote.prefix) + common_prefix(after, quote.suffix)


def common_prefix(a: str, b: str) -> int:
    shortest = min(len(a), len(b))
    if a[:shortest] == b[:shortest]:  # whole contexts agree (repetitive text: every time)
        return shortest
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def common_suffix(a: str, b: str) -> int:
    return common_prefix(a[::-1], b[::-1])


def similarity(dmp: diff_match_patch, old: str, new: str) -> float:
    """The share of characters the two texts have in common (1 - edit distance / length)."""
    longest = max(len(old), len(new))
    if longest == 0:
        return 1.0
    return 1 - dmp.diff_levenshtein(dmp.diff_main(old, new, False)) / longest
