"""manage.py loadtest — editors at work against gunicorn, with Locust, on loopback.

The desk is the benchmark's generated one (``<name>_pages_1m``, built as
``benchmark_pages --reuse`` builds it when missing), never written to: each
run works on a fresh copy, ``<name>_load_1m`` (CREATE DATABASE … TEMPLATE,
seconds), dropped at the end unless ``--keep``. On that copy, for each
worker count in turn (1, then 2):

1. load-test editors get accounts through Django's auth API, and each a
   hand-out of articles no one else writes on (loadtest/locustfile.py says
   what they do);
2. gunicorn starts on 127.0.0.1 with production settings (DEBUG off,
   WhiteNoise's hashed static files, a throwaway secret key, plain HTTP);
3. Locust runs headless for a bounded time and number of users;
4. gunicorn stops; the writes Locust saw acknowledged are counted in the
   database, and ``check_record --since`` checks every claim touched.

One table comes out, on the screen and in build/loadtest/loadtest.txt.
Everything (server, load generator, PostgreSQL) shares this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from claims import benchmark_data
from claims.management.commands.benchmark_pages import (
    SCRATCH_INFIX,
    admin,
    database_url,
    filled_to,
    manage,
    prepare,
    scratch_name,
    size_label,
)
from claims.models import Article, Claim, ClaimEvent, Status

LOCUSTFILE = Path(settings.BASE_DIR) / "loadtest" / "locustfile.py"
OUTPUT_DIR = Path(settings.BASE_DIR) / "build" / "loadtest"
COPY_INFIX = "_load_"
EDITOR_PREFIX = "load-editor-"
ARTICLES_EACH = 50  # more than an editor captures on in a few minutes
RESULT_PREFIX = "LOADTEST-JSON "
CAPTURE = "capture (POST, htmx)"
MOVE = "move new→researching (POST)"
STALE = "stale version (409)"
SERVER_START_SECONDS = 60
# Method, path and query, status, microseconds from request to response.
ACCESS_FORMAT = "%(m)s %(U)s?%(q)s %(s)s %(D)s"


def copy_name(size: int) -> str:
    return f"{settings.DATABASES['default']['NAME']}{COPY_INFIX}{size_label(size)}"


def parse_workers(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise CommandError(f"--workers takes whole numbers, e.g. 1,2: {error}") from error
    if not counts or min(counts) < 1:
        raise CommandError("--workers takes one or more counts of 1 or more, e.g. 1,2.")
    return counts


# -- the database: a fresh copy of the generated desk


def copy_desk(size: int) -> str:
    """A fresh copy of the generated desk of ``size`` claims, built first if missing."""
    source, copy = scratch_name(size), copy_name(size)
    if not filled_to(source, size):
        prepare([size], reuse=True)
        run_inner(source, "fill", f"--size={size}")
    admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    try:
        admin(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    except psycopg.Error as error:  # "source database is being accessed by other users"
        raise CommandError(f"Could not copy {source} (a benchmark using it?): {error}") from error
    # The copy is as the benchmark left it; this branch may have migrations since.
    subprocess.run([*manage(), "migrate", "-v0"], env=server_env(copy), check=True)
    return copy


def server_env(database: str) -> dict[str, str]:
    """Production settings, as README's "Running it" sets them, for loopback HTTP."""
    env = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}
    return env | {
        "DATABASE_URL": database_url(database),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without "Secure".
        "DJANGO_SECURE": "0",
        "DJANGO_STATIC_MANIFEST": "1",
        "DJANGO_STATIC_ROOT": str(OUTPUT_DIR / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def run_inner(database: str, step: str, *args: str) -> dict[str, Any]:
    """This command's ``--inner`` step against ``database``; what it printed as JSON."""
    command = [*manage(), "loadtest", f"--inner={step}", *args]
    done = subprocess.run(
        command, env=server_env(database), check=True, stdout=subprocess.PIPE, text=True
    )
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line.removeprefix(RESULT_PREFIX))
    return {}


# -- inside the copy (the --inner steps)


def handout(editors: int, articles_each: int = ARTICLES_EACH) -> dict[str, Any]:
    """Accounts for ``editors`` load-test editors, each with articles of its own.

    The articles are ones no load-test editor has captured on yet (a second
    run gets fresh ones), leaving out the benchmark's two sample articles;
    ``new_claims`` are the claims still new on them, for "Start research".
    """
    used = Claim.objects.filter(created_by__username__startswith=EDITOR_PREFIX)
    fresh = Article.objects.filter(pk__gt=2).exclude(pk__in=used.values("article_id"))
    articles = list(fresh.order_by("pk").values_list("pk", flat=True)[: editors * articles_each])
    if len(articles) < editors * articles_each:
        raise CommandError("Too few articles left without load-test claims; drop the copy.")
    new_on = new_claims_on(articles)
    people = []
    for seat in range(editors):
        own = articles[seat * articles_each : (seat + 1) * articles_each]
        claims = [claim_id for article_id in own for claim_id in new_on.get(article_id, [])]
        people.append({**editor_account(seat), "articles": own, "new_claims": claims})
    last_claim = Claim.objects.aggregate(last=Max("pk"))["last"]
    last_article = Article.objects.aggregate(last=Max("pk"))["last"]
    return {"editors": people, "last_claim": last_claim, "last_article": last_article}


def new_claims_on(articles: list[int]) -> dict[int, list[int]]:
    new = Claim.objects.filter(article_id__in=articles, status=Status.NEW).order_by("pk")
    found: dict[int, list[int]] = {}
    for claim_id, article_id in new.values_list("pk", "article_id"):
        found.setdefault(article_id, []).append(claim_id)
    return found


def editor_account(seat: int) -> dict[str, str]:
    """The seat's editor, made or found, with a new password (a run's secret, not a fixture)."""
    username, password = f"{EDITOR_PREFIX}{seat + 1}", secrets.token_urlsafe(16)
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name="Editors")])
    return {"username": username, "password": password}


