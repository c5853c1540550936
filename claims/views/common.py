"""Helpers the views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

View = Callable[..., HttpResponse]


def page(request: HttpRequest, rows: Any, per_page: int = 25) -> Page:
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


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
