"""Named or anonymous: who a source phrase points to, and pronouns resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.extraction.lexicon import (
    ANONYMITY_PHRASES,
    ANONYMOUS_HEADS,
    NOT_NAMES,
    PERSON_PRONOUNS,
    PRONOUNS,
)

WORD = re.compile(r"[\w’'.-]+")
# "the ministry", "the central bank", "Reuters": institutions are on the record.
INSTITUTION = re.compile(
    r"\b(?:ministry|department|bank|court|police|government|company|council|commission|"
    r"agency|office|authority|committee|party|union|board|army|military|embassy|university|"
    r"hospital|white\s+house|kremlin|pentagon|parliament|senate|congress|cabinet|"
    r"spokes(?:man|woman|person)|statement|report|survey|study|data|figures)\b",
    re.IGNORECASE,
)


def has_name(phrase: str) -> bool:
    """A capitalised word that is not a role, group or function word: a name."""
    words = WORD.findall(phrase)
    return any(
        word[0].isupper() and word.lower().strip(".’'") not in NOT_NAMES and not word.isupper()
        for word in words
    )


def is_anonymous(phrase: str) -> bool:
    if ANONYMITY_PHRASES.search(phrase):
        return True
    if not ANONYMOUS_HEADS.search(phrase):
        return False
    # "PTI leaders" (a group with no one named) is anonymous; "Imran Khan's
    # aides" too; "Ines Vartanian" is not.
    return not has_name(_without_owner(phrase)) or _plural_group(phrase)


def _without_owner(phrase: str) -> str:
    """Drop a possessive owner: in "Khan's aides" the aides are unnamed."""
    return re.sub(r"^.*?[’']s\s+", "", phrase)


def _plural_group(phrase: str) -> bool:
    last = phrase.split()[-1].lower() if phrase.split() else ""
    return last.endswith("s") and ANONYMOUS_HEADS.fullmatch(last) is not None


@dataclass
class Resolver:
    """Remembers the last named person and group, for "he", "she" and "they"."""

    person: tuple[int, int] | None = None
    person_sourcing: str = "named"
    group: tuple[int, int] | None = None
    group_sourcing: str = "anonymous"
    seen: list = field(default_factory=list)

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
        if pronoun == "they" and self.group is not None:
            return self.group_sourcing, self.group
        if pronoun in ("it", "we") and self.group is not None:
            return self.group_sourcing, self.group
        return "named", self.person

    def remember(self, span: tuple[int, int], phrase: str, sourcing: str) -> None:
        words = phrase.split()
        plural = words[-1].lower().endswith("s") and not has_name(words[-1])
        if plural or INSTITUTION.search(phrase):
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
