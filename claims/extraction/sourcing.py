"""Named or anonymous: who a source phrase points to, and pronouns resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.extraction.lexicon import (
    ANONYMITY_PHRASES,
    INDEFINITE,
    INHERENTLY_ANONYMOUS,
    NOT_NAMES,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    SPOKESPERSON,
    runs_on,
)

WORD = re.compile(r"[\w’'.-]+")
PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")  # "GPs", "MPs": people, not a name
# "the ministry", "the central bank": institutions speak as a group.
INSTITUTION = re.compile(
    r"\b(?:ministry|department|bank|court|police|government|company|council|commission|"
    r"agency|office|authority|committee|party|union|board|army|military|embassy|university|"
    r"hospital|parliament|senate|congress|cabinet|service|network|group|statement|report|"
    r"survey|study|data|figures|papers)\b",
    re.IGNORECASE,
)


def name_word(word: str) -> bool:
    bare = word.strip(".’'")
    return (
        bare[:1].isupper()
        and bare.lower() not in NOT_NAMES
        and bare.lower() not in PERSON_NOUNS
        and not bare.isupper()
        and not PLURAL_ACRONYM.match(bare)
    )


def has_name(phrase: str) -> bool:
    """Does the phrase name someone or something? Its first word alone does not
    count, since it is capitalised anyway at the start of a sentence."""
    words = WORD.findall(phrase)
    if len(words) > 1 and name_word(words[0]) and name_word(words[1]):
        return True
    return any(name_word(word) for word in words[1:])


# Capitalised, yet people described, not named: "Some Democrats".
PARTY_PEOPLE = {
    "democrat", "democrats", "republican", "republicans", "conservatives", "liberals",
    "progressives",
}  # fmt: skip


def person_head(phrase: str, *, last: bool = False) -> str | None:
    """The first (or ``last``) common noun for people; capitalised ones belong to
    names ("the Association of School Leaders")."""
    words = WORD.findall(phrase)
    for word in reversed(words) if last else words:
        bare = word.strip(".’'")
        lowered = bare.lower()
        if lowered in PERSON_NOUNS and (
            bare.islower()
            or bare == phrase.split()[0]
            or lowered in PARTY_PEOPLE
            or PLURAL_ACRONYM.match(bare)  # "Two GPs"
        ):
            return lowered
    return None


def is_anonymous(phrase: str) -> bool:
    """Unnamed people and groups; an institution's spokesperson speaks on the record."""
    if ANONYMITY_PHRASES.search(phrase):
        return True
    if SPOKESPERSON.search(phrase) or POLL_SHARE.search(phrase) or names_someone(phrase):
        return False  # on the record, a poll's finding, or named beside a description
    if phrase.lower() in QUANTIFIERS:
        return True  # "Some said…", "Others argue…"
    among = NAMED_AMONG.match(phrase)
    if among and among.group().split()[-2].lower() not in PARTY_PEOPLE:
        return False  # "Hawkins and others", "She and her aides": someone on the record
    quantified = QUANTIFIED.match(phrase)
    if quantified and (quantified.group(1).lower() in QUANTIFIERS or person_head(phrase)):
        return True  # "Some of the women", "Many in the crowd", "two of the people"
    head_phrase = _head_phrase(phrase)
    owned = _without_owner(head_phrase)
    # The last noun for people heads the phrase: "the Republican presidential
    # nominee" is a nominee, one person, not Republicans.
    head = _head_noun(owned)
    if head is None:
        return False  # a thing, a document or a body: "a POLITICO analysis"
    if owned != head_phrase and not head.endswith("s"):
        return False  # "Trump's campaign manager": one person, whom the owner identifies
    if head in INHERENTLY_ANONYMOUS or INDEFINITE.match(phrase):
        return True
    if DEFINITE_SINGULAR.match(phrase) and not head.endswith("s"):
        return False  # "the minister": someone the article has already named
    # Unnamed researchers of a named university speak for it (the corpus's rule).
    return not has_name(phrase)


QUANTIFIED = re.compile(
    r"^(some|many|most|few|several|others?|one|two|three|four|five|\d+)\s+(?:of|in|on|at|among)\b",
    re.IGNORECASE,
)


def _head_phrase(phrase: str) -> str:
    """The words before a preposition: "The new poll of voters" -> "The new poll"."""
    head = HEAD_NP.match(phrase)
    return head.group() if head else phrase


