"""Working several claims at once from the claims list, and "Assign to me"."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from claims import services
from claims.forms import BulkForm, labelled_errors
from claims.models import Claim
from claims.services.bulk import BulkResult, claim_bulk_assign, claim_bulk_transition
from claims.views.common import claim_list_url, posted_version, role_view


@role_view("claims.view_claim", methods=("POST",))
def claim_bulk(request: HttpRequest) -> HttpResponse:
    """The list's action bar: assign, move or export the selected claims.

    Assigning and moving answer with each claim's result (done, or refused and
    why), on a page of its own: reloading it posts again, and the claims done
    the first time are then refused as changed, not changed twice.
    """
    form = BulkForm(request.POST, user=request.user)
    query = request.POST.get("query", "")
    if not form.is_valid():
        messages.error(request, f"Nothing changed: {'; '.join(labelled_errors(form))}")
        return redirect(claim_list_url(query))
    data = form.cleaned_data
    if data["action"] == "export":
        return _export(data)
    try:
        results = _apply(request, data)
    except services.ClaimDeskError as refusal:
        messages.error(request, str(refusal))
        return redirect(claim_list_url(query))
    return _results_page(request, results, data)


def _export(data: dict) -> HttpResponse:
    """The selection, in the list's own export (its ``ids`` filter)."""
    ids = ",".join(str(chosen.claim_id) for chosen in data["claim"])
    url = reverse("claims:claim_export", args=[data["format"]])
    return HttpResponseRedirect(f"{url}?{urlencode({'ids': ids})}")


def _apply(request: HttpRequest, data: dict) -> list[BulkResult]:
    if data["action"] == "assign":
        # As for one claim (claim_edit): assigning needs the right to change claims.
        if not request.user.has_perm("claims.change_claim"):
            raise PermissionDenied
        return claim_bulk_assign(
            selection=data["claim"], assignee=data["assignee"], by=request.user
        )
    return claim_bulk_transition(
        selection=data["claim"], to=data["to"], note=data["note"], by=request.user
    )


def _results_page(request: HttpRequest, results: list[BulkResult], data: dict) -> HttpResponse:
    done = [result for result in results if result.done]
    context = {
        "done": done,
        "refused": [result for result in results if not result.done],
        "action": data["action"],
        "back": claim_list_url(data["query"]),
    }
    return render(request, "claims/bulk_results.html", context)


@role_view("claims.view_claim", "claims.change_claim", methods=("POST",))
def claim_assign_me(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Take a claim on: the claim page's and each list row's "Assign to me"."""
    claim = get_object_or_404(Claim, pk=claim_id)
    back = _page_to_return_to(request, claim)
    try:
        with transaction.atomic():
            services.claim_assign(
                claim=claim,
                assignee=request.user,
                by=request.user,
                version=posted_version(request),
            )
    except services.StaleVersion as refusal:
        # A double click: the second carries the version the first changed.
        # What was asked for holds, so it is no error.
        if not Claim.objects.filter(pk=claim.pk, assignee=request.user).exists():
            messages.error(request, f"#{claim.pk} not assigned to you: {refusal}")
            return HttpResponseRedirect(back)
    except (services.ClaimDeskError, PermissionDenied) as refusal:
        messages.error(request, f"#{claim.pk} not assigned to you: {refusal}")
        return HttpResponseRedirect(back)
    messages.success(request, f"#{claim.pk} is assigned to you.")
    return HttpResponseRedirect(back)


def _page_to_return_to(request: HttpRequest, claim: Claim) -> str:
    """The posted ``next`` when it is a path on this site (the list), else the claim."""
    back = request.POST.get("next", "")
    on_this_site = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    return back if back.startswith("/") and on_this_site else claim.get_absolute_url()
