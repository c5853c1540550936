"""Unattributed statements worth checking: the outlet's own assertions."""

from __future__ import annotations

import re

from claims.extraction.lexicon import CHECKABLE_MARKERS, HEDGES, MODALS
from claims.extraction.sourcing import has_name

MIN_WORDS = 6
# Sentences that lean on the one before ("This renewed activity…") are
# commentary more often than checkable fact.
COMMENTARY_START = re.compile(r"^(?:this|these|that|those|their|such|it|its)\b", re.IGNORECASE)


def checkable_score(sentence: str) -> float:
    """0..1: how likely the sentence is a factual assertion a desk would check."""
    words = sentence.split()
    if len(words) < MIN_WORDS or sentence.rstrip().endswith("?"):
        return 0.0
    if HEDGES.search(sentence) or MODALS.search(sentence):
        return 0.0
    score = 0.3
    if CHECKABLE_MARKERS.search(sentence):
        score += 0.3
    if has_name(" ".join(words[1:])):
        score += 0.25
    if COMMENTARY_START.match(sentence):
        score -= 0.3
    return max(0.0, min(score, 0.9))
