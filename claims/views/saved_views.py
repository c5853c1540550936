"""Saved views of the claims list: the list's menu of them, saving, deleting,
and their counts on the desk."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Case, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect

from claims.errors import ClaimDeskError
from claims.filters import ClaimFilter
from claims.models import Claim
from claims.views.common import claim_list_url, role_view
from desk.models import SavedView
from desk.services.saved_views import saved_view_create, saved_view_delete

# The list's menu: one's own views and the desk's shared ones, by name.
MENU_MOST = 50
# The desk's front page counts this many views, each to at most COUNT_REACH.
DESK_VIEWS_MOST = 10
COUNT_REACH = 1_000


def views_for(user: object) -> QuerySet[SavedView]:
    """The views ``user`` sees: their own first, then the desk's shared ones, by
    name (so that colleagues sharing many views never push one's own out of
    the capped menu and desk)."""
    # The owner's FK index and the shared views' partial index.
    visible = SavedView.objects.filter(Q(owner=user) | Q(shared=True))
    own_first = Case(When(owner=user, then=Value(0)), default=Value(1))
    return visible.select_related("owner").order_by(own_first, "name", "id")


def menu_views(user: object) -> list[SavedView]:
    return list(views_for(user)[:MENU_MOST])


@dataclass(frozen=True)
class ViewCount:
    view: SavedView
    count: int | None  # None: its filters no longer apply (an outlet deleted, say)
    capped: bool


def desk_view_counts(user: object) -> list[ViewCount]:
    """The counts of the first DESK_VIEWS_MOST views ``user`` sees, each capped."""
    return [_count(view) for view in views_for(user)[:DESK_VIEWS_MOST]]


def _count(view: SavedView) -> ViewCount:
    filterset = ClaimFilter(QueryDict(view.query), queryset=Claim.objects.all())
    if not filterset.is_valid():
        return ViewCount(view, None, False)
    # Like CappedCountPaginator: counting stops past the reach.
    counted = filterset.qs.order_by().values("pk")[: COUNT_REACH + 1].count()
    return ViewCount(view, min(counted, COUNT_REACH), counted > COUNT_REACH)


@role_view("claims.view_claim", methods=("POST",))
def saved_view_new(request: HttpRequest) -> HttpResponse:
    """Save the list's current filters (posted as ``query``) under a name."""
    query = request.POST.get("query", "")
    try:
        view = saved_view_create(
            name=request.POST.get("name", ""),
            query=query,
            shared=request.POST.get("shared") == "on",
            by=request.user,
        )
    except ClaimDeskError as refusal:
        messages.error(request, str(refusal))
        return redirect(claim_list_url(query))
    whose = "the desk" if view.shared else "you"
    messages.success(request, f"Saved the view “{view.name}” for {whose}.")
    return redirect(claim_list_url(view.query))


@role_view("claims.view_claim", methods=("POST",))
def saved_view_delete_view(request: HttpRequest, saved_view_id: int) -> HttpResponse:
    view = get_object_or_404(SavedView, pk=saved_view_id)
    saved_view_delete(saved_view=view, by=request.user)  # PermissionDenied: a 403
    messages.success(request, f"Deleted the view “{view.name}”.")
    return redirect("claims:claim_list")
