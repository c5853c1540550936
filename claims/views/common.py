"""Helpers the views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods

View = Callable[..., HttpResponse]


COUNT_AHEAD = 10_000
MOST_ROWS_COUNTED = 1_000_000_000


class CappedCountPaginator(Paginator):
    """Counts rows only up to ``reach``: an exact total would grow with the table.

    ``capped`` says the total is "more than ``count``"; the page then has a
    next page whatever the true total.
    """

    def __init__(self, object_list: Any, per_page: int, *, reach: int) -> None:
        super().__init__(object_list, per_page)
        self.reach = reach
        self.capped = False

    @cached_property
    def count(self) -> int:
        if not hasattr(self.object_list, "values"):
            return super().count
        counted = self.object_list.order_by().values("pk")[: self.reach + 1].count()
        self.capped = counted > self.reach
        return min(counted, self.reach)

    def page(self, number: Any) -> Page:
        """The page, read with a LIMIT of a whole page even where fewer rows remain.

        Django's own asks for exactly the rows counted: for a search that found
        five, LIMIT 5 makes the planner expect to meet them within the first
        few rows of the list's order index, and it walks that index through
        the whole table instead of reading the five from the search index.
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def page(request: HttpRequest, rows: Any, per_page: int = 25) -> Page:
    """The requested page; the total counts at most ``COUNT_AHEAD`` rows past it."""
    number = request.GET.get("page")
    try:
        wanted = max(int(number), 1)
    except (TypeError, ValueError):
        wanted = 1
    # Bounded: a page number past any table asks for the last page, not a huge LIMIT.
    reach = min(wanted * per_page + COUNT_AHEAD, MOST_ROWS_COUNTED)
    return CappedCountPaginator(rows, per_page, reach=reach).get_page(number)


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
