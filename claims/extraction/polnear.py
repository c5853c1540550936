"""Score the extractor on PolNeAR: python -m claims.extraction.polnear FOLDER [--part PART].

PolNeAR (Newell, Margolin & Ruths, LREC 2018; github.com/networkdynamics/PolNeAR)
is real US political news with hand-annotated attributions in brat files:
source, cue and content spans, discontinuous where the text is. Its texts
belong to their publishers and the repository has no licence, so nothing of
it is in this repository: FOLDER is a local copy (the repository, its
``data/train``, or any folder with ``text/`` and ``attributions/`` beside
each other).

Only ``train`` is for development. Its articles are split by a hash of their
file name: one in five is *held back* and never looked at while tuning; the
rest is the *tuning* part. ``--part`` picks one (``held-back`` by default).

What is scored, and how (the same contract as ``evaluate``, overlap match):

- Gold: attributions whose cue holds a reporting verb (``REPORTING``) or is
  "according to". Attributions of thought or feeling ("believes", "wants")
  are PolNeAR's but not what a desk calls a sourced statement, and the
  extractor does not look for them.
- Predicted: every candidate with a cue. One that matches no gold
  attribution counts against precision, including one that matches an
  attribution of thought.
- Anonymous: gold sources are judged by ``gold_sourcing`` — a rule written
  here, apart from the extractor's, over the annotated source phrase, after
  the project corpus's conventions (corpus/README.md). Pronoun sources are
  left out on both sides (PolNeAR does not say whom a pronoun stands for).
  Checked by hand on the tuning part: of 40 source phrases drawn at random
  (seed 20261129), 37 were judged as a reader would, two were not ("those
  who back her opponents" and "none of the constitutional scholars I
  interviewed" are anonymous, not named) and "721 delegates" is arguable;
  of 30 drawn from those it calls anonymous, 28 were, the other two arguable
  ("The Republicans", "the aide"). Every judgement that the rule's last
  change moved (52 phrases of the tuning part: names after a preposition,
  why a source is unnamed, capitals before the head) was read by hand too.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claims.extraction import Candidate, evaluate, extract
from claims.extraction.evaluate import overlaps

Spans = tuple[tuple[int, int], ...]  # one span, or the pieces of a discontinuous one

# Reporting verbs by lemma; their forms are made by ``_forms``. The issue's
# list of missed cues is here, with the speech verbs PolNeAR uses most. Kept
# apart from the extractor's lexicon on purpose: what is scored must not
# move when the extractor's word list does.
REPORTING = [
    "say",
    "tell",
    "add",
    "note",
    "state",
    "claim",
    "explain",
    "argue",
    "write",
    "tweet",
    "report",
    "announce",
    "declare",
    "ask",
    "call",
    "acknowledge",
    "admit",
    "insist",
    "warn",
    "suggest",
    "describe",
    "deny",
    "confirm",
    "reply",
    "respond",
    "comment",
    "mention",
    "recall",
    "remark",
    "reveal",
    "testify",
    "stress",
    "emphasize",
    "emphasise",
    "point",
    "assert",
    "maintain",
    "urge",
    "accuse",
    "charge",
    "allege",
    "quote",
    "post",
    "joke",
    "boast",
    "brag",
    "predict",
    "promise",
    "vow",
    "pledge",
    "complain",
    "concede",
    "contend",
    "disclose",
    "observe",
    "reiterate",
    "caution",
    "threaten",
    "demand",
    "question",
    "conclude",
    "continue",
    "agree",
    "answer",
    "counter",
    "retort",
    "recount",
    "inform",
    "advise",
    "announce",
    "argue",
    "characterize",
    "label",
    "dismiss",
    "criticize",
    "praise",
    "blame",
    "lament",
    "cite",
    "repeat",
    "indicate",
    "estimate",
    "speak",
    "told",
]
IRREGULAR = {"say": ["said"], "tell": ["told"], "write": ["wrote", "written"],
             "speak": ["spoke", "spoken"]}  # fmt: skip
# Pronouns, relative ones included ("…, who said"): whom they stand for is not annotated.
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "our",
            "who", "which", "that"}  # fmt: skip


def _forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    ies = lemma[:-1] + "ie" if lemma.endswith("y") and lemma[-2] not in "aeiou" else lemma
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else ies + "s"
    past = ies + "d" if lemma.endswith("e") or ies != lemma else lemma + "ed"
    if lemma[-1] in "ptg" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        past = lemma + lemma[-1] + "ed"  # "admit" -> "admitted"
        stem = lemma + lemma[-1]
    return {lemma, third, past, stem + "ing", *IRREGULAR.get(lemma, [])}


REPORTING_FORMS = set().union(*map(_forms, REPORTING))
WORD = re.compile(r"[A-Za-z’']+")


def is_reporting(cue: str) -> bool:
    lowered = cue.lower()
    return "according to" in lowered or any(w in REPORTING_FORMS for w in WORD.findall(lowered))


# ---------------------------------------------------------------- gold sourcing

# Nouns for people. Unnamed, they make a source anonymous whatever qualifies
# them ("Clinton campaign officials", "a senior adviser"), even as "the
# official" (pointing back to one unnamed before). Other people nouns
# ("researchers", "executives") are anonymous unless the phrase names whom
# they speak for ("researchers at the University of Eastbridge").
ALWAYS_ANONYMOUS = {
    "official", "officials", "source", "sources", "aide", "aides", "insider", "insiders",
    "people", "person", "staffer", "staffers", "diplomat", "diplomats", "someone", "somebody",
    "adviser", "advisers", "advisor", "advisors", "ally", "allies", "associate", "associates",
    "confidant", "confidants", "operative", "operatives", "strategist", "strategists",
    "critics", "supporters", "opponents", "members", "staff", "leaders", "lawmakers", "donors",
    "voters", "fans", "others",
}  # fmt: skip
PEOPLE = ALWAYS_ANONYMOUS | set(
    [
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "ally",
        "allies",
        "associate",
        "associates",
        "confidant",
        "confidants",
        "operative",
        "operatives",
        "strategist",
        "strategists",
        "critic",
        "critics",
        "observers",
        "analysts",
        "experts",
        "supporters",
        "opponents",
        "members",
        "lawmakers",
        "donors",
        "activist",
        "activists",
        "leaders",
        "leader",
        "expert",
        "attendee",
        "attendees",
        "commenter",
        "commenters",
        "friend",
        "friends",
        "fans",
        "executive",
        "executives",
        "employee",
        "employees",
        "staff",
        "workers",
        "witness",
        "witnesses",
        "researchers",
        "economists",
        "scientists",
        "officers",
        "agents",
        "politicians",
        "investigators",
        "voters",
        "residents",
        "student",
        "students",
        "colleague",
        "colleagues",
        "reporters",
        "families",
        "parents",
        "advocates",
        "woman",
        "women",
        "man",
        "men",
        "veterans",
        "delegates",
        "senators",
        "member",
        "lobbyists",
        "donor",
        "supporter",
        "opponent",
        "voter",
        "resident",
        "worker",
        "lawmaker",
        "candidates",
        "reporter",
        "group",
        "groups",
    ]
)
PARTY = {"democrat", "democrats", "republican", "republicans", "conservatives", "liberals"}
QUANTIFIERS = {"some", "many", "others", "several", "few", "most"}
SPOKESPERSON = re.compile(r"spokes(?:man|woman|person)|press secretary", re.IGNORECASE)


def gold_sourcing(phrase: str) -> str | None:
    """ "anonymous", "named", or None for a pronoun, over an annotated source phrase.

    Anonymous: people described and not named — the phrase's head is a
    lower-case noun for people ("two senior officials", "Clinton aides",
    "people familiar with the talks", "critics", "a Carrier executive") or a
    party's members ("one senior Democrat"). Named: a name in the phrase
    ("Kevin Madden, a Republican strategist"), a spokesperson (on the record),
    a definite singular that points back to someone named ("the Wisconsin
    Republican"), a poll's share of respondents, an organisation or a
    document.
    """
    words = WORD.findall(phrase)
    if not words:
        return None
    lowered = [w.lower() for w in words]
    if len(words) == 1 and lowered[0] in PRONOUNS:
        return None
    parts = re.split(r",|--|—", phrase)
    named_first = _is_name(parts[0]) or _has_full_name(parts[0])
    if UNNAMED_ON_PURPOSE.search(phrase) and not named_first:
        return "anonymous"  # "a registered Republican who spoke on condition of anonymity"
    if SPOKESPERSON.search(phrase) or any(map(_is_name, parts)) or named_first:
        return "named"
    conjunct = words[: lowered.index("and")] if "and" in lowered[1:] else []
    subject_pronoun = conjunct and conjunct[0].lower() in ("he", "she", "i", "we", "they")
    if conjunct and (subject_pronoun or _is_name(" ".join(conjunct))):
        return "named"  # "Hawkins and others", "She and her aides": someone named among them
    if POLL_SHARE.search(phrase):
        return "named"  # "half of GOP primary voters": a poll's finding, not a source
    head = _head(words)
    if head is None:
        return "named"
    definite = lowered[0] in ("the", "this", "that")
    head_words = words[: _head_end(words)]
    one = not head.endswith("s")
    capitals = any(w[0].isupper() for w in head_words[1:-1])
    if definite and head not in ALWAYS_ANONYMOUS and (one or capitals):
        return "named"  # "the Wisconsin Republican", "the Vermont senators": known people
    if head not in ALWAYS_ANONYMOUS and one and OWNER.search(" ".join(head_words)):
        return "named"  # "Clinton's right-hand woman": an owner's one role
    if EXAMPLES.search(phrase) and _has_full_name(EXAMPLES.split(phrase)[-1]):
        return "named"  # "advisers like Gene Sperling": someone named among them
    if lowered[0] in INDEFINITE:
        return "anonymous"  # "a Carrier executive", "two Clinton aides": one or some of them
    if (
        head not in ALWAYS_ANONYMOUS
        and head not in PARTY
        and any(w[0].isupper() for w in words[_head_end(words) :])
    ):
        return "named"  # "researchers at the University of Eastbridge" speak for it
    return "anonymous"


OWNER = re.compile(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)*['’]s? ")
EXAMPLES = re.compile(r"\b(?:including|like|such as)\b")
INDEFINITE = {
    "a", "an", "one", "two", "three", "four", "five", "several", "some", "many", "other",
    "another", "few", "most", "both",
}  # fmt: skip


# Capitalised, these describe people rather than name them ("Some Democrats").
NOT_IN_A_NAME = PEOPLE | PARTY | QUANTIFIERS


def _has_full_name(part: str) -> bool:
    """ "the economist Jared Bernstein", "Former House speaker Newt Gingrich": two
    or more capitalised words, not people described, end the part's head (a name
    after a preposition or in a clause is someone else's: "an adviser to Bill
    Clinton", "Republicans on Capitol Hill")."""
    words = WORD.findall(part.split("(")[0])
    words = words[: _head_end(words)]
    run = 0
    for word in reversed(words):
        if not word[0].isupper() or word.lower() in NOT_IN_A_NAME or word.lower() == "the":
            break
        run += 1
    return run >= 2


def _is_name(part: str) -> bool:
    """ "Kevin Madden", "Clinton", "the Human Rights Campaign", "Sen. Bernie Sanders
    (I-Vt.)": capitalised words only, none of them people described ("Some
    Democrats", "Republicans")."""
    words = WORD.findall(part.split("(")[0])
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or not all(w[0].isupper() for w in words):
        return False
    return not {w.lower() for w in words} & NOT_IN_A_NAME


HEAD_ENDS = {
    "who", "that", "which", "with", "familiar", "close", "at", "in", "of", "from", "for", "on",
    "to", "briefed", "involved", "knowledgeable", "speaking", "i", "we", "you", "i’ve", "i've",
    "we’ve", "we've", "like", "including",
}  # fmt: skip
# Said of a source to explain why it is not named.
UNNAMED_ON_PURPOSE = re.compile(
    r"condition\s+of\s+anonymity|\banonymously\b|not\s+(?:want|wish)\s+to\s+be\s+"
    r"(?:named|identified)|(?:asked|declined)\s+not\s+to\s+be\s+(?:named|identified)|"
    r"declined\s+to\s+be\s+(?:named|identified)|not\s+authori[sz]ed",
    re.IGNORECASE,
)
POLL_SHARE = re.compile(r"percent|%|\bin 10\b|\bhalf of\b|\bmajority of\b|\bthirds? of\b")


def _head_end(words: list[str]) -> int:
    """Where the phrase's head part ends: at its first relative word or
    preposition after the first word, or at its end."""
    ends = (index for index, word in enumerate(words) if index and word.lower() in HEAD_ENDS)
    return next(ends, len(words))


def _head(words: list[str]) -> str | None:
    """The people noun heading the phrase: its last word before a relative clause
    or a preposition ("several people I've spoken with" -> "people"), lower
    case unless it is a party's ("Democrats"); None when it is not one."""
    words = words[: _head_end(words)]
    head = words[-1]
    lowered = head.lower()
    # Capitalised, a people noun is a name ("Business Insider") unless it opens the phrase.
    lower_case = head.islower() or len(words) == 1
    if lowered in PARTY | QUANTIFIERS or (lowered in PEOPLE and lower_case):
        return lowered
    return None


# ---------------------------------------------------------------- loading


@dataclass
class GoldAttribution:
    content: Spans
    source: Spans | None
    cue: Spans
    source_text: str
    cue_text: str

    @property
    def sourcing(self) -> str | None:
        return gold_sourcing(self.source_text) if self.source else None


@dataclass
class Article:
    name: str
    text: str
    attributions: list[GoldAttribution]


def train_folder(folder: Path) -> Path:
    for candidate in (folder / "data" / "train", folder / "train", folder):
        if (candidate / "text").is_dir() and (candidate / "attributions").is_dir():
            return candidate
    raise SystemExit(f"{folder}: no text/ and attributions/ folders (a PolNeAR data/train?)")


def held_back(name: str) -> bool:
    """One article in five, by a hash of its name: stable, and blind to its content."""
    return hashlib.sha1(name.encode()).digest()[0] % 5 == 0


FOLDS = 5


def fold_of(name: str) -> int:
    """Which of the tuning part's five folds an article is in (by another byte of
    its name's hash), for cross-validation: tune on four, measure on the fifth."""
    return hashlib.sha1(name.encode()).digest()[1] % FOLDS


def articles(folder: Path, part: str, folds: set[int] | None = None) -> Iterator[Article]:
    """The part's articles; ``folds`` keeps only those tuning folds."""
    train = train_folder(folder)
    for path in sorted((train / "text").glob("*.txt")):
        if part != "all" and held_back(path.stem) != (part == "held-back"):
            continue
        if folds is not None and (held_back(path.stem) or fold_of(path.stem) not in folds):
            continue
        annotations = sorted((train / "attributions").glob(f"{path.stem}_*.ann"))
        if not annotations:
            continue
        # Some articles were annotated by several people: the first file is gold.
        text = path.read_text(encoding="utf-8")
        yield Article(path.stem, text, parse_brat(annotations[0].read_text(encoding="utf-8")))


def parse_brat(content: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[Spans, str]] = {}
    relations = []
    for line in content.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 3:
            _label, _, offsets = fields[1].partition(" ")
            pieces = tuple(tuple(map(int, p.split())) for p in offsets.split(";"))
            spans[fields[0]] = (pieces, fields[2])
        elif line.startswith("E") and len(fields) >= 2:
            relations.append(dict(arg.split(":") for arg in fields[1].split()))
    found = []
    for relation in relations:
        roles = {role: spans.get(ref) for role, ref in relation.items()}
        if roles.get("Content") is None or roles.get("Cue") is None:
            continue
        source = roles.get("Source")
        found.append(
            GoldAttribution(
                content=roles["Content"][0],
                source=source[0] if source else None,
                cue=roles["Cue"][0],
                source_text=source[1] if source else "",
                cue_text=roles["Cue"][1],
            )
        )
    return found


# ---------------------------------------------------------------- scoring


class Tally(evaluate.Tally):
    """The corpus's tally (claims.extraction.evaluate), scored by overlap only."""

    @property
    def hits(self) -> int:
        return self.overlap

    def scores(self, hits: int | None = None) -> tuple[float, float, float]:
        return super().scores(self.overlap if hits is None else hits)


@dataclass
class Report:
    content: Tally = field(default_factory=Tally)
    source: Tally = field(default_factory=Tally)
    cue: Tally = field(default_factory=Tally)
    anonymous: Tally = field(default_factory=Tally)
    articles: int = 0
    characters: int = 0


def score_article(found: list[Candidate], article: Article, report: Report) -> None:
    golds = [g for g in article.attributions if is_reporting(g.cue_text)]
    predicted = [c for c in found if c.cue is not None]
    report.articles += 1
    report.characters += len(article.text)
    report.content.add([c.content for c in predicted], [g.content for g in golds])
    report.source.add(
        [c.source for c in predicted if c.source], [g.source for g in golds if g.source]
    )
    report.cue.add([c.cue for c in predicted], [g.cue for g in golds])
    _score_anonymous(predicted, golds, report.anonymous)


def _score_anonymous(
    predicted: list[Candidate], golds: list[GoldAttribution], tally: Tally
) -> None:
    """Recall over gold anonymous sources; precision over sources said to be anonymous.
    A prediction whose source is a gold pronoun is left out: its truth is not known."""
    pronouns = [g.source for g in golds if g.source and g.sourcing is None]
    said_anonymous = [
        c.source
        for c in predicted
        if c.sourcing == "anonymous" and not any(overlaps(c.source, p) for p in pronouns)
    ]
    tally.add(said_anonymous, [g.source for g in golds if g.sourcing == "anonymous"])


def evaluate(folder: Path, part: str, folds: set[int] | None = None) -> Report:
    report = Report()
    for article in articles(folder, part, folds):
        score_article(extract(article.text), article, report)
    return report


def print_report(report: Report, label: str) -> None:
    print(f"PolNeAR train, {label}: {report.articles} articles, {report.characters:,} characters")
    print(f"{'':36}{'overlap P   R    F1':>22}")
    for name, tally in (
        ("content (reporting-verb attributions)", report.content),
        ("source", report.source),
        ("cue", report.cue),
        ("anonymous sources", report.anonymous),
    ):
        figures = "  ".join(f"{v:.2f}" for v in tally.scores())
        counts = f"gold {tally.gold}, found {tally.predicted}, matched {tally.overlap}"
        print(f"{name:38}{figures:>18}   ({counts})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m claims.extraction.polnear")
    parser.add_argument("folder", type=Path, help="a local copy of PolNeAR (or its data/train)")
    parser.add_argument("--part", choices=["held-back", "tuning", "all"], default="held-back")
    parser.add_argument(
        "--fold",
        type=int,
        action="append",
        choices=range(FOLDS),
        help="only this fold of the tuning part (repeatable); with --part tuning",
    )
    parser.add_argument(
        "--by-fold", action="store_true", help="the tuning part, one table per fold"
    )
    args = parser.parse_args(argv)
    if args.by_fold:
        for fold in range(FOLDS):
            print_report(evaluate(args.folder, "tuning", {fold}), f"tuning fold {fold}")
        return 0
    if args.fold and args.part != "tuning":
        parser.error("--fold picks folds of the tuning part: add --part tuning")
    folds = set(args.fold) if args.fold else None
    label = args.part + (f", folds {sorted(folds)}" if folds else "")
    print_report(evaluate(args.folder, args.part, folds), label)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
