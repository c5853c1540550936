"""A write on an old version is refused with who changed what since; a write touches one claim."""

import pytest

from claims import services
from claims.models import Claim, ClaimEvent
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


def test_the_refusal_lists_only_this_claims_changes(article, claim, editor, other_editor):
    other = claim_at(article, NO_FORMAL_TALKS, editor)
    opened_at = claim.version
    services.claim_update(claim=claim, by=other_editor, version=claim.version, statement="A")
    # Another claim moves on to higher versions meanwhile; none of it is this claim's news.
    services.claim_update(claim=other, by=editor, version=other.version, statement="X")
    services.claim_update(claim=other, by=editor, version=other.version, statement="Y")

    with pytest.raises(services.StaleVersion) as refused:
        services.claim_update(claim=claim, by=editor, version=opened_at, statement="B")

    assert refused.value.changes == ["eddie: statement → “A”"]
    assert "changed by eddie after" in str(refused.value)


def test_one_events_changes_are_joined_in_the_refusal(claim, editor, other_editor):
    opened_at = claim.version
    services.claim_update(
        claim=claim, by=other_editor, version=claim.version, statement="A", kind="opinion"
    )

    with pytest.raises(services.StaleVersion) as refused:
        services.claim_update(claim=claim, by=editor, version=opened_at, statement="B")

    # PostgreSQL's jsonb keeps its own key order: the phrases, not their order, are the point.
    [change] = refused.value.changes
    assert change.startswith("eddie: ")
    assert sorted(change.removeprefix("eddie: ").split("; ")) == [
        "kind → “opinion”",
        "statement → “A”",
    ]


def test_a_change_nobody_made_by_hand_is_the_systems(claim, editor):
    # The desk's own jobs may write events with no person behind them (the
    # record allows an event without an actor); a refusal then names no one.
    opened_at = claim.version
    ClaimEvent.objects.create(
        claim=claim,
        actor=None,
        kind=ClaimEvent.Kind.NOTE,
        from_status=claim.status,
        to_status=claim.status,
        claim_version=opened_at + 1,
    )
    Claim.objects.filter(pk=claim.pk).update(version=opened_at + 1)

    with pytest.raises(services.StaleVersion) as refused:
        services.claim_update(claim=claim, by=editor, version=opened_at, statement="B")

    assert refused.value.changes == ["the system: Note"]
    assert str(refused.value) == (
        "This claim was changed after you opened it (version 1). "
        "Nothing was saved. Since then: the system: Note."
    )


def test_a_version_the_claim_never_had_is_refused_as_an_edit(claim, editor):
    with pytest.raises(services.StaleVersion) as refused:
        services.claim_update(claim=claim, by=editor, version=claim.version + 5, statement="B")

    assert refused.value.changes == []
    assert str(refused.value).endswith("Nothing was saved. Since then: an edit.")
    assert Claim.objects.get(pk=claim.pk).statement == claim.statement
