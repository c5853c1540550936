"""The desk under load: editors reading and writing, for ``manage.py loadtest``.

Every simulated editor logs in with an account of its own and writes only on
the articles handed to it (the JSON file named by LOADTEST_HANDOUT, written
by the command): it captures claims there, as the capture panel sends them,
and starts research on new claims there, with the version the claim page
shows. No two editors touch the same claim, so no refusal for a stale
version (409) should come: one is counted apart from errors (the app
answered as designed) but would point at a lost update to look into.

Reading is spread over the whole desk: the claims list (half the time
filtered, searched, sorted or deep), claim and article pages picked at
random, the dashboard and the sources list.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, events, task
from locust.env import Environment
from locust.stats import RequestStats, StatsEntry

# Locust puts this file's folder on the path; the project's root is one up.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loadtest import pages
from loadtest.pages import path

STALE = "stale version (409), refused as designed"
PERCENTILES = (50, 95, 99)


def load_handout() -> dict[str, Any]:
    with open(os.environ["LOADTEST_HANDOUT"], encoding="utf-8") as handout:
        return json.load(handout)


class Editor(FastHttpUser):
    """An editor with articles of its own to capture on and new claims of its own to move."""

    # Faster than any person clicks (every 10–30 s): 20 of these are a busy desk of 100+.
    wait_time = between(1, 3)
    seats = itertools.count()
    handout: dict[str, Any] = {}

    def on_start(self) -> None:
        if not Editor.handout:
            Editor.handout = load_handout()
        editors = Editor.handout["editors"]
        me = editors[next(Editor.seats) % len(editors)]
        self.articles: list[int] = me["articles"]
        self.new_claims: list[int] = list(me["new_claims"])
        self.captures = 0
        self.log_in(me["username"], me["password"])
        self.fetch_static_files()

    # -- reading

    @task(6)
    def claims_list(self) -> None:
        if random.random() < 0.5:
            self.get(path("claims:claim_list"), "claims list")
        else:
            query = random.choice(pages.LIST_QUERIES)
            self.get(path("claims:claim_list"), "claims list, filtered/searched", params=query)

    @task(4)
    def claim_page(self) -> None:
        claim_id = random.randint(1, Editor.handout["last_claim"])
        self.get(path("claims:claim_detail", id=claim_id), "claim page")

    @task(3)
    def article_page(self) -> None:
        article_id = random.randint(1, Editor.handout["last_article"])
        self.get(path("claims:article_detail", id=article_id), "article page")

    @task(2)
    def dashboard(self) -> None:
        self.get(path("claims:dashboard"), "dashboard")

    @task(1)
    def sources_list(self) -> None:
        self.get(path("claims:source_list"), "sources list")

    # -- writing, on this editor's own articles only

    @task(2)
    def capture_then_research(self) -> None:
        """Capture a sentence of an own article, then start research on the new claim."""
        claim_id = self.capture()
        if claim_id is not None:
            self.start_research(claim_id)

    @task(2)
    def research_a_new_claim(self) -> None:
        if self.new_claims:
            self.start_research(self.new_claims.pop())

    def capture(self) -> int | None:
        # Each article in turn; on the next round, the sentence before. The
        # generator's claims are on the first sentences, so none overlap.
        article_id = self.articles[self.captures % len(self.articles)]
        nth_from_last = self.captures // len(self.articles)
        self.captures += 1
        page = self.get(path("claims:article_detail", id=article_id), "article page, own")
        if page is None:
            return None
        form, headers = pages.capture_form(page, nth_from_last)
        headers["HX-Current-URL"] = self.host + path("claims:article_detail", id=article_id)
        with self.client.post(
            path("claims:claim_capture", id=article_id),
            data=form,
            headers=headers,
            name="capture (POST, htmx)",
            catch_response=True,
        ) as response:
            trigger = response.headers.get("HX-Trigger-After-Settle") if response.headers else None
            claim_id = pages.captured_claim(trigger)
            if response.status_code != 200 or claim_id is None:
                # A refusal comes back 200 with HX-Retarget, its reason as the text.
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return None
            return claim_id

    def start_research(self, claim_id: int) -> None:
        page = self.get(path("claims:claim_detail", id=claim_id), "claim page, own")
        if page is None:
            return
        form = pages.research_form(page)
        if form is None:
            self.report_failure("research offered", f"claim {claim_id}: no 'Start research'")
            return
        with self.client.post(
            path("claims:claim_transition", id=claim_id),
            data=form,
            name="move new→researching (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 409:
                response.failure(STALE)
            elif response.status_code != 302:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")

    # -- the browser's part

    def log_in(self, username: str, password: str) -> None:
        page = self.get(path("login"), "log in (form)")
        if page is None:
            return
        form = pages.login_form(page, username, password)
        with self.client.post(
            path("login"), data=form, name="log in", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in refused: HTTP {response.status_code}")

    def fetch_static_files(self) -> None:
        """Once, as a browser with an empty cache: WhiteNoise's hashed files."""
        page = self.get(path("claims:dashboard"), "dashboard")
        for url in pages.static_urls(page) if page else []:
            self.get(url, "static file")

    def get(self, url: str, name: str, params: dict[str, str] | None = None) -> str | None:
        """The page's text, or None (counted as a failure) unless it answered 200."""
        with self.client.get(
            url, params=params, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            return response.text

    def report_failure(self, name: str, reason: str) -> None:
        """A failed expectation about a page that answered 200, as its own row."""
        self.environment.events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=AssertionError(reason),
            context={},
        )


# -- the figures, for manage.py loadtest


@events.quitting.add_listener
def write_figures(environment: Environment, **_kwargs: Any) -> None:
    """The final figures, to LOADTEST_FIGURES, once every user has stopped.

    (Locust's CSV files are written every second while it runs, and can miss
    the requests of the last one.)
    """
    target = os.environ.get("LOADTEST_FIGURES")
    if target:
        Path(target).write_text(json.dumps(figures(environment.stats)), encoding="utf-8")


def figures(stats: RequestStats) -> dict[str, Any]:
    return {
        "total": entry_figures(stats.total),
        "requests": {entry.name: entry_figures(entry) for entry in stats.entries.values()},
        "failures": [[e.name, str(e.error), e.occurrences] for e in stats.errors.values()],
    }


def entry_figures(entry: StatsEntry) -> dict[str, Any]:
    times = {str(p): entry.get_response_time_percentile(p / 100) for p in PERCENTILES}
    return {
        "count": entry.num_requests,
        "failed": entry.num_failures,
        "rps": entry.total_rps,
        **times,
    }
