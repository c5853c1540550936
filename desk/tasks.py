"""Celery tasks: thin, taking ids, calling the services that do the work."""

from celery import shared_task

from desk.services.email import notification_email_send
from desk.services.sweep import desk_sweep


@shared_task(acks_late=True)
def send_notification_email(notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True)
def run_desk_sweep() -> dict[str, int]:
    """The daily reminders (settings.CELERY_BEAT_SCHEDULE); safe to run twice."""
    return desk_sweep()
