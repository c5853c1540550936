"""The browser pages. Each view opens with one lookup that checks permission."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from claims.highlighting import body_runs
from claims.models import Article, Claim, Sourcing

ARTICLES_PER_PAGE = 25


@require_safe
@login_required
@permission_required("claims.view_article", raise_exception=True)
def article_list(request: HttpRequest) -> HttpResponse:
    articles = (
        Article.objects.select_related("outlet")
        .annotate(
            claim_count=Count("claims"),
            anonymous_only_count=Count("claims", filter=Q(claims__sourcing=Sourcing.ANONYMOUS)),
        )
        .order_by(*Article._meta.ordering)
    )  # GROUP BY queries drop Meta.ordering
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "claims/article_list.html", {"page": page})


@require_safe
@login_required
@permission_required(["claims.view_article", "claims.view_claim"], raise_exception=True)
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    claims = list(
        article.claims.select_related("rating", "assignee")
        .prefetch_related("attributions__source")
        .order_by("start", "end", "id")
    )
    context = {
        "article": article,
        "claims": claims,
        "runs": body_runs(article.body, claims),
        "anonymous_only_count": sum(c.rests_on_anonymous_sources_only for c in claims),
    }
    return render(request, "claims/article_detail.html", context)


@require_safe
@login_required
@permission_required(
    ["claims.view_claim", "claims.view_evidence", "claims.view_claimevent"], raise_exception=True
)
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("article__outlet", "rating", "assignee", "created_by"),
        pk=claim_id,
    )
    on = _parse_day(request.GET.get("on"))
    context = {
        "claim": claim,
        "attributions": claim.attributions.select_related("source"),
        "evidence": claim.evidence.select_related("added_by"),
        "events": claim.events.select_related("actor", "from_rating", "to_rating"),
        "on": on,
        "state_on": claim.state_on(on) if on else None,
    }
    return render(request, "claims/claim_detail.html", context)


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
