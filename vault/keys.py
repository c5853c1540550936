"""The development vault key: derived, never stored.

Plain Python (no Django), so that the settings can use it before Django is set up.
"""

from __future__ import annotations

import base64
import hashlib

# The SECRET_KEY a DEBUG process uses when none is set: public, in this repository.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-never-use-in-production"


def development_vault_key(secret_key: str) -> str:
    """A Fernet key derived from the development SECRET_KEY (DEBUG only): the
    vault works under `make run` and in tests without a key to manage. Anyone
    who knows the secret key can derive it, so production never uses one
    (``manage.py check --deploy`` warns: vault.checks)."""
    digest = hashlib.sha256(b"claim-desk source vault|" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()
