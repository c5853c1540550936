"""manage.py benchmark_pages — every page at two sizes, side by side.

For each size (10,000 and 1,000,000 claims by default) a scratch PostgreSQL
database named after the configured one (``<name>_pages_10k``,
``<name>_pages_1m``) is created, migrated and filled in SQL
(claims.benchmark_data). Each size is then measured by this command re-run
with ``--inner`` against its database, in a subprocess that prints its
results as JSON; this process prints the two side by side and writes the
table to build/benchmark-pages.txt. A page passes when it runs the same
number of queries at both sizes and takes at most 1.5 times as long at the
larger one (claim capture: also at most 50 ms there).

``--reuse`` keeps the databases afterwards and reuses one already filled to
its size; without it they are dropped at the end, even on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from claims import benchmark_data

SCRATCH_INFIX = "_pages_"
RESULT_PREFIX = "BENCHMARK-PAGES-JSON "
MAX_RATIO = 1.5
CAPTURE_MAX_MS = 50.0
SAMPLE_CLAIMS = 200  # checked with check_record after each fill
DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "build" / "benchmark-pages.txt"


@dataclass(frozen=True)
class Targets:
    """The rows the pages are about, as the generator laid them out."""

    hot_claim: int  # ~50 events
    hot_statement: str = ""  # its sentence is ~200 other claims' too
    big_article: int = 1  # ~310 claims
    typical_article: int = 2  # ~10 claims
    big_source: int = 1  # the head of the tail


@dataclass
class Page:
    label: str
    role: str  # "editor", "reviewer" or "viewer"
    path: str
    params: dict[str, str] = field(default_factory=dict)
    # A write's name in writes(); it gives each run its own path and data.
    write: str = ""
    htmx: bool = False


@dataclass
class Measured:
    label: str
    queries: int = 0
    median_ms: float = 0.0
    error: str = ""


def size_label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def scratch_name(size: int, infix: str = SCRATCH_INFIX) -> str:
    return f"{settings.DATABASES['default']['NAME']}{infix}{size_label(size)}"


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes are whole numbers: {error}") from error
    if len(sizes) != 2 or min(sizes) < 100:
        raise argparse.ArgumentTypeError("give two sizes, each 100 or more: SMALL,LARGE")
    return sizes


# -- the scratch databases


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user, password = quote(db.get("USER") or ""), quote(db.get("PASSWORD") or "")
    return f"postgres://{user}:{password}@{db.get('HOST') or ''}:{db.get('PORT') or ''}/{name}"


def conninfo(name: str) -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        dbname=name,
        host=db.get("HOST") or "",
        port=str(db.get("PORT") or ""),
        user=db.get("USER") or "",
        password=db.get("PASSWORD") or "",
    )


def admin(sql: str) -> None:
    with psycopg.connect(conninfo("postgres"), autocommit=True) as connection_:
        connection_.execute(sql)


def filled_to(name: str, size: int) -> bool:
    """Whether ``name`` exists and was filled by this generator to ``size`` claims."""
    try:
        with psycopg.connect(conninfo(name), autocommit=True) as scratch:
            found = scratch.execute(
                "SELECT to_regclass('bench_pages_marker') IS NOT NULL"
            ).fetchone()[0]
            if not found:
                return False
            row = scratch.execute(
                "SELECT claims, generator_version FROM bench_pages_marker"
            ).fetchone()
    except psycopg.OperationalError:
        return False
    return row == (size, benchmark_data.GENERATOR_VERSION)


def child_env(name: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url(name)}


def manage() -> list[str]:
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]


def prepare(sizes: list[int], reuse: bool) -> None:
    """Create and migrate each database that is not already filled to its size.

    Migrating takes a while; the second empty database is copied from the
    first (CREATE DATABASE … TEMPLATE) instead of migrated again.
    """
    migrated = None
    for size in sizes:
        name = scratch_name(size)
        if reuse and filled_to(name, size):
            continue
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if migrated is None:
            admin(f'CREATE DATABASE "{name}"')
            subprocess.run([*manage(), "migrate", "-v0"], env=child_env(name), check=True)
            migrated = name
        else:
            admin(f'CREATE DATABASE "{name}" TEMPLATE "{migrated}"')


def measure_in_child(size: int, repeat: int, only: str) -> dict[str, Any]:
    command = ["benchmark_pages", "--inner", f"--sizes={size},{size}"]
    return results_from_child([*command, f"--repeat={repeat}", f"--only={only}"], size)


def results_from_child(
    command: list[str], size: int, prefix: str = RESULT_PREFIX, infix: str = SCRATCH_INFIX
) -> dict[str, Any]:
    """Run ``manage.py command`` against the scratch database of ``size``; the
    results it printed as JSON on the line starting with ``prefix``."""
    run = subprocess.run(
        [*manage(), *command],
        env=child_env(scratch_name(size, infix)),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in run.stdout.splitlines():
        if line.startswith(prefix):
            return json.loads(line.removeprefix(prefix))
    raise CommandError(f"The run at {size:,} claims printed no results:\n{run.stdout}")


# -- the pages


def pages(targets: Targets) -> list[Page]:
    t = targets
    claims, admin_claims = "/claims/", "/admin/claims/claim/"
    rare, common = benchmark_data.RARE_WORD, benchmark_data.COMMON_WORD
    article_rare, article_common = benchmark_data.ARTICLE_RARE_WORD, benchmark_data.VOCABULARY[0]
    month = {"published_after": "2025-03-01", "published_before": "2025-03-31"}
    day = {"published_after": "2025-03-14", "published_before": "2025-03-14"}
    outlet = {"outlet": "1"}
    as_of = {"on": "2025-12-31"}  # after the hot claim's last event: its whole timeline replayed
    return [
        Page("claims list", "editor", claims),
        Page(f"claims list, search rare word '{rare}'", "editor", claims, {"q": rare}),
        Page(f"claims list, search common word '{common}'", "editor", claims, {"q": common}),
        # The biggest source (~6 % of the claims) and an outlet (1 in 20), by name.
        Page("claims list, search a source's name", "editor", claims, {"q": "Named Source 1"}),
        Page("claims list, search an outlet's name", "editor", claims, {"q": "Outlet 3"}),
        Page("claims list, sorted by rating", "editor", claims, {"order": "rating"}),
        Page("claims list, page 500", "editor", claims, {"page": "500"}),
        Page("claims list, by outlet", "editor", claims, {"outlet": "1"}),
        Page("claims list, anonymous only", "editor", claims, {"sourcing": "anonymous_only"}),
        Page("claims list, any anonymous", "editor", claims, {"sourcing": "any_anonymous"}),
        Page("admin claims", "reviewer", admin_claims),
        Page(f"admin claims, search '{rare}'", "reviewer", admin_claims, {"q": rare}),
        Page(
            "admin claims, any anonymous", "reviewer", admin_claims, {"sourcing": "any_anonymous"}
        ),
        Page(
            "admin claims, status in review",
            "reviewer",
            admin_claims,
            {"status__exact": "in_review"},
        ),
        # -- the claims list and the admin's claim changelist: every filter and
        # sort (not search). Ids are the generator's: outlet 1, rating 3 ("Half
        # true"), user 1 (bench-editor-1, assigned to researching claims).
        Page("claims list, status in review", "editor", claims, {"status": "in_review"}),
        Page("claims list, rating", "editor", claims, {"rating": "3"}),
        Page("claims list, kind opinion", "editor", claims, {"kind": "opinion"}),
        Page("claims list, assignee", "editor", claims, {"assignee": "1"}),
        Page("claims list, sourcing named", "editor", claims, {"sourcing": "named"}),
        Page(
            "claims list, article date one month",
            "editor",
            claims,
            {"article_date_after": "2025-03-01", "article_date_before": "2025-03-31"},
        ),
        Page("claims list, verdict published one month", "editor", claims, month),
        Page("claims list, revisit due", "editor", claims, {"revisit_due": "true"}),
        Page("claims list, revisit not due", "editor", claims, {"revisit_due": "false"}),
        Page("claims list, sorted by rating, best first", "editor", claims, {"order": "-rating"}),
        Page("claims list, sorted by article date", "editor", claims, {"order": "article_date"}),
        Page(
            "claims list, sorted by article date, newest first",
            "editor",
            claims,
            {"order": "-article_date"},
        ),
        Page("claims list, sorted by status", "editor", claims, {"order": "status"}),
        Page("claims list, sorted by revisit", "editor", claims, {"order": "revisit"}),
        Page(
            "claims list, sorted by changed, oldest first", "editor", claims, {"order": "changed"}
        ),
        Page(
            "claims list, page 500 sorted by rating",
            "editor",
            claims,
            {"order": "rating", "page": "500"},
        ),
        Page(
            "claims list, by outlet, sorted by article date",
            "editor",
            claims,
            {"outlet": "1", "order": "-article_date"},
        ),
        # The last page at 10k (the admin sends a page past the end back to the first).
        Page("admin claims, page 200", "reviewer", admin_claims, {"p": "200"}),
        Page("admin claims, rating", "reviewer", admin_claims, {"rating__id__exact": "3"}),
        Page(
            "admin claims, anonymous only", "reviewer", admin_claims, {"sourcing": "anonymous_only"}
        ),
        Page("admin claims, outlet", "reviewer", admin_claims, {"article__outlet__id__exact": "1"}),
        Page("admin claims, kind opinion", "reviewer", admin_claims, {"kind__exact": "opinion"}),
        Page("admin claims, assignee", "reviewer", admin_claims, {"assignee__id__exact": "1"}),
        Page(
            "admin claims, article date one year",
            "reviewer",
            admin_claims,
            {"article__published_on__gte": "2025-01-01", "article__published_on__lt": "2026-01-01"},
        ),
        # -- end of the claims list and admin changelist block
        Page("dashboard, editor", "editor", "/"),
        Page("dashboard, reviewer", "reviewer", "/"),
        Page("desk report, one month", "editor", "/reports/desk/", month),
        Page("desk report, one day", "editor", "/reports/desk/", day),
        Page("sources list", "editor", "/sources/"),
        Page("biggest source's page", "editor", f"/sources/{t.big_source}/"),
        Page("articles list", "editor", "/articles/"),
        # -- counters (sources and articles lists: their sorts, filters and search)
        Page("articles list, sorted by claims", "editor", "/articles/", {"order": "-claims"}),
        Page("articles list, sorted by title", "editor", "/articles/", {"order": "title"}),
        Page("articles list, sorted by added", "editor", "/articles/", {"order": "-added"}),
        Page("articles list, by outlet", "editor", "/articles/", {"outlet": "1"}),
        Page("articles list, published in one month", "editor", "/articles/", month),
        Page(
            "articles list, has claims in review",
            "editor",
            "/articles/",
            {"claim_status": "in_review"},
        ),
        Page("sources list, organizations", "editor", "/sources/", {"kind": "organization"}),
        Page("sources list, search 'Source 12'", "editor", "/sources/", {"q": "Source 12"}),
        Page("biggest source's page, page 2", "editor", f"/sources/{t.big_source}/", {"page": "2"}),
        # -- end of counters
        Page("article page, ~10 claims", "editor", f"/articles/{t.typical_article}/"),
        Page("article page, ~310 claims", "editor", f"/articles/{t.big_article}/"),
        Page("claim page, ~50 events", "editor", f"/claims/{t.hot_claim}/"),
        # Issue 13: the claim page with its "Checked before?" card (similar
        # claims and links), on a claim whose sentence ~200 others share.
        Page("similar claims: claim page, ~50 events", "editor", f"/claims/{t.hot_claim}/"),
        # The capture panel's list, for a statement typed like the hot claim's.
        Page(
            "similar claims: capture panel (htmx)",
            "editor",
            "/claims/similar/",
            {"statement": t.hot_statement},
            htmx=True,
        ),
        Page("article verdict report", "editor", f"/articles/{t.typical_article}/report/"),
        Page("claim capture (POST, htmx)", "editor", "", write="capture", htmx=True),
        Page("claim edit (POST)", "editor", "", write="edit"),
        Page("workflow move new→researching (POST)", "editor", "", write="move"),
        # -- the desk report, dashboards, claim page and writes (issue 9, "report")
        Page("dashboard, viewer", "viewer", "/"),
        Page("desk report, one month, one outlet", "editor", "/reports/desk/", {**month, **outlet}),
        Page("desk report, one day, one outlet", "editor", "/reports/desk/", {**day, **outlet}),
        Page("claim page as it stood on a day", "editor", f"/claims/{t.hot_claim}/", as_of),
        Page("workflow move researching→in review (POST)", "editor", "", write="review"),
        Page("workflow move in review→published (POST)", "reviewer", "", write="publish"),
        Page("claim rate (POST)", "editor", "", write="rate"),
        Page("attribution add (POST)", "editor", "", write="attribute"),
        # Search (issue 9): the admin's common word, and the articles list's search.
        Page(f"admin claims, search '{common}'", "reviewer", admin_claims, {"q": common}),
        Page(
            f"articles list, search rare word '{article_rare}'",
            "editor",
            "/articles/",
            {"q": article_rare},
        ),
        Page(
            f"articles list, search common word '{article_common}'",
            "editor",
            "/articles/",
            {"q": article_common},
        ),
        *api_pages(t, rare),
    ]


def api_pages(t: Targets, rare: str) -> list[Page]:
    """The API's lists and one claim (issue 12), signed in by the session like the pages."""
    api = "/api/v1"
    month_since = {"since": "2025-03-01T00:00:00Z"}
    return [
        Page("API claims list", "editor", f"{api}/claims/"),
        Page("API claims list, by outlet", "editor", f"{api}/claims/", {"outlet": "1"}),
        Page(
            "API claims list, status in review", "editor", f"{api}/claims/", {"status": "in_review"}
        ),
        Page(
            "API claims list, anonymous only",
            "editor",
            f"{api}/claims/",
            {"sourcing": "anonymous_only"},
        ),
        Page(
            f"API claims list, search rare word '{rare}'", "editor", f"{api}/claims/", {"q": rare}
        ),
        Page(
            "API claims list, search a source's name",
            "editor",
            f"{api}/claims/",
            {"q": "Named Source 1"},
        ),
        Page("API claim, ~50 events", "editor", f"{api}/claims/{t.hot_claim}/"),
        Page("API articles list", "editor", f"{api}/articles/"),
        Page("API sources list", "editor", f"{api}/sources/"),
        Page("API biggest source's record", "editor", f"{api}/sources/{t.big_source}/record/"),
        Page("API ClaimReview feed, since a month", "editor", f"{api}/claimreview/", month_since),
        Page("API article's suggestions", "editor", f"{api}/articles/{t.big_article}/suggestions/"),
        Page("API similar claims", "editor", f"{api}/claims/{t.hot_claim}/similar/"),
        Page("API claim's links", "editor", f"{api}/claims/{t.hot_claim}/links/"),
        Page("API article's revisions", "editor", f"{api}/articles/{t.big_article}/revisions/"),
    ]


