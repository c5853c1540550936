"""Words the extractor recognises: reporting verbs, anonymous sources, hedges."""

from __future__ import annotations

import re

# Reporting verbs by their base form; inflections are generated below.
IRREGULAR = {
    "say": ["say", "says", "said", "saying"],
    "tell": ["tell", "tells", "told", "telling"],
    "write": ["write", "writes", "wrote", "writing"],
    "deny": ["deny", "denies", "denied", "denying"],
    "reply": ["replied", "replies", "replying"],
    "testify": ["testify", "testifies", "testified", "testifying"],
    "admit": ["admit", "admits", "admitted", "admitting"],
    "point out": ["point out", "points out", "pointed out", "pointing out"],
    "point to": ["pointed to", "pointing to"],
    "go on to say": ["went on to say", "goes on to say"],
    "call": [
        "call",
        "called",
        "calling",
        "calls",
        "calls for",
        "calls on",
        "call for",
        "call on",
        "called for",
        "called on",
        "calling for",
        "calling on",
    ],
    # Bodies: "the court ruled that", "officials estimated".
    "rule": ["ruled"],
    "state": ["stated"],
    "estimate": ["estimated", "estimates"],
    # Only after people described ("PTI leaders believe"): see COGNITIVE.
    "believe": ["believe", "believes"],
    "continue": ["continued", "continues"],
}
# Verbs of thinking that a desk still treats as a sourced claim when a group
# of people is said to hold the view: "PTI leaders believe …", but not "I
# believe" or "Trump believes in …".
COGNITIVE = {"believe", "believes"}
# Regular reporting verbs: forms made by ``_regular``. Thinking and feeling
# ("believe", "hope", "fear") and figures ("estimate", "show") are left out:
# they are attributions of a kind, but not a source saying something a desk
# could put to them.
REGULAR = [
    "add",
    "note",
    "claim",
    "explain",
    "argue",
    "tweet",
    "report",
    "announce",
    "declare",
    "ask",
    "acknowledge",
    "allege",
    "insist",
    "warn",
    "suggest",
    "describe",
    "confirm",
    "respond",
    "comment",
    "mention",
    "recall",
    "remark",
    "reveal",
    "stress",
    "emphasize",
    "emphasise",
    "assert",
    "maintain",
    "urge",
    "accuse",
    "charge",
    "quote",
    "post",
    "joke",
    "boast",
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
    "answer",
    "retort",
    "recount",
    "inform",
    "characterize",
    "label",
    "dismiss",
    "criticize",
    "criticise",
    "praise",
    "blame",
    "lament",
    "cite",
    "write",
    "declare",
    "indicate",
    "repeat",
    "insist",
    "confide",
    "concur",
]


def _regular(lemma: str) -> list[str]:
    """ "note" -> note, notes, noted, noting; "admit"-style doubling is in IRREGULAR."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s"
    past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
    return [lemma, third, past, stem + "ing"]


for _lemma in REGULAR:
    IRREGULAR.setdefault(_lemma, _regular(_lemma))
VERB_FORMS = sorted({form for forms in IRREGULAR.values() for form in forms}, key=len, reverse=True)

AUXILIARY = (
    r"(?:(?:has|have|had|will|would|could|did|does|do|is|are|was|were|may|might|must|"
    r"shall|should)(?:\s+not|n['’]t)?\s+(?:been\s+|be\s+|also\s+|previously\s+|repeatedly\s+)?"
    r"|(?:is|are|was|were)\s+expected\s+to\s+|(?:is|are|was|were)\s+quoted\s+as\s+)"
)
ADVERB = r"(?:(?:also|later|previously|repeatedly|separately|earlier|again|publicly|privately|"
ADVERB += r"flatly|firmly|strongly|recently|further|then|now|once|had|has|have|"
# Any lower-case "-ly" adverb ("initially said"), but not the nouns and
# adjectives that end so ("A Clinton ally said").
ADVERB += r"(?-i:(?!(?:ally|family|rally|supply|reply|assembly|anomaly|monopoly|july|friendly|"
ADVERB += r"elderly|likely|early|daily|weekly|monthly|yearly|only|holy|costly|belly|bully)\b)"
ADVERB += r"[a-z]+ly))\s+)"


# A reporting verb, with an object that belongs to the cue ("told reporters").
# Auxiliaries before it ("has said") are found by AUXILIARY_BEFORE, looking
# back from the verb: one search per sentence stays cheap that way.
def trie_pattern(words: list[str]) -> str:
    """An alternation of ``words`` sharing prefixes: "sa(?:y|ys|id|ying)" is far faster
    for the regex engine than trying every word in turn at every position."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(tree)


