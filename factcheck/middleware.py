"""Project-wide request and response rules that no single view should own."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from api.problems import PROBLEM_CONTENT_TYPE, TITLES, problem

Handler = Callable[[HttpRequest], HttpResponse]

NUL_MESSAGE = "Requests may not contain NUL characters."


def refuse_nul_characters(get_response: Handler) -> Handler:
    """Answer 400 to a request with a NUL anywhere in its path or form data.

    No field here may hold one, and PostgreSQL refuses them in text (a 500
    from wherever the value reaches a query), so they are refused once, here,
    before any view runs.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if any("\x00" in text for text in _request_texts(request)):
            return _nul_refusal(request)
        return get_response(request)

    return middleware


def _nul_refusal(request: HttpRequest) -> HttpResponse:
    """Plain text for the pages; under /api/ a problem, as every API refusal is."""
    if not request.path_info.startswith("/api/"):
        return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
    # The path itself may hold the NUL: the instance is left out rather than echo it.
    body = problem(400, NUL_MESSAGE, title=TITLES[400])
    return JsonResponse(body, status=400, content_type=PROBLEM_CONTENT_TYPE)


def _request_texts(request: HttpRequest) -> Iterator[str]:
    """The path, and every key and value of the query and the form.

    Uploaded files' names need no check: Django's multipart parser already
    drops non-printable characters from them.
    """
    yield request.path
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            yield key
            yield from values
    yield from request.FILES.keys()


def private_no_store(get_response: Handler) -> Handler:
    """Keep what a logged-in user sees out of shared and browser caches.

    Pages, exports and PDFs carry unpublished verdicts and evidence; a proxy or
    the browser's disk cache must not keep them. Directives a response already
    has (a stricter one included) stay.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def htmx_messages(get_response: Handler) -> Handler:
    """Show the messages of an htmx request with its answer, out of band.

    A fragment answer ("3 accepted", "Not accepted: …") has no place for
    them, so they would wait for some later full page. Appended here as an
    out-of-band swap into the page's message area (templates/_messages.html),
    for every htmx answer at once rather than in each partial.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not _is_htmx_fragment(request, response):
            return response
        pending = messages.get_messages(request)
        if len(pending):
            context = {"messages": pending, "oob": True}
            response.content += render_to_string("_messages.html", context, request).encode()
        return response

    return middleware


def _is_htmx_fragment(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        bool(getattr(request, "htmx", False))
        and not request.htmx.boosted
        and not response.streaming
        and response.status_code < 300
        and response.get("Content-Type", "").startswith("text/html")
    )
