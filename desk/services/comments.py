"""A claim's discussion: comments with @mentions, edited with history, deleted as tombstones.

A comment is not the record: it never changes the claim, never bumps its
version and never locks its row, so a discussion cannot make anyone's edit
of the claim stale. Comments are allowed on published claims too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from claims.errors import ClaimDeskError
from claims.services.text import checked_length
from desk.models import COMMENT_MAX, Comment, CommentRevision
from desk.services.notifications import notify_mentions

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from claims.models import Claim

# "@erin", "@rafa.k": a username after an @ that does not follow a word
# character, so that an email address ("erin@example.org") mentions nobody.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")


def mentioned_usernames(body: str) -> set[str]:
    """The usernames ``body`` mentions; a full stop ending a sentence is not part of one."""
    return {name.rstrip(".") for name in MENTION.findall(body) if name.rstrip(".")}


def mentioned_users(body: str, author: User) -> list[User]:
    """The active users ``body`` mentions, other than its author (one query, or none)."""
    names = mentioned_usernames(body)
    if not names:
        return []
    users = get_user_model().objects.filter(username__in=names, is_active=True)
    return [user for user in users.exclude(pk=author.pk)]


def checked_body(body: str) -> str:
    body = checked_length(body.strip(), COMMENT_MAX, "The comment")
    if not body:
        raise ClaimDeskError("The comment is empty: write something first.")
    return body


@transaction.atomic
def comment_add(*, claim: Claim, by: User, body: str) -> Comment:
    """Add ``by``'s comment to ``claim``'s discussion; the users it mentions are notified."""
    if not by.has_perm("desk.add_comment"):
        raise PermissionDenied("You do not have permission to comment on claims.")
    comment = Comment.objects.create(claim=claim, author=by, body=checked_body(body))
    notify_mentions(comment, mentioned_users(comment.body, by))
    return comment


def lock_comment(comment: Comment) -> Comment:
    """The comment as stored, its row locked: the race is its author's edit in
    one tab against a reviewer's delete (or another edit) in another."""
    return Comment.objects.select_for_update().select_related("claim").get(pk=comment.pk)


@transaction.atomic
def comment_edit(*, comment: Comment, by: User, body: str) -> Comment:
    """Only the author rewords a comment; the earlier wording is kept as a revision.

    A mention the edit adds notifies; one already notified does not again.
    """
    current = lock_comment(comment)
    if current.author_id != by.pk or not by.has_perm("desk.change_comment"):
        raise PermissionDenied("Only the comment's author can edit it.")
    if current.is_deleted:
        raise ClaimDeskError("This comment was deleted; it cannot be edited.")
    body = checked_body(body)
    if body == current.body:
        return current
    CommentRevision.objects.create(comment=current, body=current.body, replaced_by=by)
    current.body, current.edited_at = body, timezone.now()
    current.save(update_fields=["body", "edited_at"])
    notify_mentions(current, mentioned_users(body, by))
    return current


def may_delete(comment: Comment, user: User) -> bool:
    """The author (still allowed to comment) or a reviewer may delete a comment."""
    if user.has_perm("desk.delete_comment"):
        return True
    return comment.author_id == user.pk and user.has_perm("desk.add_comment")


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> Comment:
    """Leave a tombstone saying who deleted it and when; the wording is kept as a revision."""
    current = lock_comment(comment)
    if not may_delete(current, by):
        raise PermissionDenied("Only the comment's author or a reviewer can delete it.")
    if current.is_deleted:
        return current  # a second click: already a tombstone
    CommentRevision.objects.create(comment=current, body=current.body, replaced_by=by)
    current.body, current.deleted_at, current.deleted_by = "", timezone.now(), by
    current.save(update_fields=["body", "deleted_at", "deleted_by"])
    return current
