"""Every refusal as an RFC 9457 problem: ``application/problem+json`` with
``type``, ``title``, ``status``, ``detail``, ``instance``, and ``errors`` (one
entry a field) where fields were wrong."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import set_rollback

from claims.errors import ClaimDeskError, StaleVersion

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Problem types of this desk; "about:blank" (plain HTTP meaning) for the rest.
PROBLEM_TYPE = "urn:claim-desk:problem:{}"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "Say which version of the claim you are changing: “version” in the body, "
        "or an If-Match header with the claim's ETag."
    )
    default_code = "version_required"


class StaleWrite(exceptions.APIException):
    """A write against an old version; ``changes`` says what happened since."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"

    def __init__(self, error: StaleVersion, current_version: int | None = None) -> None:
        super().__init__(str(error))
        self.changes = list(error.changes)
        self.current_version = current_version


class Refused(exceptions.APIException):
    """The record's rules refused the write (a workflow move, a span, a frozen claim)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "refused"


class BodyTooLarge(exceptions.APIException):
    """A body past ``DATA_UPLOAD_MAX_MEMORY_SIZE``: Django would answer with its HTML 400 page."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(f"The request's body is too large: at most {limit} bytes.")


class TextTooLong(exceptions.APIException):
    """A text past what the desk keeps (an article's body): too large, like a body
    past the upload limit, rather than a wrong field."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


class ProblemResponse(Response):
    """A problem is JSON whatever the view renders otherwise: the schema's YAML,
    the docs page's HTML (DRF would hand it the view's negotiated renderer)."""

    @property
    def accepted_renderer(self) -> BaseRenderer:
        return JSONRenderer()

    @accepted_renderer.setter
    def accepted_renderer(self, negotiated: BaseRenderer) -> None:
        pass  # JSON, always


def problem(
    status_code: int,
    detail: str,
    *,
    title: str,
    kind: str | None = None,
    instance: str = "",
    **extensions: Any,
) -> dict[str, Any]:
    body = {
        "type": PROBLEM_TYPE.format(kind) if kind else "about:blank",
        "title": title,
        "status": status_code,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return body


def field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as a flat list: ``{"field": "a.b", "detail": "..."}``."""
    if isinstance(detail, dict):
        return [
            error
            for name, inner in detail.items()
            for error in field_errors(inner, f"{prefix}.{name}" if prefix else str(name))
        ]
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [{"field": prefix or "non_field_errors", "detail": str(item)} for item in detail]
        return [
            error
            for index, inner in enumerate(detail)
            for error in field_errors(inner, f"{prefix}.{index}" if prefix else str(index))
        ]
    return [{"field": prefix or "non_field_errors", "detail": str(detail)}]


def _as_api_exception(exc: Exception) -> exceptions.APIException | None:
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, StaleVersion):
        return StaleWrite(exc)
    if isinstance(exc, RequestDataTooBig):
        return BodyTooLarge()
    if isinstance(exc, ClaimDeskError):
        return Refused(str(exc))
    return None


TITLES = {
    400: "Some fields are not right",
    401: "Sign in first",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Changed by someone else",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Refused by the desk's rules",
    428: "Version required",
    429: "Too many requests",
}


def problem_response(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler: the refusal as a problem; anything else is a 500."""
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        return None
    request = context.get("request")
    extensions: dict[str, Any] = {}
    if isinstance(api_exc, exceptions.ValidationError):
        errors = field_errors(api_exc.detail)
        extensions["errors"] = errors
        detail = "; ".join(f"{e['field']}: {e['detail']}" for e in errors)
    else:
        detail = str(api_exc.detail)
    if isinstance(api_exc, StaleWrite):
        extensions["changes"] = api_exc.changes
        if api_exc.current_version is not None:
            extensions["current_version"] = api_exc.current_version
    code = api_exc.status_code
    body = problem(
        code,
        detail,
        title=TITLES.get(code, "Refused"),
        kind=api_exc.default_code if code in {409, 422, 428} else None,
        instance=request.get_full_path() if request is not None else "",
        **extensions,
    )
    headers = {}
    if getattr(api_exc, "auth_header", None):
        headers["WWW-Authenticate"] = api_exc.auth_header
    if getattr(api_exc, "wait", None):
        headers["Retry-After"] = str(int(api_exc.wait))
    set_rollback()
    return ProblemResponse(body, status=code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


# Exempt from CSRF like DRF's views: it changes nothing, and a POST to a wrong
# address must get this problem, not the HTML page of a CSRF failure.
@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any address under /api/ that names nothing: a problem too, not the HTML 404 page."""
    body = problem(404, "No such API address.", title=TITLES[404], instance=request.get_full_path())
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)


def bad_request(request: HttpRequest, detail: str) -> JsonResponse:
    """A request refused before any view ran (by middleware): a 400 problem.
    No ``instance``: the address may hold what was refused."""
    body = problem(400, detail, title=TITLES[400])
    return JsonResponse(body, status=400, content_type=PROBLEM_CONTENT_TYPE)
