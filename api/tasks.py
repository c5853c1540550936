"""Celery tasks of the API: thin, taking ids, calling the services."""

from celery import shared_task

from api.services.webhooks import webhook_deliveries_resume, webhook_delivery_attempt


@shared_task(acks_late=True)
def deliver_webhook(delivery_id: int, attempt: int = 1) -> str:
    """One attempt of a delivery; the service queues the next one if it failed."""
    delivery = webhook_delivery_attempt(delivery_id=delivery_id, attempt=attempt)
    return delivery.state if delivery is not None else "skipped"


@shared_task
def resume_webhook_deliveries() -> int:
    """Beat's: deliveries whose task was lost (a broker down, a worker killed)."""
    return webhook_deliveries_resume()
