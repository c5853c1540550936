"""manage.py desk_sweep — the daily reminders now, as Celery beat runs them (desk.tasks)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from desk.services.sweep import desk_sweep


class Command(BaseCommand):
    help = (
        "Notify revisit dates that have come, claims waiting in review too long and "
        "stuck export jobs. Safe to run again: each reminder is sent once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Sweep as on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, today: date | None, **options: Any) -> None:
        found = desk_sweep(today=today)
        for kind, count in found.items():
            self.stdout.write(f"{kind}: {count}")
