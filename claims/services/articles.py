"""Articles: stored once, their body normalised once, then never rewritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from claims.errors import ClaimDeskError
from claims.models import (
    BODY_MAX,
    Article,
    ArticleRevision,
    Claim,
    Outlet,
    body_hash,
    normalize_body,
)
from claims.search import article_vector_changes
from claims.services import tallies
from claims.services.publications import publications_move_outlet
from claims.services.text import checked_length
from claims.services.timeline import read_row_for_share, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class ArticleImport:
    article: Article
    created: bool


@transaction.atomic
def article_create(
    *,
    body: str,
    by: User | None,
    title: str = "",
    outlet: Outlet | None = None,
    url: str = "",
    byline: str = "",
    published_on: date | None = None,
    language: str = "en",
    source: str = ArticleRevision.Source.IMPORT,
) -> ArticleImport:
    """Store an article, its body normalised once; the same text twice is one article.

    ``by`` is None for the system itself (an operator's management command).
    The text is also the article's first revision, received from ``source``.
    """
    if by is not None:
        require(by, "claims.add_article", "add articles")
    body = checked_length(normalize_body(body), BODY_MAX, "The article")
    if not body:
        raise ClaimDeskError("The article has no text.")
    digest = body_hash(body)
    existing = Article.objects.filter(body_hash=digest).first()
    if existing is not None:
        return ArticleImport(article=existing, created=False)
    url = checked_url(url) or None
    if url and Article.objects.filter(url=url).exists():
        raise ClaimDeskError(f"Another article was already imported from {url}.")
    title = checked_length(title.strip(), 500, "The title") or headline_from_body(body)
    article = Article.objects.create(
        body=body,
        body_hash=digest,
        title=title,
        # In the INSERT itself: the attribute holds the expression, not the vector.
        **article_vector_changes(Article.objects.db, title=title, body=body),
        outlet=outlet,
        url=url,
        byline=checked_length(byline.strip(), 300, "The byline"),
        published_on=published_on,
        language=language,
        created_by=by,
    )
    ArticleRevision.objects.create(
        article=article, number=1, body=body, body_hash=digest, source=source, created_by=by
    )
    tallies.article_added(article)
    from claims.tasks import suggest_claims  # tasks import the services

    transaction.on_commit(lambda: suggest_claims.delay(article.pk))
    return ArticleImport(article=article, created=True)


# What may change about an article once stored: never its body, which every
# claim's span points into.
ARTICLE_DETAILS = ("title", "outlet", "url", "byline", "published_on", "language")


@transaction.atomic
def article_update(*, article: Article, by: User) -> Article:
    """Store edits to an article's details (the admin's change form)."""
    require(by, "claims.change_article", "edit articles")
    # Its claims first, in id order, then the article: the order of a publish,
    # which locks its claim and then share-locks the article (publications).
    # The other way round, an outlet change and a publish could deadlock.
    list(Claim.objects.filter(article=article).select_for_update().order_by("pk").values("pk"))
    stored = Article.objects.select_for_update().get(pk=article.pk)
    if article.body != stored.body:
        raise ClaimDeskError(
            "An article's text changes only by a new revision (article_revise), "
            "which re-anchors its claims."
        )
    article.url = checked_url(article.url or "") or None
    if article.url and Article.objects.filter(url=article.url).exclude(pk=article.pk).exists():
        raise ClaimDeskError(f"Another article was already imported from {article.url}.")
    # The stored search vector follows a new title in the same UPDATE.
    retitled = {"title": article.title} if article.title != stored.title else {}
    vector = article_vector_changes(Article.objects.db, **retitled)
    for name, value in vector.items():
        setattr(article, name, value)
    article.save(update_fields=[*ARTICLE_DETAILS, "updated_at", *vector])
    if article.outlet_id != stored.outlet_id:
        copy_outlet_to_claims(article)
        publications_move_outlet(article)
    return article


def copy_outlet_to_claims(article: Article) -> None:
    """The article's claims follow it to its new outlet (their copy for the claims list).

    ``article_update`` has locked them, in id order, and then the article's
    row, so no claim is being made on it meanwhile (see ``locked_text_and_outlet``).
    """
    Claim.objects.filter(article=article).update(outlet=article.outlet_id)


def locked_text_and_outlet(article: Article) -> tuple[str, int | None]:
    """The article's text and outlet as stored now, its row share-locked until the
    transaction ends: what a new claim's span is checked on, and the outlet it copies.

    ``article_update`` (a new outlet) and ``article_revise`` (a new text) lock
    the row for update: a claim made meanwhile either waits and reads what they
    wrote, or is made first and then moved, or re-anchored, with the others.
    Never the caller's copy of the text, which a revision may have replaced
    since the page that posted the span was read.
    """
    body, outlet_id = read_row_for_share("claims_article", ["body", "outlet_id"], article.pk)
    return body, outlet_id


def checked_url(url: str) -> str:
    """An http(s) URL or "", so that nothing else ever becomes a link."""
    url = url.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ClaimDeskError(f"“{url[:100]}” is not an http(s) URL.") from None
    return url


def headline_from_body(body: str, limit: int = 120) -> str:
    """A working title for text imported without one: its first sentence, cut at a word."""
    first_line = body.split("\n", 1)[0]
    sentence = first_line.split(". ", 1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"
