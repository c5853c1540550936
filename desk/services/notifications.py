"""Notifications: derived from a timeline event or a comment, stored per recipient.

Each is written in the same transaction as its cause, and its ``key`` names
that cause, so that one cause notifies one person once (the unique
constraint ``notification_once`` on recipient and key; rows that exist
already are skipped, not refused). The keys:

- ``event:<event id>`` — a timeline event (assigned, sent to review, sent
  back, published, reopened): one event, one notification per person;
- ``mention:<comment id>`` — a comment's mentions, however often it is edited;
- ``revisit:<claim id>:<date>`` — a revisit date come (the sweep);
- ``stale:<event id>`` — a claim waiting in review, keyed on the event that
  sent it there, so once per review round (the sweep);
- ``export:<job id>:<attempt>`` — an export job stuck past its lease (the sweep).

Email goes out after commit, by a Celery task per notification, to those who
opted in (``desk.services.email``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from claims.models import Claim, ClaimEvent, Status, active_users_with
from desk.models import Comment, Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Kind = Notification.Kind
SUMMARY_MAX = Notification._meta.get_field("summary").max_length


@dataclass(frozen=True)
class Cause:
    """What the notifications of one cause share; each recipient gets one row."""

    kind: str
    key: str
    summary: str
    actor_id: int | None = None
    claim_id: int | None = None
    event_id: int | None = None
    comment_id: int | None = None
    export_job_id: int | None = None

    def row(self, recipient_id: int, created_at: datetime) -> Notification:
        return Notification(
            recipient_id=recipient_id,
            created_at=created_at,
            kind=self.kind,
            key=self.key,
            summary=self.summary[:SUMMARY_MAX],
            actor_id=self.actor_id,
            claim_id=self.claim_id,
            event_id=self.event_id,
            comment_id=self.comment_id,
            export_job_id=self.export_job_id,
        )


def notify(causes: Iterable[tuple[Cause, Iterable[int]]]) -> None:
    """Store one notification per (cause, recipient) not yet notified, and queue
    the emails of those who opted in. At most three queries, whatever the
    number of causes and recipients: the active recipients who may read claims
    and their email choice, the insert, and the new rows to email."""
    wanted = [(cause, set(ids) - {None, cause.actor_id}) for cause, ids in causes]
    candidates = set().union(*(ids for _cause, ids in wanted)) if wanted else set()
    if not candidates:
        return
    # Only those who may read claims: a notification quotes a claim's statement,
    # and someone whose role was taken away (or never given) must not get it.
    recipients = dict(
        readers().filter(pk__in=candidates).values_list("pk", "desk_profile__email_notifications")
    )
    # One moment for the whole batch: it tells the rows stored now from older ones.
    now = timezone.now()
    rows = [cause.row(pk, now) for cause, ids in wanted for pk in ids if pk in recipients]
    if not rows:
        return
    # A row that exists already (the same cause seen again) is skipped.
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    by_email = {pk for pk, opted_in in recipients.items() if opted_in}
    if by_email:
        queue_emails(rows, by_email, now)


def queue_emails(rows: list[Notification], recipient_ids: set[int], stored_at: datetime) -> None:
    """Queue, after commit, an email for each of ``rows`` stored now whose recipient opted in.

    ``bulk_create`` with skipped conflicts gives the rows no ids: they are read
    back by recipient, key and the batch's moment, so a row skipped because
    its cause was seen before (and emailed then) is not queued again.
    """
    keys = {row.key for row in rows if row.recipient_id in recipient_ids}
    stored = Notification.objects.filter(
        recipient_id__in=recipient_ids, key__in=keys, created_at=stored_at
    )
    queue_email_tasks(list(stored.values_list("pk", flat=True)))


def queue_email_tasks(ids: list[int]) -> None:
    """One email task per notification id, each queued after commit."""
    from desk.tasks import send_notification_email  # the tasks import the services

    for pk in ids:
        # Robust: the write that notified is committed; a broker down, or (with
        # no broker, the task run at once) a mail server down, is logged, not
        # turned into an error for the person who made the write.
        transaction.on_commit(lambda pk=pk: send_notification_email.delay(pk), robust=True)


def notify_mentions(comment: Comment, users: list[User]) -> None:
    """Tell each mentioned user, once per comment (an edit adding a mention tells the new one)."""
    cause = Cause(
        kind=Kind.MENTIONED,
        key=f"mention:{comment.pk}",
        # The claim's statement, not the comment's words: a comment deleted
        # later must not live on in inboxes and mailboxes.
        summary=f"{comment.author} mentioned you on claim #{comment.claim_id}: "
        f"{comment.claim.statement}",
        actor_id=comment.author_id,
        claim_id=comment.claim_id,
        comment_id=comment.pk,
    )
    notify([(cause, [user.pk for user in users])])


def notify_event(event: ClaimEvent, claim: Claim) -> None:
    """The hook at the end of ``claims.services.timeline.record``: whoever the
    event concerns is told, in the event's transaction. ``claim`` is the
    claim as the event leaves it. Events that concern nobody cost no query."""
    kind = event_notification_kind(event)
    if kind is None:
        return
    cause = Cause(
        kind=kind,
        key=f"event:{event.pk}",
        summary=event_summary(kind, event, claim),
        actor_id=event.actor_id,
        claim_id=claim.pk,
        event_id=event.pk,
    )
    notify([(cause, RECIPIENTS[kind](event, claim))])


# The moves that tell someone, besides any move into review.
MOVES_TOLD = {
    (Status.IN_REVIEW, Status.RESEARCHING): Kind.SENT_BACK,
    (Status.IN_REVIEW, Status.PUBLISHED): Kind.PUBLISHED,
    (Status.PUBLISHED, Status.RESEARCHING): Kind.REOPENED,
}


def event_notification_kind(event: ClaimEvent) -> str | None:
    if event.kind == ClaimEvent.Kind.ASSIGNED:
        return Kind.ASSIGNED
    if event.kind != ClaimEvent.Kind.STATUS_CHANGED:
        return None
    if event.to_status == Status.IN_REVIEW and event.from_status != Status.IN_REVIEW:
        return Kind.REVIEW_REQUESTED  # from wherever the workflow allows
    return MOVES_TOLD.get((event.from_status, event.to_status))


def event_summary(kind: str, event: ClaimEvent, claim: Claim) -> str:
    who = str(event.actor) if event.actor_id else "The system"
    what = {
        Kind.ASSIGNED: "assigned you",
        Kind.REVIEW_REQUESTED: "sent to review",
        Kind.SENT_BACK: "sent back to research",
        Kind.PUBLISHED: "published",
        Kind.REOPENED: "reopened",
    }[kind]
    return f"{who} {what} claim #{claim.pk}: {claim.statement}"


def assigned_to(event: ClaimEvent, claim: Claim) -> set[int]:
    """The new assignee (not someone who assigns themselves: ``notify`` drops the actor)."""
    return {claim.assignee_id} if claim.assignee_id else set()


def review_requested_of(event: ClaimEvent, claim: Claim) -> set[int]:
    """The reviewer the sender named, else every active user who may publish."""
    return named_reviewer(event.details) or set(reviewer_ids())


def named_reviewer(details: Any) -> set[int]:
    """The reviewer (a user id) named in a send-to-review event's details, if any."""
    if isinstance(details, str):  # read through a subquery, the JSON may come back undecoded
        details = json.loads(details)
    named = details.get("reviewer") if isinstance(details, dict) else None
    return {int(named)} if named else set()


