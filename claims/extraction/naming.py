"""What to file each candidate's source under: its kind, a title-less name, the role.

    >>> text = "Opposition councillor Farhan Qureshi said the dam leaks."
    >>> from claims.extraction import extract
    >>> [(c.source_kind, c.source_name, c.descriptor) for c in extract(text)]
    [('person', 'Farhan Qureshi', 'Opposition councillor')]

Runs once over ``extract``'s candidates, in text order, remembering the people
and organisations named so far: "Mr. Ness" after "Governor Halvard Ness" is
Halvard Ness, "the minister" after "Finance Minister Tomas Brandt" is Tomas
Brandt, and a pronoun is named after the span it ``refers_to``. Where the
article does not make it clear, the name is "" (unclear), never a guess.

Pure Python and cheap: a handful of small regular expressions per candidate,
and a scan of the text only for a surname that no earlier source explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from claims.extraction.lexicon import NOT_NAMES, PERSON_NOUNS, PRONOUNS

if TYPE_CHECKING:
    from claims.extraction import Candidate

Span = tuple[int, int]

# Source.Kind's values (claims.models); this package does not import Django.
PERSON = "person"
ORGANIZATION = "organization"
DOCUMENT = "document"
ANONYMOUS_GROUP = "anonymous_group"

# Forms of address: dropped from the name and not worth keeping as a role.
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "sir", "dame"}
# Titles written straight before a name ("Governor Halvard Ness"). Lower-case
# words end a name anyway, so only capitalised titles need listing; the
# lexicon's nouns for people ("Minister", "Councillor") count too.
TITLES = (
    HONORIFICS
    | {
        "dr",
        "prof",
        "professor",
        "president",
        "vice",
        "prime",
        "premier",
        "chancellor",
        "governor",
        "mayor",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "secretary",
        "judge",
        "justice",
        "general",
        "gen",
        "colonel",
        "col",
        "captain",
        "capt",
        "chief",
        "deputy",
        "ambassador",
        "barrister",
        "advocate",
        "speaker",
        "chairman",
        "chairwoman",
        "chair",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "inspector",
        "sheriff",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "rev",
        "father",
        "bishop",
        "lord",
        "lady",
    }
    | PERSON_NOUNS
)
# "Retail Workers Together" is not a worker called Together: a title is singular.
PLURAL_PEOPLE = {noun for noun in PERSON_NOUNS if noun.endswith("s") and noun[:-1] in PERSON_NOUNS}
# Lower-case words inside a name ("Ursula von der Leyen").
PARTICLES = {"von", "van", "der", "den", "de", "da", "del", "di", "du", "la", "le", "bin", "ibn"}

# The noun a phrase is about is the last word before any of these: in "a
# statement from the ministry" it is the statement, not the ministry.
HEAD_ENDS = re.compile(
    r"\s(?:of|from|by|at|in|on|for|with|to|seen|published|released|obtained|issued|"
    r"compiled|prepared|filed|sent|shared|leaked|reviewed|who|which|that)\s|,",
    re.IGNORECASE,
)
# Things written down: a source that is a document, not someone.
DOCUMENT_NOUNS = {
    "report",
    "reports",
    "statement",
    "statements",
    "papers",
    "documents",
    "document",
    "filing",
    "filings",
    "figures",
    "data",
    "poll",
    "polls",
    "survey",
    "study",
    "memo",
    "memorandum",
    "letter",
    "email",
    "emails",
    "records",
    "minutes",
    "audit",
    "analysis",
    "transcript",
    "ruling",
    "judgment",
    "release",
    "census",
    "estimates",
    "statistics",
    "assessment",
    "review",
    "budget",
}
# Bodies that speak as one: a source that is an organisation.
ORGANIZATION_NOUNS = {
    "ministry",
    "department",
    "campaign",
    "agency",
    "bank",
    "government",
    "administration",
    "company",
    "firm",
    "council",
    "commission",
    "committee",
    "office",
    "authority",
    "party",
    "union",
    "board",
    "army",
    "police",
    "embassy",
    "university",
    "hospital",
    "parliament",
    "senate",
    "congress",
    "cabinet",
    "court",
    "association",
    "federation",
    "institute",
    "foundation",
    "organisation",
    "organization",
    "group",
    "network",
    "utility",
    "regulator",
    "service",
    "coalition",
    "alliance",
    "team",
    "club",
    # Newspapers and broadcasters by the last word of their names.
    "times",
    "post",
    "journal",
    "herald",
    "guardian",
    "telegraph",
    "tribune",
    "gazette",
    "news",
    "press",
}
# Names that are organisations without saying so: the wire services.
NEWS_AGENCIES = {"reuters", "bloomberg", "xinhua", "tass", "interfax", "dpa", "afp", "ap"}
CORPORATE_SUFFIX = re.compile(r"\b(?:Inc|Ltd|Corp|Co|LLC|plc|AG|SA|GmbH|NV)\.?$")
ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")  # "NATO", "the IMF", "U.N."
PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")  # "GPs", "MPs": people, not a name
DEFINITE = re.compile(r"^the\s", re.IGNORECASE)
DETERMINER = re.compile(r"^(?:the|a|an|this|that|its|their|her|his|our)\s+", re.IGNORECASE)
# An anonymous group's description ends where a clause about it begins
# ("…, who spoke on condition of anonymity").
CLAUSE = re.compile(r",|\s(?:who|which|speaking|according)\s", re.IGNORECASE)
# A spokesperson speaks for an organisation: "a spokesman for the ministry",
# "the ministry's spokeswoman", "a Kingsbridge Police spokesman".
SPOKES = r"(?i:spokes(?:man|woman|person|people))"
SPOKESPERSON_FOR = re.compile(rf"\b(?P<role>{SPOKES})\s+(?i:for|of|at)\s+(?P<body>.+)$")
# Case matters here: a lower-case word before the role is part of it ("finance
# spokesman"), a capitalised one part of the organisation ("Police spokesman").
SPOKESPERSON_OF = re.compile(rf"^(?P<body>.+?)(?:[’']s)?\s+(?P<role>(?:[a-z]+\s+)?{SPOKES})$")
WORD = re.compile(r"[\w’'.-]+")
ABBREVIATED = r"[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|St|Rev)\."
POSSESSIVE = re.compile(r"[’']s$")


@dataclass(frozen=True)
class Naming:
    kind: str | None
    name: str  # "" when the article does not make clear who it is
    descriptor: str = ""


UNNAMED = Naming(None, "")


def name_sources(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates with ``source_kind``, ``source_name`` and ``descriptor`` filled in."""
    namer = Namer(text)
    return [_named(candidate, namer.name(candidate)) for candidate in candidates]


