"""Refusals: what a write says when it changes nothing."""

from __future__ import annotations


class ClaimDeskError(Exception):
    """A refused write; the message says why, for the person who asked."""


class InvalidSpan(ClaimDeskError):
    pass


class InvalidTransition(ClaimDeskError):
    pass


class StaleVersion(ClaimDeskError):
    """Refused: someone changed the claim since the version the writer had."""

    def __init__(self, message: str, changes: list[str]) -> None:
        super().__init__(message)
        self.changes = changes