# -- writes: a fresh target for every run, so each run does real work

Write = Callable[[int], tuple[str, dict[str, str], Callable[[], str]]]
EDIT_MARK = "Benchmark edit"
ATTRIBUTED_SOURCE = "Named Source 2"  # the second biggest source: its name finds it


def capture_write(targets: Targets, runs: int) -> Write:
    """Capture on a different ~10-claim article each run, with a new form key."""
    from claims.models import Article, Claim

    used = set(Claim.objects.filter(capture_key__isnull=False).values_list("article", flat=True))
    candidates = Article.objects.filter(pk__gt=targets.typical_article).exclude(pk__in=used)
    articles = list(candidates.order_by("pk").only("pk", "body")[:runs])

    def write(run: int) -> tuple[str, dict[str, str], Callable[[], str]]:
        article = articles[run]
        start, end = benchmark_data.SENTENCE + 1, 2 * benchmark_data.SENTENCE + 1
        key = uuid.uuid4()
        data = {
            "start": str(start),
            "end": str(end),
            "quote": article.body[start:end],
            "statement": "",
            "kind": "factual",
            "source_name": "Named Source 2",
            "source_kind": "person",
            "sourcing": "named",
            "capture_key": str(key),
        }

        def check() -> str:
            return "" if Claim.objects.filter(capture_key=key).exists() else "no claim made"

        return f"/articles/{article.pk}/claims/", data, check

    return write


