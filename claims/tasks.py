"""Celery tasks: thin, taking ids, calling the functions that do the work."""

from celery import shared_task

from claims.models import Article
from claims.services.export_jobs import export_job_run
from claims.services.imports import article_fetch_run
from claims.services.refetches import article_refetch_run, articles_refetch_due
from claims.services.suggestions import suggestions_refresh


@shared_task(acks_late=True)
def fetch_article(fetch_id: int) -> str:
    return article_fetch_run(fetch_id=fetch_id).state


@shared_task(acks_late=True)
def run_export_job(job_id: int) -> str:
    return export_job_run(job_id=job_id).state


@shared_task(acks_late=True)
def suggest_claims(article_id: int) -> int:
    return suggestions_refresh(article=Article.objects.get(pk=article_id))


@shared_task(acks_late=True)
def refetch_article(fetch_id: int) -> str:
    return article_refetch_run(fetch_id=fetch_id).state


@shared_task
def refetch_due_articles() -> int:
    """Celery beat's periodic check for updates: how many articles it asked for."""
    return len(articles_refetch_due())
