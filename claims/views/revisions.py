"""Revised articles: checking one for updates, pasting a new version, comparing
an earlier revision with the current text, and clearing a claim's flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims import services
from claims.forms import ArticleRevisionForm
from claims.models import Article, ArticleRevision, Claim, end_of
from claims.revision_diff import text_diff
from claims.services.refetches import article_refetch_request
from claims.services.revisions import article_revise, claim_anchor_check
from claims.views.articles import article_page
from claims.views.common import posted_version, revision_number, role_view


@role_view("claims.view_article", "claims.change_article", methods=("POST",))
def article_refetch(request: HttpRequest, article_id: int) -> HttpResponse:
    """ "Check for updates": a task fetches the article's URL again; the fetch's
    page shows how it went (and the article page, the last check)."""
    article = get_object_or_404(Article.objects.only("pk", "url"), pk=article_id)
    try:
        fetch = article_refetch_request(article=article, by=request.user)
    except services.ClaimDeskError as error:
        messages.error(request, str(error))
        return redirect(article)
    return redirect(fetch)


@role_view("claims.view_article", "claims.change_article", methods=("POST",))
def article_revision_new(request: HttpRequest, article_id: int) -> HttpResponse:
    """ "Paste a new version": stored as the article's newest revision, its claims
    found again on it; the page then says how many moved, changed or went."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    form = ArticleRevisionForm(request.POST)
    if form.is_valid():
        try:
            revised = article_revise(
                article=article,
                body=form.cleaned_data["body"],
                by=request.user,
                source=ArticleRevision.Source.PASTE,
            )
        except (services.ClaimDeskError, PermissionDenied) as error:
            form.add_error("body", str(error))
    if not form.is_valid():
        return article_page(request, article, revision_form=form, status=400)
    if revised.revision is None:
        latest = article.revisions.order_by("-number").values_list("number", flat=True)[0]
        messages.info(request, f"The same text: no change since revision {latest}.")
    else:
        messages.success(request, f"Revision {revised.revision.number}: {revised.summary}.")
    return redirect(article)


@role_view("claims.view_article")
def article_revision_diff(request: HttpRequest, article_id: int) -> HttpResponse:
    """The current text against an earlier revision (``?revision=N``), what was
    added and removed marked, long unchanged stretches cut."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    number = revision_number(request.GET.get("revision", ""))
    earlier = None
    if number is not None:
        earlier = article.revisions.select_related("created_by").filter(number=number).first()
    if earlier is None:
        raise Http404("No such revision of this article.")
    current = article.revisions.select_related("created_by").defer("body").order_by("-number")[0]
    context = {
        "article": article,
        "earlier": earlier,
        "current": current,
        "diff": text_diff(earlier.body, article.body),
    }
    return render(request, "claims/article_revision_diff.html", context)


@role_view("claims.view_claim", "claims.change_claim", methods=("POST",))
def claim_anchor_checked(request: HttpRequest, claim_id: int) -> HttpResponse:
    """ "Anchor checked": the desk has read a flagged claim against the article's
    current text; the flag is cleared, and the timeline says who did it."""
    claim = get_object_or_404(Claim, pk=claim_id)
    try:
        claim_anchor_check(
            claim=claim,
            by=request.user,
            version=posted_version(request),
            note=request.POST.get("note", ""),
        )
    except (services.ClaimDeskError, PermissionDenied) as refusal:
        messages.error(request, f"The flag was not cleared: {refusal}")
    else:
        messages.success(request, "Checked against the current text: the flag is cleared.")
    return redirect(claim)


# Characters of the article shown on each side of a claim's span "as it stood".
EXCERPT = 300


@dataclass(frozen=True)
class TextThen:
    """The article's text around a claim's span as both stood at a moment;
    ``span`` empty when the claim's words were not in the text then."""

    revision: ArticleRevision
    before: str = ""
    span: str = ""
    after: str = ""
    cut_before: bool = False
    cut_after: bool = False


def article_text_on(claim: Claim, day: date) -> TextThen | None:
    """The revision current at the end of ``day``, cut around the claim's span as it
    was then (None when the article had no text yet)."""
    moment = end_of(day)
    revision = claim.article.revision_at(moment)
    if revision is None:
        return None
    span, body = claim.span_at(moment), revision.body
    if span is None or not 0 <= span[0] < span[1] <= len(body):
        return TextThen(revision)
    start, end = span
    return TextThen(
        revision,
        before=body[max(0, start - EXCERPT) : start],
        span=body[start:end],
        after=body[end : end + EXCERPT],
        cut_before=start > EXCERPT,
        cut_after=end + EXCERPT < len(body),
    )
