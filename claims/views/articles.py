"""Articles: the list, getting new ones in, and the page where claims are captured."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims import services
from claims.filters import ArticleFilter, filtered, query_without_page
from claims.forms import (
    ArticlePasteForm,
    ArticleRevisionForm,
    ArticleUploadForm,
    ArticleUrlForm,
    CaptureForm,
    SuggestionChoiceForm,
)
from claims.highlighting import body_runs
from claims.models import (
    Article,
    ArticleFetch,
    ArticleRevision,
    Attribution,
    Claim,
    Rating,
    Source,
    Sourcing,
    Suggestion,
)
from claims.services import suggestions as suggesting
from claims.services.imports import ImportRefused, article_fetch_request, parse_article_file
from claims.views.common import page, revision_number, role_view

SEARCH_COUNT_AHEAD = 1_000


@role_view("claims.view_article")
def article_list(request: HttpRequest) -> HttpResponse:
    """Articles with their claim tallies; the body, up to megabytes a row, is not read."""
    # The list shows titles: neither the bodies nor their search vectors are read.
    articles = Article.objects.select_related("outlet", "tally").defer("body", "search_vector")
    filterset = ArticleFilter(request.GET, queryset=articles)
    rows = filtered(filterset)
    if not rows.query.order_by:
        rows = rows.order_by(*Article._meta.ordering)  # GROUP BY queries drop Meta.ordering
    # A search counts its matches by reading each one's stored vector (an
    # article's is large): 1,000 past the page, not 10,000, so that a common
    # word costs the same at any size; the page says "more than" beyond.
    searching = filterset.is_valid() and bool(filterset.form.cleaned_data.get("q"))
    shown = page(request, rows, count_ahead=SEARCH_COUNT_AHEAD if searching else None)
    shown.object_list = list(shown.object_list)  # read the page once; its ids feed the counts
    _count_claims(shown.object_list)
    context = {"filter": filterset, "page": shown, "query": query_without_page(request.GET)}
    return render(request, "claims/article_list.html", context)


def anonymous_only_counts(article_ids: list[int]) -> QuerySet:
    """How many of each of these articles' claims rest on anonymous sources only.

    Only the page's articles: counting before paginating would read every claim.
    """
    return (
        Claim.objects.filter(article__in=article_ids, sourcing=Sourcing.ANONYMOUS)
        .order_by()
        .values("article_id")
        .annotate(n=Count("id"))
    )


def _count_claims(articles: Sequence[Article]) -> None:
    """Each article's claims (its tally) and those resting on anonymous sources only."""
    counts = {
        row["article_id"]: row["n"] for row in anonymous_only_counts([a.pk for a in articles])
    }
    for article in articles:
        article.claim_count = article.tally.claim_count if hasattr(article, "tally") else 0
        article.anonymous_only_count = counts.get(article.pk, 0)


# -- getting articles in


def _new_article_forms(**bound: object) -> dict[str, object]:
    forms = {
        "paste_form": ArticlePasteForm(),
        "upload_form": ArticleUploadForm(),
        "url_form": ArticleUrlForm(),
    }
    forms.update(bound)
    return forms


@role_view("claims.add_article")
def article_new(request: HttpRequest) -> HttpResponse:
    recent = ArticleFetch.objects.filter(requested_by=request.user).select_related("article")[:5]
    context = {**_new_article_forms(), "fetches": recent, "tab": request.GET.get("tab", "paste")}
    return render(request, "claims/article_new.html", context)


def _render_new(request: HttpRequest, tab: str, **bound: object) -> HttpResponse:
    context = {**_new_article_forms(**bound), "fetches": [], "tab": tab}
    return render(request, "claims/article_new.html", context, status=400)


def _arrived(request: HttpRequest, result: services.ArticleImport) -> HttpResponse:
    if not result.created:
        messages.info(request, "This text was already imported; here is that article.")
    return redirect(result.article)


