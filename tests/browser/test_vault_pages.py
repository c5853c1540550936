"""The source vault in a real browser: a member opens an anonymous group's record
with a reason and sees who it is; a reviewer outside the group is refused."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from claims.models import Source
from tests.browser.conftest import log_in
from tests.conftest import make_user
from tests.vault.conftest import IDENTITY, make_record
from vault.models import VAULT_GROUP, VaultAccess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Legal asked who stands behind the talks story before it runs again."


@pytest.fixture
def source(seed_data) -> Source:
    """An anonymous group with a record, a vault member, and a reviewer outside the vault."""
    # The vault's migration made this group; a live-server test's flush removed it.
    group, _ = Group.objects.get_or_create(name=VAULT_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="vault"))
    member = make_user("mina", "Viewers")
    member.groups.add(group)
    make_user("rafa", "Reviewers")
    source = Source.objects.create(
        name="Officials familiar with the talks", kind=Source.Kind.ANONYMOUS_GROUP
    )
    make_record(source, member)
    return source


def test_a_member_opens_the_record_with_a_reason_and_sees_who_it_is(page, source, screenshot):
    log_in(page, "mina", "pw-mina")
    page.goto(f"/sources/{source.pk}/")
    page.get_by_role("link", name="Vault", exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Source vault: {source.name}")
    expect(page.locator("#vault-revealed")).to_have_count(0)

    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name="Open the record").click()

    expect(page.locator("#vault-revealed")).to_contain_text(IDENTITY)
    log = page.locator("section[aria-labelledby=vault-log-h] tbody tr")
    expect(log.first).to_contain_text("Opened the record")
    expect(log.first).to_contain_text(REASON)
    expect(log.first).to_contain_text("mina")
    screenshot("vault-record-opened")
    opened = VaultAccess.objects.filter(action=VaultAccess.Action.OPENED)
    assert list(opened.values_list("by__username", "reason")) == [("mina", REASON)]


def test_a_reviewer_outside_the_group_is_refused(page, source):
    log_in(page, "rafa", "pw-rafa")
    page.goto(f"/sources/{source.pk}/")
    expect(page.locator("h1")).to_contain_text(source.name)
    expect(page.get_by_role("link", name="Vault", exact=True)).to_have_count(0)

    for address in (f"/sources/{source.pk}/vault/", f"/sources/{source.pk}/vault/edit/"):
        response = page.goto(address)
        assert response.status == 403, address
        expect(page.locator("body")).not_to_contain_text(IDENTITY)
    assert not VaultAccess.objects.filter(action=VaultAccess.Action.OPENED).exists()
