"""Checks on what people type, shared by every service."""

from __future__ import annotations

from claims.errors import ClaimDeskError


def checked_length(text: str, limit: int, what: str) -> str:
    """``text`` when it fits in ``limit`` characters; refused with the limit otherwise."""
    if len(text) > limit:
        raise ClaimDeskError(f"{what} is too long: {len(text):,} characters, at most {limit:,}.")
    return text
