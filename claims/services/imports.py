"""Getting articles in: from plain-text files and from URLs.

A file is UTF-8 text: an optional first token ``date YYYY-MM-DD``, then the
article body (the format of ``shared/data/*.txt``). Anything else is refused
with a reason a person can act on. A URL is fetched by a Celery task, its
text extracted with trafilatura (``claims.fetching``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims import services
from claims.fetching import (
    ExtractedArticle,
    FetchLimits,
    FetchRefused,
    extract_article,
    fetch_page,
)
from claims.models import (
    Article,
    ArticleFetch,
    ArticleRevision,
    Outlet,
    body_hash,
    normalize_body,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# "date" followed by something that looks like a date is a header, and must
# then be a valid YYYY-MM-DD; a body that merely starts with the word "date"
# ("Date palms…") is left alone.
HEADER = re.compile(r"\A\s*date\s+(?P<value>\S*\d\S*)(?:\s+|\Z)")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ImportRefused(Exception):
    """The file cannot be imported; the message says why."""


@dataclass(frozen=True)
class ParsedArticle:
    published_on: date | None
    body: str


def parse_article_file(raw: bytes) -> ParsedArticle:
    """Decode and split one import file, refusing empty, binary and non-UTF-8 input."""
    if b"\x00" in raw:
        raise ImportRefused("the file is binary, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"the file is not UTF-8 (invalid byte at position {error.start})"
        ) from None
    if not text.strip():
        raise ImportRefused("the file is empty")
    published_on, body = _split_header(text)
    body = normalize_body(body)
    if not body:
        raise ImportRefused("the file has a date header but no article text")
    return ParsedArticle(published_on=published_on, body=body)


def _split_header(text: str) -> tuple[date | None, str]:
    match = HEADER.match(text)
    if match is None:
        return None, text
    value = match.group("value")
    if not ISO_DATE.fullmatch(value):
        raise ImportRefused(f"bad date “{value}” in the header (expected YYYY-MM-DD)")
    try:
        published_on = date.fromisoformat(value)
    except ValueError:
        raise ImportRefused(f"bad date “{value}” in the header (no such day)") from None
    return published_on, text[match.end() :]


def import_article_file(
    path: Path, *, outlet: Outlet | None = None, title: str = ""
) -> services.ArticleImport:
    """Read, check and store one file, in one transaction (whole or not at all)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"the file cannot be read ({error.strerror})") from None
    parsed = parse_article_file(raw)
    try:
        return services.article_create(
            body=parsed.body, by=None, title=title, published_on=parsed.published_on, outlet=outlet
        )
    except services.ClaimDeskError as error:
        raise ImportRefused(str(error)) from None


# ------------------------------------------------------------- from a URL


def article_fetch_request(*, url: str, by: User, outlet: Outlet | None = None) -> ArticleFetch:
    """Record the request and queue the fetch once the request is committed."""
    if not by.has_perm("claims.add_article"):
        raise PermissionDenied("You do not have permission to add articles.")
    url = services.checked_url(url)
    if not url:
        raise services.ClaimDeskError("Give the article's URL.")
    existing = Article.objects.filter(url=url).first()
    fetch = ArticleFetch.objects.create(url=url, outlet=outlet, requested_by=by)
    if existing is not None:
        _finish(fetch, ArticleFetch.State.DONE, "duplicate", "Already imported.", existing)
        return fetch
    # Imported here, not at the top: tasks import this module.
    from claims.tasks import fetch_article

    transaction.on_commit(lambda: fetch_article.delay(fetch.pk))
    return fetch


def article_fetch_run(*, fetch_id: int) -> ArticleFetch:
    """Fetch, extract and store the article; idempotent, so a retried task is harmless.

    The race: a task delivered twice (acks_late) runs twice. Only one run can
    move the fetch from queued to fetching; a fetch left "fetching" by a
    worker that died is taken over once its lease has run out.
    """
    fetch, claimed = fetch_take(fetch_id)
    if not claimed:
        return fetch  # finished, or being worked by another run
    try:
        page = fetch_page(fetch.url, fetch_limits())
        return _store_fetched(fetch, page.url, extract_article(page))
    except FetchRefused as refusal:
        return _finish(fetch, ArticleFetch.State.FAILED, refusal.reason, str(refusal))
    except Exception:
        # Never leave an editor watching "fetching" forever; the error is logged.
        _finish(
            fetch, ArticleFetch.State.FAILED, "error", "An unexpected error stopped the import."
        )
        raise


