"""The capture panel's "Checked before?": existing claims like the one being written."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims.similar import claims_like_text
from claims.views.common import role_view

# Past this, the first characters stand for the text: a quote may run to
# thousands, and its opening is enough to find the claims like it (trigram
# similarity and difflib grow with the text's length).
TEXT_MAX = 1000
# Shorter than a word or two, everything is alike.
TEXT_MIN = 8


@role_view("claims.view_claim")
def claims_similar(request: HttpRequest) -> HttpResponse:
    """The claims most like the statement being typed (or, while it is empty, the
    quote selected), with their status and verdict: a fragment for htmx.

    Takes the capture form's own fields, ``statement`` and ``quote``, so the
    panel sends them as they stand. A constant number of queries.
    """
    text = request.GET.get("statement", "").strip() or request.GET.get("quote", "").strip()
    text = text[:TEXT_MAX]
    similar = claims_like_text(text) if len(text) >= TEXT_MIN else []
    context = {"similar": similar, "searched": len(text) >= TEXT_MIN}
    return render(request, "claims/_similar_at_capture_list.html", context)
