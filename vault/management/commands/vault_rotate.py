"""manage.py vault_rotate — re-encrypt every vault record with the first key.

Rotation: put the new key first in VAULT_KEYS, keep the old one after it,
restart, run this, then drop the old key (README, "Source vault").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vault.crypto import VaultUnavailable
from vault.services import vault_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every source vault record with the first key in VAULT_KEYS (each "
        "logged in its access log). Safe to re-run; stopped half-way, every record "
        "stays readable with the keys listed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rotated = vault_rotate()
        except VaultUnavailable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Re-encrypted {rotated} vault record(s) with the first key.")
