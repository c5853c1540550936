"""manage.py check_record — check every claim against its timeline; non-zero on a break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim
from claims.record import check_record


class Command(BaseCommand):
    help = (
        "Check the record's invariants: creation events, projections, the event chain, "
        "four eyes, frozen published claims, spans, search vectors. "
        "Prints each break; exits 1 if any."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        violations = check_record()
        for violation in violations:
            self.stdout.write(str(violation))
        total = Claim.objects.count()
        if violations:
            raise CommandError(f"{len(violations)} break(s) in the record of {total} claims.")
        self.stdout.write(f"The record holds: {total} claims checked, no breaks.")
