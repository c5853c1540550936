"""The desk working together on claims: discussion, notifications, saved views.

Nothing here is the newsroom's record of a claim (that is the claim and its
timeline, ``claims.models``): a comment is not a state change and never bumps
a claim's version, and a notification only points at what happened. Writes go
through ``desk.services``, as the claims' own go through ``claims.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

COMMENT_MAX = 5_000
SAVED_VIEW_QUERY_MAX = 2_000


class Comment(models.Model):
    """One comment in a claim's discussion.

    Editing keeps the earlier wording as a ``CommentRevision``; deleting
    empties ``body`` and leaves the row as a tombstone ("deleted by …"), its
    last wording kept as a revision too.
    """

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        indexes = [
            # A claim's discussion in order, merged into its timeline.
            models.Index(fields=["claim", "created_at", "id"], name="comment_claim_at_idx"),
        ]

    def __str__(self) -> str:
        return f"comment #{self.pk} on claim #{self.claim_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class CommentRevision(models.Model):
    """A comment's wording before an edit or a deletion. Append-only."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="revisions")
    body = models.CharField(max_length=COMMENT_MAX)
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["comment_id", "replaced_at", "id"]

    def __str__(self) -> str:
        return f"revision of comment #{self.comment_id} at {self.replaced_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """Something a colleague should know about, in their inbox (and by email
    when they opted in). ``key`` names what caused it, so that one cause
    notifies one person once however often it is looked at (a sweep run
    twice, a task delivered twice)."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", "Assigned to you"
        REVIEW_REQUESTED = "review_requested", "Sent to review"
        SENT_BACK = "sent_back", "Sent back to you"
        PUBLISHED = "published", "Published"
        REOPENED = "reopened", "Reopened"
        MENTIONED = "mentioned", "Mentioned you"
        REVISIT_DUE = "revisit_due", "Revisit date come"
        STALE_IN_REVIEW = "stale_in_review", "Waiting in review"
        EXPORT_STUCK = "export_stuck", "Export stuck"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=120)
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "claims.ClaimEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    export_job = models.ForeignKey(
        "claims.ExportJob", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # One line, plain text (escaped where it is shown): what happened.
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once"),
        ]
        indexes = [
            # The inbox: one person's notifications, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            # The header's unread count: a few unread among many read.
            models.Index(
                fields=["recipient"],
                name="notification_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}"


class DeskProfile(models.Model):
    """One person's choices for the desk's teamwork."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_profile"
    )
    # Off until the person asks: newsroom mail is busy enough.
    email_notifications = models.BooleanField(
        default=False, help_text="Also send my notifications by email."
    )

    def __str__(self) -> str:
        return f"desk profile of {self.user}"


class SavedView(models.Model):
    """A named filter set on the claims list, for its owner or the whole desk."""

    name = models.CharField(max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    shared = models.BooleanField(default=False, help_text="Shown to everyone on the desk.")
    # The claims list's query string (claims.filters.ClaimFilter), as saved.
    query = models.CharField(max_length=SAVED_VIEW_QUERY_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="saved_view_name_per_owner"),
        ]
        indexes = [
            # The menu: the views shared with the desk.
            models.Index(fields=["name"], name="saved_view_shared_idx", condition=Q(shared=True)),
        ]

    def __str__(self) -> str:
        return self.name