@role_view("claims.add_article", methods=("POST",))
def article_paste(request: HttpRequest) -> HttpResponse:
    form = ArticlePasteForm(request.POST)
    if not form.is_valid():
        return _render_new(request, "paste", paste_form=form)
    data = form.cleaned_data
    try:
        result = services.article_create(
            body=data["body"],
            by=request.user,
            title=data["title"],
            outlet=services.outlet_find_or_create(data["outlet"]),
            url=data["url"],
            byline=data["byline"],
            published_on=data["published_on"],
            source=ArticleRevision.Source.PASTE,
        )
    except services.ClaimDeskError as error:
        form.add_error(None, str(error))
        return _render_new(request, "paste", paste_form=form)
    return _arrived(request, result)


@role_view("claims.add_article", methods=("POST",))
def article_upload(request: HttpRequest) -> HttpResponse:
    form = ArticleUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_new(request, "upload", upload_form=form)
    upload = form.cleaned_data["file"]
    if upload.size > settings.ARTICLE_UPLOAD_MAX_BYTES:
        form.add_error("file", f"“{upload.name}” is too large for an article.")
        return _render_new(request, "upload", upload_form=form)
    try:
        parsed = parse_article_file(upload.read())
        result = services.article_create(
            body=parsed.body,
            by=request.user,
            title=form.cleaned_data["title"],
            outlet=services.outlet_find_or_create(form.cleaned_data["outlet"]),
            published_on=parsed.published_on,
        )
    except (ImportRefused, services.ClaimDeskError) as error:
        form.add_error("file", f"“{upload.name}” was refused: {error}.")
        return _render_new(request, "upload", upload_form=form)
    return _arrived(request, result)


@role_view("claims.add_article", methods=("POST",))
def article_fetch_new(request: HttpRequest) -> HttpResponse:
    form = ArticleUrlForm(request.POST)
    if not form.is_valid():
        return _render_new(request, "url", url_form=form)
    try:
        fetch = article_fetch_request(
            url=form.cleaned_data["url"],
            by=request.user,
            outlet=services.outlet_find_or_create(form.cleaned_data["outlet"]),
        )
    except services.ClaimDeskError as error:
        form.add_error("url", str(error))
        return _render_new(request, "url", url_form=form)
    return redirect(fetch)


@role_view("claims.add_article")
def article_fetch(request: HttpRequest, fetch_id: int) -> HttpResponse:
    """The progress of a URL import; htmx polls it until it has finished."""
    fetch = get_object_or_404(
        ArticleFetch.objects.select_related("article", "revision").defer(
            "article__body", "revision__body"
        ),
        pk=fetch_id,
    )
    if not _may_follow(request.user, fetch):
        raise PermissionDenied
    template = "claims/_fetch_status.html" if request.htmx else "claims/article_fetch.html"
    return render(request, template, {"fetch": fetch})


def _may_follow(user: object, fetch: ArticleFetch) -> bool:
    """An import is followed by whoever asked for it; a check for updates (which
    may be the system's, or a colleague's already under way) by any editor."""
    if fetch.requested_by_id == user.pk or user.is_superuser:
        return True
    return fetch.purpose == ArticleFetch.Purpose.UPDATE and user.has_perm("claims.change_article")


# -- the article page and claim capture


def _workspace_context(request: HttpRequest, article: Article) -> dict[str, object]:
    claims = list(
        article.claims.select_related("rating", "assignee")
        .prefetch_related("attributions__source")
        .order_by("start", "end", "id")
    )
    return _marked_text(request, article, claims)


def _marked_text(request: HttpRequest, article: Article, claims: list[Claim]) -> dict[str, object]:
    """The article's text marked with its claims and open suggestions, and their counts."""
    captured = {(claim.start, claim.end) for claim in claims}
    # A suggestion whose span is already a claim has been taken up by hand.
    suggestions = [s for s in article.suggestions.open() if (s.start, s.end) not in captured]
    return {
        "article": article,
        "claims": claims,
        "suggestions": suggestions,
        # A claim whose words are gone points into an earlier revision, not this text.
        "runs": body_runs(
            article.body, [c for c in claims if c.span_revision_id is None], suggestions
        ),
        "anonymous_only_count": sum(c.rests_on_anonymous_sources_only for c in claims),
        "can_capture": request.user.has_perm("claims.add_claim"),
    }


