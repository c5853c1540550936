"""Attributed statements in one sentence: who (source), how (cue), what (content).

Cue first: every reporting verb in the sentence outside quotation marks is a
candidate cue ("said", "told reporters", ", adding that", "according to").
For each, the source is looked for before the cue ("Two officials, who…,
said") or after it ("…,” said Reyes), and the content after the cue, or
before it when nothing follows ("…, the minister said."), or on both sides of
it (“We are not there yet,” said Reyes, “but…”). A cue inside another's
content ("He said Khan told him…") is part of that content, as PolNeAR and a
desk read it; a cue that starts a clause of its own (", and officials said",
", saying that") ends the content before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from claims.extraction.lexicon import (
    ACCORDING_TO,
    ANONYMITY_PHRASES,
    AUXILIARY_BEFORE,
    COGNITIVE,
    PERSON_NOUNS,
    PRONOUNS,
    SPOKESPERSON,
    VERB,
    runs_on,
)
from claims.extraction.sourcing import (
    INSTITUTION,
    has_name,
    is_anonymous,
    name_word,
    names_someone,
    person_head,
)

Span = tuple[int, int]

# Double quotation marks arrive straight: extract straightens them first.
QUOTE_PAIRS = [('"', '"'), ("‘", "’")]
TRAILING = " \t\n.,;:!?"
LEADING_NOISE = re.compile(
    r"(?:(?:but|and|yet|still|so|also|even|however|meanwhile|instead|now|later|then|separately|"
    r"in\s+a\s+statement|in\s+an\s+interview|on\s+\w+day|last\s+\w+|earlier|today|"
    r"for\s+(?:his|her|their|its)\s+part|at\s+the\s+same\s+time)\b[,\s]*)+",
    re.IGNORECASE,
)
DATELINE = re.compile(r"[A-Z][A-Z.]+(?:,?\s+[A-Z][\w.]*)*\s+[-—–]\s+")  # "ORLANDO, Fla. — "
# Something a source phrase must not contain: it would be a clause, not a name.
CLAUSE_INSIDE = re.compile(r"[;:“”\"]|\b(?:that|because|if|when|although)\b", re.IGNORECASE)
MAX_SOURCE_WORDS = 14
# A phrase opening with one of these is a clause, never a source.
SUBORDINATORS = {
    "whether",
    "if",
    "while",
    "although",
    "when",
    "because",
    "as",
    "since",
    "what",
    "how",
    "why",
    "unless",
    "until",
    "after",
    "before",
    "once",
    "though",
}


@dataclass(frozen=True)
class Attribution:
    content: Span
    source: Span
    cue: Span
    pattern: str
    # For a relative pronoun source (", who said"), the phrase it stands for.
    refers_to: Span | None = None
    # Set when the learned model (claims.extraction.learned) judged the source
    # unnamed; None leaves it to sourcing.is_anonymous.
    sourcing: str | None = None


def find_all(text: str, start: int, end: int) -> list[Attribution]:
    """The attributions in the sentence ``[start, end)``, in the order of their cues."""
    quoted = quoted_regions(text, start, end)
    found_cues = [c for c in cues(text, start, end) if not _within(c.span[0], quoted)]
    found: list[Attribution] = []
    for index, cue in enumerate(found_cues):
        outer = [a for a in found if _inside(text, cue, a)]
        if outer:
            # Inside another's content ("He said Khan told him…") or source; an
            # unnamed group's saying there is still reported on its own.
            nested = _nested_unnamed(text, cue, outer[-1])
            if nested is not None and nested.content[1] <= nested.source[0]:
                # "Eggleston said it could hurt…, people familiar with the
                # session said.": the outer content stops where they come in.
                at = found.index(outer[-1])
                found[at] = replace(outer[-1], content=nested.content)
            found += [nested] if nested is not None else []
            continue
        clauses = (c.clause for c in found_cues[index + 1 :] if c.clause is not None)
        limit = next(clauses, end)
        limit += text[limit : limit + 1] == '"'  # a closing quotation mark stays with its words
        clause = _after_previous(found, start, cue.span[0])
        attribution = attribute(text, (start, clause, limit), cue, found)
        if attribution is not None and says_something(text, attribution.content):
            found.append(attribution)
    return found


# Verbs of saying proper: inside the content of a weaker verb ("Trump blasted
# the plan, which officials said…"), such a cue is still read as its own.
STRONG = {"said", "says", "say", "told", "tells", "tell", "according to", "wrote", "writes"}


def _inside(text: str, cue: Cue, outer: Attribution) -> bool:
    if _within(cue.span[0], [outer.source]):
        return True
    if not _within(cue.span[0], [outer.content]):
        return False
    outer_verb = text[outer.cue[0] : outer.cue[1]].lower().split()[-1]
    verb = text[cue.span[0] : cue.span[1]].lower()
    return outer_verb in STRONG or not any(verb.endswith(s) for s in STRONG)


# Where a clause inside another's content starts: "…cheeseburger - others say…",
# "(the existence of which, many Democrats say, …)", "something aides argue is…".
NESTED_CLAUSE = re.compile(
    r"(?:[,;(]|\s[-—–]\s|\b(?:which|that|and|but|while|whereas|what|something)\b)\s*",
    re.IGNORECASE,
)


# Verbs that assert something (not "asked", "called"): read inside another's content.
ASSERTING = {
    "say", "says", "said", "argue", "argues", "argued", "claim", "claims", "claimed",
    "insist", "insists", "insisted", "warn", "warns", "warned", "accuse", "accused",
    "suggest", "suggests", "suggested", "allege", "alleged", "contend", "contended",
    "note", "noted", "maintain", "maintained",
}  # fmt: skip
RELATIVE_WORD = re.compile(r"\b(?:who|whose|whom)\b", re.IGNORECASE)


def _nested_unnamed(text: str, cue: Cue, outer: Attribution) -> Attribution | None:
    """ "Some friends say he looks tired - others say he has never been
    healthier": the second saying is the others', and they are unnamed. Only
    unnamed sources are read there: a desk must not lose an anonymous claim
    inside a named one's content, and other nested sayings are the outer's."""
    verb = text[cue.span[0] : cue.span[1]].split()[-1].lower()
    if verb not in ASSERTING or not _within(cue.span[0], [outer.content]):
        return None
    clauses = [m.end() for m in NESTED_CLAUSE.finditer(text, outer.content[0], cue.span[0])]
    source = source_phrase(text, max([outer.content[0], *clauses]), cue.span[0])
    if source is None or not _adjacent(text, source[1], cue.span[0]):
        return None
    phrase = text[source[0] : source[1]]
    if not is_anonymous(phrase) or RELATIVE_WORD.search(phrase):
        return None  # "a supporter who": the start of a clause, not a speaker
    content = _content_after(text, cue.span[1], outer.content[1])
    if content is None and not text[cue.span[1] : outer.content[1]].strip(TRAILING + '"'):
        content = trim(text, outer.content[0], source[0])  # "…, people familiar with it said."
    if content is None or not says_something(text, content):
        return None
    return Attribution(strip_quotes(text, *content), source, cue.span, "source-cue")


def _after_previous(found: list[Attribution], start: int, before: int) -> int:
    """Where the text after the attributions found so far starts (for a cue
    read inside another's content: after that one's cue)."""
    ends = [max(a.cue[1], a.content[1]) for a in found]
    ends = [e if e <= before else a.cue[1] for e, a in zip(ends, found, strict=True)]
    return max([start, *(e for e in ends if e <= before)])


def _within(position: int, regions: list[Span]) -> bool:
    return any(s <= position < e for s, e in regions)


# ---------------------------------------------------------------- helpers


def trim(text: str, start: int, end: int, chars: str = TRAILING) -> Span:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def strip_quotes(text: str, start: int, end: int) -> Span:
    start, end = trim(text, start, end)
    if end - start < 2:
        return start, end  # nothing or one character: no quotation around anything
    for opening, closing in QUOTE_PAIRS:
        if text.startswith(opening, start) and text[end - 1 : end] == closing:
            return trim(text, start + 1, end - 1)
    if text[start] == '"':
        return trim(text, start + 1, end)
    return start, end


def says_something(text: str, span: Span) -> bool:
    """A content has at least one letter or digit: '"..."' says nothing."""
    return span[0] < span[1] and any(char.isalnum() for char in text[span[0] : span[1]])


def source_phrase(text: str, start: int, end: int, *, after_cue: bool = False) -> Span | None:
    """The source's words between ``start`` and ``end``.

    Leading adverbials ("But", "On Monday", "Outside court,") go; of
    comma-separated parts, the one naming the speaker stays ("Its leader,
    Ines Vartanian," -> "Ines Vartanian"), with a relative clause that says
    why the source is unnamed ("…, who did not want to be named").
    """
    start, end = trim(text, start, end, " \t\n,.-—–")
    dateline = DATELINE.match(text, start, end)
    start = dateline.end() if dateline else start
    noise = LEADING_NOISE.match(text, start, end)
    if noise:
        start = noise.end()
    parts = _comma_parts(text, start, end)
    if not parts:
        return None
    object_relative = None if after_cue else OBJECT_RELATIVE.fullmatch(text, *parts[-1])
    if object_relative is not None:
        # "…slots, which he said were…": the speaker after the relative pronoun.
        return _plausible(text, *object_relative.span("speaker"))
    chosen_start, chosen_end = _speaker(text, parts, after_cue)
    # "A senior doctor who asked not to be named because…": the clause saying
    # why belongs to the source, but is not read for its words.
    why = RELATIVE_WHY.search(text, chosen_start, chosen_end)
    unnamed = why is not None and ANONYMITY_PHRASES.search(text, why.start(), chosen_end)
    core_end = why.start() if unnamed else chosen_end
    if not after_cue:
        chosen_start = _after_subordinator(text, chosen_start, core_end)
    core = _plausible(text, *_cut_after_name(text, chosen_start, core_end))
    if core is None:
        return None
    end = chosen_end if unnamed else core[1]
    anonymity = [p for p in parts if p[0] > chosen_start and _relative(text, p)]
    if anonymity and ANONYMITY_PHRASES.search(text[anonymity[0][0] : anonymity[0][1]]):
        end = anonymity[0][1]  # "…, who spoke on condition of anonymity because …,"
    return core[0], end


TRAILING_TIME = re.compile(
    r"\s+(?:on\s+(?:\w+day|\w+\s+\d+)|(?:this|last|next)\s+(?:week|month|year|\w+day)|today|"
    r"yesterday|tonight|earlier|later)\s*$",
    re.IGNORECASE,
)


def _without_trailing(text: str, start: int, end: int) -> Span:
    """ "Sanders supporters have long [said]": the words that ran on to the cue go."""
    time = TRAILING_TIME.search(text, start, end)
    end = time.start() if time and time.start() > start else end  # "… allies on Monday [said]"
    words = list(re.finditer(r"\S+", text[start:end]))
    while len(words) > 1:
        last = words[-1].group().lower()
        if not runs_on(last):
            break
        words.pop()
    return start, start + words[-1].end()


OBJECT_RELATIVE = re.compile(
    r"(?:which|whom|who|that)\s+(?P<speaker>(?:he|she|they|we|I|(?:the\s+)?[A-Z][\w’'.-]*"
    r"(?:\s+[A-Z][\w’'.-]*){0,2}|(?:the|some|many|two|three)\s+\w+(?:\s+\w+)?))"
)
RELATIVE_WHY = re.compile(r"\s(?:who|which|whose)\s")


SUBORDINATE_OPENER = re.compile(
    r"\b(?:after|when|as|if|because|while|since|until|before|once|though|although|that|"
    r"where|whereas|which|whom|what)\s+(?!(?:of|to|for|in|on)\b)",
    re.IGNORECASE,
)


def _after_subordinator(text: str, start: int, end: int) -> int:
    """ "…spill some beans after the celebrity press ReganBooks" -> the words after
    the last subordinator: the subject of the clause the cue is the verb of."""
    ends = [m.end() for m in SUBORDINATE_OPENER.finditer(text, start, end)]
    return ends[-1] if ends and ends[-1] < end else start


def _comma_parts(text: str, start: int, end: int) -> list[Span]:
    parts, position = [], start
    for index in range(start, end + 1):
        if index == end or text[index] in ",—–(":
            part = trim(text, position, index, " \t\n,")
            if part[0] < part[1]:
                parts.append(part)
            position = index + 1
    return parts


def _speaker(text: str, parts: list[Span], after_cue: bool) -> Span:
    """Of "Its leader, Ines Vartanian" or "J. R. Whitcombe, chief economist at
    Northfield Bank", the part that names the speaker: the one next to the cue,
    or the name a description beside it is in apposition to."""
    main = [p for p in parts if not _relative(text, p)] or parts
    if after_cue:
        return main[0]  # "said J. R. Whitcombe, chief economist …"
    last = main[-1]
    if len(main) > 1 and _descriptive(text, last):
        before = main[-2]
        phrase = text[before[0] : before[1]]
        words = phrase.split()
        a_name = names_someone(phrase) or (len(words) == 1 and name_word(phrase))
        if a_name and len(words) <= 6 and not CLAUSE_INSIDE.search(phrase):
            return before  # "Ines Vartanian, its leader, said"
    return last


def _relative(text: str, part: Span) -> bool:
    """A relative clause or an aside ("who chairs…", "speaking privately")."""
    words = text[part[0] : part[1]].lower()
    first = words.split(" ", 1)[0]
    if words in ASIDE_ADVERBS:
        return True  # "U.S. officials, however, said"
    age = words.isdigit()  # "Jessie Elkins, 70, said"; not "74 percent said"
    return first in ("who", "which", "whose") or first.endswith("ing") or age


ASIDE_ADVERBS = {
    "however", "though", "in fact", "too", "also", "of course", "for example", "for instance",
    "meanwhile", "moreover", "still", "instead", "in turn", "in contrast", "by contrast",
    "for his part", "for her part", "for their part", "nonetheless", "nevertheless",
    "on the other hand", "in other words", "at least", "in particular",
}  # fmt: skip


def _descriptive(text: str, part: Span) -> bool:
    """ "a retail analyst at …", "its leader": a description beside the name."""
    words = text[part[0] : part[1]].split()
    if not words:
        return False  # a part of only non-breaking spaces
    first = words[0].lower()
    if first in ("a", "an", "its", "his", "her", "their", "our", "whose"):
        return True
    if first.endswith(("’s", "'s", "s’", "s'")) and len(words) > 1 and words[1][:1].islower():
        return True  # "Trump's campaign manager"
    if first in ("democrat", "republican", "independent"):
        return True  # "Steve Cohen, Democrat of Tennessee"
    if words[0][:1].islower() and first not in ("the",):
        return True  # "deputy homeland security adviser": a role, lower case
    return first == "the" and len(words) > 1 and words[1][:1].islower()


def _cut_after_name(text: str, start: int, end: int) -> Span:
    """ "Prof. Marta Lindqvist of the Riverside School" -> "Prof. Marta Lindqvist"."""
    phrase = text[start:end]
    match = NAME_THEN_PREPOSITION.search(phrase)
    if match is None or not name_word(match.group("first")) or not name_word(match.group("last")):
        return start, end
    if match.group("last").lower() in TITLES:
        return start, end  # "Missouri Secretary of State Jason Kander": a title, then the name
    return start, start + match.start("rest")


# Titles that take "of": "Secretary of State", "Minister of Finance".
TITLES = {
    "secretary", "minister", "director", "chairman", "chairwoman", "president", "governor",
    "head", "chief", "speaker", "leader", "mayor", "attorney", "commissioner", "ambassador",
}  # fmt: skip


# A name of at least two capitalised words, then a prepositional tail.
NAME_THEN_PREPOSITION = re.compile(
    r"(?P<first>[A-Z][\w’'.-]+)\s+(?P<last>[A-Z][\w’'-]+)"
    r"(?P<rest>\s+(?:of|in|at|from|on|for|during)\s)"
)


POLL_SHARE_START = re.compile(r"\d[\d,.]*\s*(?:%|percent\b|per\s+cent\b|of\s|\s*$)")


def _plausible(text: str, start: int, end: int) -> Span | None:
    phrase = text[start:end]
    if not phrase or CLAUSE_INSIDE.search(phrase):
        return None
    if not phrase[0].isalpha() and not POLL_SHARE_START.match(phrase):
        return None  # a poll's share may open with a figure: "60 percent of voters said"
    words = phrase.split()
    if words[0].lower() in SUBORDINATORS or len(words) > MAX_SOURCE_WORDS:
        return None
    return start, end


# ---------------------------------------------------------------- cues


@dataclass(frozen=True)
class Cue:
    span: Span
    kind: str  # "verb", "gerund" (", saying that…") or "according"
    # Where the cue's own clause starts when it starts one (", and officials
    # said", ", adding"): the content of a cue before it ends there.
    clause: int | None = None


def cues(text: str, start: int, end: int) -> list[Cue]:
    found = [c for m in VERB.finditer(text, start, end) if (c := _verb_cue(text, (start, end), m))]
    found += [Cue(m.span(), "according", _comma_before(text, start, m.start()))
              for m in ACCORDING_TO.finditer(text, start, end)]  # fmt: skip
    return sorted(found, key=lambda c: c.span)


DETERMINERS = {
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these",
    "those", "such", "no", "any", "every", "each", "first", "last", "recent", "new", "latest",
    "own", "so", "so-called", "widely", "much",
}  # fmt: skip
NOUN_MODIFIERS = {"media", "news", "press", "911", "phone", "conference", "campaign"}
# Plural nouns that are verbs too: a cue only where the verb reading is plain.
PLURAL_NOUNISH = {
    "states", "claims", "reports", "calls", "notes", "tweets", "posts", "comments", "remarks",
    "questions", "charges", "answers", "orders", "labels", "promises", "pledges", "demands",
    "vows", "jokes", "hints", "quotes", "rules", "shows", "estimates", "counters",
}  # fmt: skip
# Verbs that report only with what was said after them ("added that", "added:
# “…”", "“…,” he added."), not with an object ("added 160 officers").
NEEDS_CLAUSE = {
    "add", "adds", "added", "maintain", "maintains", "maintained", "conclude", "concludes",
    "concluded", "charge", "charges", "charged", "post", "posts", "posted", "note", "notes",
    "noted", "repeat", "repeated", "repeats", "continued", "continues", "ruled",
}  # fmt: skip
CLAUSE_AFTER = re.compile(
    r"\s*(?:that\b|[:\",.;!?]|$|(?:in|on|at|to\s+reporters|during|later|today|yesterday|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)",
    re.IGNORECASE,
)
# "noted the White House wouldn't close it": a clause without "that" — a short
# subject, then a finite verb.
BARE_CLAUSE_AFTER = re.compile(
    r"\s+(?:[\w’'.-]+\s+){1,4}?(?:is|are|was|were|has|have|had|will|would|could|can|should|"
    r"may|might|must|did|does)(?:n[’']t)?\b|\s+(?:[\w’'.-]+\s+){1,4}?(?:won|wouldn|isn|wasn|"
    r"can|couldn|didn|doesn)[’']t\b",
    re.IGNORECASE,
)
NEXT_WORD = re.compile(r"\s+([\w’'-]+)")


def _clause_after(text: str, at: int) -> bool:
    """What follows a verb is something said: a clause or a quotation."""
    return bool(CLAUSE_AFTER.match(text, at) or BARE_CLAUSE_AFTER.match(text, at))


UNNAMED_FORMULA = re.compile(
    r"(?:asked|declined|spoke|speaking|requested)\s+(?:not\s+to\s+be|to\s+not\s+be|to\s+remain|"
    r"on\s+(?:the\s+)?condition|anonymously|only\s+on)",
    re.IGNORECASE,
)
ADJECTIVES_OF_A_SAY = {"larger", "greater", "bigger", "final", "equal", "fair", "real", "more"}
CALLING_SUBJECTS = {"he", "she", "they", "it", "we", "i", "who", "which", "also", "then", "and"}


def _names_a_thing(previous_word: str, next_word: str) -> bool:
    """ "a group called Color of Change", "what is called": a thing named, where a
    person calling someone something ("Trump called Clinton…") has a subject."""
    after_noun = previous_word.islower() and previous_word not in CALLING_SUBJECTS
    return after_noun and not previous_word.endswith("ly") and next_word[:1].isupper()


# Base forms that are nouns more often than verbs ("a ballot question").
BARE_NOUNISH = {
    "state", "question", "charge", "report", "comment", "remark", "quote", "answer", "post",
    "promise", "pledge", "demand", "vow", "praise", "blame", "joke", "boast", "hint", "label",
    "caution", "tweet", "claim", "respond", "call for", "call on", "call",
}  # fmt: skip
NOUNISH = PLURAL_NOUNISH | BARE_NOUNISH
SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:he|she|they|it|we|i|who|which)|[A-Z][\w’'.-]*)\s+(?:[a-z]+ly\s+)?$"
)
VERB_AFTER = re.compile(r"\s*(?:[:“\"]|,\s*[“\"])")
PREVIOUS_WORD = re.compile(r"([\w’'-]+)\W*$")
PASSIVE_OPENERS = {"being", "been", "be", "when", "if", "once", "after", "before", "get", "got"}
GERUND_OPENERS = re.compile(
    r"(?:,\"?|\b(?:and|while|before|after|by|in|when|also|statement|e-?mail|tweet|response|"
    r"letter|memo|release|ad|video|message|post|signs?|cover|percent))\s*$",
    re.IGNORECASE,
)
# "went on to say", "continued to insist", "is expected to tell": a saying.
SAYING_GOES_ON = re.compile(
    r"(?:(?:went|goes|go)\s+on|expected|continued|continues|continue|began|begins|likely|"
    r"pains|way|used|repeatedly)\s+to\s+$",
    re.IGNORECASE,
)


def _title_case(text: str, start: int, at: int) -> bool:
    """A headline ("Trevor Noah Says …"): nearly every word of it capitalised."""
    words = re.findall(r"[A-Za-z][\w’']*", text[start:at])
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# "… said the plan was dead, and accused him of …": a second verb, same subject.
SHARED_SUBJECT = re.compile(r"(?:,\s*)?\b(?:and|but|then)\s+$")
PAST_PARTICIPLE = re.compile(r"(?:ed|told|said|written|spoke)$")


def _verb_cue(text: str, sentence: Span, match: re.Match) -> Cue | None:
    start = sentence[0]
    verb = match.group("verb").lower()
    before = text[max(start, match.start() - 60) : match.start()]
    previous = PREVIOUS_WORD.search(before)
    previous_word = previous.group(1).lower() if previous else ""
    if previous_word in DETERMINERS or previous_word.endswith(("’s", "'s")) or before.endswith("-"):
        return None  # "the report", "Trump's claims", "an estimated 5,000", "so-called"
    if verb in COGNITIVE and previous_word not in PERSON_NOUNS:
        return None
    mid_sentence = text[start : match.start()].strip()
    if match.group()[:1].isupper() and mid_sentence and not _title_case(text, start, match.start()):
        return None  # "Secretary of State", "the United States": a name, not a verb
    # "Supporters claim that…", "lawmakers claim it will…"; not "parents answer the call".
    people_before = (
        previous_word in PERSON_NOUNS
        and previous_word.endswith("s")
        and _clause_after(text, match.end())
    )
    if verb in NOUNISH and (
        previous_word in NOUN_MODIFIERS
        or not (
            SUBJECT_BEFORE.search(before) or people_before or VERB_AFTER.match(text, match.end())
        )
    ):
        return None  # "news reports", "911 calls"
    if previous_word == "to" and not SAYING_GOES_ON.search(before):
        return None  # "declined to say", "wants to tell": nothing was said
    auxiliary = AUXILIARY_BEFORE.search(text, max(start, match.start() - 40), match.start())
    aux = auxiliary.group() if auxiliary and auxiliary.group().strip() else ""
    # Not "is expected to say", "was quoted as saying" ("was" itself ends in "as").
    passive = PASSIVE.search(aux) and aux.lower().split()[-1] not in ("to", "as")
    if (passive or previous_word in PASSIVE_OPENERS) and PAST_PARTICIPLE.search(verb):
        if passive and BY_AGENT.match(text, match.end()):
            # "Trump has been criticized by some of his rivals": the agent spoke.
            return Cue((auxiliary.start(), match.end()), "passive")
        return None  # "was confirmed", "after being told", "when asked": not someone speaking
    if not mid_sentence and verb in ("asked", "told") and match.group()[:1].isupper():
        return None  # "Asked about the plan, he said…"
    if verb in NEEDS_CLAUSE and not _clause_after(text, match.end()):
        return None  # "added another facet", "maintained his lead", "the talks concluded"
    if UNNAMED_FORMULA.match(text, match.start()):
        return None  # "who asked not to be named": why a source is unnamed, not a saying
    following = NEXT_WORD.match(text, match.end())
    next_word = following.group(1) if following else ""
    if verb == "pledged" and next_word == "delegates":
        return None  # "263 pledged delegates": an adjective
    if verb.startswith("add") and next_word == "to":
        return None  # "is adding to her lead"
    if verb == "say" and previous_word in ADJECTIVES_OF_A_SAY:
        return None  # "a larger say than they do"
    if verb == "called" and _names_a_thing(previous_word, next_word):
        return None  # "a company called Cambridge Analytica": a name given, not a saying
    cue_start = auxiliary.start() if aux else match.start()
    told = verb.startswith(("told", "tell")) and match.group().lower() == verb
    cue_end = _addressee_end(text, match.end(), len(text)) if told else match.end()
    offset = match.start() - len(before)
    if verb.split()[0].endswith("ing") and not aux:
        opener = GERUND_OPENERS.search(before)
        if opener is None:
            return None  # "a saying", "the reporting": not a cue
        nested = opener.group().strip().lower() == "by"  # "responded by saying": one saying
        return Cue((cue_start, cue_end), "gerund", None if nested else offset + opener.start())
    shared = SHARED_SUBJECT.search(text, max(start, cue_start - 20), cue_start)
    if shared is not None:
        return Cue((cue_start, cue_end), "shared", shared.start())
    return Cue((cue_start, cue_end), "verb", _joint_clause(text, sentence, cue_start))


# ", and officials said", "; Khan said", ", but the ministry insisted": a new
# clause with its own short subject. Searched backwards from the cue.
JOINT = re.compile(r"(?:;|[,;]\s+(?:and|but|while|whereas|as|though|although|yet)\b|\s+but\b)")
JOINT_SUBJECT_WORDS = 12


def _joint_clause(text: str, sentence: Span, cue_start: int) -> int | None:
    start = sentence[0]
    window_start = max(start, cue_start - 200)
    quoted = _closing_quote_clause(text, sentence, cue_start)
    if quoted is not None:
        return quoted
    main = _main_clause(text, sentence, cue_start)
    if main is not None:
        return main
    joints = list(JOINT.finditer(text, window_start, cue_start))
    if not joints:
        return None
    joint = joints[-1]
    subject = text[joint.end() : cue_start]
    if len(subject.split()) > JOINT_SUBJECT_WORDS or "“" in subject or '"' in subject:
        return None
    if source_phrase(text, joint.end(), cue_start) is None:
        return None
    return joint.start()


# "…at a conference that he was “very comfortable,” The Post reported.": a
# quotation closed, then a short source and its cue end the sentence.
AFTER_QUOTE_SUBJECT = re.compile(r'"\s*([^",;:()]{1,60})$')


def _closing_quote_clause(text: str, sentence: Span, cue_start: int) -> int | None:
    """The closing quotation mark before a sentence-final source and cue: the
    saying before it ends there, and the quotation is this cue's content."""
    start, end = sentence
    match = AFTER_QUOTE_SUBJECT.search(text, max(start, cue_start - 80), cue_start)
    if match is None or text[start : match.start()].count('"') % 2 == 0:
        return None  # no quotation closes there
    subject = match.group(1)
    pronoun = subject.strip().lower() in PRONOUNS
    if not 0 < len(subject.split()) <= 6 or not (subject.strip()[:1].isupper() or pronoun):
        return None
    rest = text[cue_start:end]
    if len(rest) > 60 or '"' in rest or "," in rest:
        return None
    return match.start()


# "While Comey said A, he said B": after a subordinate clause that opens the
# sentence, the main clause's own short subject and cue.
OPENING_SUBORDINATE = re.compile(
    r"\s*(?:while|although|though|as|since|after|before|when|if|because|once|even\s+though)\b",
    re.IGNORECASE,
)
# "…, BFM TV reported.": a news outlet reporting what the sentence says.
REPORTED = re.compile(r"(?:has\s+)?report(?:ed|s)\b[^,;:\"]{0,40}[.!]?\s*$", re.IGNORECASE)


def _main_clause(text: str, sentence: Span, cue_start: int) -> int | None:
    start, end = sentence
    opening = OPENING_SUBORDINATE.match(text, start, cue_start)
    reported = REPORTED.match(text, cue_start, end)
    if opening is None and reported is None:
        return None
    comma = text.rfind(",", start, cue_start)
    subject = text[comma + 1 : cue_start] if comma > start else ""
    if not 0 < len(subject.split()) <= 5 or '"' in subject:
        return None
    phrase = source_phrase(text, comma + 1, cue_start)
    if phrase is None or not looks_like_source(text[phrase[0] : phrase[1]]):
        return None
    return comma


def _comma_before(text: str, start: int, at: int) -> int | None:
    """ "…, according to X" ends the content of a cue before it at the comma."""
    comma = text.rfind(",", start, at)
    return comma if comma >= 0 and not text[comma + 1 : at].strip() else None


PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\b", re.IGNORECASE)
ADDRESSEE = re.compile(
    r"(?:\s+(?:the|a|an)?\s*[\w’'.-]+){1,4}?(?=\s+that\b|\s*[,:“\"]|\s+(?:on|in|at|after|before|last|this)\b)"
)


def _addressee_end(text: str, after: int, end: int) -> int:
    """Where "told X" ends: before "that", a colon, a comma or the quote; or
    after whom it was told, named or a pronoun ("told the Ledger the vote…")."""
    match = TOLD_WHOM.match(text, after, min(end, after + 60)) or ADDRESSEE.match(
        text, after, min(end, after + 60)
    )
    return match.end() if match else after


TOLD_WHOM = re.compile(
    r"\s+(?:him|her|them|us|me|reporters|journalists|(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\b"
)


def quoted_regions(text: str, start: int, end: int) -> list[Span]:
    """The insides of the sentence's closed quotations ("…" pairs; the marks
    arrive straight)."""
    regions, position = [], start
    while (opening := text.find('"', position, end)) >= 0:
        close = text.find('"', opening + 1, end)
        if close < 0:
            break
        regions.append((opening + 1, close))
        position = close + 1
    return regions


# ---------------------------------------------------------------- one cue


def attribute(
    text: str, bounds: tuple[int, int, int], cue: Cue, found: list[Attribution]
) -> Attribution | None:
    """The source and content of ``cue``; ``bounds`` are the sentence's start,
    where the cue's clause starts, and where its content must end."""
    start, clause, limit = bounds
    if cue.kind == "according":
        return _according(text, start, clause, limit, cue)
    if cue.kind == "passive":
        return _passive(text, clause, limit, cue)
    if cue.kind in ("gerund", "shared"):
        return _shared_subject(text, start, limit, cue, found)
    if cue.clause is not None and text[cue.clause] == '"':
        return _after_quotation(text, start, cue)
    region_start = cue.clause + 1 if cue.clause is not None else clause
    region_start = _skip_joint(text, region_start, cue.span[0])
    after = _content_after(text, cue.span[1], limit)
    aside = found[-1] if found and found[-1].refers_to else None
    if aside and after is not None and not text[aside.content[1] : cue.span[0]].strip(' ,"'):
        # "Officials, who said nothing, said the dam leaks": the main saying
        # after the aside is the referent's.
        return Attribution(strip_quotes(text, *after), aside.refers_to, cue.span, "source-cue")
    relative = RELATIVE_SOURCE.search(text, region_start, cue.span[0])
    if relative is not None and after is not None:
        # ", who said": the source is "who", standing for the phrase before it.
        referent = source_phrase(text, region_start, relative.start())
        who = relative.span("who")
        # "The minister, who told reporters the dam leaks, said…": an aside's
        # saying ends with the aside.
        comma = text.find(",", after[0], after[1])
        content = (after[0], comma) if comma > after[0] else after
        return Attribution(strip_quotes(text, *content), who, cue.span, "source-cue", referent)
    if _source_follows(text, region_start, cue):
        inverted = _inverted(text, region_start, limit, cue)
        if inverted is not None:
            return inverted
    quote_end = _last_closing_quote(text, region_start, cue.span[0])
    source_start = quote_end + 1 if quote_end is not None else region_start
    source = source_phrase(text, source_start, cue.span[0])
    if source is not None and not _adjacent(text, source[1], cue.span[0]):
        source = None
    if source is not None:
        source = _without_trailing(text, *source)
        before = _content_before(text, clause, source[0])
        if before is None and after is None and cue.clause is not None:
            before = trim(text, start, cue.clause)  # "…, BFM TV reported." wraps the sentence
        content = _choose_content(text, before, after, cue)
        if content is None:
            return None
        pattern = "quote-cue" if quote_end is not None else "source-cue"
        return Attribution(content, source, cue.span, pattern)
    if not text[start : cue.span[0]].strip():
        return _fronted(text, limit, cue)
    return _inverted(text, region_start, limit, cue) or _nearest(text, region_start, limit, cue)


# A fallback's source: the words right before the cue, back to a comma or a
# clause's start, as long as they look like a speaker.
NEAREST_SOURCE = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:that|and|but|as|if|when|after|while)\s+)([^,;:()\"]{1,60})$"
)


BY_AGENT = re.compile(r"\s+by\s+(?=[\w“\"])")
# Where the agent of a passive ends: "by some of his rivals for failing…".
AGENT_END = re.compile(
    r"[,;:()“\"]|\s(?:for|as|of|over|after|because|that|who|which|when|in|on|at|to|and\s+(?:is|was|has|had))\s",
)


QUANTIFIER_OF = re.compile(r"(?:some|many|most|all|one|two|three|several|few|none)\s+of\s", re.I)


def _passive(text: str, clause: int, limit: int, cue: Cue) -> Attribution | None:
    """ "Trump has been criticized by some of his rivals for failing…": the
    agent is the source, and what was said is about the subject, who is the
    content's core (as PolNeAR marks it)."""
    agent = BY_AGENT.match(text, cue.span[1])
    stop = AGENT_END.search(text, agent.end(), limit)
    if stop and stop.group().strip() == "of" and QUANTIFIER_OF.match(text, agent.end()):
        stop = AGENT_END.search(text, stop.end(), limit)  # "by some of his rivals"
    source = source_phrase(text, agent.end(), stop.start() if stop else limit, after_cue=True)
    if source is None or not looks_like_source(text[source[0] : source[1]]):
        return None
    subject = _skip_joint(text, clause, cue.span[0])
    content = strip_quotes(text, subject, cue.span[0])
    if content[1] - content[0] < 2:
        return None
    return Attribution(content, source, cue.span, "passive")


def _nearest(text: str, region_start: int, limit: int, cue: Cue) -> Attribution | None:
    """When no pattern fits, a reporting verb with a speaker-like phrase just
    before it and something said after it is still an attribution."""
    before = text[region_start : cue.span[0]].rstrip()
    found = NEAREST_SOURCE.search(before)
    after = _content_after(text, cue.span[1], limit)
    if found is None or after is None:
        return None
    source = trim(text, region_start + found.start(1), region_start + found.end(1), " \t\n")
    phrase = text[source[0] : source[1]]
    if len(phrase.split()) > 6 or not looks_like_source(phrase) or FINITE_VERB.search(phrase):
        return None
    if _plausible(text, *source) is None:
        return None  # "Whether the government responds…": a clause, not a speaker
    return Attribution(strip_quotes(text, *after), source, cue.span, "content-cue")


def _fronted(text: str, limit: int, cue: Cue) -> Attribution | None:
    """Said Comey, "The thought that…": the cue first, then its source, then the quote."""
    comma = text.find(",", cue.span[1], limit)
    if comma < 0:
        return None
    source = source_phrase(text, cue.span[1], comma, after_cue=True)
    content = _content_after(text, comma + 1, limit)
    if source is None or content is None or not looks_like_source(text[source[0] : source[1]]):
        return None
    return Attribution(strip_quotes(text, *content), source, cue.span, "quote-cue")


RELATIVE_SOURCE = re.compile(r",\s*(?P<who>who|which)\s*$")


# Verbs that put their source after them: "…, said Geert Wilders".
INVERTIBLE = {
    "said", "says", "wrote", "writes", "added", "adds", "asked", "argued", "noted", "explained",
    "continued", "insisted", "recalled", "warned", "observed", "declared", "replied",
}  # fmt: skip


def _source_follows(text: str, region_start: int, cue: Cue) -> bool:
    """ "…for the EU, said Geert Wilders, founder of…": a comma right before the
    cue and a name right after it; but not "Smith, the party's leader, said",
    where a description set off by commas follows the name it describes."""
    before = text[region_start : cue.span[0]]
    verb = text[cue.span[0] : cue.span[1]].split()[-1].lower()
    if verb not in INVERTIBLE or not re.search(r",\s*$", before):
        return False
    if not NAME_AFTER.match(text, cue.span[1]):
        return False
    parts = _comma_parts(text, region_start, cue.span[0])
    if parts and _relative(text, parts[-1]):
        return False  # "A worker at a shop, who did not want to be named, said"
    described = len(parts) > 1 and _descriptive(text, parts[-1])
    return not (described and names_someone(text[parts[-2][0] : parts[-2][1]]))


NAME_AFTER = re.compile(r"\s+(?:[A-Z][\w’'.-]*|(?:the|a|an|one|two|three)\s)")


def _after_quotation(text: str, start: int, cue: Cue) -> Attribution | None:
    """ "…he was “very comfortable,” The Post reported.": the quotation is the content."""
    opening = text.rfind('"', start, cue.clause)
    source = source_phrase(text, cue.clause + 1, cue.span[0])
    if opening < 0 or source is None or not looks_like_source(text[source[0] : source[1]]):
        return None
    return Attribution(strip_quotes(text, opening, cue.clause + 1), source, cue.span, "quote-cue")


def _skip_joint(text: str, start: int, stop: int) -> int:
    joint = re.match(
        r"[\s,;]*(?:(?:and|but|while|whereas|as|though|although|yet)\b)?", text[start:stop]
    )
    return start + joint.end()


def _adjacent(text: str, source_end: int, cue_start: int) -> bool:
    """The source ends right before its cue, bar an aside between commas
    ("Khan, who chairs the party, said")."""
    gap = text[source_end:cue_start]
    # (The source lost a closing full stop to trimming: "into the U.S. cite".)
    if not gap.strip(" ,.\n") or (gap.lstrip().startswith(",") and gap.rstrip().endswith(",")):
        return True
    # The tail cut from a name, and an aside: "David Woodard of Clemson
    # University, said", "Chris Murphy of Connecticut, who campaigned…, said".
    return NAME_TAIL.fullmatch(gap) is not None


NAME_TAIL = re.compile(
    r"(?:\s+(?:of|in|at|from|for|on|during)\s[^,;:\"]*)?\s*"
    r"(?:[,—–][^;:\"]*[,—–]|\([^()]*\))?\s*"  # an aside: ", who…," "— a teacher —" "(R-Ohio)"
)


def _content_after(text: str, after_cue: int, limit: int) -> Span | None:
    opener = CONTENT_OPENER.match(text, after_cue, limit)
    start = opener.end() if opener else after_cue
    span = trim(text, start, limit)
    return span if span[1] - span[0] >= 3 else None


def _content_before(text: str, start: int, source_start: int) -> Span | None:
    """What comes before the source, when it is a statement and not a leading
    adverbial ("In a statement,") or the source's own title."""
    joined = re.search(r"[,”\"]\s*(?:(?:as|while|though)\s+)?$", text[start:source_start])
    if joined is None:
        return None  # "Opposition councillor Qureshi": no comma, no quote: part of the name
    span = trim(text, start, start + joined.start() + 1)  # "…carries risks, as [they note]"
    words = text[span[0] : span[1]].split()
    if len(words) < 3 or LEADING_NOISE.fullmatch(text, span[0], span[1]):
        return None
    return span


def _choose_content(text: str, before: Span | None, after: Span | None, cue: Cue) -> Span | None:
    """After the cue if anything is said there; before it when the cue ends the
    sentence or only circumstances follow it ("…,” he said on Sunday in an
    interview); both (one span over them) when the cue sits inside a quotation
    or a statement: “We are not there yet,” said Reyes, “but…”."""
    if before is not None and after is not None:
        if text[cue.span[1] : after[0]].strip().startswith(","):
            return strip_quotes(text, before[0], after[1])
        if CIRCUMSTANCE.match(text, after[0], after[1]):
            return strip_quotes(text, *before)
    if after is not None:
        return strip_quotes(text, *after)
    if before is not None:
        return strip_quotes(text, *before)
    return None


# What follows a cue without being said: when, where, to whom, how.
CIRCUMSTANCE = re.compile(
    r"\(|(?:in|on|at|to|during|after|before|from|while|as|when|with|via|through|last|this|"
    r"earlier|later|recently|afterward|again|simply|flatly|privately|publicly|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight)\b",
    re.IGNORECASE,
)


def _last_closing_quote(text: str, start: int, stop: int) -> int | None:
    """A quotation closed before the cue's source: “…,” the minister said."""
    for index in range(stop - 1, start - 1, -1):
        char = text[index]
        if char == '"':
            # Straight marks only (extract straightens them): odd means closing.
            return index if text[start:index].count('"') % 2 == 1 else None
        if char in ";:":
            return None
    return None


def _inverted(text: str, region_start: int, limit: int, cue: Cue) -> Attribution | None:
    """“…,” said Reyes. / The bridge will reopen, said a spokeswoman for the council."""
    gap = text[region_start : cue.span[0]]
    quote_or_comma = re.search(r"[,”\"]\s*$", gap)
    if quote_or_comma is None:
        return None
    comma = text.find(",", cue.span[1], limit)
    source_end = limit if comma < 0 else comma
    source = source_phrase(text, cue.span[1], limit, after_cue=True)
    if source is None:
        return None
    phrase = text[source[0] : source[1]]
    after_quote = '"' in gap
    if not looks_like_source(phrase) and not (after_quote and SOMEONE.match(phrase)):
        return None  # after a quote, "wrote one commenter" is someone too
    why = RELATIVE_WHY.search(text, source[0], source[1])
    if FINITE_VERB.search(text, source[0], why.start() if why else source[1]):
        return None  # "…, said the increase had been approved": content, not a source
    before = trim(text, region_start, cue.span[0] - len(gap) + quote_or_comma.start() + 1)
    if before[1] - before[0] < 3:
        return None
    rest = _continued_quote(text, max(source[1], source_end), limit)
    content = strip_quotes(text, before[0], rest[1] if rest else before[1])
    return Attribution(
        content, source, cue.span, "quote-cue" if "”" in gap or '"' in gap else "content-cue"
    )


SOMEONE = re.compile(
    r"(?:one|a|an|the|another|two|three|some)\s+[\w’'-]+(?:\s+[\w’'-]+){0,4}$", re.I
)
FINITE_VERB = re.compile(r"\b(?:had|has|have|was|were|is|are|will|would|could|did|does)\b")


def _continued_quote(text: str, after_source: int, limit: int) -> Span | None:
    """“We are not there yet,” said Reyes, “but the money is coming.”"""
    rest = trim(text, after_source, limit, " ,:\n")
    if rest[0] < rest[1] and text[rest[0]] in '“"':
        return rest
    return None


ADVERBIAL_GERUND = re.compile(r"\b(?:in|while|after|before|when|by|since)\s+$", re.IGNORECASE)


def _shared_subject(
    text: str, start: int, limit: int, cue: Cue, found: list[Attribution]
) -> Attribution | None:
    """ "…, saying that…" / "… and accused him of…": the source is the
    sentence's last speaker, or else its subject."""
    if cue.kind == "gerund" and ADVERBIAL_GERUND.search(
        text, max(0, cue.span[0] - 12), cue.span[0]
    ):
        # "In saying how tough they would be, the Democrats …": an adverbial
        # gerund's content ends with its clause; "by saying, “…”" with its quote.
        begin = trim(text, cue.span[1], limit, ' \t\n,:"')[0]
        if text[begin - 1 : begin] == '"':
            close = text.find('"', begin, limit)
            limit = close + 1 if close > 0 else limit
        else:
            comma = text.find(",", begin, limit)
            limit = comma if comma > 0 else limit
    content = _content_after(text, cue.span[1], limit)
    if content is None:
        return None
    if found:
        source = found[-1].source
    else:
        source = _subject(text, start, cue.clause if cue.clause is not None else cue.span[0])
    if source is None:
        return None
    return Attribution(strip_quotes(text, *content), source, cue.span, "source-cue")


SUBJECT_STOP = re.compile(
    r"\s(?:on|in|at|during|after|before|for|with|to|from|by|is|was|has|had|have|will|would|"
    r"did|does|also|then|who|which|that|were|are)\s|\s[a-z][\w-]*ed\b|,"
)


OPENING_ADVERBIAL = re.compile(
    r"(?:(?:in|on|at|after|before|when|while|since|as|during|for|with|by|despite|although|"
    r"though|if|later|earlier|still|instead|however|now|then|[A-Za-z]+ing|[A-Za-z]+ly|"
    r"this|last|next|one|more|most|there|here|even|so|yet)\b[^,;:\"]{0,80},\s*"
    r"|(?-i:[A-Z][A-Z.]+)(?:,?\s+[A-Z][\w.]*)*\s+[-—–]\s+)",  # a dateline: "ORLANDO, Fla. —"
    re.IGNORECASE,
)


# A short phrase and a comma before the subject starts (a capital or a pronoun).
LEADING_PHRASE = re.compile(
    r"[^,;:\"]{1,40},\s+(?=[A-Z]|(?:he|she|they|we|it|i)\b)(?![A-Z][\w’']*,\s+(?:who|which)\b)"
)


# A name opening the sentence, up to the first word in lower case after it.
LEADING_NAME = re.compile(
    r"(?!(?:The|A|An|This|That|These|Those|His|Her|Its|Their|Our|Some|Many|Most|One|Two|"
    r"Three|Several|Other|Both|All|Each|Every|No)\b)"
    r"(?:(?:[A-Z][\w’'.-]*|de|van|von|der|al|bin)\s+)*?[A-Z][\w’'.-]*(?=\s+[a-z])"
)


def _subject(text: str, start: int, stop: int) -> Span | None:
    """The words that open the sentence up to its first verb-like word:
    "Donald Trump blasted…" -> "Donald Trump"."""
    start = trim(text, start, stop, ' \t\n“"')[0]
    noise = LEADING_NOISE.match(text, start, stop)
    if noise:
        start = noise.end()
    opener = OPENING_ADVERBIAL.match(text, start, stop)
    if opener:
        start = opener.end()  # "In a letter, Sanders …", "Recognizing this, Mr. Rubio …"
    while (lead := LEADING_PHRASE.match(text, start, stop)) is not None:
        start = lead.end()  # "Sunday morning, Clinton …", "Like Corker, Menendez …"
    cut = SUBJECT_STOP.search(text, start, stop)
    end = cut.start() if cut else stop
    named = LEADING_NAME.match(text, start, end)
    if named is not None and all(name_word(w) for w in named.group().split()[:1]):
        end = named.end()  # "Carly Fiorina threw her support behind…" -> "Carly Fiorina"
    verb = VERB.search(text, start, end)
    end = verb.start() if verb else end  # "The ministry said, adding…" -> "The ministry"
    span = trim(text, start, end, " \t\n,")
    if span[0] >= span[1] or len(text[span[0] : span[1]].split()) > 6:
        return None
    phrase = text[span[0] : span[1]]
    return span if looks_like_source(phrase) else None


def _according(text: str, start: int, clause: int, limit: int, cue: Cue) -> Attribution | None:
    """According to X, Y. / Y, according to X."""
    lead = trim(text, start if cue.clause is not None else clause, cue.span[0], ' \t\n,"')
    if lead[0] >= lead[1] or LEADING_NOISE.fullmatch(text, lead[0], lead[1]):
        comma = text.find(",", cue.span[1], limit)
        if comma < 0:
            return None
        source = _according_source(text, cue.span[1], comma)
        content = _content_after(text, comma + 1, limit)
        if source is None or content is None:
            return None
        return Attribution(strip_quotes(text, *content), source, cue.span, "according-first")
    before_start = start if cue.clause is not None else clause
    comma = text.find(",", cue.span[1], limit)
    source = _according_source(text, cue.span[1], limit if comma < 0 else comma)
    if source is None:
        return None
    rest = trim(text, comma + 1, limit) if comma >= 0 else (limit, limit)
    rest_words = text[rest[0] : rest[1]].split()
    describes_source = rest_words and (
        rest_words[0].endswith(("ed", "ing")) or rest_words[0] in ("who", "which", "whose")
    )  # "according to the paper, published in the journal …"
    if len(rest_words) >= 2 and not describes_source:
        # "Fundraising, according to the campaign, has surged": said on both sides.
        return Attribution(
            strip_quotes(text, before_start, rest[1]), source, cue.span, "according-last"
        )
    if len(text[before_start : cue.span[0]].split()) < 3:
        return None
    content = strip_quotes(text, before_start, cue.span[0])
    return Attribution(content, source, cue.span, "according-last")


def _according_source(text: str, start: int, end: int) -> Span | None:
    """What "according to" names: a source phrase, or a longer one when it is
    a study, a book or a poll ("early results of exit polls conducted for The
    Associated Press and television networks by Edison Research")."""
    source = source_phrase(text, start, end)
    if source is not None:
        return source
    span = trim(text, start, end, " \t\n,.")
    words = text[span[0] : span[1]].split()
    if not words or len(words) > 30 or ";" in text[span[0] : span[1]]:
        return None
    return span


# Between a cue and its content: "on Tuesday", "in a statement", then "that".
CONTENT_OPENER = re.compile(
    r"(?:\s+(?:[a-z]+ly|again|also|only)\b(?=\s+(?:that\b|[a-z])))?"  # "said privately that"
    r"(?:\s+(?:on|in|at|during|after|before|last|this|earlier|late|early)\b[^,;:“\"]{0,40}?"
    r"(?=\s*,?\s*(?:that\b|:)))?\s*,?\s*(?:that\b|:)?"
)


def looks_like_source(phrase: str) -> bool:
    """Words after a cue name a speaker: a name, a pronoun, or people described."""
    first = phrase.split()[0].lower()
    return (
        has_name(phrase)
        or first in PRONOUNS
        or person_head(phrase) is not None
        or SPOKESPERSON.search(phrase) is not None
        or INSTITUTION.search(phrase) is not None
        or phrase[:1].isupper()
    )


BARE_WORDS = 8
BARE_REST = re.compile(r"[^,;:\"]{0,30}?[.:!]?\s*$")


def bare_saying(text: str, start: int, end: int) -> Attribution | None:
    """ "Weaver said." / "Hewitt writes:" — a short sentence of a source and its
    cue alone. Its content is another sentence: the caller fills it in; here
    the content span is the rest of the sentence after the cue."""
    span = trim(text, start, end, " \t\n")
    if len(text[span[0] : span[1]].split()) > BARE_WORDS:
        return None
    found = [c for c in cues(text, span[0], span[1]) if c.kind == "verb"]
    if len(found) != 1 or not BARE_REST.match(text, found[0].span[1], span[1]):
        return None
    cue = found[0]
    source = source_phrase(text, span[0], cue.span[0])
    if source is None or not _adjacent(text, source[1], cue.span[0]):
        return None
    phrase = text[source[0] : source[1]]
    if not (looks_like_source(phrase) and (names_someone(phrase) or _named_kind(phrase))):
        return None  # "Time will tell."
    return Attribution((cue.span[1], span[1]), source, cue.span, "content-cue")


def _named_kind(phrase: str) -> bool:
    """A pronoun, people described, a spokesperson or an institution: a speaker."""
    return (
        phrase.split()[0].lower() in PRONOUNS
        or person_head(phrase) is not None
        or SPOKESPERSON.search(phrase) is not None
        or INSTITUTION.search(phrase) is not None
        or (len(phrase.split()) == 1 and name_word(phrase) and phrase not in TIME_WORDS)
    )


TIME_WORDS = {"Time", "History", "Nobody", "Nothing", "Everyone", "Everybody"}