def fresh_new_claims(targets: Targets, runs: int) -> tuple[list[int], list[int]]:
    """New claims not edited by an earlier run: every other one to edit, the rest to move."""
    from claims.models import Claim

    fresh = (
        Claim.objects.filter(status="new", article_id__gt=targets.big_article)
        .exclude(statement__startswith=EDIT_MARK)
        .order_by("pk")
        .values_list("pk", flat=True)[: 2 * runs]
    )
    ids = list(fresh)
    if len(ids) < 2 * runs:
        raise CommandError("Too few new claims left to edit and move; rebuild without --reuse.")
    return ids[0::2], ids[1::2]


def edit_write(claim_ids: list[int]) -> Write:
    from claims.models import Claim

    def write(run: int) -> tuple[str, dict[str, str], Callable[[], str]]:
        claim = Claim.objects.get(pk=claim_ids[run])
        statement = f"{EDIT_MARK} {run}: {claim.statement}"[:1000]
        data = {"version": str(claim.version), "statement": statement, "kind": claim.kind}
        data |= {"assignee": "", "revisit_on": ""}

        def check() -> str:
            edited = Claim.objects.filter(pk=claim.pk, statement=statement).exists()
            return "" if edited else "statement not saved"

        return f"/claims/{claim.pk}/edit/", data, check

    return write


