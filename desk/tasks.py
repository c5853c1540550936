"""Celery tasks: thin, taking ids, calling the services that do the work."""

from datetime import date

from celery import shared_task

from desk.services.email import notification_email_send
from desk.services.sweep import desk_sweep

# A mail server that refuses or cannot be reached (OSError covers both
# smtplib's errors and a refused connection): nothing was recorded, so trying
# again later sends it, and only once (notification_email_send).
EMAIL_RETRIES = 5


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    max_retries=EMAIL_RETRIES,
    retry_backoff=60,
    retry_backoff_max=3600,
)
def send_notification_email(notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True)
def run_desk_sweep(today: str | None = None) -> dict[str, int]:
    """The daily reminders (settings.CELERY_BEAT_SCHEDULE); safe to run twice.
    ``today`` (YYYY-MM-DD) sweeps as on another day; beat leaves it out."""
    return desk_sweep(today=date.fromisoformat(today) if today else None)