def _pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(char) + _pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 and not ends else f"(?:{'|'.join(branches)})"
    return f"{group}?" if ends else group


VERB = re.compile(
    rf"\b(?P<verb>{trie_pattern(VERB_FORMS)})"
    r"(?:\s+(?:reporters|journalists|the\s+press|lawmakers|parliament|the\s+court))?\b",
    re.IGNORECASE,
)
# A first look at a sentence, before any of the patterns: its words as written.
# Most sentences hold no reporting verb (or no noun for people); a set lookup
# of each word says so for far less than a regular expression's scan.
WORDS = re.compile(r"[A-Za-z]+")


def as_written(words: set[str]) -> frozenset[str]:
    """``words`` (lower case) as a sentence may write them: lower case,
    capitalised, upper case, an acronym's plural ("MPs")."""
    return frozenset(
        form
        for word in words
        for form in (word, word.capitalize(), word.upper(), word[:-1].upper() + word[-1:])
    )


# The words a cue of VERB or ACCORDING_TO starts with: a sentence with none of
# them has no cue. (A verb written in odd mixed case, "sAid", is not looked for.)
CUE_FIRST_WORDS = as_written({form.split()[0] for form in VERB_FORMS} | {"according"})
AUXILIARY_BEFORE = re.compile(rf"\b(?:{AUXILIARY}{ADVERB}?|{ADVERB})$", re.IGNORECASE)

ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.IGNORECASE)

PRONOUNS = {"he", "she", "they", "it", "we", "i"}
PERSON_PRONOUNS = {"he", "she"}

# People described, not named. Some nouns are anonymous whatever qualifies
# them ("Western officials", "party insiders"); others only when nothing
# names them ("two GPs in the town", but "researchers at the University of X").
INHERENTLY_ANONYMOUS = {
    "source",
    "sources",
    "insider",
    "insiders",
    "official",
    "officials",
    "aide",
    "aides",
    "diplomat",
    "diplomats",
    "people",
    "person",
    "persons",
    "individual",
    "individuals",
    "ally",
    "allies",
    "confidant",
    "confidants",
    "associate",
    "associates",
    "someone",
    "somebody",
    # Camps and crowds: "Rubio's supporters", "critics", "Senate Republican leaders".
    "supporters",
    "members",
    "staff",
    "advisers",
    "advisors",
    "opponents",
    "critics",
    "strategists",
    "strategist",
    "operatives",
    "operative",
    "fans",
    "leaders",
    "lawmakers",
    "staffers",
    "donors",
    "voters",
    "others",
    "democrats",
    "republicans",
    "conservatives",
    "liberals",
    "progressives",
}
PERSON_NOUNS = INHERENTLY_ANONYMOUS | {
    "attendee",
    "attendees",
    "donor",
    "supporter",
    "opponent",
    "voter",
    "resident",
    "worker",
    "lawmaker",
    "commenter",
    "commenters",
    "reader",
    "readers",
    "viewer",
    "viewers",
    "caller",
    "callers",
    "democrat",
    "republican",
    "candidate",
    "candidates",
    "reporter",
    "reporters",
    "colleague",
    "colleagues",
    "families",
    "advocates",
    "activist",
    "woman",
    "women",
    "man",
    "men",
    "veterans",
    "delegates",
    "senators",
    "employee",
    "group",
    "groups",
    "member",
    "members",
    "leader",
    "leaders",
    "analyst",
    "analysts",
    "observer",
    "observers",
    "expert",
    "experts",
    "residents",
    "witness",
    "witnesses",
    "staffer",
    "staffers",
    "employees",
    "executive",
    "executives",
    "lawmakers",
    "officer",
    "officers",
    "investigator",
    "investigators",
    "critic",
    "critics",
    "activists",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "negotiator",
    "negotiators",
    "banker",
    "bankers",
    "trader",
    "traders",
    "economist",
    "economists",
    "doctor",
    "doctors",
    "gp",
    "gps",
    "teacher",
    "teachers",
    "parent",
    "parents",
    "workers",
    "lawyer",
    "lawyers",
    "manager",
    "managers",
    "director",
    "directors",
    "researcher",
    "researchers",
    "scientist",
    "scientists",
    "shareholder",
    "shareholders",
    "investor",
    "investors",
    "campaigner",
    "campaigners",
    "neighbour",
    "neighbours",
    "friend",
    "friends",
    "relative",
    "relatives",
    "politician",
    "politicians",
    "councillor",
    "councillors",
    "mp",
    "mps",
    "minister",
    "ministers",
    "player",
    "players",
    "fan",
    "fans",
    "nurse",
    "nurses",
    "engineer",
    "engineers",
    "student",
    "students",
    "jeweller",
    "jewellers",
    "owner",
    "owners",
    "farmer",
    "farmers",
    "servant",
    "servants",
    "figure",
    "lobbyist",
    "lobbyists",
    "commander",
    "commanders",
    "soldier",
    "soldiers",
    "envoy",
    "envoys",
}
INDEFINITE = re.compile(
    r"^(?:a|an|one|two|three|four|five|several|some|many|other|few|a\s+few|a\s+number\s+of|"
    r"at\s+least|a\s+dozen|dozens\s+of|both|most|my|our)\b",
    re.IGNORECASE,
)
SPOKESPERSON = re.compile(r"\bspokes(?:man|woman|person|people)\b", re.IGNORECASE)
ANONYMITY_PHRASES = re.compile(
    r"\b(?:not\s+(?:authori[sz]ed|allowed|permitted)|asked\s+not\s+to\s+be\s+(?:named|identified)|"
    r"declined\s+to\s+be\s+(?:named|identified)|(?:on|under)\s+(?:the\s+)?condition\s+of\s+"
    r"anonymity|speaking\s+anonymously|who\s+(?:did\s+not|didn['’]t)\s+want\s+to\s+be\s+named|"
    r"familiar\s+with|briefed\s+on|close\s+to|with\s+knowledge\s+of|unnamed|anonymous)\b",
    re.IGNORECASE,
)
# Capitalised words that do not make a name ("Senior officials said").
NOT_NAMES = {
    "the",
    "a",
    "an",
    "senior",
    "junior",
    "top",
    "former",
    "two",
    "three",
    "several",
    "some",
    "many",
    "other",
    "government",
    "party",
    "official",
    "officials",
    "sources",
    "source",
    "people",
    "according",
    "but",
    "and",
    "however",
    "meanwhile",
    "still",
    "yet",
    "also",
    "while",
    "although",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "his",
    "her",
    "their",
    "its",
    "reliable",
    "western",
    "local",
    "foreign",
    "police",
    "security",
    "military",
    "army",
    "one",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "for",
    "mr",
    "mrs",
    "ms",
    "dr",
}

