"""Sources: who claims come from, and each one's record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims import services
from claims.filters import SourceFilter, filtered, query_without_page
from claims.forms import SourceEditForm, SourceMergeForm
from claims.models import Claim, Source
from claims.search import SEARCH_MAX_CHARS
from claims.views.common import page, role_view
from vault.access import is_vault_member

# Editing and merging sources is a reviewer's job (claims.services.sources.require_source_keeper).
KEEPER_PERMS = ("claims.view_source", "claims.change_source", "claims.review_claim")


@role_view("claims.view_source")
def source_list(request: HttpRequest) -> HttpResponse:
    """Sources by name, each with its tallies (kept by the services, counted by nothing here)."""
    filterset = SourceFilter(request.GET, queryset=Source.objects.order_by("name", "id"))
    shown = page(request, filtered(filterset), 50)
    context = {"filter": filterset, "page": shown, "query": query_without_page(request.GET)}
    return render(request, "claims/source_list.html", context)


CLAIMS_PER_PAGE = 50


@role_view("claims.view_source", "claims.view_claim")
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    """Every claim attributed to the source with its verdict, and its record.

    Newest claims first (by claim number): an index on attributions (source,
    claim) hands over a page in that order, where ordering by the article's
    date would sort all of a big source's claims first. The total is the
    source's tally, so nothing is counted either.
    """
    return _source_page(request, get_object_or_404(Source, pk=source_id))


def _source_page(
    request: HttpRequest, source: Source, status: int = 200, **forms: Any
) -> HttpResponse:
    claims = (
        Claim.objects.filter(attributions__source=source)
        .select_related("article", "rating")
        .defer("article__body")
        .order_by("-id")
    )
    context = {
        "source": source,
        "page": page(request, claims, CLAIMS_PER_PAGE, count=source.claim_count),
        "record": source.record(),
        "can_keep": request.user.has_perms(KEEPER_PERMS),
        # No query but for a superuser: the permissions are already cached.
        "vault_member": is_vault_member(request.user),
        "edit_form": forms.get("edit_form")
        or SourceEditForm(initial=SourceEditForm.initial_for(source)),
        "merge_form": forms.get("merge_form")
        or SourceMergeForm(initial={"version": source.version}),
    }
    return render(request, "claims/source_detail.html", context, status=status)


def _apply(
    request: HttpRequest, source: Source, write: Callable[[], Source], done: str, **forms: Any
) -> HttpResponse:
    """Run ``write``; on a refusal show the source as it is now, the reason and the input."""
    try:
        saved = write()
    except (services.ClaimDeskError, PermissionDenied) as error:
        messages.error(request, str(error))
        fresh = Source.objects.filter(pk=source.pk).first()
        if fresh is None:
            return redirect("claims:source_list")
        for form in forms.values():
            # The reviewer has now seen the source as it is: a resubmit applies to it.
            form.data = form.data.copy()
            form.data["version"] = fresh.version
        stale = isinstance(error, services.StaleVersion)
        return _source_page(request, fresh, status=409 if stale else 400, **forms)
    messages.success(request, done)
    return redirect("claims:source_detail", saved.pk)


@role_view(*KEEPER_PERMS, methods=("POST",))
def source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
    form = SourceEditForm(request.POST)
    if not form.is_valid():
        return _source_page(request, source, status=400, edit_form=form)
    data = form.cleaned_data

    def write() -> Source:
        details = {name: data[name] for name in form.fields if name != "version"}
        return services.source_edit(
            source=source, by=request.user, version=data["version"], **details
        )

    return _apply(request, source, write, "Source saved.", edit_form=form)


@role_view(*KEEPER_PERMS, "claims.change_attribution", methods=("POST",))
def source_merge(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
    form = SourceMergeForm(request.POST)
    into = form.into() if form.is_valid() else None
    if into is None:
        if form.is_valid():
            form.add_error("source_name", "No source is called that, by name or alias.")
        return _source_page(request, source, status=400, merge_form=form)

    def write() -> Source:
        return services.source_merge(
            source=source, into=into, by=request.user, version=form.cleaned_data["version"]
        )

    done = f"“{source.name}” was merged into “{into.name}”."
    return _apply(request, source, write, done, merge_form=form)


@role_view("claims.view_source")
def source_autocomplete(request: HttpRequest) -> HttpResponse:
    """Options for the capture panel's source field: names and aliases that match."""
    typed = request.GET.get("source_name", "").strip()
    sources = []
    # Longer text is no one's name, and a LIKE pattern SQLite may refuse to run.
    if 2 <= len(typed) <= SEARCH_MAX_CHARS:
        matching = Q(name__icontains=typed) | Q(aliases__icontains=typed)
        sources = list(Source.objects.filter(matching).order_by("name")[:15])
    return render(request, "claims/_source_options.html", {"sources": sources})
