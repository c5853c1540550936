"""Every read and change leaves one access-log row; the log is append-only."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from claims import services as claim_services
from claims.models import Source
from tests.vault.conftest import IDENTITY, VERIFICATION
from vault import services
from vault.models import AppendOnlyError, VaultAccess


def test_each_opening_shows_the_identity_once_and_leaves_one_row(client, member, record):
    client.force_login(member)
    url = reverse("vault:open", args=[record.source_id])
    for n in (1, 2):
        response = client.post(url, {"reason": f"checking the talks story, pass {n}"})
        assert response.status_code == 200
        page = response.content.decode()
        assert IDENTITY in page and "Met in person on 3 June" in page
        opened = VaultAccess.objects.filter(record=record, action="opened")
        assert opened.count() == n
    latest = opened.first()
    assert (latest.by, latest.reason) == (member, "checking the talks story, pass 2")
    # The record's own page shows who looked, not what they saw.
    page = client.get(reverse("vault:record", args=[record.source_id])).content.decode()
    assert IDENTITY not in page and "checking the talks story, pass 2" in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_to_open_without_a_reason(client, member, record, reason):
    client.force_login(member)
    response = client.post(reverse("vault:open", args=[record.source_id]), {"reason": reason})
    assert response.status_code == 400
    assert IDENTITY not in response.content.decode()
    assert not VaultAccess.objects.filter(action="opened").exists()


def test_the_services_refuse_without_a_reason_too(member, record):
    with pytest.raises(claim_services.ClaimDeskError, match="reason is required"):
        services.vault_record_open(record=record, by=member, reason=" ")
    assert not VaultAccess.objects.filter(action="opened").exists()


def test_members_create_a_record_from_the_page(client, member, anonymous_group):
    client.force_login(member)
    url = reverse("vault:edit", args=[anonymous_group.pk])
    form = {
        "identity": IDENTITY,
        "verification": VERIFICATION,
        "verified_by": member.pk,
        "verified_on": "2025-06-03",
        "reason": "New source on the talks",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    record = anonymous_group.vault_record
    assert services.vault_record_open(record=record, by=member, reason="x").identity == IDENTITY
    created = VaultAccess.objects.get(action="created")
    assert (created.by, created.reason) == (member, "New source on the talks")


def test_a_change_is_logged_by_field_name_never_value(client, member, editor, record):
    client.force_login(member)
    form = {
        "identity": "Someone Else Entirely",
        "verification": "",
        "verified_by": editor.pk,
        "verified_on": "2025-06-03",
        "reason": "Corrected after a second meeting",
    }
    response = client.post(reverse("vault:edit", args=[record.source_id]), form)
    assert response.status_code == 302
    changed = VaultAccess.objects.get(action="changed")
    assert changed.what == "identity, verified by"
    assert "Someone" not in changed.what + changed.reason
    opened = services.vault_record_open(record=record, by=member, reason="check")
    # The empty verification kept the one stored.
    assert (opened.identity, opened.verification) == ("Someone Else Entirely", VERIFICATION)


def test_a_change_without_a_reason_changes_nothing(member, record):
    with pytest.raises(claim_services.ClaimDeskError):
        services.vault_record_change(
            record=record,
            by=member,
            reason="",
            identity="Someone Else",
            verified_by=member,
            verified_on=date(2025, 6, 3),
        )
    record.refresh_from_db()
    assert services.vault_record_open(record=record, by=member, reason="x").identity == IDENTITY
    assert not VaultAccess.objects.filter(action="changed").exists()


def test_the_log_cannot_be_changed_or_deleted(record):
    row = VaultAccess.objects.get()
    row.reason = "nothing to see"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        VaultAccess.objects.filter(pk=row.pk).update(reason="nothing")
    with pytest.raises(AppendOnlyError):
        VaultAccess.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement",
    ["UPDATE vault_vaultaccess SET reason = 'nothing'", "DELETE FROM vault_vaultaccess"],
)
def test_postgresql_refuses_changing_the_log_in_sql(record, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert VaultAccess.objects.get().reason == "First record of who this is."


def test_the_record_page_runs_a_constant_number_of_queries(
    client, member, record, django_assert_num_queries
):
    for n in range(60):
        services.vault_record_open(record=record, by=member, reason=f"pass {n}")
    client.force_login(member)
    url = reverse("vault:record", args=[record.source_id])
    # 1 session, 2 user, 3 the user's group permissions (membership), 4 the
    # source, 5 the record with who verified it (no ciphertext), 6 the log's
    # capped count, 7 the user's own permissions (the header's menu), 8 the
    # header's unread count, 9 the user's groups in the header, 10 the log's
    # page with each reader (read as the template loops).
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["accesses"]) == 50
    assert "Page 1 of 2 · 61 in all" in response.content.decode()


def test_a_merge_takes_the_record_along_logged(reviewer, member, record):
    kept = Source.objects.create(name="Talks officials", kind=Source.Kind.ANONYMOUS_GROUP)
    gone = record.source
    claim_services.source_merge(source=gone, into=kept, by=reviewer, version=gone.version)
    record.refresh_from_db()
    assert record.source_id == kept.pk
    moved = VaultAccess.objects.get(action="moved")
    assert moved.by == reviewer and f"#{gone.pk}" in moved.reason