# Sentences that assert nothing a desk could check.
HEDGES = re.compile(
    r"\b(?:remains?\s+to\s+be\s+seen|time\s+will\s+tell|it\s+is\s+(?:not\s+)?(?:yet\s+)?"
    r"(?:unclear|uncertain)|it\s+(?:is|was)\s+not\s+clear|whether|only\s+time|who\s+knows|"
    r"likely\s+to|seen\s+as|appears?\s+to|seems?\s+to|ought\s+to|hopefully|"
    r"in\s+the\s+coming\s+(?:days|weeks|months))\b",
    re.IGNORECASE,
)
# Lower case only: "May" the month is not "may" the modal.
MODALS = re.compile(r"\b(?:may|might|could|should|would|perhaps|possibly|probably)\b")
MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|yesterday|today|tomorrow|tonight|last\s+(?:week|month|year)"
)
CHECKABLE_MARKERS = re.compile(
    rf"\d|\b(?:{MONTHS})\b|\bper\s?cent\b|%|\b(?:million|billion|trillion|thousand|hundred|"
    r"dozens?|twice|half|doubled|tripled|record|first|last)\b|\b(?:two|three|four|five|six|"
    r"seven|eight|nine|ten)\b",
    re.IGNORECASE,
)

# Words a source phrase may run on with before its cue, none of them its head.
TRAILING_WORDS = {
    "have", "has", "had", "are", "is", "were", "was", "would", "will", "could", "can", "can’t",
    "can't", "may", "might", "should", "must", "do", "did", "does", "even", "now", "here",
    "there", "long", "often", "also", "still", "later", "ever", "quite", "then", "too",
    "already", "again", "not", "never", "to", "continue", "been", "being", "all", "both",
    "more", "less", "likely", "unlikely",
}  # fmt: skip
NOT_ADVERBS = {"ally", "family", "rally", "supply", "assembly", "italy", "july", "elderly"}


def runs_on(word: str) -> bool:
    """An auxiliary or adverb between a source and its cue ("have long", "even")."""
    return word in TRAILING_WORDS or (word.endswith("ly") and word not in NOT_ADVERBS)
