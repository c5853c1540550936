"""Only the "Source vault" group reaches the vault: 403 for everyone else, everywhere."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.vault.conftest import IDENTITY
from vault import services
from vault.models import VAULT_GROUP, VaultAccess

VAULT_URLS = [("vault:record", "get"), ("vault:open", "post"), ("vault:edit", "get")]
EVERY_REQUEST = [*VAULT_URLS, ("vault:edit", "post")]


def call(client, name, method, source_id):
    url = reverse(name, args=[source_id])
    data = {"reason": "curious", "identity": "x", "verification": "y"}
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", password="pw-root-123")


@pytest.mark.parametrize("persona", ["reviewer", "editor", "viewer", "outsider", "superuser"])
@pytest.mark.parametrize(("name", "method"), EVERY_REQUEST)
def test_it_refuses_everyone_outside_the_group(client, request, persona, name, method, record):
    client.force_login(request.getfixturevalue(persona))
    response = call(client, name, method, record.source_id)
    assert response.status_code == 403
    assert IDENTITY not in response.content.decode()
    # Refused before anything was read or written.
    assert list(VaultAccess.objects.values_list("action", flat=True)) == ["created"]


@pytest.mark.parametrize(("name", "method"), EVERY_REQUEST)
def test_it_refuses_alike_where_there_is_no_record_or_no_source(
    client, reviewer, name, method, anonymous_group
):
    client.force_login(reviewer)
    # The same 403 for a source without a record and a source that does not
    # exist: a refusal says nothing about what the vault holds.
    assert call(client, name, method, anonymous_group.pk).status_code == 403
    assert call(client, name, method, 999_999).status_code == 403


@pytest.mark.parametrize(("name", "method"), EVERY_REQUEST)
def test_it_sends_the_signed_out_to_log_in(client, name, method, record):
    response = call(client, name, method, record.source_id)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_refuses_a_superuser_in_the_services_too(superuser, record):
    with pytest.raises(PermissionDenied):
        services.vault_record_open(record=record, by=superuser, reason="admin")
    superuser.groups.add(Group.objects.get(name=VAULT_GROUP))
    superuser = User.objects.get(pk=superuser.pk)
    opened = services.vault_record_open(record=record, by=superuser, reason="on the desk now")
    assert opened.identity == IDENTITY


def test_no_role_has_the_vaults_permission(db):
    for role in ("Viewers", "Editors", "Reviewers"):
        perms = Group.objects.get(name=role).permissions.values_list("codename", flat=True)
        assert "open_vault" not in perms
    vault = Group.objects.get(name=VAULT_GROUP).permissions.values_list("codename", flat=True)
    assert list(vault) == ["open_vault"]


def test_a_permission_given_to_one_user_does_not_open_the_vault(client, reviewer, record):
    from django.contrib.auth.models import Permission

    reviewer.user_permissions.add(Permission.objects.get(codename="open_vault"))
    client.force_login(reviewer)
    assert client.get(reverse("vault:record", args=[record.source_id])).status_code == 403


def test_the_source_page_links_to_the_vault_for_members_only(client, member, reviewer, record):
    url = reverse("claims:source_detail", args=[record.source_id])
    vault_link = f'href="{reverse("vault:record", args=[record.source_id])}"'
    client.force_login(member)
    assert vault_link in client.get(url).content.decode()
    client.force_login(reviewer)
    assert vault_link not in client.get(url).content.decode()


@pytest.mark.parametrize(("name", "wrong"), [("vault:record", "post"), ("vault:open", "get")])
def test_it_refuses_the_wrong_method(client, member, record, name, wrong):
    client.force_login(member)
    url = reverse(name, args=[record.source_id])
    response = client.post(url, {"reason": "x"}) if wrong == "post" else client.get(url)
    assert response.status_code == 405
    assert VaultAccess.objects.count() == 1