# Seconds past the fetch's own time limit before another run may take it over.
FETCH_LEASE_MARGIN = 120


def fetch_take(fetch_id: int) -> tuple[ArticleFetch, bool]:
    """The fetch, and whether this run took it (queued, or left fetching past its lease)."""
    stale = timezone.now() - timedelta(seconds=fetch_limits().total_timeout + FETCH_LEASE_MARGIN)
    claimable = Q(state=ArticleFetch.State.QUEUED) | Q(
        state=ArticleFetch.State.FETCHING, updated_at__lt=stale
    )
    taken = ArticleFetch.objects.filter(claimable, pk=fetch_id).update(
        state=ArticleFetch.State.FETCHING, updated_at=timezone.now()
    )
    fetch = ArticleFetch.objects.select_related("requested_by", "outlet", "article").get(
        pk=fetch_id
    )
    return fetch, bool(taken)


def fetch_limits() -> FetchLimits:
    return FetchLimits(
        max_bytes=settings.FETCH_MAX_BYTES,
        timeout=float(settings.FETCH_TIMEOUT_SECONDS),
        total_timeout=float(settings.FETCH_TOTAL_SECONDS),
        max_redirects=settings.FETCH_MAX_REDIRECTS,
        allow_private=settings.FETCH_ALLOW_PRIVATE_ADDRESSES,
    )


def _store_fetched(
    fetch: ArticleFetch, final_url: str, extracted: ExtractedArticle
) -> ArticleFetch:
    same_url = Article.objects.filter(url=fetch.url).first()
    if same_url is not None:
        return _finish(fetch, ArticleFetch.State.DONE, "duplicate", "Already imported.", same_url)
    try:
        with transaction.atomic():
            result = _create_article(fetch, final_url, extracted)
    except IntegrityError:
        # Two imports of the same page at once: the other one stored it first.
        digest = body_hash(normalize_body(extracted.body))
        existing = Article.objects.filter(Q(url=fetch.url) | Q(body_hash=digest)).first()
        return _finish(fetch, ArticleFetch.State.DONE, "duplicate", "Already imported.", existing)
    except (services.ClaimDeskError, PermissionDenied) as error:
        return _finish(fetch, ArticleFetch.State.FAILED, "refused", str(error))
    if not result.created:
        return _finish(
            fetch, ArticleFetch.State.DONE, "duplicate", "Already imported.", result.article
        )
    return _finish(fetch, ArticleFetch.State.DONE, "", "Imported.", result.article)


def _create_article(
    fetch: ArticleFetch, final_url: str, extracted: ExtractedArticle
) -> services.ArticleImport:
    return services.article_create(
        body=extracted.body,
        by=fetch.requested_by,
        title=extracted.title,
        outlet=fetch.outlet or outlet_for(final_url, extracted.site_name),
        url=fetch.url,
        byline=extracted.byline,
        published_on=extracted.published_on,
        source=ArticleRevision.Source.URL,
    )


def domain_of(url: str | None) -> str:
    """An outlet's domain as the desk keeps it: the URL's host without "www."."""
    return (urlsplit(url).hostname or "").removeprefix("www.") if url else ""


def outlet_for(url: str, site_name: str) -> Outlet:
    """The outlet at the URL's domain, made on first sight."""
    domain = domain_of(url)
    outlet = Outlet.objects.filter(domain=domain).first() if domain else None
    if outlet is not None:
        return outlet
    return services.outlet_find_or_create(site_name or domain or "Unknown outlet", domain=domain)


def _finish(
    fetch: ArticleFetch, state: str, reason: str, message: str, article: Article | None = None
) -> ArticleFetch:
    fetch.state, fetch.reason, fetch.message, fetch.article = state, reason, message, article
    fetch.save(update_fields=["state", "reason", "message", "article", "updated_at"])
    return fetch


def fetch_finish(fetch: ArticleFetch, state: str, reason: str, message: str) -> ArticleFetch:
    """Record how a fetch ended (its article and revision as the caller set them)."""
    fetch.state, fetch.reason, fetch.message = state, reason, message
    fetch.save(update_fields=["state", "reason", "message", "revision", "updated_at"])
    return fetch
