"""The claim page's "Checked before?" card: similar claims, and links between claims."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from claims.forms import ClaimLinkForm
from claims.models import Claim, ClaimLink, Status
from claims.services.links import claim_link, claim_unlink
from claims.similar import similar_claims
from claims.views.claim_pages import _apply, _claim
from claims.views.common import role_view


def checked_before(claim: Claim, user: Any) -> dict[str, Any]:
    """The card's context: two queries, the links either way and the similar claims."""
    links = list(
        ClaimLink.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
        .select_related("from_claim__rating", "to_claim__rating")
        .order_by("created_at", "id")
    )
    for link in links:
        link.other = link.to_claim if link.from_claim_id == claim.pk else link.from_claim
        link.outgoing = link.from_claim_id == claim.pk
    linked = {link.other.pk for link in links}
    return {
        "links": links,
        "similar": [other for other in similar_claims(claim) if other.pk not in linked],
        "link_form": ClaimLinkForm(),
        "offered_verdicts": offered_verdicts(claim, links),
    }


def offered_verdicts(claim: Claim, links: list[ClaimLink]) -> list[Claim]:
    """Published verdicts of the claims linked as the same claim, offered (never
    applied) while this claim has no verdict and research has not gone further."""
    if claim.rating_id is not None or claim.status not in (Status.NEW, Status.RESEARCHING):
        return []
    return [
        link.other
        for link in links
        if link.kind == ClaimLink.Kind.SAME_AS
        and link.other.status == Status.PUBLISHED
        and link.other.rating_id is not None
    ]


@role_view("claims.view_claim", "claims.change_claim", methods=("POST",))
def claim_link_add(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim(claim_id)
    form = ClaimLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing linked: choose a kind of link and a claim number.")
        return redirect(claim)
    other = Claim.objects.filter(pk=form.cleaned_data["other"]).first()
    if other is None:
        messages.error(request, f"Nothing linked: there is no claim #{form.cleaned_data['other']}.")
        return redirect(claim)
    kind = form.cleaned_data["kind"]

    def write() -> None:
        claim_link(claim=claim, other=other, kind=kind, by=request.user)

    return _apply(request, claim, write, f"Linked to claim #{other.pk}.")


@role_view("claims.view_claim", "claims.change_claim", methods=("POST",))
def claim_link_remove(request: HttpRequest, claim_id: int, link_id: int) -> HttpResponse:
    claim = _claim(claim_id)
    link = get_object_or_404(
        ClaimLink.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)), pk=link_id
    )

    def write() -> None:
        claim_unlink(link=link, by=request.user)

    return _apply(request, claim, write, "Link removed.")