def _named(candidate: Candidate, naming: Naming) -> Candidate:
    if naming is UNNAMED:
        return candidate  # the outlet's own assertion: the defaults say so already
    return replace(
        candidate, source_kind=naming.kind, source_name=naming.name, descriptor=naming.descriptor
    )


# How far back "the minister" or "the ministry" is looked for: the last fifty
# people and bodies named (a bound, so that a long text stays linear).
RECENT_PEOPLE = 50


@dataclass
class Namer:
    """Names sources in text order, remembering who the article has named so far."""

    text: str
    # (start, name, descriptor) of each person named so far, in text order.
    people: list[tuple[int, str, str]] = field(default_factory=list)
    # (start, name) of each organisation named so far.
    bodies: list[tuple[int, str]] = field(default_factory=list)
    spans: dict[Span, Naming] = field(default_factory=dict)
    # Capitalised runs in the whole text by their last word, read once:
    # surname -> [(end, the run's words)] (see names_in_text).
    runs: dict[str, list[tuple[int, int]]] | None = None
    # surname -> (how many of its runs were read, the full names found in them)
    read_runs: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    # surname -> {full name: role} of people named as sources, two at most.
    full_names: dict[str, dict[str, str]] = field(default_factory=dict)

    def name(self, candidate: Candidate) -> Naming:
        if candidate.sourcing is None or candidate.source is None:
            return UNNAMED
        phrase = self.words(candidate.source)
        if phrase.lower() in PRONOUNS:
            return self.pronoun(phrase.lower(), candidate)
        if candidate.sourcing == "anonymous":
            return anonymous_group(phrase)
        return self.of_span(candidate.source)

    def words(self, span: Span) -> str:
        return self.text[span[0] : span[1]].strip()

    def pronoun(self, pronoun: str, candidate: Candidate) -> Naming:
        """Named after the span it refers to; unclear ("") when it refers to none."""
        person = pronoun in ("he", "she", "i")
        if candidate.refers_to is None:
            return Naming(PERSON if person else ORGANIZATION, "")
        if candidate.sourcing == "anonymous":
            return anonymous_group(self.words(candidate.refers_to))
        return self.of_span(candidate.refers_to)

    def of_span(self, span: Span) -> Naming:
        """A named source's naming, once per span (a pronoun's referent is met again)."""
        if span not in self.spans:
            self.spans[span] = self.of_phrase(self.words(span), span[0])
        return self.spans[span]

    def of_phrase(self, phrase: str, at: int) -> Naming:
        spoken_for = spokesperson(phrase)
        if spoken_for is not None:
            return self.spokesperson(phrase, *spoken_for, at)
        kind = kind_of(phrase)
        if kind == DOCUMENT:
            return Naming(DOCUMENT, lower_first(phrase))
        if kind == ORGANIZATION:
            return self.organization(phrase, at)
        return self.person(phrase, at)

    def spokesperson(self, phrase: str, body: str, role: str, at: int) -> Naming:
        """Filed under the organisation spoken for, the role as descriptor."""
        organization = self.organization(body, at)
        if not organization.name:
            return Naming(ORGANIZATION, "", lower_first(phrase))
        return Naming(ORGANIZATION, organization.name, role.lower())

    def person(self, phrase: str, at: int) -> Naming:
        name, descriptor = split_name(phrase)
        if not name:
            return self.earlier_person(phrase, at)
        if len(name.split()) == 1:
            full = self.full_name(name, at)
            if full is not None:
                name, descriptor = full[0], descriptor or full[1]
        self.people.append((at, name, descriptor))
        named = self.full_names.setdefault(name.split()[-1], {})
        if len(name.split()) > 1 and len(named) < 2:
            named.setdefault(name, descriptor)  # by surname, for a later "Mr. Ness"
        return Naming(PERSON, name, descriptor)

    def earlier_person(self, phrase: str, at: int) -> Naming:
        """ "the minister": the last person named earlier with that role, else unclear."""
        wanted = set(WORD.findall(DETERMINER.sub("", phrase).lower()))
        definite = DEFINITE.match(phrase) is not None  # "the minister", not "a minister"
        for start, name, descriptor in reversed(self.people[-RECENT_PEOPLE:]):
            if definite and start < at and wanted <= set(WORD.findall(descriptor.lower())):
                return Naming(PERSON, name, descriptor)
        return Naming(PERSON, "", lower_first(phrase))

    def full_name(self, surname: str, at: int) -> tuple[str, str] | None:
        """The one full name earlier in the article ending with ``surname``, with its role."""
        # Named as a source or only in the text: "Halvard Ness said…; his
        # daughter, Maria Ness, …" makes a later "Ness" ambiguous.
        known = {**self.names_in_text(surname, at), **self.full_names.get(surname, {})}
        if len(known) != 1:
            return None
        [(name, descriptor)] = known.items()
        return name, descriptor

    def names_in_text(self, surname: str, at: int) -> dict[str, str]:
        """Full names ending with ``surname`` in the text before ``at`` (not sources).

        Sources are named in text order, so each surname's runs are read once,
        as far as the latest ``at``: linear in the text, however often a
        surname comes back."""
        if self.runs is None:
            self.runs = capitalised_runs(self.text)
        runs = self.runs.get(surname, [])
        read, found = self.read_runs.get(surname, (0, {}))
        while read < len(runs) and runs[read][1] <= at and len(found) < 2:
            run_start, run_end = runs[read]
            name, descriptor = split_name(self.text[run_start:run_end])
            if len(name.split()) > 1:
                found.setdefault(name, descriptor)
            read += 1
        self.read_runs[surname] = (read, found)
        return found  # two names are enough to know a surname is ambiguous

    def organization(self, phrase: str, at: int) -> Naming:
        """The organisation's name without "the"; "the ministry" is the one named before."""
        name = DETERMINER.sub("", phrase.strip())
        if any(is_name_word(word) or ACRONYM.match(word) for word in WORD.findall(name)):
            self.bodies.append((at, name))
            return Naming(ORGANIZATION, name)
        wanted = set(WORD.findall(name.lower()))
        for start, earlier in reversed(self.bodies[-RECENT_PEOPLE:]):
            if start < at and wanted <= set(WORD.findall(earlier.lower())):
                return Naming(ORGANIZATION, earlier)
        return Naming(ORGANIZATION, "", lower_first(phrase))