def fresh_claims(targets: Targets, runs: int, status: str, **narrowed: Any) -> list[int]:
    """Claims in ``status`` that no earlier run has written to, outside the long article."""
    from claims.models import Claim

    found = (
        Claim.objects.filter(status=status, article_id__gt=targets.big_article, **narrowed)
        .exclude(pk=targets.hot_claim)
        .exclude(attributions__source__name=ATTRIBUTED_SOURCE)
        .order_by("pk")
        .values_list("pk", flat=True)[:runs]
    )
    ids = list(found)
    if len(ids) < runs:
        raise CommandError(f"Too few {status} claims left to write to; rebuild without --reuse.")
    return ids


def status_write(claim_ids: list[int], to: str) -> Write:
    from claims.models import Claim

    def write(run: int) -> tuple[str, dict[str, str], Callable[[], str]]:
        claim = Claim.objects.get(pk=claim_ids[run])
        data = {"version": str(claim.version), "to": to, "note": ""}

        def check() -> str:
            return "" if Claim.objects.filter(pk=claim.pk, status=to).exists() else "not moved"

        return f"/claims/{claim.pk}/move/", data, check

    return write


def rate_write(claim_ids: list[int]) -> Write:
    from claims.models import Claim, Rating

    rating = Rating.objects.order_by("pk").first()

    def write(run: int) -> tuple[str, dict[str, str], Callable[[], str]]:
        claim = Claim.objects.get(pk=claim_ids[run])
        data = {"version": str(claim.version), "rating": str(rating.pk), "note": "Benchmark"}

        def check() -> str:
            rated = Claim.objects.filter(pk=claim.pk, rating=rating).exists()
            return "" if rated else "not rated"

        return f"/claims/{claim.pk}/verdict/", data, check

    return write


