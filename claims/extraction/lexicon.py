"""Words the extractor recognises: reporting verbs, anonymous sources, hedges."""

from __future__ import annotations

import re

# Reporting verbs by their base form; inflections are generated below.
IRREGULAR = {
    "say": ["say", "says", "said", "saying"],
    "tell": ["tell", "tells", "told", "telling"],
    "think": ["think", "thinks", "thought", "thinking"],
    "write": ["write", "writes", "wrote", "written", "writing"],
    "deny": ["deny", "denies", "denied", "denying"],
    "reply": ["replied"],
    "testify": ["testify", "testifies", "testified", "testifying"],
    "hear": ["hear", "hears", "heard"],
    "admit": ["admit", "admits", "admitted", "admitting"],
    "allege": ["allege", "alleges", "alleged", "alleging"],
    "argue": ["argue", "argues", "argued", "arguing"],
    "believe": ["believe", "believes", "believed", "believing"],
    "note": ["noted"],
    "state": ["stated"],
    "estimate": ["estimated", "estimates"],
    "indicate": ["indicate", "indicates", "indicated", "indicating"],
    "promise": ["promised"],
    "disclose": ["disclose", "discloses", "disclosed", "disclosing"],
    "concede": ["concede", "concedes", "conceded", "conceding"],
    "reiterate": ["reiterate", "reiterates", "reiterated", "reiterating"],
    "acknowledge": ["acknowledge", "acknowledges", "acknowledged", "acknowledging"],
    "announce": ["announce", "announces", "announced", "announcing"],
    "observe": ["observe", "observes", "observed", "observing"],
    "emphasise": ["emphasise", "emphasises", "emphasised", "emphasising"],
    "emphasize": ["emphasize", "emphasizes", "emphasized", "emphasizing"],
    "recognise": ["recognise", "recognises", "recognised"],
    "caution": ["caution", "cautions", "cautioned", "cautioning"],
    "predict": ["predict", "predicts", "predicted", "predicting"],
    "vow": ["vow", "vows", "vowed", "vowing"],
    "fear": ["feared"],
    "rule": ["ruled", "rules"],
    "show": ["show", "shows", "showed"],
    "complain": ["complain", "complains", "complained"],
    "recall": ["recall", "recalls", "recalled"],
    "maintain": ["maintain", "maintains", "maintained"],
    "stress": ["stressed"],
    "suggest": ["suggest", "suggests", "suggested"],
    "insist": ["insist", "insists", "insisted"],
    "claim": ["claimed"],
    "warn": ["warn", "warns", "warned"],
    "confirm": ["confirm", "confirms", "confirmed"],
    "explain": ["explain", "explains", "explained"],
    "add": ["add", "adds", "added"],
    "report": ["reported"],
    "reveal": ["reveal", "reveals", "revealed"],
    "assert": ["assert", "asserts", "asserted"],
    "contend": ["contend", "contends", "contended"],
    "pledge": ["pledge", "pledges", "pledged"],
    "remark": ["remark", "remarks", "remarked"],
    "respond": ["responded"],
    "expect": ["expect", "expects", "expected"],
    "hope": ["hoped"],
    "point out": ["point out", "points out", "pointed out"],
    "go on to say": ["went on to say", "goes on to say"],
}
VERB_FORMS = sorted({form for forms in IRREGULAR.values() for form in forms}, key=len, reverse=True)
# Forms that only report in the past or present, not as a participle-adjective
# ("the claimed figure") or gerund: used when the verb follows its source.
FINITE = {f for f in VERB_FORMS if not f.endswith("ing")}

AUXILIARY = (
    r"(?:(?:has|have|had|will|would|could|did|does|do|is|are|was|were|may|might|must|"
    r"shall|should)(?:\s+not|n['’]t)?\s+(?:been\s+|be\s+|also\s+|previously\s+|repeatedly\s+)?"
    r"|(?:is|are|was|were)\s+expected\s+to\s+|(?:is|are|was|were)\s+quoted\s+as\s+)"
)
ADVERB = r"(?:(?:also|later|previously|repeatedly|separately|earlier|again|publicly|privately|"
ADVERB += r"flatly|firmly|strongly|recently|further|then|now|once|had|has|have)\s+)"


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
AUXILIARY_BEFORE = re.compile(rf"(?:{AUXILIARY}{ADVERB}?|{ADVERB})$", re.IGNORECASE)

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
}
PERSON_NOUNS = INHERENTLY_ANONYMOUS | {
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
    "resident",
    "residents",
    "witness",
    "witnesses",
    "staffer",
    "staffers",
    "employee",
    "employees",
    "executive",
    "executives",
    "lawmaker",
    "lawmakers",
    "officer",
    "officers",
    "investigator",
    "investigators",
    "critic",
    "critics",
    "activist",
    "activists",
    "colleague",
    "colleagues",
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
    "worker",
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
    r"^(?:a|an|one|two|three|four|five|several|some|many|other|few|a\s+few|a\s+number\s+of)\b",
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