def kind_of(phrase: str) -> str:
    """Person, organisation or document, from the phrase's head noun and shape.

    A title before a name makes a person ("Bank of England Governor Andrew
    Bailey") whatever institution the title mentions; a name after "the" is
    not a person's ("the Global Climate Monitor").
    """
    if titled_name(phrase):
        return PERSON
    head = head_noun(phrase)
    if head in DOCUMENT_NOUNS:
        return DOCUMENT
    bare = DETERMINER.sub("", phrase.strip())
    if (
        head in ORGANIZATION_NOUNS
        or bare.lower() in NEWS_AGENCIES
        or ACRONYM.match(bare)
        or CORPORATE_SUFFIX.search(bare)
        or (DEFINITE.match(phrase) and name_run(phrase))
    ):
        return ORGANIZATION
    return PERSON


def spokesperson(phrase: str) -> tuple[str, str] | None:
    """(the organisation, the role) when an unnamed spokesperson speaks for one."""
    found = SPOKESPERSON_FOR.search(phrase) or SPOKESPERSON_OF.match(phrase)
    if found is None or titled_name(phrase):
        return None  # "ministry spokesman Ivan Petrov" is Ivan Petrov
    return found.group("body"), found.group("role")


def head_noun(phrase: str) -> str:
    words = WORD.findall(HEAD_ENDS.split(f" {phrase} ", maxsplit=1)[0])
    return POSSESSIVE.sub("", words[-1].strip(".")).lower() if words else ""