def attribute_write(claim_ids: list[int]) -> Write:
    from claims.models import Attribution, Claim

    def write(run: int) -> tuple[str, dict[str, str], Callable[[], str]]:
        claim = Claim.objects.get(pk=claim_ids[run])
        data = {"version": str(claim.version), "source_name": ATTRIBUTED_SOURCE}
        data |= {"source_kind": "person", "sourcing": "named", "mention": "", "cue": ""}
        data |= {"descriptor": "", "count": ""}

        def check() -> str:
            added = Attribution.objects.filter(claim=claim, source__name=ATTRIBUTED_SOURCE)
            return "" if added.exists() else "no attribution"

        return f"/claims/{claim.pk}/attributions/", data, check

    return write


def writes(targets: Targets, runs: int) -> dict[str, Write]:
    to_edit, to_move = fresh_new_claims(targets, runs)
    # Researching claims without a verdict: a third each to send, rate and attribute.
    researching = fresh_claims(targets, 3 * runs, "researching", rating=None)
    return {
        "capture": capture_write(targets, runs),
        "edit": edit_write(to_edit),
        "move": status_write(to_move, "researching"),
        "review": status_write(researching[0::3], "in_review"),
        # With a verdict: the ones sent to review above have none.
        "publish": status_write(
            fresh_claims(targets, runs, "in_review", rating__isnull=False), "published"
        ),
        "rate": rate_write(researching[1::3]),
        "attribute": attribute_write(researching[2::3]),
    }


