"""Users who appear on the record are deactivated, not deleted, from the admin."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from claims import services
from claims.models import Claim


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("sam", password="pw"))
    return client


def delete(client, user: User):
    return client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})


def test_it_keeps_a_user_on_the_timeline(admin_client, claim, editor):
    response = delete(admin_client, editor)
    assert "are deactivated, not deleted" in response.content.decode()
    assert User.objects.filter(pk=editor.pk).exists()
    assert claim.events.get().actor == editor


def test_it_keeps_a_user_who_is_only_an_assignee(admin_client, claim, editor, other_editor):
    services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=claim.version)
    response = delete(admin_client, other_editor)
    assert "are deactivated, not deleted" in response.content.decode()
    assert User.objects.filter(pk=other_editor.pk).exists()
    assert Claim.objects.get(pk=claim.pk).assignee == other_editor


def test_it_deletes_a_user_with_no_record(admin_client, claim, viewer):
    response = delete(admin_client, viewer)
    assert response.status_code == 302
    assert not User.objects.filter(pk=viewer.pk).exists()
