"""The daily sweep (Celery beat, or ``manage.py desk_sweep``): reminders nobody has to ask for.

- a revisit date that has come, on a claim still being worked on → its
  assignee, or its creator when nobody is assigned;
- a claim in review for more than ``settings.DESK_REVIEW_STALE_DAYS`` days →
  the reviewer the sender named, else every reviewer but the sender;
- an export job stuck past its lease → who asked for it (the job page offers
  "Try again": ``claims.services.export_jobs.export_job_retry`` already
  takes over a job whose lease ran out);
- an email never handed over (the broker was down when its write committed,
  and ``robust`` queueing logged that rather than failing the write) → queued
  again, late rather than never; the send locks and checks ``emailed_at``, so
  one that did go out is not sent twice.

A few queries whatever the desk's size, each on an index. The keys (see
``desk.services.notifications``) make a second run, or a run delivered twice,
change nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from claims.models import Claim, ClaimEvent, ExportJob, Status
from claims.services.export_jobs import LEASE
from desk.models import DeskProfile, Notification
from desk.services.notifications import (
    Cause,
    Kind,
    named_reviewer,
    notify,
    queue_email_tasks,
    reviewer_ids,
)

# A sweep that has not run for a while (beat down, say) still reminds of the
# revisit dates of this many past days; older ones are let go.
REVISIT_LOOKBACK_DAYS = 31


@transaction.atomic
def desk_sweep(*, today: date | None = None) -> dict[str, int]:
    """Notify what has come due by ``today`` (the newsroom's today by default);
    how many causes of each kind were found (each notified once, ever)."""
    today = today or timezone.localdate()
    found = {
        Kind.REVISIT_DUE: revisits_due(today),
        Kind.STALE_IN_REVIEW: stale_reviews(today),
        Kind.EXPORT_STUCK: stuck_exports(),
    }
    notify(cause for causes in found.values() for cause in causes)
    unsent = emails_never_sent(timezone.now())
    queue_email_tasks(unsent)
    return {**{str(kind): len(causes) for kind, causes in found.items()}, "emails": len(unsent)}


# An email is given this long to go out the usual way before the sweep
# queues it again; one older than EMAIL_CATCH_UP is let go (its news is old).
EMAIL_GRACE = timedelta(minutes=30)
EMAIL_CATCH_UP = timedelta(days=2)
EMAIL_CATCH_UP_MOST = 1_000


def emails_never_sent(now: datetime) -> list[int]:
    """Recent notifications of people who opted in whose email was never sent."""
    opted_in = DeskProfile.objects.filter(email_notifications=True).values("user_id")
    # notification_inbox_idx: per recipient (few opted in), newest first.
    unsent = Notification.objects.filter(
        recipient__in=opted_in,
        emailed_at__isnull=True,
        created_at__gte=now - EMAIL_CATCH_UP,
        created_at__lt=now - EMAIL_GRACE,
    )
    return list(unsent.values_list("pk", flat=True)[:EMAIL_CATCH_UP_MOST])


def revisits_due(today: date) -> list[tuple[Cause, set[int]]]:
    """Claims whose revisit date has come, neither published nor "not checkable"."""
    claims = (
        # claim_revisit_due_idx: revisit_on, over the claims that are not "not checkable".
        Claim.objects.filter(
            revisit_on__lte=today, revisit_on__gt=today - timedelta(days=REVISIT_LOOKBACK_DAYS)
        )
        .exclude(status=Status.NOT_CHECKABLE)
        .exclude(status=Status.PUBLISHED)
        .values_list("pk", "revisit_on", "assignee_id", "created_by_id", "statement")
    )
    return [
        (
            Cause(
                kind=Kind.REVISIT_DUE,
                key=f"revisit:{pk}:{revisit_on.isoformat()}",
                summary=f"Revisit date {revisit_on:%Y-%m-%d} has come for claim #{pk}: {statement}",
                claim_id=pk,
            ),
            {assignee_id or created_by_id},
        )
        for pk, revisit_on, assignee_id, created_by_id, statement in claims
    ]


def stale_reviews(today: date) -> list[tuple[Cause, set[int]]]:
    """Claims sent to review before the day ``DESK_REVIEW_STALE_DAYS`` days ago began."""
    days = settings.DESK_REVIEW_STALE_DAYS
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=days), time.min))
    # The event that opened this review round (event_claim_at_idx, per claim).
    sent = (
        ClaimEvent.objects.filter(
            claim=OuterRef("pk"), kind=ClaimEvent.Kind.STATUS_CHANGED, to_status=Status.IN_REVIEW
        )
        .exclude(from_status=Status.IN_REVIEW)
        .order_by("-at", "-id")
    )
    # claim_status_updated_idx: the review queue, a few among a million.
    claims = (
        Claim.objects.filter(status=Status.IN_REVIEW)
        .annotate(
            sent_id=Subquery(sent.values("pk")[:1]),
            sent_at=Subquery(sent.values("at")[:1]),
            sent_details=Subquery(sent.values("details")[:1]),
        )
        .filter(sent_at__lt=cutoff)
        .values_list("pk", "sent_id", "sent_details", "review_requested_by_id", "statement")
    )
    rows = list(claims)
    reviewers = set(reviewer_ids()) if rows else set()
    return [
        (
            Cause(
                kind=Kind.STALE_IN_REVIEW,
                key=f"stale:{sent_id}",
                summary=f"Claim #{pk} has waited in review for more than {days} days: {statement}",
                claim_id=pk,
                event_id=sent_id,
            ),
            named_reviewer(details) or reviewers - {sender_id},
        )
        for pk, sent_id, details, sender_id, statement in rows
    ]


def stuck_exports() -> list[tuple[Cause, set[int]]]:
    """Export jobs left running by a worker that stopped: once per attempt."""
    jobs = ExportJob.objects.filter(
        state=ExportJob.State.RUNNING, updated_at__lt=timezone.now() - LEASE
    ).values_list("pk", "attempts", "requested_by_id")
    return [
        (
            Cause(
                kind=Kind.EXPORT_STUCK,
                key=f"export:{pk}:{attempts}",
                summary=f"Export #{pk} stopped: its worker stopped answering. Try it again.",
                export_job_id=pk,
            ),
            {requested_by_id},
        )
        for pk, attempts, requested_by_id in jobs
    ]