@role_view("claims.view_article", "claims.view_claim")
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    """The article's text with its claims, where they are captured; or, with
    ``?revision=N``, an earlier revision's text to read."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    return article_page(request, article, reading=revision_asked(request, article))


def article_page(
    request: HttpRequest,
    article: Article,
    *,
    reading: ArticleRevision | None = None,
    revision_form: ArticleRevisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if reading is not None:
        context: dict[str, object] = {"article": article, "reading": reading}
    else:
        context = _workspace_context(request, article)
        context.update(
            {
                "capture_form": CaptureForm(initial={"capture_key": uuid.uuid4()}),
                "ratings": Rating.objects.all(),
                "source_kinds": Source.Kind.choices,
            }
        )
    context.update(revisions_context(request, article, revision_form))
    return render(request, "claims/article_detail.html", context, status=status)


# The article page lists its newest revisions; earlier ones are read by number.
REVISIONS_SHOWN = 10


def revisions_context(
    request: HttpRequest, article: Article, form: ArticleRevisionForm | None
) -> dict[str, object]:
    """The article page's revisions: the newest, the last check for updates, the forms."""
    newest = article.revisions.select_related("created_by").defer("body").order_by("-number")
    revisions = list(newest[:REVISIONS_SHOWN])
    last_check = None
    if article.url:
        checks = article.fetches.filter(purpose=ArticleFetch.Purpose.UPDATE)
        checks = checks.select_related("requested_by")
        last_check = checks.order_by("-created_at").first()
    return {
        "revisions": revisions,
        # Revisions are numbered 1, 2, 3…: the newest one's number is their count.
        "revision_count": revisions[0].number if revisions else 0,
        "last_check": last_check,
        "can_revise": request.user.has_perm("claims.change_article"),
        "revision_form": form or ArticleRevisionForm(),
    }


def revision_asked(request: HttpRequest, article: Article) -> ArticleRevision | None:
    """The earlier revision ``?revision=N`` asks to read; None for the current text
    (a number that is not one of the article's says so, and shows the current text)."""
    value = request.GET.get("revision", "")
    if not value:
        return None
    revision, number = None, revision_number(value)
    if number is not None:
        revision = article.revisions.select_related("created_by").filter(number=number).first()
    if revision is None:
        messages.error(
            request, f"“{value[:20]}” is not a revision of this article: showing its current text."
        )
        return None
    return None if revision.body_hash == article.body_hash else revision


