"""The same role rules as the pages: each view names the permissions each
method needs; what a view does not name is refused."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, permissions
from rest_framework.request import Request

from claims.views.common import role_needed

# HEAD and OPTIONS read what GET reads.
READS_LIKE_GET = {"HEAD", "OPTIONS"}


class RolePermission(permissions.BasePermission):
    """``view.required_perms``: ``{"GET": ("claims.view_claim",), "POST": (...)}``.

    Signed in first (401 otherwise), then every permission the method needs
    (403 saying which roles may). A method the view handles but does not list
    is refused: a forgotten entry closes the door rather than opening it. A
    method the view does not handle at all is left to the view's 405.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated()
        if not hasattr(view, request.method.lower()):
            return True  # the view has no such method: 405 with Allow, not 403
        method = "GET" if request.method in READS_LIKE_GET else request.method
        needed = getattr(view, "required_perms", {}).get(method)
        if needed is None:
            raise exceptions.PermissionDenied("This method is not open to anyone here.")
        if not request.user.has_perms(needed):
            raise exceptions.PermissionDenied(role_needed(request.user, tuple(needed)))
        return True


class SignedIn(permissions.BasePermission):
    """The schema and its docs: any signed-in user (what they describe is no secret
    to the desk, but the desk's address need not be mapped for strangers)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated()
        return True