NAMED_AMONG = re.compile(r"^(?:he|she|i|we|(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*)\s+and\s")
QUANTIFIERS = {"some", "many", "others", "several", "few", "most", "a few", "some of them"}
POLL_SHARE = re.compile(r"percent|%|\bin 10\b|\bhalf of\b|\bmajority of\b", re.IGNORECASE)


def names_someone(phrase: str) -> bool:
    """A person's full name stands in the phrase, not as a modifier: "Tad Devine,
    Sanders's chief strategist", but not "Senate Republican leaders" nor
    "leaders in North Carolina"."""
    head = HEAD_NP.match(phrase)
    words = (head.group() if head else phrase).split()
    run = 0
    for index, word in enumerate(words):
        run = run + 1 if name_word(word) and not word.endswith(("’s", "'s")) else 0
        following = words[index + 1] if index + 1 < len(words) else ""
        if run >= 2 and not following[:1].islower() and not _owner_follows(words[index + 1 :]):
            return True  # two name words in a row, not modifying a noun after them
    return False


def _owner_follows(words: list[str]) -> bool:
    """The name runs on to an owner's word: "Aung San Suu Kyi's political allies"."""
    for word in words:
        if not name_word(word.rstrip("’'s")):
            return False
        if word.endswith(("’s", "'s", "s’", "s'")):
            return True
    return False


# The words before a preposition or relative clause: where a name would be the head.
HEAD_NP = re.compile(
    r".*?(?=\s+(?:in|of|at|from|for|with|who|which|that|on|to|familiar|close|briefed|involved|"
    r"knowledgeable|speaking|like|including|I|I’ve|I've|we)\b)"
)


DEFINITE_SINGULAR = re.compile(r"^(?:the|this|that)\s", re.IGNORECASE)


def _head_noun(phrase: str) -> str | None:
    """The phrase's last word, if it is a noun for people: lower case, a party's
    people or an acronym ("GPs") — a capitalised one in a longer phrase is a
    name ("Business Insider")."""
    words = WORD.findall(phrase)
    while words and runs_on(words[-1].lower()):
        words.pop()  # "Sanders supporters have long", "One official even"
    if not words:
        return None
    bare = words[-1].strip(".’'")
    lowered = bare.lower()
    capital_ok = len(words) == 1 or lowered in PARTY_PEOPLE or PLURAL_ACRONYM.match(bare)
    if lowered in PERSON_NOUNS and (bare.islower() or capital_ok):
        return lowered
    return None


def _without_owner(phrase: str) -> str:
    """Drop a possessive owner: in "Khan's aides" the aides are unnamed."""
    return re.sub(r"^.*?(?:[’']s|s[’'])\s+", "", phrase)  # "Khan's", "Sanders’"


@dataclass
class Person:
    span: tuple[int, int]
    sourcing: str
    gender: str | None  # "he", "she", or None when the text does not say


# How the text tells a person's gender: an honorific or a title before the
# name, or a first name that is nearly always one or the other. Nothing else
# is guessed: a "he" with two people of unknown gender before it is unclear.
MALE_WORDS = {
    "mr", "sir", "lord", "king", "prince", "father", "brother", "congressman", "chairman",
    "spokesman", "businessman", "councilman", "assemblyman", "alderman", "husband", "son",
    "pope", "imam", "uncle", "nephew", "boy", "man", "sheikh",
}  # fmt: skip
FEMALE_WORDS = {
    "mrs", "ms", "miss", "madam", "madame", "dame", "lady", "queen", "princess", "mother",
    "sister", "congresswoman", "chairwoman", "spokeswoman", "businesswoman", "councilwoman",
    "assemblywoman", "wife", "daughter", "aunt", "niece", "girl", "woman", "begum",
}  # fmt: skip
MALE_NAMES = {
    "john", "james", "michael", "david", "robert", "william", "richard", "thomas", "mark",
    "paul", "peter", "donald", "bernie", "ted", "marco", "jeb", "chris", "mike", "barack",
    "joe", "bill", "george", "ben", "rand", "scott", "jeff", "tim", "steve",
    "imran", "kamran", "ahmed", "ali", "hassan", "farhan", "omar", "muhammad", "mohammed",
    "khalid", "tariq", "bilal", "usman", "aurel", "ivan", "igor", "pierre", "jean", "luis",
    "carlos", "jose", "juan", "hans", "klaus", "halvard",
}  # fmt: skip
FEMALE_NAMES = {
    "mary", "hillary", "elizabeth", "sarah", "susan", "nancy", "carly", "jennifer", "karen",
    "lisa", "michelle", "melania", "ivanka", "huma", "kellyanne", "anna", "maria", "ines",
    "priya", "fatima", "ayesha", "aisha", "sana", "maryam", "nadia", "amina", "marta",
    "sofia", "sophie", "emma", "olivia", "julia", "laura", "claire", "helen", "jane",
    "catherine", "katherine", "anne", "ann", "angela", "theresa", "nicola", "margaret",
    "elena", "ingrid", "greta", "lena", "zainab", "saima", "shirin", "leila", "rosa",
}  # fmt: skip
RECENT_PEOPLE = 6


