"""The desk's front page: what needs me, and what just happened."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from claims.filters import CLOSED
from claims.models import Claim, ClaimEvent, Status
from claims.views.common import role_view
from claims.views.saved_views import desk_view_counts

SHORT_LIST = 10


@role_view("claims.view_claim")
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    claims = Claim.objects.for_list()
    # Only what this user could publish now: the workflow's own rules.
    awaiting_review = claims.publishable_by(user).order_by("updated_at")
    counts, estimated = Claim.objects.count_by_status()
    context = {
        "counts": [(status, counts.get(status.value, 0)) for status in Status],
        "counts_estimated": estimated,
        "assigned": claims.filter(assignee=user).exclude(status__in=CLOSED)[:SHORT_LIST],
        "awaiting_review": awaiting_review[:SHORT_LIST],
        "revisit_due": claims.filter(revisit_on__lte=timezone.localdate())
        .exclude(status=Status.NOT_CHECKABLE)
        .order_by("revisit_on")[:SHORT_LIST],
        "recent": ClaimEvent.objects.select_related(
            "claim", "actor", "from_rating", "to_rating"
        ).order_by("-at", "-id")[:15],
        "view_counts": desk_view_counts(user),
    }
    return render(request, "claims/dashboard.html", context)
