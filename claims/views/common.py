"""Helpers the views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

View = Callable[..., HttpResponse]


def page(request: HttpRequest, rows: Any, per_page: int = 25) -> Page:
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


class CappedCountPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows and pages through only those.

    An exact count reads every matching row, so it grows with the table; this
    one stops after ``cap + 1``. Past the cap the list shows its first ``cap``
    rows, and ``capped`` tells the page to say "more than" and to suggest
    narrowing the filters.
    """

    cap = 10_000

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # Which rows come first does not change how many there are.
            return rows.order_by()[: self.cap + 1].count()
        return len(rows[: self.cap + 1])


def capped_page(request: HttpRequest, rows: Any, per_page: int = 25) -> Page:
    """One page of ``rows``, counting no further than the paginator's cap."""
    return CappedCountPaginator(rows, per_page).get_page(request.GET.get("page"))


def role_view(*perms: str, methods: tuple[str, ...] = ("GET", "HEAD")) -> Callable[[View], View]:
    """Login, then every permission in ``perms``, then the allowed HTTP methods."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(require_http_methods(list(methods))(checked))

    return decorate
