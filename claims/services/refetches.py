"""Checking an article for updates: its URL fetched again, a changed text revised.

The fetch goes through the URL import's pipeline (``claims.fetching``: its
limits, pinned addresses, no private ones) in a Celery task, recorded as an
``ArticleFetch`` whose page shows how it went. When the text differs from the
article's current one it becomes a new revision (``article_revise``, source
"url"), which re-anchors the claims; the same text stores nothing.

``article_refetch_request`` is the one way in: the article page's "Check for
updates", the periodic re-fetch (``articles_refetch_due``, from Celery beat
or ``manage.py refetch_articles``) and any other caller (the API) use it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from claims.errors import ClaimDeskError
from claims.fetching import FetchRefused, extract_article, fetch_page
from claims.models import Article, ArticleFetch
from claims.services.imports import fetch_finish, fetch_limits, fetch_take
from claims.services.revisions import Revised, article_revise
from claims.services.timeline import require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

UNFINISHED = (ArticleFetch.State.QUEUED, ArticleFetch.State.FETCHING)


@transaction.atomic
def article_refetch_request(*, article: Article, by: User | None) -> ArticleFetch:
    """Queue a check of ``article``'s URL for a newer text; ``by`` None is the system.

    A check already queued or under way is returned instead of a second one
    (a double click, or beat while an editor's check runs). The article's row
    is locked to decide that: two requests at once make one check.
    """
    if by is not None:
        require(by, "claims.change_article", "check articles for updates")
    stored = Article.objects.select_for_update().only("url").get(pk=article.pk)
    if not stored.url:
        raise ClaimDeskError("This article has no URL to check for updates.")
    unfinished = stored.fetches.filter(purpose=ArticleFetch.Purpose.UPDATE, state__in=UNFINISHED)
    running = unfinished.order_by("-created_at").first()
    if running is not None:
        return running
    fetch = ArticleFetch.objects.create(
        url=stored.url, purpose=ArticleFetch.Purpose.UPDATE, article=stored, requested_by=by
    )
    Article.objects.filter(pk=stored.pk).update(checked_at=fetch.created_at)
    from claims.tasks import refetch_article  # tasks import the services

    transaction.on_commit(lambda: refetch_article.delay(fetch.pk))
    return fetch


def article_refetch_run(*, fetch_id: int) -> ArticleFetch:
    """Fetch the article's URL and revise it if its text changed; idempotent like
    the import (``fetch_take``: a task delivered twice runs once)."""
    fetch, taken = fetch_take(fetch_id)
    if not taken:
        return fetch
    if fetch.article is None:  # deleted since the request
        return fetch_finish(fetch, ArticleFetch.State.FAILED, "refused", "The article is gone.")
    try:
        extracted = extract_article(fetch_page(fetch.url, fetch_limits()))
        revised = article_revise(
            article=fetch.article, body=extracted.body, by=fetch.requested_by, source="url"
        )
    except FetchRefused as refusal:
        return fetch_finish(fetch, ArticleFetch.State.FAILED, refusal.reason, str(refusal))
    except (ClaimDeskError, PermissionDenied) as error:
        return fetch_finish(fetch, ArticleFetch.State.FAILED, "refused", str(error))
    except Exception:
        # Never leave a page watching "fetching" forever; the error is logged.
        message = "An unexpected error stopped the check."
        fetch_finish(fetch, ArticleFetch.State.FAILED, "error", message)
        raise
    return _finish_revised(fetch, revised)


def _finish_revised(fetch: ArticleFetch, revised: Revised) -> ArticleFetch:
    if revised.revision is None:
        latest = fetch.article.revisions.order_by("-number").values_list("number", flat=True)[0]
        message = f"No change since revision {latest}."
        return fetch_finish(fetch, ArticleFetch.State.DONE, "unchanged", message)
    fetch.revision = revised.revision
    message = f"Revision {revised.revision.number}: {revised.summary}."
    return fetch_finish(fetch, ArticleFetch.State.DONE, "revised", message)


def articles_refetch_due(
    *, now: datetime | None = None, limit: int | None = None
) -> list[ArticleFetch]:
    """Check for updates a bounded batch of the articles that are due: with a URL
    and an open claim, not checked within ``ARTICLE_REFETCH_HOURS``, as the system.

    One article's failure (logged) does not stop the others.
    """
    now = now or timezone.now()
    limit = settings.ARTICLE_REFETCH_BATCH if limit is None else limit
    cutoff = now - timedelta(hours=settings.ARTICLE_REFETCH_HOURS)
    due = list(Article.objects.due_for_refetch(cutoff).only("pk", "url")[:limit])
    fetches = []
    for article in due:
        try:
            fetches.append(article_refetch_request(article=article, by=None))
        except Exception:
            logger.exception("Checking article %s for updates failed", article.pk)
    return fetches
