"""Encrypted at rest under VAULT_KEYS; keys rotate; no key, no vault."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from claims.errors import ClaimDeskError
from claims.models import Source
from tests.vault.conftest import IDENTITY, VERIFICATION, make_record
from vault import services
from vault.crypto import VaultUnavailable
from vault.models import VaultAccess, VaultRecord


def raw_columns(record: VaultRecord) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity_token, verification_token FROM vault_vaultrecord WHERE id = %s",
            [record.pk],
        )
        return " ".join(cursor.fetchone())


def test_the_database_holds_no_plaintext(record, settings):
    stored = raw_columns(record)
    for word in ("Vaultname", "Qureshi", "Vaultcheck", "ministry"):
        assert word not in stored
    # The columns are Fernet tokens under the first key, nothing else.
    fernet = Fernet(settings.VAULT_KEYS[0])
    identity_token, verification_token = stored.split(" ")
    assert fernet.decrypt(identity_token.encode()).decode() == IDENTITY
    assert fernet.decrypt(verification_token.encode()).decode() == VERIFICATION


def test_a_record_has_no_text_form_that_names_the_source(record):
    assert IDENTITY not in str(record) and IDENTITY not in repr(record)


def test_keys_rotate_old_records_read_then_re_encrypted(record, member, settings):
    old, new = settings.VAULT_KEYS[0], Fernet.generate_key().decode()
    settings.VAULT_KEYS = [new, old]
    # Still readable under the old key, listed second.
    assert services.vault_record_open(record=record, by=member, reason="check").identity == IDENTITY
    out = StringIO()
    call_command("vault_rotate", stdout=out)
    assert "Re-encrypted 1 vault record(s)" in out.getvalue()
    settings.VAULT_KEYS = [new]  # the old key dropped: the record reads with the new alone
    record.refresh_from_db()
    assert services.vault_record_open(record=record, by=member, reason="again").identity == IDENTITY
    actions = list(VaultAccess.objects.order_by("id").values_list("action", "by"))
    me = member.pk
    assert actions == [("created", me), ("opened", me), ("rekeyed", None), ("opened", me)]


def test_a_key_dropped_before_rotating_is_a_clear_refusal(record, member, settings):
    settings.VAULT_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(VaultUnavailable, match="not in VAULT_KEYS"):
        services.vault_record_open(record=record, by=member, reason="check")
    with pytest.raises(CommandError, match="not in VAULT_KEYS"):
        call_command("vault_rotate", stdout=StringIO())
    assert VaultAccess.objects.filter(action="opened").count() == 0


def test_without_keys_the_vault_refuses_to_read_or_write(client, record, member, settings):
    settings.VAULT_KEYS = []
    other = Source.objects.create(name="Party sources", kind=Source.Kind.ANONYMOUS_GROUP)
    with pytest.raises(VaultUnavailable, match="VAULT_KEYS is not set"):
        make_record(other, member)
    assert not VaultRecord.objects.filter(source=other).exists()
    client.force_login(member)
    url = reverse("vault:open", args=[record.source_id])
    response = client.post(url, {"reason": "a story on the talks"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "VAULT_KEYS is not set" in page and IDENTITY not in page
    assert VaultAccess.objects.filter(action="opened").count() == 0
    # The record's page, which decrypts nothing, still shows who looked.
    assert client.get(reverse("vault:record", args=[record.source_id])).status_code == 200


def test_a_bad_key_is_refused_without_printing_it(record, member, settings):
    settings.VAULT_KEYS = ["not-a-fernet-key-secret-part"]
    with pytest.raises(VaultUnavailable) as refused:
        services.vault_record_open(record=record, by=member, reason="check")
    assert "key 1 in VAULT_KEYS is not a Fernet key" in str(refused.value)
    assert "secret-part" not in str(refused.value)


def test_only_an_anonymous_source_has_a_record(saif, member):
    with pytest.raises(ClaimDeskError, match="Only an anonymous source"):
        make_record(saif, member)
    assert not VaultRecord.objects.exists()
