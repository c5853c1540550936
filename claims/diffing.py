"""diff-match-patch, kept to its deadline.

``diff_main`` with a ``Diff_Timeout`` first tries its half-match speedup:
for a quarter of the longer text, every place it occurs in the shorter one
is found and measured, without looking at the clock. On repetitive text
("abab…" against "baba…") the quarter occurs at every other character and
that loop is quadratic: 490,000 characters took 280 s with a 1 s timeout,
in a request or a task holding the article's and its claims' locks. Here
the speedup gives up at the deadline, and the diff settles for a coarser
answer as it does when its bisection runs out of time (still correct).
The semantic cleanup's search for an overlap between a deletion and an
insertion is quadratic on such text too, and has no deadline: it takes
a bounded number of steps here.

Plain Python, no Django: the re-anchoring and the diff view both use it.
"""

from __future__ import annotations

import time

from diff_match_patch import diff_match_patch

# Steps of the overlap search: on ordinary text it ends within a few; on
# periodic text it advances one character a step, each a search of the text.
OVERLAP_STEPS = 64


class _OutOfTime(Exception):
    pass


class BoundedDiffMatchPatch(diff_match_patch):
    """``diff_match_patch`` whose half-match speedup stops at the diff's deadline."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.Diff_Timeout = timeout
        self._deadline: float | None = None
        self._in_half_match = False

    def diff_compute(self, text1: str, text2: str, checklines: bool, deadline: float) -> list:
        self._deadline = deadline
        return super().diff_compute(text1, text2, checklines, deadline)

    def diff_halfMatch(self, text1: str, text2: str) -> tuple | None:
        self._in_half_match = True
        try:
            return super().diff_halfMatch(text1, text2)
        except _OutOfTime:
            return None  # no half match: the bisection, which keeps to the deadline
        finally:
            self._in_half_match = False

    def diff_commonPrefix(self, text1: str, text2: str) -> int:
        # The half-match loop measures each place it found with this: the one
        # hook it offers to look at the clock.
        if self._in_half_match and self._deadline and time.time() > self._deadline:
            raise _OutOfTime
        return super().diff_commonPrefix(text1, text2)

    def diff_commonOverlap(self, text1: str, text2: str) -> int:
        """The longest end of ``text1`` that begins ``text2``, found as the library
        does, in at most ``OVERLAP_STEPS`` steps. Stopped early, it answers a
        shorter overlap, which is still one (the cleanup merges less), never a
        wrong one."""
        length = min(len(text1), len(text2))
        if length == 0:
            return 0
        text1, text2 = text1[len(text1) - length :], text2[:length]
        if text1 == text2:
            return length
        best, size = 0, 1
        for _step in range(OVERLAP_STEPS):
            found = text2.find(text1[-size:])
            if found == -1:
                break
            size += found
            if found == 0 or text1[-size:] == text2[:size]:
                best = size
                size += 1
        return best