# -- measuring, in the child process


def problem(response: HttpResponse) -> str:
    if response.status_code not in (200, 302):
        return f"HTTP {response.status_code}"
    if response.has_header("HX-Retarget"):  # the capture panel's refusal
        return "refused: " + response.content.decode()[:200]
    return ""


def one_run(client: Client, page: Page, write: Write | None, run: int) -> tuple[float, int, str]:
    """(milliseconds, queries, problem) of one request."""
    check = None
    path, data = page.path, page.params
    if write is not None:
        path, data, check = write(run)
    headers = {"HX-Request": "true"} if page.htmx else {}
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        if write is not None:
            response = client.post(path, data, headers=headers)
        else:
            response = client.get(path, data, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
    found = problem(response) or (check() if check else "")
    return elapsed, len(queries), found


def measure_page(client: Client, page: Page, write: Write | None, repeat: int) -> Measured:
    timings, counts = [], []
    for run in range(repeat + 1):  # run 0 warms the page up
        try:
            elapsed, count, found = one_run(client, page, write, run)
        except Exception as error:  # a view that raised: report it, measure the rest
            return Measured(page.label, error=f"{type(error).__name__}: {error}"[:300])
        if found:
            return Measured(page.label, error=found)
        if run:
            timings.append(elapsed)
            counts.append(count)
    return Measured(page.label, queries=max(counts), median_ms=statistics.median(timings))


def viewer() -> str:
    """The generator makes editors and reviewers only; a viewer reads the dashboard too."""
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="bench-viewer-1")
    user.groups.add(Group.objects.get(name="Viewers"))
    return user.username


def logged_in(username: str) -> Client:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def check_sample(size: int, hot_claim: int) -> list[str]:
    """check_record over SAMPLE_CLAIMS claims drawn (reproducibly) from the generated ones."""
    from claims.models import Claim
    from claims.record import check_record

    ids = random.Random(size).sample(range(1, size + 1), min(SAMPLE_CLAIMS, size))
    return [str(v) for v in check_record(Claim.objects.filter(pk__in=[*ids, hot_claim]))]


def hot_statement(hot_claim: int) -> str:
    from claims.models import Claim

    return Claim.objects.values_list("statement", flat=True).get(pk=hot_claim)


def measure_here(size: int, repeat: int, only: str) -> dict[str, Any]:
    found, filled = benchmark_data.ensure_filled(size)
    if found is None:
        raise CommandError(f"This database is not filled to {size:,} claims.")
    breaks = check_sample(size, found["hot_claim"])
    setup_test_environment()  # the test client's host name and response.context
    targets = Targets(hot_claim=found["hot_claim"], hot_statement=hot_statement(found["hot_claim"]))
    selected = [p for p in pages(targets) if only.lower() in p.label.lower()]
    by_name = writes(targets, repeat + 1) if any(p.write for p in selected) else {}
    clients = {"editor": logged_in("bench-editor-1"), "reviewer": logged_in("bench-reviewer-1")}
    if any(p.role == "viewer" for p in selected):
        clients["viewer"] = logged_in(viewer())
    measured = [measure_page(clients[p.role], p, by_name.get(p.write), repeat) for p in selected]
    return {
        "size": size,
        "filled_seconds": filled,
        "shape": found["shape"],
        "check_record": {"sampled": min(SAMPLE_CLAIMS, size) + 1, "breaks": breaks[:10]},
        "pages": [asdict(m) for m in measured],
    }


# -- the side-by-side table, in the parent process


def verdict(label: str, small: dict[str, Any], large: dict[str, Any]) -> tuple[str, str]:
    """(ratio, pass) of one page."""
    if small["error"] or large["error"]:
        return "", "error"
    ratio = large["median_ms"] / small["median_ms"] if small["median_ms"] else float("inf")
    passed = ratio <= MAX_RATIO and small["queries"] == large["queries"]
    if label.startswith("claim capture"):
        passed = passed and large["median_ms"] <= CAPTURE_MAX_MS
    return f"{ratio:.2f}", "yes" if passed else "NO"


