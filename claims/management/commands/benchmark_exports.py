"""manage.py benchmark_exports — the CSV and JSON Lines exports against COPY.

For each size (100,000 and 1,000,000 claims by default) a scratch PostgreSQL
database named after the configured one (``<name>_exports_100k``,
``<name>_exports_1m``) is created, migrated and filled in SQL by the pages
benchmark's generator (claims.benchmark_data); ``--reuse`` keeps the
databases and reuses one already filled to its size (a copy of a
benchmark_pages database, migrated, will do). Each size is measured by this
command re-run with ``--inner`` against its database, in a subprocess that
prints its results as JSON; this process prints the table and writes it to
build/benchmark-exports.txt.

Side by side, each repeat: PostgreSQL's own ``COPY (SELECT …) TO STDOUT`` of
the same rows, unformatted (the yardstick), and the app's export of every
claim exactly as views and jobs run it (``FORMATS[...].render``), consumed
whole and encoded. Then one export job writes its file through the
"exports" storage (a temporary folder), traced by tracemalloc for the peak
Python memory. An export passes when it takes at most twice its COPY.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test.utils import override_settings

from claims import benchmark_data
from claims.management.commands import benchmark_pages as pages
from claims.management.commands.benchmark_pages import (
    admin,
    child_env,
    filled_to,
    manage,
    size_label,
)

SCRATCH_INFIX = "_exports_"
RESULT_PREFIX = "BENCHMARK-EXPORTS-JSON "
MAX_RATIO = 2.0
FORMAT_NAMES = ["csv", "jsonl"]
DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "build" / "benchmark-exports.txt"

# -- the yardstick: the same claims and values, as PostgreSQL copies them out

SOURCES = """LEFT JOIN (
    SELECT at.claim_id, string_agg(s.name || ' (' || at.sourcing || ')', '; '
                                   ORDER BY at.mention_start, at.id) AS sources
    FROM claims_attribution at JOIN claims_source s ON s.id = at.source_id
    GROUP BY at.claim_id) sources ON sources.claim_id = c.id"""
PUBLISHED = """LEFT JOIN (
    SELECT claim_id, max(at) AS published_at FROM claims_claimevent
    WHERE to_status = 'published' AND from_status <> 'published'
    GROUP BY claim_id) published ON published.claim_id = c.id"""
# The CSV's 21 columns, "sources" joined and "anonymous_only" computed as the
# CSV has them; no quoting, neutralising or date formatting.
CLAIM_ROWS = f"""COPY (
SELECT c.id, c.article_id, a.title, a.url, o.name, a.published_on, c.start, c."end", c.quote,
       c.statement, c.kind, c.status, r.name, r.value, c.sourcing, c.sourcing = 'anonymous',
       sources.sources, u.username, c.revisit_on, published.published_at, c.updated_at
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_outlet o ON o.id = a.outlet_id
LEFT JOIN claims_rating r ON r.id = c.rating_id
LEFT JOIN auth_user u ON u.id = c.assignee_id
{SOURCES}
{PUBLISHED}
ORDER BY c.id) TO STDOUT"""
# What JSON Lines adds: each attribution and each event, with the names they point to.
ATTRIBUTION_ROWS = """COPY (
SELECT at.claim_id, s.name, s.kind, at.sourcing, at.mention, at.mention_start, at.mention_end,
       at.cue, at.cue_start, at.cue_end, at.descriptor, at.count
FROM claims_attribution at JOIN claims_source s ON s.id = at.source_id
ORDER BY at.claim_id, at.mention_start, at.id) TO STDOUT"""
EVENT_ROWS = """COPY (
SELECT e.claim_id, e.at, actor.username, e.kind, e.from_status, e.to_status, fr.name, tr.name,
       e.note, e.details
FROM claims_claimevent e
LEFT JOIN auth_user actor ON actor.id = e.actor_id
LEFT JOIN claims_rating fr ON fr.id = e.from_rating_id
LEFT JOIN claims_rating tr ON tr.id = e.to_rating_id
ORDER BY e.claim_id, e.at, e.id) TO STDOUT"""
COPIES = {"csv": [CLAIM_ROWS], "jsonl": [CLAIM_ROWS, ATTRIBUTION_ROWS, EVENT_ROWS]}
COPY_NOTES = {
    "csv": "COPY of the 21 columns (sources and published_at joined in SQL), text format",
    "jsonl": "the same, plus COPY of every attribution and every event row (three COPYs)",
}


def scratch_name(size: int) -> str:
    return pages.scratch_name(size, SCRATCH_INFIX)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes are whole numbers: {error}") from error
    if not sizes or min(sizes) < 100:
        raise argparse.ArgumentTypeError("give one or more sizes, each 100 or more")
    return sizes


def prepare(sizes: list[int], reuse: bool) -> None:
    """Create and migrate each database not already filled to its size (the child fills it)."""
    for size in sizes:
        name = scratch_name(size)
        if reuse and filled_to(name, size):
            continue
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{name}"')
        subprocess.run([*manage(), "migrate", "-v0"], env=child_env(name), check=True)


def measure_in_child(size: int, repeat: int) -> dict[str, Any]:
    command = ["benchmark_exports", "--inner", f"--sizes={size}", f"--repeat={repeat}"]
    return pages.results_from_child(command, size, RESULT_PREFIX, SCRATCH_INFIX)


# -- measuring, in the child process


class QueryCounter:
    """An execute_wrapper counting the statements an export runs."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        self.count += 1
        return execute(*args)


