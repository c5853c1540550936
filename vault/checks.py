"""``manage.py check --deploy``: the vault's keys as production needs them.

Warnings, not errors: a desk that keeps no identities may run with the vault
locked (silence vault.W001 with SILENCED_SYSTEM_CHECKS). The messages name
keys by their place in VAULT_KEYS, never by their value.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Tags, Warning, register

from vault.keys import DEVELOPMENT_SECRET_KEY, development_vault_key

HOW = "Make a key with Fernet.generate_key() (README, “Source vault”) and set VAULT_KEYS."


@register(Tags.security, deploy=True)
def vault_keys_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    keys = list(settings.VAULT_KEYS)
    if not keys:
        return [
            Warning(
                "VAULT_KEYS is not set: the source vault is locked (no record can be "
                "read or written).",
                hint=HOW,
                id="vault.W001",
            )
        ]
    derived = {
        development_vault_key(DEVELOPMENT_SECRET_KEY),
        development_vault_key(settings.SECRET_KEY),
    }
    problems = []
    for position, key in enumerate(keys, start=1):
        if key in derived:
            problems.append(
                Warning(
                    f"Key {position} in VAULT_KEYS is the development key, derived from "
                    "the secret key: anyone who knows that can read the vault.",
                    hint=HOW + " Then run `manage.py vault_rotate` and remove this key.",
                    id="vault.W002",
                )
            )
        elif not is_fernet_key(key):
            problems.append(
                Warning(
                    f"Key {position} in VAULT_KEYS is not a Fernet key (32 url-safe "
                    "base64-encoded bytes): the source vault is locked.",
                    hint=HOW,
                    id="vault.W003",
                )
            )
    return problems


def is_fernet_key(key: str) -> bool:
    try:
        Fernet(key)
    except ValueError:
        return False
    return True
