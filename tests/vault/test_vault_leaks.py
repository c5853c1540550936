"""Nothing of the vault leaves it: exports, the API, the admin, search, logs."""

import logging
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from claims import exports
from claims.models import Claim, Source
from tests.api.conftest import token_client
from tests.vault.conftest import IDENTITY, VERIFICATION, make_record
from vault.models import VaultAccess, VaultRecord

SECRET_WORDS = ("Vaultname", "Vaultcheck")


def assert_no_secret(text: str, record: VaultRecord) -> None:
    for word in SECRET_WORDS:
        assert word not in text
    record = VaultRecord.objects.get(pk=record.pk)
    assert record.identity_token not in text and record.verification_token not in text


@pytest.fixture
def demo_record(db, member) -> VaultRecord:
    """The demo's anonymous group, whose claims are published, with a vault record."""
    call_command("load_demo", "--force", stdout=StringIO())
    group = Source.objects.get(name="Sources familiar with the matter")
    return make_record(group, member)


@pytest.mark.parametrize("fmt", sorted(exports.FORMATS))
def test_no_export_format_carries_the_identity(demo_record, fmt):
    export = exports.FORMATS[fmt]
    text = "".join(export.render(export.claims(Claim.objects.all())))
    assert "Sources familiar with the matter" in text or fmt == "claimreview"
    assert_no_secret(text, demo_record)


def test_the_export_pages_do_not_carry_it_even_for_a_member(client, member, demo_record):
    client.force_login(member)
    for fmt in sorted(exports.FORMATS):
        response = client.get(reverse("claims:claim_export", args=[fmt]))
        assert response.status_code == 200
        assert_no_secret(b"".join(response.streaming_content).decode(), demo_record)


def test_the_api_never_carries_it_even_for_a_member(member, demo_record):
    api = token_client(member)
    source_id = demo_record.source_id
    for url in (
        reverse("api:source_detail", args=[source_id]),
        reverse("api:source_record", args=[source_id]),
        reverse("api:source_list"),
        reverse("api:claimreview_feed"),
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        assert "vault" not in response.content.decode().lower()
        assert_no_secret(response.content.decode(), demo_record)


def test_the_admin_has_no_vault_and_its_source_pages_show_none(client, demo_record):
    assert VaultRecord not in admin.site._registry and VaultAccess not in admin.site._registry
    client.force_login(User.objects.create_superuser("root", password="pw-root-123"))
    source_id = demo_record.source_id
    for url in (
        reverse("admin:index"),
        reverse("admin:claims_source_changelist"),
        reverse("admin:claims_source_change", args=[source_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_secret(response.content.decode(), demo_record)


def test_search_does_not_find_a_source_by_its_identity(client, member, demo_record):
    client.force_login(member)
    for url, query in (
        (reverse("claims:source_list"), {"q": "Vaultname"}),
        (reverse("claims:claim_list"), {"q": "Vaultname"}),
    ):
        response = client.get(url, query)
        assert response.status_code == 200
        assert len(response.context["page"]) == 0


def test_nothing_is_logged_with_the_identity(client, member, anonymous_group, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(member)
    record = make_record(anonymous_group, member)
    response = client.post(reverse("vault:open", args=[record.source_id]), {"reason": "why"})
    assert IDENTITY in response.content.decode() and VERIFICATION in response.content.decode()
    logged = "\n".join(entry.getMessage() for entry in caplog.records)
    assert_no_secret(logged, record)
