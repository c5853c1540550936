"""Helpers the views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
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

    def __init__(
        self, object_list: Any, per_page: int, *, reach: int, known_count: int | None = None
    ) -> None:
        super().__init__(object_list, per_page)
        self.reach = reach
        self.known_count = known_count
        self.capped = False

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
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


class IdsFirstPaginator(CappedCountPaginator):
    """A capped count, and pages that pick their rows' ids first, then read only those rows.

    Otherwise the database joins every row it passes over: the rows before a
    deep page (an OFFSET), or every match of a filter it has to sort. The ids
    alone come from the claims' own indexes. The rows are then read from
    ``base`` (the unfiltered rows, with their joins): the filters are not
    applied twice. One query all the same: the ids are a subquery.
    """

    def __init__(self, object_list: Any, per_page: int, *, reach: int, base: Any) -> None:
        super().__init__(object_list, per_page, reach=reach)
        self.base = base

    def page(self, number: Any) -> Page:
        rows = self.object_list
        if rows.query.distinct:
            # DISTINCT selects its ORDER BY columns too: no list of ids alone.
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # A whole page's LIMIT even where fewer rows remain: see CappedCountPaginator.page.
        ids = rows.values("pk")[bottom : bottom + self.per_page]
        page_rows = self.base.filter(pk__in=ids).order_by(*rows.query.order_by)
        return self._get_page(page_rows, number, self)


def reach_for(page_number: Any, per_page: int, ahead: int | None = None) -> int:
    """How far to count for the page asked for: ``ahead`` (``COUNT_AHEAD``) rows past it."""
    ahead = COUNT_AHEAD if ahead is None else ahead
    try:
        wanted = max(int(page_number), 1)
    except (TypeError, ValueError):
        wanted = 1
    # Bounded: a page number past any table asks for the last page, not a huge LIMIT.
    return min(wanted * per_page + ahead, MOST_ROWS_COUNTED)


def page(
    request: HttpRequest,
    rows: Any,
    per_page: int = 25,
    *,
    count: int | None = None,
    count_ahead: int | None = None,
) -> Page:
    """The requested page; the total counts at most ``count_ahead`` (``COUNT_AHEAD``)
    rows past it.

    ``count``: the total when it is already known (a tally), so nothing is counted.
    """
    number = request.GET.get("page")
    reach = reach_for(number, per_page, count_ahead)
    paginator = CappedCountPaginator(rows, per_page, reach=reach, known_count=count)
    return paginator.get_page(number)


def role_needed(user: Any, perms: tuple[str, ...]) -> str:
    """Which roles may do what ``user`` may not, in a sentence for the 403 page.

    Read only on a refusal: the roles are groups, their permissions data.
    """
    missing = [perm for perm in perms if not user.has_perm(perm)]
    roles = Group.objects.order_by("name")
    for perm in missing:
        app_label, codename = perm.split(".", 1)
        roles = roles.filter(
            permissions__content_type__app_label=app_label, permissions__codename=codename
        )
    names = list(roles.values_list("name", flat=True).distinct())
    what = Permission.objects.filter(
        content_type__app_label__in={perm.split(".", 1)[0] for perm in missing},
        codename__in={perm.split(".", 1)[1] for perm in missing},
    ).order_by("codename")
    needs = ", ".join(f"“{name}”" for name in what.values_list("name", flat=True))
    who = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)
    return f"{who or 'An administrator'} can do this: it needs the permission {needs}."


def role_view(*perms: str, methods: tuple[str, ...] = ("GET", "HEAD")) -> Callable[[View], View]:
    """Login, then every permission in ``perms``, then the allowed HTTP methods.

    A refusal says which roles may (the 403 page shows it).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perms(perms):
                raise PermissionDenied(role_needed(request.user, perms))
            return view(request, *args, **kwargs)

        return login_required(require_http_methods(list(methods))(checked))

    return decorate


def claim_list_url(query: str) -> str:
    """The claims list with ``query``'s filters (posted back by a form: re-encoded)."""
    query = QueryDict(query).urlencode()
    url = reverse("claims:claim_list")
    return f"{url}?{query}" if query else url


def posted_version(request: HttpRequest) -> int:
    """The claim version a form posted; a missing or bad one reads as -1, which
    the services refuse as stale, saying what changed."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


# ASCII digits, few enough for a revision's number: str.isdigit() also takes
# "²", which int() refuses (a 500), and "١".
REVISION_NUMBER_DIGITS = 9


def revision_number(value: str) -> int | None:
    """The revision number a query string asks for (``?revision=N``); None when
    ``value`` is not one."""
    if value.isascii() and value.isdigit() and len(value) <= REVISION_NUMBER_DIGITS:
        return int(value)
    return None