BODY_NOUNS = ORGANIZATION_NOUNS | DOCUMENT_NOUNS  # what a titled name is not the name of


def titled_name(phrase: str) -> bool:
    """A title word straight before a run of name words: "Governor Halvard Ness";
    not when the name is an organisation's ("the Justice Reform Network")."""
    words = WORD.findall(phrase)
    first, last = name_position(words)
    title = words[first - 1].strip(".").lower() if first > 0 else ""
    if first == last or title not in TITLES or title in PLURAL_PEOPLE:
        return False
    return words[last - 1].strip(".").lower() not in BODY_NOUNS


def split_name(phrase: str) -> tuple[str, str]:
    """(the name, the rest as its role): "Opposition councillor Farhan Qureshi" →
    ("Farhan Qureshi", "Opposition councillor"); an apposition after a comma
    is the role too ("Amira Haddad, a hydrologist")."""
    titled_of = TITLE_OF_NAME.match(phrase.strip())
    if titled_of:  # "U.S. Secretary of State Antony Blinken"
        return titled_of.group("name"), role_words(titled_of.group("role"))
    parts = [part.strip() for part in phrase.split(",") if part.strip()]
    named = next((part for part in parts if name_run(name_part(part))), None)
    if named is None:
        return "", ""
    run = name_run(name_part(named))
    name = " ".join(run)
    at = named.rfind(run[0]) if len(run) == 1 else named.find(name)
    own_role = (named[:at] + named[at + len(name) :]) if at >= 0 else ""
    role = [role_words(without_honorifics(own_role))] + [p for p in parts if p is not named]
    return name, ", ".join(" ".join(part.split()) for part in role if part.strip())


# "Secretary of State", "Minister of Finance", "Chief of Staff" and the name
# after them: its last two words, or three with a middle initial.
TITLE_OF_NAME = re.compile(
    r"(?P<role>.*?\b(?:Secretary|Minister|Chief|Director|Head|Chairman|Chairwoman|Governor|"
    r"Mayor|Speaker|Commissioner|Ambassador|Attorney\s+General)\s+of\s+(?:the\s+)?.*?)\s+"
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+)$"
)
# Where a role read off the words before a name starts: after a time or a
# place ("Yesterday Governor", "In Boston Mayor" -> "Governor", "Mayor").
ROLE_BREAK = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|now|then|earlier|later|meanwhile|also|and|but|"
    r"in|on|at|when|after|before|as|while|last|this|next)\b",
    re.IGNORECASE,
)


def role_words(role: str) -> str:
    """The title and role words right before a name, not the sentence before them."""
    breaks = list(ROLE_BREAK.finditer(role))
    if not breaks:
        return role.strip()
    words = role[breaks[-1].end() :].split()
    while len(words) > 1 and words[0][:1].isupper() and words[0].strip(".").lower() not in TITLES:
        words.pop(0)  # the place after "In": "Boston Mayor" -> "Mayor"
    return " ".join(words)


