"""manage.py refetch_articles — the periodic check for updates now, as Celery beat runs it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.models import ArticleFetch
from claims.services.refetches import articles_refetch_due


class Command(BaseCommand):
    help = (
        "Fetch again the URLs of the articles with open claims not checked within "
        "ARTICLE_REFETCH_HOURS (at most ARTICLE_REFETCH_BATCH of them, or --limit), "
        "storing a new revision of each whose text changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, help="At most this many articles.")

    def handle(self, *args: Any, limit: int | None, **options: Any) -> None:
        fetches = articles_refetch_due(limit=limit)
        # Without a broker the checks ran in-process: their outcome is known.
        for fetch in ArticleFetch.objects.filter(pk__in=[f.pk for f in fetches]).order_by("pk"):
            outcome = fetch.message or fetch.get_state_display()
            self.stdout.write(f"article #{fetch.article_id} {fetch.url}: {outcome}")
        self.stdout.write(f"{len(fetches)} article(s) checked for updates.")
