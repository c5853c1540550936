"""Named or anonymous: who a source phrase points to, and pronouns resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.lexicon import (
    ANONYMITY_PHRASES,
    INDEFINITE,
    INHERENTLY_ANONYMOUS,
    NOT_NAMES,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    SPOKESPERSON,
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


def person_head(phrase: str) -> str | None:
    """The first common noun for people; capitalised ones belong to names
    ("the Association of School Leaders")."""
    for word in WORD.findall(phrase):
        bare = word.strip(".’'")
        if bare.lower() in PERSON_NOUNS and (bare.islower() or bare == phrase.split()[0]):
            return bare.lower()
    return None


def is_anonymous(phrase: str) -> bool:
    """Unnamed people and groups; an institution's spokesperson speaks on the record."""
    if ANONYMITY_PHRASES.search(phrase):
        return True
    if SPOKESPERSON.search(phrase):
        return False
    head = person_head(_without_owner(phrase))
    if head is None:
        return False
    if head in INHERENTLY_ANONYMOUS or INDEFINITE.match(phrase):
        return True
    if DEFINITE_SINGULAR.match(phrase) and not head.endswith("s"):
        return False  # "the minister": someone the article has already named
    return not has_name(phrase)


DEFINITE_SINGULAR = re.compile(r"^(?:the|this|that)\s", re.IGNORECASE)


def _without_owner(phrase: str) -> str:
    """Drop a possessive owner: in "Khan's aides" the aides are unnamed."""
    return re.sub(r"^.*?[’']s\s+", "", phrase)


@dataclass
class Resolver:
    """Remembers the last named person and group, for "he", "she" and "they"."""

    person: tuple[int, int] | None = None
    person_sourcing: str = "named"
    group: tuple[int, int] | None = None
    group_sourcing: str = "anonymous"

    def classify(self, text: str, span: tuple[int, int]) -> tuple[str, tuple[int, int] | None]:
        """("named" or "anonymous", the span a pronoun refers to or None)."""
        phrase = text[span[0] : span[1]]
        lowered = phrase.lower()
        if lowered in PRONOUNS:
            return self._pronoun(lowered)
        sourcing = "anonymous" if is_anonymous(phrase) else "named"
        self.remember(span, phrase, sourcing)
        return sourcing, None

    def _pronoun(self, pronoun: str) -> tuple[str, tuple[int, int] | None]:
        if pronoun in PERSON_PRONOUNS and self.person is not None:
            return self.person_sourcing, self.person
        if pronoun in ("they", "it", "we") and self.group is not None:
            return self.group_sourcing, self.group
        return "named", self.person

    def remember(self, span: tuple[int, int], phrase: str, sourcing: str) -> None:
        words = phrase.split()
        plural = words[-1].lower().endswith("s") and not has_name(words[-1])
        if plural or INSTITUTION.search(phrase) or (sourcing == "anonymous" and plural):
            self.group, self.group_sourcing = span, sourcing
        else:
            self.person, self.person_sourcing = span, sourcing

    def notice_names(self, text: str, start: int, end: int) -> None:
        """A person named in an unattributed sentence can be "he" in the next."""
        for match in NAME.finditer(text, start, end):
            if has_name(match.group()):
                self.person, self.person_sourcing = match.span(), "named"


# Two or more capitalised words in a row: "Barrister Saif", "Imran Khan".
NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")
