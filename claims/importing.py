"""Reading the plain-text article format of ``shared/data/*.txt``.

A file is UTF-8 text: an optional first token ``date YYYY-MM-DD``, then the
article body. Anything else is refused with a reason a person can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims import services
from claims.models import Outlet, normalize_body

# "date" followed by something that looks like a date is a header, and must
# then be a valid YYYY-MM-DD; a body that merely starts with the word "date"
# ("Date palms…") is left alone.
HEADER = re.compile(r"\A\s*date\s+(?P<value>\S*\d\S*)(?:\s+|\Z)")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ImportRefused(Exception):
    """The file cannot be imported; the message says why."""


@dataclass(frozen=True)
class ParsedArticle:
    published_on: date | None
    body: str


def parse_article_file(raw: bytes) -> ParsedArticle:
    """Decode and split one import file, refusing empty, binary and non-UTF-8 input."""
    if b"\x00" in raw:
        raise ImportRefused("the file is binary, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"the file is not UTF-8 (invalid byte at position {error.start})"
        ) from None
    if not text.strip():
        raise ImportRefused("the file is empty")
    published_on, body = _split_header(text)
    body = normalize_body(body)
    if not body:
        raise ImportRefused("the file has a date header but no article text")
    return ParsedArticle(published_on=published_on, body=body)


def _split_header(text: str) -> tuple[date | None, str]:
    match = HEADER.match(text)
    if match is None:
        return None, text
    value = match.group("value")
    if not ISO_DATE.fullmatch(value):
        raise ImportRefused(f"bad date “{value}” in the header (expected YYYY-MM-DD)")
    try:
        published_on = date.fromisoformat(value)
    except ValueError:
        raise ImportRefused(f"bad date “{value}” in the header (no such day)") from None
    return published_on, text[match.end() :]


def import_article_file(
    path: Path, *, outlet: Outlet | None = None, title: str = ""
) -> services.ArticleImport:
    """Read, check and store one file, in one transaction (whole or not at all)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"the file cannot be read ({error.strerror})") from None
    parsed = parse_article_file(raw)
    try:
        return services.article_create(
            body=parsed.body, by=None, title=title, published_on=parsed.published_on, outlet=outlet
        )
    except services.ClaimDeskError as error:
        raise ImportRefused(str(error)) from None
