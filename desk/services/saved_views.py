"""Saved views: a named filter set on the claims list, for oneself or the desk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import QueryDict

from claims.errors import ClaimDeskError
from claims.filters import ClaimFilter
from claims.forms import labelled_errors
from claims.models import Claim
from desk.models import SAVED_VIEW_QUERY_MAX, SavedView

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NAME_MAX = SavedView._meta.get_field("name").max_length
# Not filters: which page, and a selection of claims made for one export.
NOT_SAVED = {"page", "ids"}


def normalised_query(query: str) -> str:
    """The claims list's ``query`` as a view keeps it: only the filters that
    narrow or sort the list (not "any", not a page), in a stable order.
    Refused when the filters are invalid."""
    data = QueryDict(query)
    filterset = ClaimFilter(data, queryset=Claim.objects.none())
    if not filterset.is_valid():
        raise ClaimDeskError("Not saved: " + " ".join(labelled_errors(filterset.form)))
    kept = QueryDict(mutable=True)
    for name in sorted(_parameters_in_use(filterset) & set(data)):
        values = [value for value in data.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def _parameters_in_use(filterset: ClaimFilter) -> set[str]:
    """The query parameters of the filters that have a value (a date range reads two)."""
    names = set()
    for name, field in filterset.form.fields.items():
        if name in NOT_SAVED or _is_any(filterset.form.cleaned_data.get(name)):
            continue
        suffixes = getattr(field.widget, "suffixes", None)
        names |= {f"{name}_{suffix}" for suffix in suffixes} if suffixes else {name}
    return names


def _is_any(value: object) -> bool:
    """Whether a cleaned filter value leaves the list as it is ("any")."""
    if isinstance(value, slice):
        return value.start is None and value.stop is None
    return value in (None, "", [], ())


def saved_view_create(*, name: str, query: str, shared: bool, by: User) -> SavedView:
    """Save the list's filters under ``name`` (unique per owner, whatever the case)."""
    if not by.has_perm("claims.view_claim"):
        raise PermissionDenied("You do not have permission to save views of the claims list.")
    name = " ".join(name.split())
    if not name:
        raise ClaimDeskError("Give the view a name.")
    if len(name) > NAME_MAX:
        raise ClaimDeskError(f"A view's name is at most {NAME_MAX} characters.")
    query = normalised_query(query)
    if len(query) > SAVED_VIEW_QUERY_MAX:
        raise ClaimDeskError("These filters are too long to save.")
    try:
        # A savepoint: two saves of one name at once, the second is refused
        # by the unique constraint, and the caller's transaction goes on.
        with transaction.atomic():
            return SavedView.objects.create(name=name, query=query, shared=shared, owner=by)
    except IntegrityError:
        raise ClaimDeskError(f"You already have a view named “{name}”.") from None


def saved_view_delete(*, saved_view: SavedView, by: User) -> None:
    """Delete one of ``by``'s own views (a shared one too: it is still theirs)."""
    if saved_view.owner_id != by.pk:
        raise PermissionDenied("Only its owner can delete a saved view.")
    SavedView.objects.filter(pk=saved_view.pk, owner=by).delete()