def table(small: dict[str, Any], large: dict[str, Any]) -> list[str]:
    a, b = size_label(small["size"]), size_label(large["size"])
    header = ["page", f"queries {a}", f"queries {b}", f"median {a} (ms)", f"median {b} (ms)"]
    rows = [[*header, "ratio", "pass"]]
    for one, other in zip(small["pages"], large["pages"], strict=True):
        ratio, passed = verdict(one["label"], one, other)
        cells = [one["label"]]
        for run in (one, other):
            cells.append("—" if run["error"] else str(run["queries"]))
        for run in (one, other):
            cells.append("—" if run["error"] else f"{run['median_ms']:.1f}")
        rows.append([*cells, ratio, passed])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) + 2)]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return " | ".join([first, *rest])

    return [line(rows[0]), "-+-".join("-" * w for w in widths), *map(line, rows[1:])]


def notes(results: list[dict[str, Any]], repeat: int) -> list[str]:
    lines = [
        f"Median of {repeat} warm runs (after one warm-up) with Django's test client; "
        f"pass: ratio ≤ {MAX_RATIO} and the same query count "
        f"(claim capture: also ≤ {CAPTURE_MAX_MS:.0f} ms at the larger size).",
    ]
    for result in results:
        size, shape = result["size"], result["shape"]
        built = result["filled_seconds"]
        how = f"built in {built:.0f} s" if built is not None else "reused"
        events = shape["events"] / size
        lines.append(
            f"{size:,} claims ({how}): {shape['articles']:,} articles, "
            f"{shape['sources']:,} sources (largest: {shape['top_source_attributions']:,} "
            f"attributions), {shape['attributions'] / size:.2f} attributions and "
            f"{events:.2f} events a claim; statuses {shape['statuses']}; "
            f"check_record on {result['check_record']['sampled']} sampled claims: "
            f"{len(result['check_record']['breaks'])} breaks."
        )
        lines += [f"  {size:,}: {b}" for b in result["check_record"]["breaks"]]
        lines += [
            f"  {size:,}: {page['label']}: {page['error']}"
            for page in result["pages"]
            if page["error"]
        ]
    return lines


class Command(BaseCommand):
    help = "Time every page at two sizes of the desk (scratch PostgreSQL databases)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", type=parse_sizes, default=[10_000, 1_000_000])
        parser.add_argument("--repeat", type=int, default=5, help="timed runs; the median shows")
        parser.add_argument(
            "--reuse", action="store_true", help="keep the databases, reuse them when filled"
        )
        parser.add_argument("--only", default="", help="only pages whose label contains this")
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
        parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("This benchmark needs PostgreSQL: set DATABASE_URL.")
        if options["repeat"] < 1:
            raise CommandError("--repeat must be 1 or more.")
        if options["inner"]:
            self.inner(options["sizes"][0], options["repeat"], options["only"])
            return
        sizes = sorted(options["sizes"])
        started = time.perf_counter()
        try:
            prepare(sizes, options["reuse"])
            results = [measure_in_child(s, options["repeat"], options["only"]) for s in sizes]
        finally:
            if not options["reuse"]:
                for size in sizes:
                    admin(f'DROP DATABASE IF EXISTS "{scratch_name(size)}" WITH (FORCE)')
        lines = [*table(*results), "", *notes(results, options["repeat"])]
        lines.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
        self.stdout.write("\n".join(lines))
        options["output"].parent.mkdir(parents=True, exist_ok=True)
        options["output"].write_text("\n".join(lines) + "\n", encoding="utf-8")

    def inner(self, size: int, repeat: int, only: str) -> None:
        # Everything here writes: never against anything but a scratch database.
        if SCRATCH_INFIX not in settings.DATABASES["default"]["NAME"]:
            raise CommandError("--inner runs only against the scratch databases it creates.")
        result = measure_here(size, repeat, only)
        self.stdout.write(RESULT_PREFIX + json.dumps(result))