def readers() -> QuerySet:
    """Every active user who may read claims."""
    return active_users_with("claims.view_claim")


def reviewer_ids() -> QuerySet:
    """Every active user who may publish."""
    return active_users_with("claims.publish_claim").values_list("pk", flat=True)


def sent_back_to(event: ClaimEvent, claim: Claim) -> set[int]:
    """Who sent it to review, and the assignee."""
    return {claim.review_requested_by_id, claim.assignee_id} - {None}


def worked_on_by(event: ClaimEvent, claim: Claim) -> set[int]:
    """Everyone on the claim's timeline, its assignee and its creator (one query)."""
    actors = ClaimEvent.objects.filter(claim_id=claim.pk, actor__isnull=False)
    return set(actors.values_list("actor_id", flat=True).distinct()) | (
        {claim.assignee_id, claim.created_by_id} - {None}
    )


RECIPIENTS: dict[str, Any] = {
    Kind.ASSIGNED: assigned_to,
    Kind.REVIEW_REQUESTED: review_requested_of,
    Kind.SENT_BACK: sent_back_to,
    Kind.PUBLISHED: worked_on_by,
    Kind.REOPENED: worked_on_by,
}


def notification_open(*, notification: Notification, by: User) -> Notification:
    """Mark one of ``by``'s own notifications read (once: a second open keeps the first time)."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied("This notification is someone else's.")
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, by: User) -> int:
    """Mark every unread notification of ``by`` read; how many were unread."""
    unread = Notification.objects.filter(recipient=by, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
