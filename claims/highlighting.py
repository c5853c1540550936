"""Cutting an article body into runs of text for highlighting claim spans.

Spans may overlap or nest, so they cannot be wrapped in nested tags directly.
Instead the body is cut at every span boundary; each run between two cuts
knows every claim that covers it, and a template wraps it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from claims.models import Claim


@dataclass
class Run:
    start: int  # offset of the run's first character in the body (code points)
    text: str
    claims: list[Claim] = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    # Claims whose span begins with this run: where their number is shown.
    starting: list[Claim] = field(default_factory=list)

    @property
    def anonymous_only(self) -> bool:
        return any(claim.rests_on_anonymous_sources_only for claim in self.claims)

    @property
    def anonymous_suggestion(self) -> bool:
        return any(suggestion.anonymous for suggestion in self.suggestions)

    @property
    def innermost(self) -> Claim | None:
        """The shortest covering claim: the one a click on this text means."""
        return min(self.claims, key=lambda claim: claim.end - claim.start, default=None)


def body_runs(body: str, claims: Sequence[Claim], suggestions: Sequence = ()) -> list[Run]:
    """Runs of ``body`` cut at every claim's and suggestion's boundaries."""
    spans = [*claims, *suggestions]
    cuts = sorted({0, len(body), *(s.start for s in spans), *(s.end for s in spans)})
    runs = []
    for start, end in pairwise(cuts):
        covering = [claim for claim in claims if claim.start <= start and end <= claim.end]
        run = Run(
            start=start,
            text=body[start:end],
            claims=covering,
            suggestions=[s for s in suggestions if s.start <= start and end <= s.end],
            starting=[claim for claim in covering if claim.start == start],
        )
        runs.append(run)
    return runs
