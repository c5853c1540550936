"""Notifications by email, for those who opted in: plain text, one per notification, once."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from desk.models import DeskProfile, Notification


def notification_link(notification: Notification) -> str:
    """Where the notification points, as a full address on the desk (settings.DESK_SITE_URL)."""
    target = notification.claim or notification.export_job
    return site_url(target.get_absolute_url() if target is not None else reverse("desk:inbox"))


def site_url(path: str) -> str:
    return settings.DESK_SITE_URL.rstrip("/") + path


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification to its recipient, unless already emailed; whether it was sent now.

    The race: a task delivered twice (acks_late, a worker lost mid-task), or
    queued twice for the same cause. The row stays locked while the mail is
    handed over and ``emailed_at`` written, so a second run waits, then finds
    it emailed. A mail server that refuses raises: nothing is recorded, and a
    retry sends it.
    """
    notification = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("recipient", "claim", "export_job")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not wants_email(notification):
        return False
    send_mail(
        subject=f"[Claim desk] {notification.get_kind_display()}",
        message=render_to_string(
            "desk/notification_email.txt",
            {
                "notification": notification,
                "link": notification_link(notification),
                "settings_link": site_url(reverse("desk:settings")),
            },
        ),
        from_email=None,  # settings.DEFAULT_FROM_EMAIL
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def wants_email(notification: Notification) -> bool:
    """Opted in, with an address, and still allowed to read claims (the email
    quotes one): asked now, as either may have changed since it was queued."""
    recipient = notification.recipient
    opted_in = DeskProfile.objects.filter(user=recipient, email_notifications=True).exists()
    return (
        opted_in
        and recipient.is_active
        and bool(recipient.email)
        and recipient.has_perm("claims.view_claim")
    )