def copy_run(name: str) -> dict[str, float]:
    """Seconds and bytes of the yardstick's COPYs, written to /dev/null."""
    started, size = time.perf_counter(), 0
    with transaction.atomic(), connection.cursor() as cursor, open(os.devnull, "wb") as sink:
        cursor.execute("SET LOCAL jit = off")  # as the export runs: at its fastest
        for sql in COPIES[name]:
            with cursor.copy(sql) as copy:
                for data in copy:
                    size += sink.write(data)
    return {"seconds": time.perf_counter() - started, "bytes": size}


def export_run(name: str) -> dict[str, float]:
    """The app's export of every claim, consumed whole as a download or a job would."""
    from claims.exports import FORMATS
    from claims.models import Claim

    export = FORMATS[name]
    counter = QueryCounter()
    started, size = time.perf_counter(), 0
    with connection.execute_wrapper(counter), open(os.devnull, "wb") as sink:
        for piece in export.render(export.claims(Claim.objects.all())):
            size += sink.write(piece.encode("utf-8"))
    return {"seconds": time.perf_counter() - started, "bytes": size, "queries": counter.count}


def job_run(name: str) -> dict[str, float]:
    """One export job, its file saved through the storage; tracemalloc's peak while it runs."""
    from django.contrib.auth.models import User

    from claims.models import ExportJob
    from claims.services.export_jobs import export_job_run, export_storage

    user = User.objects.get(username="bench-editor-1")
    job = ExportJob.objects.create(format=name, query="", requested_by=user)
    with tempfile.TemporaryDirectory() as folder:
        storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        storages = {**settings.STORAGES, "exports": {**storage, "OPTIONS": {"location": folder}}}
        with override_settings(STORAGES=storages):
            tracemalloc.start()
            try:
                started = time.perf_counter()
                job = export_job_run(job_id=job.pk)
                seconds = time.perf_counter() - started
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            size = export_storage().size(job.file_name) if job.file_name else 0
    return {
        "seconds": seconds,
        "bytes": size,
        "peak_mb": peak / 1_000_000,
        "state": job.state,
        "rows": job.rows_done,
    }


def measure_format(name: str, repeat: int) -> dict[str, Any]:
    copies, exports = [], []
    for _ in range(repeat):  # side by side, so that load on the machine hits both
        copies.append(copy_run(name))
        exports.append(export_run(name))
    return {
        "format": name,
        "copy_seconds": statistics.median(run["seconds"] for run in copies),
        "copy_bytes": copies[0]["bytes"],
        "export_seconds": statistics.median(run["seconds"] for run in exports),
        "export_bytes": exports[0]["bytes"],
        "queries": exports[0]["queries"],
        "job": job_run(name),
    }


def measure_here(size: int, repeat: int) -> dict[str, Any]:
    found, filled = benchmark_data.ensure_filled(size)
    if found is None:
        raise CommandError(f"This database is not filled to {size:,} claims.")
    # As in production: DEBUG's query log would grow with the chunks.
    with override_settings(DEBUG=False):
        formats = [measure_format(name, repeat) for name in FORMAT_NAMES]
    from claims.models import Claim

    return {
        "size": size,
        "claims": Claim.objects.count(),  # the benchmark_pages runs on a copy may have added some
        "filled_seconds": filled,
        "shape": found["shape"],
        "formats": formats,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000,
    }


