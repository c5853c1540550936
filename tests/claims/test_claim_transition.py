"""The one door of the workflow: claim_transition and its refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from claims import services
from claims.models import Claim, ClaimEvent, Status
from tests.conftest import advance

R, IR, P, NC, N = (
    Status.RESEARCHING,
    Status.IN_REVIEW,
    Status.PUBLISHED,
    Status.NOT_CHECKABLE,
    Status.NEW,
)


def reload(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def test_it_walks_the_happy_path_and_records_each_step(claim, editor, reviewer, ratings):
    advance(claim, (R, editor))
    services.claim_transition(
        claim=claim,
        to=IR,
        by=editor,
        version=claim.version,
        rating=ratings["false"],
        note="Jail log",
    )
    advance(claim, (P, reviewer))

    stored = reload(claim)
    assert (stored.status, stored.rating.slug) == (P, "false")
    events = list(stored.events.order_by("at", "id"))
    assert [(e.kind, e.from_status, e.to_status) for e in events] == [
        ("created", "", N),
        ("status_changed", N, R),
        ("status_changed", R, IR),
        ("status_changed", IR, P),
    ]
    assert events[2].from_rating is None and events[2].to_rating.slug == "false"
    assert events[2].note == "Jail log"
    assert events[3].actor == reviewer
    assert stored.version == 4


def test_it_refuses_a_move_outside_the_table(claim, reviewer):
    with pytest.raises(services.InvalidTransition, match="cannot go from New to Published"):
        services.claim_transition(claim=claim, to=P, by=reviewer, version=claim.version)
    assert reload(claim).status == N
    assert reload(claim).events.count() == 1


def test_it_refuses_an_unknown_status(claim, editor):
    with pytest.raises(services.InvalidTransition, match="“done” is not a claim status"):
        services.claim_transition(claim=claim, to="done", by=editor, version=claim.version)
    assert reload(claim).status == N


def test_it_refuses_a_viewer(claim, viewer):
    with pytest.raises(PermissionDenied, match="permission to start research"):
        services.claim_transition(claim=claim, to=R, by=viewer, version=claim.version)
    assert reload(claim).status == N


def test_it_refuses_publishing_by_an_editor(claim, editor, other_editor, ratings):
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["true"], note="Checked")
    with pytest.raises(PermissionDenied, match="permission to publish"):
        services.claim_transition(claim=claim, to=P, by=other_editor, version=claim.version)
    assert reload(claim).status == IR


def test_it_refuses_publishing_own_verdict(claim, reviewer, ratings):
    advance(claim, (R, reviewer))
    advance(claim, (IR, reviewer), rating=ratings["true"], note="Checked")
    with pytest.raises(PermissionDenied, match="Four eyes"):
        services.claim_transition(claim=claim, to=P, by=reviewer, version=claim.version)
    stored = reload(claim)
    assert stored.status == IR
    assert stored.events.filter(to_status=P).count() == 0


def test_it_lets_another_reviewer_publish(claim, reviewer, other_reviewer, ratings):
    advance(claim, (R, reviewer))
    advance(claim, (IR, reviewer), rating=ratings["true"], note="Checked")
    advance(claim, (P, other_reviewer))
    assert reload(claim).status == P


def test_it_refuses_publishing_without_a_rating(claim, editor, reviewer):
    advance(claim, (R, editor), (IR, editor))
    with pytest.raises(services.ClaimDeskError, match="Publishing needs a rating"):
        services.claim_transition(claim=claim, to=P, by=reviewer, version=claim.version)
    assert reload(claim).status == IR


def test_it_requires_a_note_when_the_verdict_changes(claim, editor, ratings):
    advance(claim, (R, editor))
    with pytest.raises(services.ClaimDeskError, match="note is required when a verdict"):
        services.claim_transition(
            claim=claim, to=IR, by=editor, version=claim.version, rating=ratings["false"]
        )
    stored = reload(claim)
    assert (stored.status, stored.rating) == (R, None)


def test_publishing_cannot_change_the_verdict(claim, editor, reviewer, ratings):
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["true"], note="ok")
    with pytest.raises(PermissionDenied, match="publishing cannot change the verdict"):
        services.claim_transition(
            claim=claim, to=P, by=reviewer, version=claim.version, rating=ratings["false"], note="x"
        )
    stored = reload(claim)
    assert (stored.status, stored.rating.slug) == (IR, "true")


def test_a_reviewer_who_changes_the_verdict_in_review_cannot_publish_it(
    claim, editor, reviewer, other_reviewer, ratings
):
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["true"], note="ok")
    services.claim_rate(
        claim=claim, rating=ratings["half-true"], by=reviewer, version=claim.version, note="Nuance"
    )
    with pytest.raises(PermissionDenied, match="Four eyes"):
        services.claim_transition(claim=claim, to=P, by=reviewer, version=claim.version)
    advance(claim, (P, other_reviewer))
    assert (reload(claim).status, reload(claim).rating.slug) == (P, "half-true")


def test_an_editor_cannot_change_the_verdict_in_review(claim, editor, other_editor, ratings):
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["true"], note="ok")
    with pytest.raises(PermissionDenied, match="Only a reviewer"):
        services.claim_rate(
            claim=claim, rating=ratings["false"], by=other_editor, version=claim.version, note="x"
        )
    assert reload(claim).rating.slug == "true"


def test_rating_the_same_again_is_refused(claim, editor, ratings):
    advance(claim, (R, editor))
    services.claim_rate(claim=claim, rating=ratings["true"], by=editor, version=2, note="ok")
    with pytest.raises(services.ClaimDeskError, match="already has that rating"):
        services.claim_rate(claim=claim, rating=ratings["true"], by=editor, version=3, note="ok")
    assert reload(claim).events.count() == 3


def test_it_requires_a_reason_to_send_back_and_to_reopen(claim, editor, reviewer, ratings):
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["true"], note="ok")
    with pytest.raises(services.ClaimDeskError, match="note is required to send a claim back"):
        services.claim_transition(claim=claim, to=R, by=reviewer, version=claim.version, note=" ")
    advance(claim, (P, reviewer))
    with pytest.raises(services.ClaimDeskError, match="note is required to reopen"):
        services.claim_transition(claim=claim, to=R, by=reviewer, version=claim.version)
    advance(claim, (R, reviewer), note="New footage contradicts the verdict")
    stored = reload(claim)
    assert stored.status == R
    assert stored.rating.slug == "true"  # the old verdict stays until a new one is set
    assert stored.events.last().note == "New footage contradicts the verdict"


def test_only_reviewers_send_back_and_reopen(claim, editor, other_editor, ratings):
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["true"], note="ok")
    with pytest.raises(PermissionDenied, match="send a claim back"):
        services.claim_transition(
            claim=claim, to=R, by=other_editor, version=claim.version, note="Not yet"
        )
    assert reload(claim).status == IR


def test_it_refuses_a_stale_version_and_changes_nothing(claim, editor, other_editor):
    opened_at = claim.version
    advance(claim, (R, editor))
    stale = Claim.objects.get(pk=claim.pk)
    stale.status, stale.version = N, opened_at  # what the second editor still sees
    expected = r"changed by erin after you opened it \(version 1\).*Since then: erin: New → Res"
    with pytest.raises(services.StaleVersion, match=expected):
        services.claim_transition(
            claim=stale, to=NC, by=other_editor, version=opened_at, note="Opinion"
        )
    stored = reload(claim)
    assert (stored.status, stored.version) == (R, 2)
    assert ClaimEvent.objects.filter(claim=claim).count() == 2


def test_not_checkable_needs_a_reason_and_a_reviewer_to_reopen(claim, editor, reviewer):
    with pytest.raises(services.ClaimDeskError, match="note is required"):
        services.claim_transition(claim=claim, to=NC, by=editor, version=claim.version)
    advance(claim, (NC, editor), note="Opinion")
    with pytest.raises(PermissionDenied):
        services.claim_transition(claim=claim, to=R, by=editor, version=claim.version, note="x")
    advance(claim, (R, reviewer), note="It is checkable after all")
    assert reload(claim).status == R


def test_allowed_transitions_follow_role(claim, editor, reviewer, viewer, ratings):
    assert services.allowed_transitions(claim=claim, user=editor) == [R, NC]
    assert services.allowed_transitions(claim=claim, user=viewer) == []
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["true"], note="ok")
    assert services.allowed_transitions(claim=claim, user=editor) == []
    assert sorted(services.allowed_transitions(claim=claim, user=reviewer)) == sorted([P, R])


def test_rating_can_be_proposed_while_researching(claim, editor, ratings):
    advance(claim, (R, editor))
    with pytest.raises(services.ClaimDeskError, match="note is required"):
        services.claim_rate(
            claim=claim, rating=ratings["false"], by=editor, version=claim.version, note=""
        )
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=editor, version=claim.version, note="Records"
    )
    stored = reload(claim)
    assert stored.rating.slug == "false"
    event = stored.events.last()
    assert (event.kind, event.from_rating, event.to_rating.slug) == (
        "rating_changed",
        None,
        "false",
    )


def test_rating_cannot_be_proposed_on_a_new_claim(claim, editor, ratings):
    with pytest.raises(services.InvalidTransition):
        services.claim_rate(
            claim=claim, rating=ratings["false"], by=editor, version=claim.version, note="x"
        )
    assert reload(claim).rating is None