def gender_of(phrase: str) -> str | None:
    """ "he" or "she" when the phrase says so ("Ms. Okafor", "Congresswoman X",
    "Hillary Clinton"), else None."""
    for word in WORD.findall(phrase):
        bare = word.strip(".’'").lower()
        if bare in MALE_WORDS or bare in MALE_NAMES:
            return "he"
        if bare in FEMALE_WORDS or bare in FEMALE_NAMES:
            return "she"
    return None


@dataclass
class Resolver:
    """Remembers who the article has named, for "he", "she" and "they".

    "He" and "she" go to the last speaker when the gender fits, else to the
    nearest person named whose gender fits; when the nearest two could both
    be meant (neither's gender known), the answer is "unclear" (None).
    """

    people: list[Person] = field(default_factory=list)
    speaker: Person | None = None
    group: tuple[int, int] | None = None
    group_sourcing: str = "anonymous"

    def classify(
        self, text: str, span: tuple[int, int], judged: str | None = None
    ) -> tuple[str, tuple[int, int] | None]:
        """("named" or "anonymous", the span a pronoun refers to or None);
        ``judged`` is the learned model's judgement, when it made one."""
        phrase = text[span[0] : span[1]]
        lowered = phrase.lower()
        if lowered in PRONOUNS:
            return self._pronoun(lowered)
        sourcing = judged or ("anonymous" if is_anonymous(phrase) else "named")
        self.remember(span, phrase, sourcing)
        return sourcing, None

    def _pronoun(self, pronoun: str) -> tuple[str, tuple[int, int] | None]:
        if pronoun in PERSON_PRONOUNS:
            person = self._antecedent(pronoun)
            if person is None:
                return "named", None
            if person.gender is None:
                person.gender = pronoun  # "Baig said … He added": Baig is a he from now on
            self.speaker = person
            return person.sourcing, person.span
        if pronoun in ("they", "it", "we") and self.group is not None:
            return self.group_sourcing, self.group
        return "named", None

    def _antecedent(self, pronoun: str) -> Person | None:
        fitting = [p for p in reversed(self.people) if p.gender in (pronoun, None)]
        if not fitting:
            return None
        speaker = self.speaker
        if speaker in fitting:
            since = fitting[: fitting.index(speaker)]
            if not any(p.gender == pronoun for p in since):
                return speaker  # "Baig said … He added": the last speaker goes on
        nearest = fitting[0]
        if nearest.gender is None and len(fitting) > 1 and fitting[1].gender is None:
            return None  # two people it could be: say so, do not guess
        return nearest

    def remember(self, span: tuple[int, int], phrase: str, sourcing: str) -> None:
        words = phrase.split()
        plural = words[-1].lower().endswith("s") and not has_name(words[-1])
        if plural or INSTITUTION.search(phrase):
            self.group, self.group_sourcing = span, sourcing
            return
        person = Person(span, sourcing, gender_of(phrase))
        self.people = [*self.people[-RECENT_PEOPLE:], person]
        self.speaker = person

    def notice_names(self, text: str, start: int, end: int) -> None:
        """A person named in an unattributed sentence can be "he" in the next."""
        for match in NAME.finditer(text, start, end):
            if has_name(match.group()) and not INSTITUTION.search(match.group()):
                self.people = [
                    *self.people[-RECENT_PEOPLE:],
                    Person(match.span(), "named", gender_of(match.group())),
                ]


# Two or more capitalised words in a row: "Barrister Saif", "Imran Khan".
NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")
