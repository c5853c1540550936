"""Train the unnamed-source model: python -m claims.extraction.training POLNEAR [--cross-validate].

Reads PolNeAR ``train``'s tuning part only (claims.extraction.polnear; the
held-back part is never read here) and writes ``learned.WEIGHTS``.

- Examples: every (noun for people, reporting verb) pair within a sentence
  (``learned.Sentence.pairs``). A pair is positive when PolNeAR annotates an
  attribution whose cue holds a reporting verb, whose cue is that verb, whose
  source holds that noun, and whose source ``polnear.gold_sourcing`` judges
  anonymous.
- Model: logistic regression on hashed features, trained by AdaGrad with a
  little L2, a fixed number of passes in a fixed (seeded) order, so that the
  same data gives the same weights.
- ``--cross-validate``: for each of the tuning part's five folds, train on the
  other four and score the fold it has not seen, the rules alone and the rules
  with the model, at several thresholds; the threshold shipped is chosen on
  these unseen folds.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

from claims.extraction import body_start, extract, learned, polnear, quotes_as_straight
from claims.extraction.evaluate import overlaps
from claims.extraction.sentences import sentences

Example = tuple[list[int], int]
EPOCHS = 6
RATE = 0.2
L2 = 1e-6
THRESHOLDS = (0.3, 0.4, 0.5)
DEFAULT_THRESHOLD = 0.5


def examples(articles: list[polnear.Article]) -> list[Example]:
    found: list[Example] = []
    for article in articles:
        text = quotes_as_straight(article.text)
        golds = [
            g
            for g in article.attributions
            if g.source and polnear.is_reporting(g.cue_text) and g.sourcing == "anonymous"
        ]
        for start, end in sentences(text, body_start(text)):
            sentence = learned.Sentence(text, start, end)
            if not sentence.nouns or not sentence.verbs:
                continue
            memo: dict = {}
            for pair in sentence.pairs():
                noun = sentence.spans[pair.noun]
                verb = sentence.spans[pair.verb]
                label = any(overlaps(noun, g.source) and overlaps(verb, g.cue) for g in golds)
                names = learned.features(sentence, pair, memo)
                found.append(([learned.bucket(n) for n in names], int(label)))
    return found


def train(data: list[Example], epochs: int = EPOCHS, seed: int = 20261130) -> dict[int, float]:
    weights: dict[int, float] = {}
    squares: dict[int, float] = {}
    order = list(range(len(data)))
    generator = random.Random(seed)
    for _ in range(epochs):
        generator.shuffle(order)
        for index in order:
            buckets, label = data[index]
            score = sum(weights.get(b, 0.0) for b in buckets)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
            gradient = p - label
            for b in buckets:
                w = weights.get(b, 0.0)
                g = gradient + L2 * w
                squares[b] = squares.get(b, 0.0) + g * g
                weights[b] = w - RATE * g / math.sqrt(squares[b] + 1e-8)
    return {b: w for b, w in weights.items() if abs(w) >= 1e-4}


def save(weights: dict[int, float], threshold: float, path: Path) -> None:
    ordered = sorted(weights)
    data = {
        "about": "claims.extraction.learned: hashed-feature weights, trained on PolNeAR "
        "train's tuning part by claims.extraction.training; numbers only.",
        "threshold": threshold,
        "buckets": ordered,
        "weights": [round(weights[b], 4) for b in ordered],
    }
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def score(articles: list[polnear.Article], model: learned.Model | None) -> polnear.Report:
    report = polnear.Report()
    for article in articles:
        polnear.score_article(extract(article.text, model), article, report)
    return report


def row(report: polnear.Report) -> str:
    figures = []
    for tally in (report.content, report.source, report.cue):
        figures.append(f"{tally.scores()[2]:.3f}")
    p, r, _ = report.anonymous.scores()
    return (
        "  ".join(figures)
        + f"   anonymous P {p:.3f} R {r:.3f} ({report.anonymous.overlap}/{report.anonymous.gold},"
        f" said {report.anonymous.predicted})"
    )


def cross_validate(folder: Path) -> None:
    by_fold = {k: list(polnear.articles(folder, "tuning", {k})) for k in range(polnear.FOLDS)}
    totals: dict[object, polnear.Report] = {}
    for fold, unseen in by_fold.items():
        seen = [a for k, part in by_fold.items() if k != fold for a in part]
        weights = train(examples(seen))
        print(f"fold {fold}: trained on {len(seen)} articles, {len(weights)} weights")
        print(f"  content source cue F1; rules alone:   {row(score(unseen, None))}")
        _add(totals, "rules", score(unseen, None))
        for threshold in THRESHOLDS:
            report = score(unseen, learned.Model(weights, threshold))
            _add(totals, threshold, report)
            print(f"  rules + model, threshold {threshold}:  {row(report)}")
    print("all five unseen folds:")
    for key, report in totals.items():
        print(f"  {key!s:>6}: {row(report)}")


def _add(totals: dict, key: object, report: polnear.Report) -> None:
    total = totals.setdefault(key, polnear.Report())
    for name in ("content", "source", "cue", "anonymous"):
        mine, theirs = getattr(total, name), getattr(report, name)
        mine.predicted += theirs.predicted
        mine.gold += theirs.gold
        mine.overlap += theirs.overlap
        mine.exact += theirs.exact


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claims.extraction.training")
    parser.add_argument("folder", type=Path, help="a local copy of PolNeAR (or its data/train)")
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--out", type=Path, default=learned.WEIGHTS)
    args = parser.parse_args(argv)
    if args.cross_validate:
        cross_validate(args.folder)
        return 0
    weights = train(examples(list(polnear.articles(args.folder, "tuning"))))
    save(weights, args.threshold, args.out)
    print(f"{len(weights)} weights, threshold {args.threshold}: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