def name_part(part: str) -> str:
    """The words a person's name may be among: in "chief economist at Northfield
    Bank" the capitalised words name the bank, not the economist."""
    if titled_name(part):
        return part
    return HEAD_ENDS.split(f" {part} ", maxsplit=1)[0].strip()


def without_honorifics(role: str) -> str:
    words = [word for word in role.split() if word.strip(".").lower() not in HONORIFICS]
    return " ".join(words)


def name_run(phrase: str) -> list[str]:
    """The name's words in the phrase; a sentence's full stop is not part of it."""
    words = WORD.findall(phrase)
    first, last = name_position(words)
    run = words[first:last]
    return [*run[:-1], run[-1].rstrip(".")] if run else run


def name_position(words: list[str]) -> tuple[int, int]:
    """Where the last run of two or more name words is, else the last single one."""
    runs, start = [], None
    for index, word in enumerate(words):
        inside = start is not None and word in PARTICLES and _name_follows(words, index)
        if is_name_word(word) or inside:
            start = index if start is None else start
        elif start is not None:
            runs.append((start, index))
            start = None
    if start is not None:
        runs.append((start, len(words)))
    long = [run for run in runs if run[1] - run[0] > 1]
    return (long or runs or [(0, 0)])[-1]


def _name_follows(words: list[str], index: int) -> bool:
    """Whether the particles from ``index`` lead on to a name word ("von der Leyen")."""
    for word in words[index + 1 :]:
        if word not in PARTICLES:
            return is_name_word(word)
    return False


def is_name_word(word: str) -> bool:
    bare = POSSESSIVE.sub("", word.strip(".’'"))
    return (
        bare[:1].isupper()
        and bare.lower() not in TITLES
        and bare.lower() not in NOT_NAMES
        and bare.lower() not in NAMELESS_STARTS
        and (not bare.isupper() or (len(bare) == 1 and word.endswith(".")))  # "J. R. Smith"
        and not PLURAL_ACRONYM.match(bare)
    )


def anonymous_group(phrase: str) -> Naming:
    """An unnamed group is filed under its description, clauses about it dropped."""
    described = lower_first(CLAUSE.split(phrase.strip(), maxsplit=1)[0].strip())
    return Naming(ANONYMOUS_GROUP, described, described)


def lower_first(phrase: str) -> str:
    """ "Two senior officials" → "two senior officials"; names keep their capitals."""
    first = phrase.split(" ", 1)[0]
    if first[:1].isupper() and first.lower() in NAMELESS_STARTS:
        return phrase[:1].lower() + phrase[1:]
    return phrase


# Words that start a description rather than a name, at a sentence's start.
NAMELESS_STARTS = {
    "the",
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "several",
    "some",
    "many",
    "most",
    "few",
    "other",
    "senior",
    "junior",
    "top",
    "former",
    "current",
    "court",
    "internal",
    "officials",
    "sources",
    "people",
    "this",
    "that",
    "these",
    "those",
    "her",
    "his",
    "their",
    "its",
    "our",
}


# Capitalised words on one line, stopping at a sentence's full stop ("…in
# March. Mayor Carla Reyes"): only initials and titles keep theirs.
CAPITALISED_RUN = re.compile(rf"(?:(?:{ABBREVIATED}|[A-Z][\w’'-]*)[ \t]+)+[A-Z][\w’'-]*\b")


# A name and its title take a few words; a longer capitalised run (a
# headline, a list of names) is read as runs of this many words at most.
LONGEST_RUN = 8


def capitalised_runs(text: str) -> dict[str, list[tuple[int, int]]]:
    """Every run of two or more capitalised words, indexed by each of its words
    after the first: "Mayor Carla Reyes" is filed under Carla and Reyes, as the
    offsets of the words up to them, in text order. One pass over the text,
    offsets only: memory grows with the text, not with its square."""
    runs: dict[str, list[tuple[int, int]]] = {}
    for match in CAPITALISED_RUN.finditer(text):
        words = [(w.start(), w.end(), w.group()) for w in re.finditer(r"\S+", match.group())]
        for index in range(1, len(words)):
            first = max(0, index - LONGEST_RUN + 1)
            surname = POSSESSIVE.sub("", words[index][2])  # "Ness's dam" is Ness's
            end = match.start() + words[index][1] - (len(words[index][2]) - len(surname))
            runs.setdefault(surname, []).append((match.start() + words[first][0], end))
    return runs
