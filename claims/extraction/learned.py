"""Unnamed sources the rules miss, found by a small learned model.

The rules (``attribution``) find most sayings, but real news words an
unnamed source in more ways than rules can list: passives, object relatives,
far subjects, asides. This model looks at every pair, within one sentence,
of a noun for people ("officials", "aides", "some Democrats", "critics") and
a reporting verb ("said", "argue", "according to"), and says how likely it is
that the people said something through that verb and that they are unnamed.

- It is logistic regression over hashed features of the pair (the words
  around each, the words and punctuation between them, their distance and
  order). The weights file (``unnamed_sources.json``) holds numbers only:
  every feature is a string hashed to a bucket, so no text of the articles it
  learned from is in it.
- It was trained on PolNeAR ``train``'s tuning part only
  (``python -m claims.extraction.training POLNEAR``, ``make train-extraction``);
  the held-back part never was.
- Without the weights file the extractor is the rules alone, unchanged.
- Nothing is downloaded: the file ships with the code.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claims.extraction.lexicon import (
    ANONYMITY_PHRASES,
    PERSON_NOUNS,
    VERB_FORMS,
    WORDS,
    as_written,
)

HERE = Path(__file__).resolve().parent
WEIGHTS = HERE / "unnamed_sources.json"
BUCKETS = 1 << 20
Span = tuple[int, int]

TOKEN = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")
# Who can be an unnamed source: the lexicon's nouns for people, parties'
# members, and the quantifiers that stand for people ("Some argue").
PEOPLE = PERSON_NOUNS | {
    "democrats", "republicans", "conservatives", "liberals", "progressives", "some", "many",
    "others", "several", "most", "few", "both", "everyone", "nobody", "anyone", "someone",
    "observers", "pundits", "insiders", "allies", "ally", "aides", "aide", "confidants",
    "operatives", "strategists", "strategist", "donors", "staff", "sources",
}  # fmt: skip
# Verbs of speaking and judging aloud that the rules leave out, as too often
# something else ("agree", "question", "blame"): the model weighs them in context.
MORE_VERBS = [
    "agree", "speak", "point", "blame", "praise", "question", "criticize", "criticise",
    "counter", "predict", "cite", "complain", "ask", "call", "describe", "insist", "urge",
    "joke", "concede", "deny", "contend", "dismiss", "charge", "characterize", "label",
    "lament", "repeat", "indicate", "recall", "reply", "respond",
]  # fmt: skip


def _forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    ies = lemma[:-1] + "ie" if lemma.endswith("y") and lemma[-2] not in "aeiou" else lemma
    past = ies + "d" if lemma.endswith("e") or ies != lemma else lemma + "ed"
    third = ies + "s" if ies != lemma else lemma + "s"
    return {lemma, third, past, stem + "ing"}


# A reporting verb's first word ("point" of "point out"), and "according" (to).
CUE_WORDS = (
    {form.split()[0].lower() for form in VERB_FORMS}
    | {"according", "spoke", "spoken"}
    | set().union(*map(_forms, MORE_VERBS))
)
# Where a noun phrase stops, looking back from its head.
PHRASE_STOPS = CUE_WORDS | {
    "that", "who", "which", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from",
    "with", "by", "as", "is", "are", "was", "were", "have", "has", "had", "said", "says",
    "if", "when", "while", "because", "than", "also", "not", "be", "been", "it", "he",
    "she", "they", "we", "i", "you", "about", "into", "like",
}  # fmt: skip
# The first look (lexicon.WORDS): a sentence worth tokenizing has both.
PEOPLE_WRITTEN, CUE_WORDS_WRITTEN = as_written(PEOPLE), as_written(CUE_WORDS)
# Words between a noun and its verb that say how the two are joined.
MARKERS = ("who", "that", "which", "and", "but", "by", ";", "(", "—", "-", "--")
MARKER_SET = frozenset(MARKERS)
MAX_DISTANCE = 40  # tokens between a noun and its verb
PHRASE_WORDS = 6


@dataclass(frozen=True)
class Pair:
    noun: int  # token indexes in the sentence
    verb: int
    source: Span  # character spans in the text
    cue: Span


class Sentence:
    """One sentence's tokens, with what every pair's features need."""

    def __init__(self, text: str, start: int, end: int, taken: list[Span] = ()) -> None:
        self.text = text
        self.spans = [m.span() for m in TOKEN.finditer(text, start, end)]
        self.words = words = [text[s:e] for s, e in self.spans]
        self.lower = lower = [w.lower() for w in words]
        spans = self.spans

        def free(index: int) -> bool:
            start, end = spans[index]
            return not any(start < f and a < end for a, f in taken)

        self.nouns = [i for i, w in enumerate(lower) if w in PEOPLE and free(i)]
        self.verbs = (
            [
                i
                for i, w in enumerate(lower)
                if w in CUE_WORDS
                and (w != "according" or lower[i + 1 : i + 2] == ["to"])
                and not self.quoted(i)
                and free(i)
            ]
            if self.nouns
            else []
        )

    def quoted(self, index: int) -> bool:
        """Is the token inside a quotation (after an odd number of quotation marks)?"""
        return self.words[:index].count('"') % 2 == 1

    def word(self, index: int) -> str:
        return self.lower[index] if 0 <= index < len(self.lower) else "<>"

    def phrase_start(self, noun: int) -> int:
        """Where the noun phrase headed by ``noun`` starts: "two senior officials"."""
        index = noun
        while index > 0 and noun - index < PHRASE_WORDS:
            before = self.lower[index - 1]
            if before in PHRASE_STOPS or not before[0].isalnum():
                break
            index -= 1
        return index

    def cue_end(self, verb: int) -> int:
        """The cue's last token: "according to", "point out", "told" alone."""
        if self.lower[verb] == "according":
            return verb + 1
        if self.word(verb + 1) in ("out", "to", "for", "on") and self.lower[verb].startswith(
            ("point", "call")
        ):
            return verb + 1
        return verb

    def pairs(self) -> Iterator[Pair]:
        for noun in self.nouns:
            start = self.spans[self.phrase_start(noun)][0]
            source = (start, self.spans[noun][1])
            for verb in self.verbs:
                if verb != noun and abs(verb - noun) <= MAX_DISTANCE:
                    cue = (self.spans[verb][0], self.spans[self.cue_end(verb)][1])
                    yield Pair(noun, verb, source, cue)

    def noun_features(self, noun: int) -> list[str]:
        lower, word = self.lower, self.word
        start = self.phrase_start(noun)
        phrase = lower[start : noun + 1]
        features = [
            "n=" + lower[noun],
            "n-1=" + word(noun - 1),
            "n-2=" + word(noun - 2),
            "n+1=" + word(noun + 1),
            "n+2=" + word(noun + 2),
            "n-1,n=" + word(noun - 1) + "," + lower[noun],
            "det=" + phrase[0],
            "len=" + str(len(phrase)),
            "npos=" + str(min(noun, 6)),
            "nq=" + str(self.quoted(noun)),
        ]
        if any(w.endswith(("’s", "'s", "s’", "s'")) for w in phrase[:-1]):
            features.append("owner")
        words = self.words
        capitals = sum(1 for i in range(max(start, 1), noun + 1) if words[i][:1].isupper())
        features.append("caps=" + str(min(capitals, 3)))
        if words[noun][:1].isupper():
            features.append("ncap")
        after = " ".join(lower[noun + 1 : noun + 14])
        if ANONYMITY_PHRASES.search(after):
            features.append("unnamed-after")
        return features

    def verb_features(self, verb: int) -> list[str]:
        word = self.word
        return [
            "v=" + self.lower[verb],
            "v-1=" + word(verb - 1),
            "v+1=" + word(verb + 1),
            "v+2=" + word(verb + 2),
            "v-1,v=" + word(verb - 1) + "," + self.lower[verb],
            "v,v+1=" + self.lower[verb] + "," + word(verb + 1),
            "vcap" if self.words[verb][:1].isupper() else "vlow",
            "vlast=" + str(len(self.lower) - verb <= 3),
        ]

    def pair_features(self, noun: int, verb: int) -> list[str]:
        after = verb > noun
        low, high = (noun, verb) if after else (verb, noun)
        between = self.lower[low + 1 : high]
        distance = high - low
        bucket = str(distance) if distance <= 4 else "5-8" if distance <= 8 else "9-15"
        bucket = bucket if distance <= 15 else "16+"
        direction = "after" if after else "before"
        commas = between.count(",")
        verbs_between = sum(1 for i in self.verbs if low < i < high)
        features = [
            "dir=" + direction,
            "dist=" + bucket,
            "dir,dist=" + direction + bucket,
            "dir,v=" + direction + self.lower[verb],
            "dir,n=" + direction + self.lower[noun],
            "n,v=" + self.lower[noun] + "," + self.lower[verb],
            "commas=" + direction + str(min(commas, 3)),
            "quotes=" + str(min(between.count('"'), 2)),
            "nouns-between=" + str(min(sum(1 for i in self.nouns if low < i < high), 2)),
            "verbs-between=" + str(min(verbs_between, 2)),
        ]
        if not MARKER_SET.isdisjoint(between):
            present = set(between)
            features += [f"has={direction}{marker}" for marker in MARKERS if marker in present]
        if distance <= 5:
            features += ["b=" + direction + w for w in between]
        capitals = sum(1 for w in self.words[low + 1 : high] if w[:1].isupper())
        features.append("caps-between=" + str(min(capitals, 3)))
        features.append("nearest-verb=" + str(not verbs_between))
        return features


