"""Would a small learned model help the rules? python tools/crf_baseline.py POLNEAR [--threshold T]

Issue 10 left it to the figures: a CRF (python-crfsuite) tagging source and
cue tokens, trained on PolNeAR train's tuning part, adds the attributions
whose cue the rules did not find; both are scored on the held-back part with
``claims.extraction.polnear``'s contract. This is the experiment that decided
against shipping it (README, "Measured on real news"): a few points of cue
recall, source and content F1 nearly unchanged, anonymous sources no better,
and a new dependency that would also take extraction under 1 MB/s.

Needs ``pip install python-crfsuite==0.9.12`` (not a project dependency) and
a local PolNeAR; training takes about two minutes on one core. Nothing is
saved: the model is written to a temporary file and thrown away.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pycrfsuite

from claims.extraction import Candidate, body_start, extract, polnear, quotes_as_straight
from claims.extraction.evaluate import overlaps
from claims.extraction.lexicon import INHERENTLY_ANONYMOUS, PERSON_NOUNS, VERB_FORMS
from claims.extraction.sentences import sentences
from claims.extraction.sourcing import is_anonymous

Token = tuple[int, int, str]
Span = tuple[int, int]
TOKEN = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")
REPORTING = {form.lower() for form in VERB_FORMS if " " not in form}
PRONOUNS = {"he", "she", "they", "i", "we", "it"}
WINDOW = (-3, -2, -1, 1, 2, 3)


def tokens(text: str, start: int, end: int) -> list[Token]:
    found = TOKEN.finditer(text, start, end)
    return [(m.start(), m.end(), m.group()) for m in found]


def token_features(words: list[str], index: int, in_quote: bool) -> dict[str, str | bool]:
    """The word, its shape, the lexicon's classes, and the same of its neighbours."""
    word = words[index].lower()
    features: dict[str, str | bool] = {
        "w": word,
        "suffix": word[-3:],
        "title": words[index][:1].isupper(),
        "reporting": word in REPORTING,
        "person": word in PERSON_NOUNS,
        "anonymous": word in INHERENTLY_ANONYMOUS,
        "pronoun": word in PRONOUNS,
        "punctuation": not word[:1].isalnum(),
        "in_quote": in_quote,
        "first": index == 0,
        "reporting_after": any(w.lower() in REPORTING for w in words[index + 1 : index + 9]),
        "reporting_before": any(w.lower() in REPORTING for w in words[max(0, index - 8) : index]),
    }
    for offset in WINDOW:
        if 0 <= index + offset < len(words):
            near = words[index + offset]
            features[f"{offset}:w"] = near.lower()
            features[f"{offset}:title"] = near[:1].isupper()
            features[f"{offset}:reporting"] = near.lower() in REPORTING
            features[f"{offset}:person"] = near.lower() in PERSON_NOUNS
    return features


def sentence_features(sentence: list[Token]) -> list[dict[str, str | bool]]:
    words = [word for _, _, word in sentence]
    in_quote, features = False, []
    for index, word in enumerate(words):
        features.append(token_features(words, index, in_quote))
        in_quote ^= word == '"'
    return features


def gold_labels(sentence: list[Token], golds: list[polnear.GoldAttribution]) -> list[str]:
    """BIO tags for sources (SRC) and cues (CUE) of the reporting attributions."""
    labels = ["O"] * len(sentence)
    for gold in golds:
        for role, pieces in (("SRC", gold.source), ("CUE", gold.cue)):
            inside_before = False
            for index, (start, end, _) in enumerate(sentence):
                inside = bool(pieces) and any(s < end and start < e for s, e in pieces)
                if inside:
                    labels[index] = ("I-" if inside_before else "B-") + role
                inside_before = inside
    return labels


def article_sentences(article: polnear.Article) -> Iterator[tuple[str, Span, list[Token]]]:
    text = quotes_as_straight(article.text)
    for start, end in sentences(text, body_start(text)):
        sentence = tokens(text, start, end)
        if sentence:
            yield text, (start, end), sentence


def tagged_spans(sentence: list[Token], tags: list[str], role: str) -> list[Span]:
    spans: list[list[int]] = []
    for (start, end, _), tag in zip(sentence, tags, strict=True):
        if tag == f"B-{role}" or (tag == f"I-{role}" and not spans):
            spans.append([start, end])
        elif tag == f"I-{role}" and spans[-1][1] >= start - 1:
            spans[-1][1] = end
    return [(s, e) for s, e in spans]


def train(articles: list[polnear.Article], path: str) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for article in articles:
        golds = [g for g in article.attributions if polnear.is_reporting(g.cue_text)]
        for _, _, sentence in article_sentences(article):
            trainer.append(sentence_features(sentence), gold_labels(sentence, golds))
    trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 150})
    trainer.train(path)


def confidence(
    tagger: pycrfsuite.Tagger, sentence: list[Token], span: Span, tags: list[str]
) -> float:
    """The least marginal probability of the span's tags: how sure the model is of it."""
    inside = [i for i, (s, e, _) in enumerate(sentence) if s >= span[0] and e <= span[1]]
    return min((tagger.marginal(tags[i], i) for i in inside), default=0.0)


def learned_candidates(
    tagger: pycrfsuite.Tagger, article: polnear.Article, found: list[Candidate], threshold: float
) -> list[Candidate]:
    """The model's attributions whose cue the rules did not find."""
    added = []
    for text, (start, end), sentence in article_sentences(article):
        tags = tagger.tag(sentence_features(sentence))
        sources = tagged_spans(sentence, tags, "SRC")
        for cue in tagged_spans(sentence, tags, "CUE"):
            if any(c.cue and overlaps(cue, c.cue) for c in found):
                continue
            before = [s for s in sources if s[1] <= cue[0]]
            after = [s for s in sources if s[0] >= cue[1]]
            source = before[-1] if before else (after[0] if after else None)
            if source is None:
                continue
            if min(confidence(tagger, sentence, s, tags) for s in (cue, source)) < threshold:
                continue
            content = (max(cue[1], source[1]), end) if end - cue[1] > 10 else (start, source[0])
            phrase = text[source[0] : source[1]]
            sourcing = None if phrase.lower() in PRONOUNS else "named"
            sourcing = "anonymous" if sourcing and is_anonymous(phrase) else sourcing
            added.append(Candidate(content, source, cue, sourcing, 0.5, None))
    return added


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python tools/crf_baseline.py")
    parser.add_argument("folder", type=Path, help="a local copy of PolNeAR (or its data/train)")
    parser.add_argument("--threshold", type=float, default=0.7, help="least token marginal")
    args = parser.parse_args(argv)
    with tempfile.NamedTemporaryFile(suffix=".crfsuite") as model:
        train(list(polnear.articles(args.folder, "tuning")), model.name)
        tagger = pycrfsuite.Tagger()
        tagger.open(model.name)
        rules, combined = polnear.Report(), polnear.Report()
        for article in polnear.articles(args.folder, "held-back"):
            found = extract(article.text)
            polnear.score_article(found, article, rules)
            added = learned_candidates(tagger, article, found, args.threshold)
            polnear.score_article(found + added, article, combined)
    polnear.print_report(rules, "held-back, rules")
    polnear.print_report(combined, f"held-back, rules + CRF (marginal ≥ {args.threshold})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