@role_view("claims.view_article", "claims.add_claim", methods=("POST",))
def claim_capture(request: HttpRequest, article_id: int) -> HttpResponse:
    """Save the capture panel: the claim and its attribution, through one service call."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    form = CaptureForm(request.POST)
    error = None
    if form.is_valid():
        try:
            claim = _save_capture(request, article, form)
        except (services.ClaimDeskError, PermissionDenied) as refusal:
            error = str(refusal)
    if error is None and not form.is_valid():
        error = form.error_sentence()
    if error is not None:
        return _capture_refused(request, article, error)
    if not request.htmx:
        messages.success(request, f"Claim #{claim.pk} saved.")
        return redirect(article)
    response = _capture_saved(request, article, claim)
    # After settling: the panel closes once the new text is in place, so the
    # next selection is made in the page as it now is. The next capture gets
    # a key of its own.
    saved = {"claimSaved": {"id": claim.pk, "nextKey": str(uuid.uuid4())}}
    response["HX-Trigger-After-Settle"] = json.dumps(saved)
    return response


def _save_capture(request: HttpRequest, article: Article, form: CaptureForm) -> Claim:
    """A plain capture, or the acceptance of a suggestion when the panel came from one."""
    data = form.cleaned_data
    fields = {
        "span": form.span(),
        "by": request.user,
        "statement": data["statement"],
        "kind": data["kind"],
        "attribution": form.attribution(),
        "capture_key": data.get("capture_key"),
    }
    if data.get("suggestion"):
        suggestion = get_object_or_404(Suggestion, pk=data["suggestion"], article=article)
        return suggesting.suggestion_accept(suggestion=suggestion, **fields)
    return services.claim_capture(article=article, **fields)


def _capture_saved(request: HttpRequest, article: Article, saved: Claim) -> HttpResponse:
    """What a capture changed, not the whole workspace: the marked text, the
    counts, the open suggestions, and the new claim in its place in the list
    (the other claims' entries are as they were)."""
    claims = list(article.claims.order_by("start", "end", "id"))
    context = _marked_text(request, article, claims)
    saved = next(claim for claim in claims if claim.pk == saved.pk)
    prefetch_related_objects(
        [saved], Prefetch("attributions", Attribution.objects.select_related("source"))
    )
    following = next((c for c in claims if _in_text_order(c) > _in_text_order(saved)), None)
    placement = f"beforebegin:#claim-{following.pk}" if following else "beforeend:#claim-list"
    context.update(saved=saved, placement=placement)
    return render(request, "claims/_capture_saved.html", context)


def _in_text_order(claim: Claim) -> tuple[int, int, int]:
    return (claim.start, claim.end, claim.pk)


def _workspace(request: HttpRequest, article: Article) -> HttpResponse:
    return render(request, "claims/_workspace.html", _workspace_context(request, article))


@role_view("claims.view_article", "claims.add_claim", methods=("POST",))
def suggestion_reject(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion.objects.select_related("article"), pk=suggestion_id)
    try:
        suggesting.suggestion_reject(suggestion=suggestion, by=request.user)
    except services.ClaimDeskError as error:
        messages.error(request, str(error))
    return _workspace(request, suggestion.article) if request.htmx else redirect(suggestion.article)


@role_view("claims.view_article", "claims.add_claim", methods=("POST",))
def suggestions_decide_all(request: HttpRequest, article_id: int, decision: str) -> HttpResponse:
    """ "Reject all": the quick way through a long article. ("Accept all named"
    goes through its preview, ``suggestions_preview``.)"""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    if decision != "reject-all":
        raise Http404("No such decision.")
    count = suggesting.suggestions_reject_all(article=article, by=request.user)
    messages.info(request, f"{count} suggestion(s) rejected.")
    return _workspace(request, article) if request.htmx else redirect(article)


@role_view("claims.view_article", "claims.add_claim")
def suggestions_preview(request: HttpRequest, article_id: int) -> HttpResponse:
    """What "Accept all named" would create, with a box to untick each; writes nothing."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    rows = suggesting.suggestions_accept_preview(article=article, by=request.user)
    template = "claims/_accept_preview.html" if request.htmx else "claims/suggestions_preview.html"
    return render(request, template, {"article": article, "rows": rows})


@role_view("claims.view_article", "claims.add_claim", methods=("POST",))
def suggestions_accept_selected(request: HttpRequest, article_id: int) -> HttpResponse:
    """Accept the suggestions ticked in the preview."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    form = SuggestionChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was accepted: {form.error_sentence()}")
        return _workspace(request, article) if request.htmx else redirect(article)
    count, refused = suggesting.suggestions_accept_selected(
        article=article, by=request.user, suggestion_ids=form.cleaned_data["suggestion"]
    )
    if count:
        messages.success(request, f"{count} suggestion(s) with named sources accepted.")
    else:
        messages.error(request, "Nothing was accepted.")
    for reason in refused:
        messages.warning(request, f"Not accepted: {reason}")
    return _workspace(request, article) if request.htmx else redirect(article)


def _capture_refused(request: HttpRequest, article: Article, error: str) -> HttpResponse:
    if not request.htmx:
        messages.error(request, f"The claim was not saved: {error}")
        return redirect(article)
    response = render(request, "claims/_capture_errors.html", {"error": error})
    # The panel stays open with the editor's input; only its error line changes.
    response["HX-Retarget"] = "#capture-errors"
    response["HX-Reswap"] = "innerHTML"
    return response
