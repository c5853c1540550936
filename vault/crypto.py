"""Encryption at rest for the source vault: Fernet tokens under VAULT_KEYS.

MultiFernet encrypts with the first key and decrypts with any, which is how
keys rotate (README, "Source vault"). Nothing here ever puts a key or a
plaintext into an exception message: those end up in logs.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class VaultUnavailable(Exception):
    """The vault cannot be read or written here: no key, a bad key, an unknown key."""


NO_KEYS = (
    "The source vault is locked: VAULT_KEYS is not set. Set it to one or more "
    "Fernet keys (README, “Source vault”) to read or write the vault."
)


def vault_cipher() -> MultiFernet:
    """The keys from settings.VAULT_KEYS, the first one encrypting."""
    keys = list(settings.VAULT_KEYS)
    if not keys:
        raise VaultUnavailable(NO_KEYS)
    ciphers = []
    for position, key in enumerate(keys, start=1):
        try:
            ciphers.append(Fernet(key))
        except ValueError:
            raise VaultUnavailable(
                f"The source vault is locked: key {position} in VAULT_KEYS is not a "
                "Fernet key (32 url-safe base64-encoded bytes)."
            ) from None
    return MultiFernet(ciphers)


def seal(plaintext: str) -> str:
    """The text as a Fernet token (ASCII), under the first key."""
    return vault_cipher().encrypt(plaintext.encode()).decode("ascii")


def unseal(token: str) -> str:
    """The text a token holds, under whichever listed key made it."""
    try:
        return vault_cipher().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise VaultUnavailable(
            "The source vault cannot read this record: it was encrypted with a key "
            "that is not in VAULT_KEYS (README, “Source vault”, rotation)."
        ) from None


def reseal(token: str) -> str:
    """The same text under the first key (MultiFernet.rotate)."""
    try:
        return vault_cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise VaultUnavailable(
            "A vault record was encrypted with a key that is not in VAULT_KEYS: "
            "list the old key after the new one, then rotate."
        ) from None
