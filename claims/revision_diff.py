"""What changed between two versions of an article's text, for a person to read.

diff-match-patch's ``diff_main``, then ``diff_cleanupSemantic`` (whole words
and phrases rather than scattered characters). Long unchanged stretches are
cut to their edges, so the page grows with what changed, not with the
article. Pieces are plain text: the template escapes each one inside its
<ins> or <del>; nothing here is markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from claims.diffing import BoundedDiffMatchPatch

# Seconds the diff may take before settling for a coarser one (still correct).
DIFF_TIMEOUT = 1.0
# Unchanged characters kept on each side of a change.
CONTEXT = 240

OPERATIONS = {
    diff_match_patch.DIFF_EQUAL: "same",
    diff_match_patch.DIFF_INSERT: "added",
    diff_match_patch.DIFF_DELETE: "removed",
}


@dataclass(frozen=True)
class Piece:
    """A stretch of the diff: "same", "added", "removed", or "skipped" (``text``
    empty, ``skipped`` unchanged characters left out)."""

    kind: str
    text: str = ""
    skipped: int = 0


@dataclass(frozen=True)
class TextDiff:
    pieces: list[Piece]
    added: int  # characters
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def text_diff(old: str, new: str) -> TextDiff:
    """The diff of ``old`` to ``new``, its unchanged stretches trimmed to ``CONTEXT``."""
    dmp = BoundedDiffMatchPatch(DIFF_TIMEOUT)
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    pieces: list[Piece] = []
    for index, (operation, text) in enumerate(diffs):
        kind = OPERATIONS[operation]
        if kind == "same":
            pieces += trimmed(text, first=index == 0, last=index == len(diffs) - 1)
        else:
            pieces.append(Piece(kind, text))
    added = sum(len(p.text) for p in pieces if p.kind == "added")
    removed = sum(len(p.text) for p in pieces if p.kind == "removed")
    return TextDiff(pieces, added, removed)


def trimmed(text: str, *, first: bool, last: bool) -> list[Piece]:
    """An unchanged stretch with only the context a change needs: its end when a
    change follows, its start when one precedes, the middle skipped."""
    keep_start = 0 if first else CONTEXT
    keep_end = 0 if last else CONTEXT
    if len(text) <= keep_start + keep_end + CONTEXT // 2:
        return [Piece("same", text)]
    pieces = [Piece("same", text[:keep_start])] if keep_start else []
    pieces.append(Piece("skipped", skipped=len(text) - keep_start - keep_end))
    if keep_end:
        pieces.append(Piece("same", text[len(text) - keep_end :]))
    return pieces