def writes_since(since: datetime) -> dict[str, int]:
    """Captures and research starts the load-test editors made since ``since``, by the timeline."""
    events = ClaimEvent.objects.filter(at__gte=since, actor__username__startswith=EDITOR_PREFIX)
    return {
        "captured": events.filter(kind=ClaimEvent.Kind.CREATED).count(),
        "moved": events.filter(
            kind=ClaimEvent.Kind.STATUS_CHANGED,
            from_status=Status.NEW,
            to_status=Status.RESEARCHING,
        ).count(),
    }


# -- one run: gunicorn and Locust


@dataclass(frozen=True)
class Load:
    users: int
    spawn_rate: float
    seconds: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database: str, workers: int, port: int, prefix: Path) -> subprocess.Popen:
    """gunicorn as README runs it, logging each request's time in the server (µs)."""
    log = Path(f"{prefix}-gunicorn.log")
    command = [
        *[sys.executable, "-m", "gunicorn", "factcheck.wsgi:application"],
        *[f"--bind=127.0.0.1:{port}", f"--workers={workers}", "--timeout=60"],
        *[f"--error-logfile={log}", f"--access-logfile={prefix}-access.log"],
        f"--access-logformat={ACCESS_FORMAT}",
        # Its own control socket would be the one every gunicorn of this
        # user shares by default; the test needs none.
        "--no-control-socket",
    ]
    server = subprocess.Popen(command, env=server_env(database), cwd=settings.BASE_DIR)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn exited with {server.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise CommandError(f"gunicorn did not answer /healthz in {SERVER_START_SECONDS} s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()  # gunicorn's graceful stop: workers finish their request
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def run_locust(port: int, load: Load, handout_file: Path, prefix: Path) -> dict[str, Any]:
    """Locust, headless: the figures it wrote; its own summary goes to <prefix>-locust.log."""
    command = [
        *[sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"],
        *["--host", f"http://127.0.0.1:{port}", "--users", str(load.users)],
        *["--spawn-rate", str(load.spawn_rate), "--run-time", f"{load.seconds}s"],
        # Users finish the task in hand at the end, so no write is cut off
        # between the server doing it and Locust counting it.
        *["--stop-timeout", "60", "--only-summary"],
    ]
    figures = Path(f"{prefix}-figures.json")
    figures.unlink(missing_ok=True)
    env = {**os.environ, "LOADTEST_HANDOUT": str(handout_file), "LOADTEST_FIGURES": str(figures)}
    with open(f"{prefix}-locust.log", "w", encoding="utf-8") as log:
        # Locust exits 1 when any request failed; its figures say which.
        subprocess.run(command, env=env, cwd=settings.BASE_DIR, stdout=log, stderr=log, check=False)
    if not figures.exists():
        raise CommandError(f"Locust wrote no figures; see {prefix}-locust.log")
    return json.loads(figures.read_text(encoding="utf-8"))


def run_once(database: str, workers: int, load: Load) -> dict[str, Any]:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    prefix = OUTPUT_DIR / f"w{workers}"
    handout_file = Path(f"{prefix}-handout.json")
    handout_file.write_text(json.dumps(run_inner(database, "handout", f"--users={load.users}")))
    since, busy = timezone.now(), os.getloadavg()[0]
    port = free_port()
    server = start_server(database, workers, port, prefix)
    try:
        stats = run_locust(port, load, handout_file, prefix)
    finally:
        stop_server(server)
    stats["server"] = server_times(Path(f"{prefix}-access.log"))
    found = run_inner(database, "writes", f"--since={since.isoformat()}")
    check = subprocess.run(
        [*manage(), "check_record", f"--since={since.isoformat()}"],
        env=server_env(database),
        stdout=subprocess.PIPE,
        text=True,
    )
    last_line = (check.stdout.strip().splitlines() or ["(no output)"])[-1]
    checked = (check.returncode, last_line)
    return {"workers": workers, **stats, "found": found, "check_record": checked, "busy": busy}


def server_times(access_log: Path) -> dict[str, Any]:
    """Percentiles of the time spent in gunicorn's workers (queueing excluded), slowest three."""
    timed = []
    for line in access_log.read_text(encoding="utf-8").splitlines():
        request, _status, micros = line.rsplit(" ", 2)
        if not request.startswith("GET /healthz"):  # the command's own probe
            timed.append((int(micros) / 1000, request.removesuffix("?")))
    times = sorted(ms for ms, _request in timed)
    if len(times) < 2:
        return {"50": 0, "95": 0, "99": 0, "slowest": []}
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    slowest = sorted(timed, reverse=True)[:3]
    return {"50": cuts[49], "95": cuts[94], "99": cuts[98], "slowest": slowest}


# -- the table


def stale_refusals(failures: list[tuple[str, str, int]]) -> int:
    return sum(count for _name, error, count in failures if STALE in error)


def acknowledged(requests: dict[str, Any], name: str) -> int:
    row = requests.get(name, {"count": 0, "failed": 0})
    return row["count"] - row["failed"]


def writes(result: dict[str, Any]) -> tuple[int, int]:
    """(acknowledged to Locust, found in the timeline): captures plus research starts."""
    requests = result["requests"]
    acked = acknowledged(requests, CAPTURE) + acknowledged(requests, MOVE)
    return acked, result["found"]["captured"] + result["found"]["moved"]


def errors(result: dict[str, Any]) -> int:
    return result["total"]["failed"] - stale_refusals(result["failures"])


def passed(result: dict[str, Any]) -> bool:
    """No error, every acknowledged write in the record, and the record whole."""
    acked, found = writes(result)
    return errors(result) == 0 and acked == found and result["check_record"][0] == 0


def summary_row(result: dict[str, Any]) -> list[str]:
    total = result["total"]
    acked, found = writes(result)
    code, line = result["check_record"]
    return [
        str(result["workers"]),
        str(total["count"]),
        f"{total['rps']:.1f}",
        *(f"{total[p]:.0f}" for p in ("50", "95", "99")),
        " / ".join(f"{result['server'][p]:.0f}" for p in ("50", "95", "99")),
        str(errors(result)),
        str(stale_refusals(result["failures"])),
        f"{acked} / {found}",
        "clean" if code == 0 else f"BROKEN: {line}",
    ]


def request_rows(results: list[dict[str, Any]]) -> list[list[str]]:
    names = sorted({name for result in results for name in result["requests"]})
    rows = []
    for name in names:
        row = [name]
        for result in results:
            one = result["requests"].get(name)
            row += [str(one["count"]), f"{one['50']:.0f}", f"{one['95']:.0f}"] if one else ["—"] * 3
        rows.append(row)
    return rows


def aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: list[str]) -> str:
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return " | ".join([row[0].ljust(widths[0]), *rest])

    return [line(rows[0]), "-+-".join("-" * w for w in widths), *map(line, rows[1:])]


def report(results: list[dict[str, Any]], load: Load, size: int) -> list[str]:
    header = ["workers", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms"]
    header += ["in server p50/p95/p99", "errors"]
    header += ["stale 409", "writes acked / found", "check_record"]
    per_request = ["request"]
    for result in results:
        w = result["workers"]
        per_request += [f"n (w{w})", f"p50 (w{w})", f"p95 (w{w})"]
    lines = aligned([header, *map(summary_row, results)])
    lines += ["", *aligned([per_request, *request_rows(results)]), ""]
    lines.append(
        f"{load.users} Locust users (spawned {load.spawn_rate}/s), {load.seconds} s a run, "
        f"against gunicorn on 127.0.0.1 with the desk of {size:,} claims; times in ms, "
        "as Locust saw them (waiting for a free worker included) and inside gunicorn."
    )
    lines += [
        f"Slowest in the server, w{r['workers']}: "
        + "; ".join(f"{request} {ms:.0f}" for ms, request in r["server"]["slowest"])
        for r in results
    ]
    lines.append(
        f"Load average (1 min) before each run, on {os.cpu_count()} cores: "
        + ", ".join(f"w{r['workers']} {r['busy']:.1f}" for r in results)
    )
    lines += [
        f"  w{r['workers']}: {name}: {error} ×{count}"
        for r in results
        for name, error, count in r["failures"]
    ]
    return lines


class Command(BaseCommand):
    help = (
        "Load-test the desk: Locust editors against gunicorn (1, then 2 workers) on a copy of "
        "the generated PostgreSQL desk, loopback only; prints throughput, percentiles, errors "
        "and check_record's verdict."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", default="1,2", help="gunicorn worker counts, in turn")
        parser.add_argument("--users", type=int, default=20, help="simulated editors")
        parser.add_argument("--spawn-rate", type=float, default=5.0, help="users started a second")
        parser.add_argument("--run-time", type=int, default=60, help="seconds a run")
        parser.add_argument("--size", type=int, default=1_000_000, help="claims in the desk")
        parser.add_argument("--keep", action="store_true", help="keep the copy afterwards")
        steps = ["fill", "handout", "writes"]
        parser.add_argument("--inner", choices=steps, help=argparse.SUPPRESS)
        parser.add_argument("--since", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The load test needs PostgreSQL: set DATABASE_URL.")
        if options["inner"]:
            self.inner(options)
            return
        if not 1 <= options["users"] <= 200 or not 1 <= options["run_time"] <= 1800:
            raise CommandError("Keep it bounded: 1–200 users, 1–1800 seconds.")
        workers = parse_workers(options["workers"])
        load = Load(options["users"], options["spawn_rate"], options["run_time"])
        size = options["size"]
        database = copy_desk(size)
        try:
            collect_static(database)
            results = [run_once(database, count, load) for count in workers]
        finally:
            if not options["keep"]:
                admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        lines = report(results, load, size)
        self.stdout.write("\n".join(lines))
        (OUTPUT_DIR / "loadtest.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if not all(passed(result) for result in results):
            raise CommandError("Errors, a lost write or a broken record: see above.")

    def inner(self, options: dict[str, Any]) -> None:
        # These write (a whole desk, accounts): only ever into the scratch databases.
        name = settings.DATABASES["default"]["NAME"]
        infix = SCRATCH_INFIX if options["inner"] == "fill" else COPY_INFIX
        if infix not in name:
            raise CommandError(f"--inner={options['inner']} runs only on a *{infix}* database.")
        if options["inner"] == "fill":
            benchmark_data.fill(options["size"])
            result: dict[str, Any] = {}
        elif options["inner"] == "handout":
            result = handout(options["users"])
        else:
            result = writes_since(datetime.fromisoformat(options["since"]))
        self.stdout.write(RESULT_PREFIX + json.dumps(result))


def collect_static(database: str) -> None:
    command = [*manage(), "collectstatic", "--no-input", "-v0"]
    subprocess.run(command, env=server_env(database), check=True)