def features(sentence: Sentence, pair: Pair, cache: dict) -> list[str]:
    """All the features of a pair; those of its noun and verb are computed once."""
    noun = cache.get(("n", pair.noun))
    if noun is None:
        noun = cache[("n", pair.noun)] = sentence.noun_features(pair.noun)
    verb = cache.get(("v", pair.verb))
    if verb is None:
        verb = cache[("v", pair.verb)] = sentence.verb_features(pair.verb)
    return ["bias", *noun, *verb, *sentence.pair_features(pair.noun, pair.verb)]


def bucket(feature: str) -> int:
    return zlib.crc32(feature.encode()) & (BUCKETS - 1)


class _Memo(dict):
    """Feature → weight, hashed once per feature (up to a bound on memory)."""

    def __init__(self, weights: dict[int, float]) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, feature: str) -> float:
        value = self.weights.get(bucket(feature), 0.0)
        if len(self) < 200_000:
            self[feature] = value
        return value


class Model:
    def __init__(self, weights: dict[int, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold
        self._memo = _Memo(weights)

    @classmethod
    def load(cls, path: Path) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = dict(zip(data["buckets"], data["weights"], strict=True))
        return cls(weights, data["threshold"])

    def weight(self, feature: str) -> float:
        return self._memo[feature]

    def probability(self, names: list[str]) -> float:
        score = sum(map(self.weight, names))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def sayings(
        self,
        text: str,
        start: int,
        end: int,
        taken: list[Span] = (),
        words: list[str] | None = None,
    ) -> list[tuple[float, Pair]]:
        """The sentence's likely (noun, verb) pairs, most likely first, each noun
        phrase and each verb in one pair at most; nouns and verbs inside a
        ``taken`` span (the rules' sources and cues) are left out. ``words`` is
        the sentence's ``lexicon.WORDS`` when the caller has them and
        ``worth_reading`` said yes."""
        if words is None:
            words = WORDS.findall(text, start, end)
            if not worth_reading(words):
                return []
        if taken and not (
            _free(text, start, end, PEOPLE_WRITTEN.intersection(words), taken)
            and _free(text, start, end, CUE_WORDS_WRITTEN.intersection(words), taken)
        ):
            return []  # the rules took all of them as sources, or all as cues
        sentence = Sentence(text, start, end, taken)
        if not sentence.nouns or not sentence.verbs:
            return []
        weight = self._memo.__getitem__
        nouns = {n: sum(map(weight, sentence.noun_features(n))) for n in sentence.nouns}
        verbs = {v: sum(map(weight, sentence.verb_features(v))) for v in sentence.verbs}
        bias = weight("bias")
        scored = []
        for pair in sentence.pairs():
            score = bias + nouns[pair.noun] + verbs[pair.verb]
            score += sum(map(weight, sentence.pair_features(pair.noun, pair.verb)))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
            if p >= self.threshold:
                scored.append((p, pair))
        scored.sort(key=lambda item: -item[0])
        chosen: list[tuple[float, Pair]] = []
        for p, pair in scored:
            if any(
                pair.verb == other.verb or _overlap(pair.source, other.source)
                for _, other in chosen
            ):
                continue
            chosen.append((p, pair))
        return chosen


def worth_reading(words: list[str]) -> bool:
    """Do a sentence's ``words`` (lexicon.WORDS) hold a noun for people and a
    reporting verb? Most do not, and are not tokenized."""
    return not (PEOPLE_WRITTEN.isdisjoint(words) or CUE_WORDS_WRITTEN.isdisjoint(words))


def _free(text: str, start: int, end: int, forms: set[str], taken: list[Span]) -> bool:
    """Does one of ``forms`` stand as a whole word in ``text[start:end]``
    outside every ``taken`` span?"""
    for form in forms:
        at = text.find(form, start, end)
        while at >= 0:
            after = at + len(form)
            whole = not text[at - 1 : at].isalpha() and not text[after : after + 1].isalpha()
            if whole and not any(at < f and a < after for a, f in taken):
                return True
            at = text.find(form, at + 1, end)
    return False


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@cache
def model() -> Model | None:
    """The shipped model, or None when its weights file is absent (rules only)."""
    return Model.load(WEIGHTS) if WEIGHTS.exists() else None
