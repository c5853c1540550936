"""``manage.py check --deploy`` warns when the vault has no key, the development
key, or a key that is not one."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from tests.factcheck.test_settings import PRODUCTION, manage
from vault.checks import vault_keys_check
from vault.keys import DEVELOPMENT_SECRET_KEY, development_vault_key

A_KEY = Fernet.generate_key().decode()


def ids(settings, keys: list[str]) -> list[str]:
    settings.VAULT_KEYS = keys
    return [warning.id for warning in vault_keys_check()]


def test_it_is_quiet_with_real_keys(settings):
    assert ids(settings, [A_KEY, Fernet.generate_key().decode()]) == []


def test_it_warns_without_keys(settings):
    assert ids(settings, []) == ["vault.W001"]


def test_it_warns_of_the_public_development_key(settings):
    assert ids(settings, [development_vault_key(DEVELOPMENT_SECRET_KEY)]) == ["vault.W002"]


def test_it_warns_of_a_key_derived_from_this_secret_key(settings):
    settings.SECRET_KEY = "a-production-secret-key-" + "x" * 40
    derived = development_vault_key(settings.SECRET_KEY)

    assert ids(settings, [A_KEY, derived]) == ["vault.W002"]


def test_it_warns_of_a_key_that_is_not_one_without_showing_it(settings):
    settings.VAULT_KEYS = [A_KEY, "not-a-fernet-key-but-a-secret"]

    [warning] = vault_keys_check()

    assert warning.id == "vault.W003"
    assert "Key 2" in warning.msg
    assert "not-a-fernet-key-but-a-secret" not in warning.msg + warning.hint


@pytest.mark.parametrize(
    ("vault_keys", "expected"),
    [
        (None, "vault.W001"),
        (development_vault_key(DEVELOPMENT_SECRET_KEY), "vault.W002"),
    ],
)
def test_check_deploy_says_so_in_production(vault_keys, expected):
    env = {**PRODUCTION}
    env.pop("VAULT_KEYS", None)
    if vault_keys is not None:
        env["VAULT_KEYS"] = vault_keys

    result = manage("check", "--deploy", **env)

    assert f"?: ({expected})" in result.stderr, result.stderr
