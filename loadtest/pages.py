"""What the load test's editors send and read, kept apart from Locust.

Locust patches the standard library (gevent) as it is imported, so the test
suite cannot import the locustfile; it imports this module instead and
checks, against the real pages, that each path resolves to its view and that
the forms built here are the ones the app accepts (tests/loadtest).
"""

from __future__ import annotations

import json
import random
import re

from lxml import html

# The URL names of claims/urls.py and factcheck/urls.py, and the paths the editors request.
PATHS = {
    "login": "/accounts/login/",
    "claims:dashboard": "/",
    "claims:claim_list": "/claims/",
    "claims:claim_detail": "/claims/{id}/",
    "claims:claim_transition": "/claims/{id}/move/",
    "claims:article_detail": "/articles/{id}/",
    "claims:claim_capture": "/articles/{id}/claims/",
    "claims:source_list": "/sources/",
}

# What an editor looks for in the claims list besides its first page: each
# kind of filter and sort, the benchmark's common and rare words, a deep page.
LIST_QUERIES = [
    {"status": "new"},
    {"status": "in_review"},
    {"sourcing": "any_anonymous"},
    {"sourcing": "anonymous_only"},
    {"outlet": "3"},
    {"q": "inflation"},
    {"q": "zeugma"},
    {"order": "rating"},
    {"order": "-changed"},
    {"page": "40"},
]
# Named (not anonymous) people among the generator's sources: every fifth
# from the third is an anonymous group, which a "named" sourcing would misstate.
NAMED_SOURCES = [rank for rank in range(1, 60) if rank % 5 != 3]
# A sentence of an article body: editors mostly capture whole sentences.
SENTENCE = re.compile(r"[^.\s][^.]*\.")


def path(name: str, **ids: int) -> str:
    return PATHS[name].format(**ids)


def login_form(page: str, username: str, password: str) -> dict[str, str]:
    token = html.fromstring(page).xpath('//input[@name="csrfmiddlewaretoken"]/@value')[0]
    return {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": ""}


def static_urls(page: str) -> list[str]:
    """Style sheets and scripts a page links: what a browser with an empty cache fetches."""
    return html.fromstring(page).xpath('//link[@rel="stylesheet"]/@href | //script/@src')


def capture_form(page: str, nth_from_last: int) -> tuple[dict[str, str], dict[str, str]]:
    """(form, headers) of the capture panel saving the article's ``nth_from_last`` sentence.

    As capture.js and htmx send it: every field of the panel, the one-time
    capture key, htmx's headers and the token from <body hx-headers>.
    """
    doc = html.fromstring(page)
    body = json.loads(doc.get_element_by_id("article-text").text)
    sentences = list(SENTENCE.finditer(body))
    sentence = sentences[-1 - nth_from_last % len(sentences)]
    form = {
        "start": str(sentence.start()),
        "end": str(sentence.end()),
        "quote": sentence.group(),
        "statement": "",
        "kind": "factual",
        "source_name": f"Named Source {random.choice(NAMED_SOURCES)}",
        "source_kind": "person",
        "sourcing": "named",
        "capture_key": doc.xpath('//input[@name="capture_key"]/@value')[0],
    }
    form |= dict.fromkeys(["suggestion", "descriptor", "count"], "")
    for part in ("mention", "cue"):
        form |= dict.fromkeys([part, f"{part}_start", f"{part}_end"], "")
    headers = {
        "HX-Request": "true",
        "HX-Target": "workspace",
        "HX-Trigger": "capture-form",
        "X-CSRFToken": json.loads(doc.body.get("hx-headers"))["X-CSRFToken"],
    }
    return form, headers


def captured_claim(trigger_header: str | None) -> int | None:
    """The new claim's id from HX-Trigger-After-Settle; None on a refusal (no such header)."""
    if not trigger_header:
        return None
    return json.loads(trigger_header)["claimSaved"]["id"]


def research_form(page: str) -> dict[str, str] | None:
    """The claim page's workflow form sent with its "Start research" button, with the
    version it shows; None if not offered."""
    forms = html.fromstring(page).xpath('//form[.//button[@name="to" and @value="researching"]]')
    if not forms:
        return None
    value = forms[0].xpath
    return {
        "csrfmiddlewaretoken": value('.//input[@name="csrfmiddlewaretoken"]/@value')[0],
        "version": value('.//input[@name="version"]/@value')[0],
        "to": "researching",
        "note": "",
    }
