"""A write on an old version is refused with who changed what since; a write touches one claim."""

import pytest

from claims import services
from claims.models import Claim
from tests.conftest import NO_FORMAL_TALKS, claim_at


def test_the_refusal_says_who_changed_what_since_in_order(claim, editor, other_editor):
    opened_at = claim.version
    services.claim_update(claim=claim, by=other_editor, version=claim.version, statement="A")
    services.claim_assign(claim=claim, assignee=editor, by=editor, version=claim.version)
    changes = [
        f"{event.actor}: {'; '.join(event.changes())}"
        for event in claim.events.order_by("at", "id")[1:]
    ]

    with pytest.raises(services.StaleVersion) as refused:
        services.claim_update(claim=claim, by=editor, version=opened_at, statement="B")

    assert changes[0].startswith("eddie: ") and changes[1].startswith("erin: ")
    assert refused.value.changes == changes
    assert str(refused.value) == (
        "This claim was changed by eddie, erin after you opened it (version 1). "
        f"Nothing was saved. Since then: {changes[0]} / {changes[1]}."
    )


def test_a_write_changes_only_its_own_claim_and_moves_its_updated_at(article, claim, editor):
    other = claim_at(article, NO_FORMAL_TALKS, editor)  # also at version 1
    before = Claim.objects.get(pk=claim.pk).updated_at

    services.claim_update(claim=claim, by=editor, version=claim.version, statement="Khan asked")

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.version, stored.updated_at > before) == (2, True)
    untouched = Claim.objects.get(pk=other.pk)
    assert (untouched.version, untouched.statement) == (1, NO_FORMAL_TALKS)
