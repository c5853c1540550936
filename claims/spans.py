"""Spans of an article's text: pure helpers, no database.

A span is ``[start, end)`` in code points of the normalised body, with the
text it must cover. Forms, the admin, the suggestions and the services all
build and check spans here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from claims.errors import InvalidSpan


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def span_or_none(start: int | None, end: int | None, text: str | None) -> Span | None:
    """A span when both offsets are known, else None (a mention or cue left out)."""
    if start is None or end is None:
        return None
    return Span(start, end, text or "")


def span_from(data: Mapping[str, Any], name: str) -> Span | None:
    """The ``name`` span of cleaned form data: ``name``, ``name_start``, ``name_end``."""
    return span_or_none(data.get(f"{name}_start"), data.get(f"{name}_end"), data.get(name))


def span_of_field(instance: Any, name: str) -> Span | None:
    """The ``name`` span stored on a model instance (an attribution's mention, say)."""
    return span_or_none(
        getattr(instance, f"{name}_start"),
        getattr(instance, f"{name}_end"),
        getattr(instance, name),
    )


def check_span(body: str, start: int, end: int, text: str, what: str) -> None:
    """Refuse a span outside ``body`` or whose text is not ``text``."""
    if not (0 <= start < end <= len(body)):
        raise InvalidSpan(
            f"The {what} span [{start}, {end}) lies outside the article body "
            f"(0 to {len(body)} characters)."
        )
    if body[start:end] != text:
        raise InvalidSpan(
            f"The {what} does not match the article at [{start}, {end}): the article has "
            f"“{body[start:end][:80]}”, not “{text[:80]}”."
        )


def find_near(body: str, text: str, position: int) -> Span | None:
    """The occurrence of ``text`` in ``body`` closest to ``position``, as a span.

    Lets an editor name a mention or cue ("He", "said") by its words on the
    claim page, where there is no selection to take offsets from.
    """
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        return None
    starts, at = [], body.find(text)
    while at != -1:
        starts.append(at)
        at = body.find(text, at + 1)
    if not starts:
        raise InvalidSpan(f"“{text[:80]}” does not occur in the article.")
    start = min(starts, key=lambda candidate: abs(candidate - position))
    return Span(start, start + len(text), text)
