"""Reading a claim's discussion for its page: comments merged into the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desk.forms import CommentForm
from desk.models import Comment
from desk.services.comments import may_delete

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from claims.models import Claim, ClaimEvent


@dataclass
class TimelineEntry:
    """One line of the claim's timeline: an event or a comment."""

    at: datetime
    event: ClaimEvent | None = None
    comment: Comment | None = None


def claim_timeline(claim: Claim, user: User) -> list[TimelineEntry]:
    """The claim's events and comments in time order (an event first when at the
    same moment). Three queries: events, comments with their authors, and the
    revisions of the comments (none when there are no comments)."""
    events = claim.events.select_related("actor", "from_rating", "to_rating")
    comments = (
        Comment.objects.filter(claim=claim)
        .select_related("author", "deleted_by")
        .prefetch_related("revisions")
    )
    entries = [TimelineEntry(at=event.at, event=event) for event in events]
    for comment in comments:
        comment.can_edit = not comment.is_deleted and comment_editable_by(comment, user)
        comment.can_delete = not comment.is_deleted and may_delete(comment, user)
        entries.append(TimelineEntry(at=comment.created_at, comment=comment))
    return sorted(entries, key=lambda entry: (entry.at, entry.comment is not None))


def comment_editable_by(comment: Comment, user: User) -> bool:
    return comment.author_id == user.pk and user.has_perm("desk.change_comment")


def discussion_context(claim: Claim, user: User) -> dict[str, Any]:
    """What the claim page's timeline and comment form need (desk/_timeline.html)."""
    return {
        "timeline": claim_timeline(claim, user),
        "can_comment": user.has_perm("desk.add_comment"),
        "comment_form": CommentForm(auto_id="id_comment_%s"),
    }
