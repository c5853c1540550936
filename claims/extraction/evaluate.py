"""Score the extractor on hand-annotated articles: python -m claims.extraction.evaluate.

Prints precision, recall and F1 for content, source and cue spans (exact
match and overlap match, as BBC R&D's Citron reports them) and the
named/anonymous accuracy. Annotations: corpus/README.md.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from claims.extraction import Candidate, extract

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCES = [HERE / "corpus", HERE.parent / "demo"]
Span = tuple[int, int]


@dataclass
class Gold:
    content: Span
    source: Span | None
    cue: Span | None
    sourcing: str | None


def load(path: Path) -> tuple[str, list[Gold]]:
    """An annotation file and its text; the demo's body offsets are moved to file offsets."""
    data = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / data["file"]).read_text(encoding="utf-8")
    shift = data.get("body_starts_at_char", 0)

    def span(key: str, claim: dict) -> Span | None:
        # The demo file names spans "content_span"; the corpus names them "content".
        value = claim.get(f"{key}_span", claim.get(key))
        return (value[0] + shift, value[1] + shift) if isinstance(value, list) else None

    golds = [
        Gold(span("content", c), span("source", c), span("cue", c), c.get("sourcing"))
        for c in data["claims"]
    ]
    return text, golds


def overlaps(a: Span, b: Span | tuple[Span, ...]) -> bool:
    """Whether span ``a`` shares a character with ``b``: a span, or the pieces of
    a discontinuous one (as PolNeAR annotates them, claims.extraction.polnear)."""
    if b and isinstance(b[0], tuple):
        return any(overlaps(a, piece) for piece in b)
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Tally:
    predicted: int = 0
    gold: int = 0
    exact: int = 0
    overlap: int = 0

    def add(self, predicted: list[Span], gold: list[Span]) -> None:
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.exact += len(set(predicted) & set(gold))
        free = list(gold)
        for span in predicted:
            hit = next((g for g in free if overlaps(span, g)), None)
            if hit is not None:
                free.remove(hit)
                self.overlap += 1

    def scores(self, hits: int) -> tuple[float, float, float]:
        precision = hits / self.predicted if self.predicted else 0.0
        recall = hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


@dataclass
class Report:
    content: Tally
    source: Tally
    cue: Tally
    all_content: Tally
    anonymous: Tally
    sourcing_right: int = 0
    sourcing_judged: int = 0
    articles: int = 0


def evaluate(paths: list[Path]) -> Report:
    report = Report(Tally(), Tally(), Tally(), Tally(), Tally())
    for path in paths:
        text, golds = load(path)
        report.articles += 1
        score_article(extract(text), golds, report)
    return report


def score_article(found: list[Candidate], golds: list[Gold], report: Report) -> None:
    attributed = [g for g in golds if g.cue is not None]
    predicted = [c for c in found if c.cue is not None]
    report.content.add([c.content for c in predicted], [g.content for g in attributed])
    report.source.add([c.source for c in predicted], [g.source for g in attributed if g.source])
    report.cue.add([c.cue for c in predicted], [g.cue for g in attributed])
    report.all_content.add([c.content for c in found], [g.content for g in golds])
    # Anonymous sources found as such, by source span (as claims.extraction.polnear).
    report.anonymous.add(
        [c.source for c in predicted if c.sourcing == "anonymous"],
        [g.source for g in attributed if g.sourcing == "anonymous"],
    )
    for gold in attributed:
        match = next((c for c in predicted if c.source and overlaps(c.source, gold.source)), None)
        if match is not None and gold.sourcing:
            report.sourcing_judged += 1
            report.sourcing_right += match.sourcing == gold.sourcing


def annotation_files(sources: list[Path]) -> list[Path]:
    files = []
    for source in sources:
        files += sorted(source.glob("*.json")) if source.is_dir() else [source]
    return [f for f in files if "claims" in json.loads(f.read_text(encoding="utf-8"))]


def print_report(report: Report) -> None:
    print(f"{report.articles} annotated articles")
    print(f"{'':32}{'exact P   R    F1':>20}   {'overlap P   R    F1':>22}")
    rows = [
        ("content (attributed)", report.content),
        ("source", report.source),
        ("cue", report.cue),
        ("content (all, incl. own assertions)", report.all_content),
        ("anonymous sources", report.anonymous),
    ]
    for label, tally in rows:
        exact = "  ".join(f"{v:.2f}" for v in tally.scores(tally.exact))
        over = "  ".join(f"{v:.2f}" for v in tally.scores(tally.overlap))
        print(f"{label:36}{exact:>16}   {over:>18}   (gold {tally.gold}, found {tally.predicted})")
    judged = report.sourcing_judged
    accuracy = report.sourcing_right / judged if judged else 0.0
    print(f"named/anonymous accuracy: {accuracy:.3f} ({report.sourcing_right}/{judged})")


def main(argv: list[str]) -> int:
    sources = [Path(a) for a in argv] or DEFAULT_SOURCES
    print_report(evaluate(annotation_files(sources)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
