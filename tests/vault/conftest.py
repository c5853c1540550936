"""The vault's fixtures: a member, an anonymous source and its record."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group, User

from claims.models import Source
from tests.conftest import make_user
from vault import services
from vault.models import VAULT_GROUP, VaultRecord

IDENTITY = "Zartaj Qureshi-Vaultname, deputy secretary"
VERIFICATION = "Met in person on 3 June; checked her ministry ID card (Vaultcheck)."


@pytest.fixture
def member(db) -> User:
    """A viewer who is also in the "Source vault" group."""
    user = make_user("mina", "Viewers")
    user.groups.add(Group.objects.get(name=VAULT_GROUP))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def anonymous_group(db) -> Source:
    return Source.objects.create(
        name="Officials familiar with the talks", kind=Source.Kind.ANONYMOUS_GROUP
    )


def make_record(source: Source, by: User) -> VaultRecord:
    return services.vault_record_create(
        source=source,
        identity=IDENTITY,
        verification=VERIFICATION,
        verified_by=by,
        verified_on=date(2025, 6, 3),
        by=by,
        reason="First record of who this is.",
    )


@pytest.fixture
def record(anonymous_group, member) -> VaultRecord:
    return make_record(anonymous_group, member)
