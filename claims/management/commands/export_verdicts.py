"""manage.py export_verdicts — verdicts as CSV, JSON Lines or ClaimReview, for pipelines."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from claims.exports import (
    FORMATS,
    Scale,
    claim_review,
    claim_review_gaps,
    export_claims,
    iterate,
)
from claims.services.export_jobs import claim_filter

# Command-line options that map onto the claims list's filters (claims.filters.ClaimFilter).
FILTERS = ["status", "sourcing", "kind", "outlet", "rating", "assignee", "q"]
# The filter --since and --until fill in, so that its errors name those options.
OPTIONS = {"published": "--since/--until"}


class Command(BaseCommand):
    help = (
        "Write claims as CSV, JSON Lines or ClaimReview JSON-LD to a file or stdout. "
        "--since/--until select verdicts published in that period; the other options "
        "are the claims list's filters. Streams: memory does not grow with the rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--since", type=date.fromisoformat, help="YYYY-MM-DD, inclusive")
        parser.add_argument("--until", type=date.fromisoformat, help="YYYY-MM-DD, inclusive")
        parser.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
        for name in FILTERS:
            parser.add_argument(f"--{name}", help=f"claims list filter “{name}” (its value)")

    def handle(self, *args: Any, format: str, output: Path | None, **options: Any) -> None:
        filterset = claim_filter(filter_query(options))
        if not filterset.is_valid():
            problems = "; ".join(
                f"{OPTIONS.get(k, '--' + k)}: {' '.join(v)}" for k, v in filterset.errors.items()
            )
            raise CommandError(f"Nothing exported: {problems}")
        export = FORMATS[format]
        claims = export.claims(filterset.qs)
        if format == "claimreview":
            self.report_gaps(claims)
        lines = export.render(claims)
        if output is None:
            for line in lines:
                self.stdout.write(line, ending="")
            return
        with write_whole(output) as out:
            out.writelines(lines)
        self.stderr.write(f"Wrote {output}")

    def report_gaps(self, claims: Any) -> None:
        """Say which reviews lack what Google recommends: the desk has no data for it."""
        scale = Scale.current()
        for claim in iterate(export_claims(claims, with_history=True)):
            for gap in claim_review_gaps(claim_review(claim, scale)):
                self.stderr.write(f"claim {claim.pk}: {gap}")


def filter_query(options: dict[str, Any]) -> str:
    params = QueryDict(mutable=True)
    for name in FILTERS:
        if options.get(name):
            params[name] = options[name]
    if options.get("since"):
        params["published_after"] = options["since"].isoformat()
    if options.get("until"):
        params["published_before"] = options["until"].isoformat()
    return params.urlencode()


@contextmanager
def write_whole(path: Path) -> Iterator[TextIO]:
    """A file that appears under its name only once written whole."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as file:
            yield file
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