# -- the table, in the parent process

HEADER = [
    "size",
    "format",
    "COPY s",
    "export s",
    "ratio",
    "pass",
    "queries",
    "MB out",
    "job s",
    "job peak MB",
]


def rows(result: dict[str, Any]) -> list[list[str]]:
    found = []
    for run in result["formats"]:
        ratio = run["export_seconds"] / run["copy_seconds"]
        job = run["job"]
        job_ok = job["state"] == "done" and job["rows"] == result["claims"]
        found.append(
            [
                size_label(result["size"]),
                run["format"],
                f"{run['copy_seconds']:.2f}",
                f"{run['export_seconds']:.2f}",
                f"{ratio:.2f}",
                "yes" if ratio <= MAX_RATIO else "NO",
                str(run["queries"]),
                f"{run['export_bytes'] / 1_000_000:.0f}",
                f"{job['seconds']:.2f}" if job_ok else f"job {job['state']}, {job['rows']} rows",
                f"{job['peak_mb']:.1f}",
            ]
        )
    return found


def table(results: list[dict[str, Any]]) -> list[str]:
    body = [HEADER, *(row for result in results for row in rows(result))]
    widths = [max(len(row[i]) for row in body) for i in range(len(HEADER))]

    def line(row: list[str]) -> str:
        return " | ".join(
            cell.ljust(width) if index < 2 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        )

    return [line(body[0]), "-+-".join("-" * w for w in widths), *map(line, body[1:])]


def notes(results: list[dict[str, Any]], repeat: int) -> list[str]:
    lines = [
        f"Median of {repeat} runs, each export beside its COPY; pass: export ≤ {MAX_RATIO:g}× "
        "COPY. Export: FORMATS[…].render of every claim, encoded, to /dev/null; queries: "
        "statements it ran. Job: one export job writing its file through the storage, "
        "with tracemalloc's peak of Python memory (which also slows it a little).",
        *(f"Yardstick for {name}: {note}." for name, note in COPY_NOTES.items()),
    ]
    for result in results:
        size, shape = result["size"], result["shape"]
        built = result["filled_seconds"]
        how = f"built in {built:.0f} s" if built is not None else "reused"
        lines.append(
            f"{size:,} claims ({how}): {shape['attributions'] / size:.2f} attributions and "
            f"{shape['events'] / size:.2f} events a claim; the measuring process's peak RSS "
            f"{result['max_rss_mb']:.0f} MB."
        )
    return lines


class Command(BaseCommand):
    help = "Time the CSV and JSON Lines exports against COPY (scratch PostgreSQL databases)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", type=parse_sizes, default=[100_000, 1_000_000])
        parser.add_argument("--repeat", type=int, default=3, help="timed runs; the median shows")
        parser.add_argument(
            "--reuse", action="store_true", help="keep the databases, reuse them when filled"
        )
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
        parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("This benchmark needs PostgreSQL: set DATABASE_URL.")
        if options["repeat"] < 1:
            raise CommandError("--repeat must be 1 or more.")
        if options["inner"]:
            self.inner(options["sizes"][0], options["repeat"])
            return
        sizes = sorted(options["sizes"])
        started = time.perf_counter()
        try:
            prepare(sizes, options["reuse"])
            results = [measure_in_child(size, options["repeat"]) for size in sizes]
        finally:
            if not options["reuse"]:
                for size in sizes:
                    admin(f'DROP DATABASE IF EXISTS "{scratch_name(size)}" WITH (FORCE)')
        lines = [*table(results), "", *notes(results, options["repeat"])]
        lines.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
        self.stdout.write("\n".join(lines))
        options["output"].parent.mkdir(parents=True, exist_ok=True)
        options["output"].write_text("\n".join(lines) + "\n", encoding="utf-8")

    def inner(self, size: int, repeat: int) -> None:
        # The fill and the jobs write: never against anything but a scratch database.
        if SCRATCH_INFIX not in settings.DATABASES["default"]["NAME"]:
            raise CommandError("--inner runs only against the scratch databases it creates.")
        self.stdout.write(RESULT_PREFIX + json.dumps(measure_here(size, repeat)))
