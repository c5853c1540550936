"""The rules table asked directly: refusals as people read them, who may rate during a move."""

import pytest
from django.core.exceptions import PermissionDenied

from claims import services, workflow
from claims.models import Claim, Status
from tests.conftest import advance

N, R, IR, P, NC = (
    Status.NEW,
    Status.RESEARCHING,
    Status.IN_REVIEW,
    Status.PUBLISHED,
    Status.NOT_CHECKABLE,
)
FOUR_EYES_OWN_VERDICT = "Four eyes: you set this verdict, so another reviewer must publish it."


@pytest.fixture
def own_verdict_in_review(claim, reviewer, ratings) -> Claim:
    advance(claim, (R, reviewer))
    return advance(claim, (IR, reviewer), rating=ratings["true"], note="Checked")


def test_publishing_without_a_verdict_says_to_choose_one(claim, editor, reviewer):
    advance(claim, (R, editor), (IR, editor))

    with pytest.raises(services.ClaimDeskError) as refused:
        services.claim_transition(claim=claim, to=P, by=reviewer, version=claim.version)

    assert str(refused.value) == "Publishing needs a rating: choose the verdict first."


def test_publishing_with_another_verdict_says_why_not(claim, editor, reviewer, ratings):
    advance(claim, (R, editor), (IR, editor), rating=ratings["true"], note="ok")

    with pytest.raises(PermissionDenied) as refused:
        services.claim_transition(
            claim=claim, to=P, by=reviewer, version=claim.version, rating=ratings["false"], note="x"
        )

    assert str(refused.value) == (
        "Four eyes: publishing cannot change the verdict. Change the rating first; "
        "another reviewer then publishes it."
    )


def test_starting_research_may_carry_a_first_verdict(claim, editor, ratings):
    services.claim_transition(
        claim=claim, to=R, by=editor, version=claim.version, rating=ratings["false"], note="Log"
    )

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.rating, stored.verdict_by) == (R, ratings["false"], editor)


def test_marking_a_new_claim_not_checkable_cannot_set_a_verdict(claim, editor, ratings):
    # Neither side of the move is a status in which anyone rates.
    with pytest.raises(PermissionDenied) as refused:
        services.claim_transition(
            claim=claim, to=NC, by=editor, version=claim.version, rating=ratings["false"], note="x"
        )

    assert str(refused.value) == "You may not change the verdict as you mark a claim not checkable."
    assert Claim.objects.get(pk=claim.pk).status == N


def test_withdrawing_the_verdict_withdraws_its_author(claim, editor, other_editor, ratings):
    advance(claim, (R, editor))
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=editor, version=claim.version, note="Log"
    )

    services.claim_rate(claim=claim, rating=None, by=other_editor, version=claim.version, note="No")

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.rating, stored.verdict_by) == (None, None)
    assert stored.events.last().verdict_by is None


def test_the_page_shows_the_publish_it_withholds_and_why(own_verdict_in_review, reviewer):
    withheld = workflow.withheld_moves(own_verdict_in_review, reviewer)

    assert [(move.target, str(refusal)) for move, refusal in withheld] == [
        (P, FOUR_EYES_OWN_VERDICT)
    ]
    assert [move.target for move in workflow.allowed_moves(own_verdict_in_review, reviewer)] == [R]


def test_nothing_is_withheld_from_whom_the_guards_let_through(claim, editor, reviewer):
    assert workflow.withheld_moves(claim, reviewer) == []
    advance(claim, (R, editor))
    assert workflow.withheld_moves(claim, editor) == []


def test_bulk_refusals_name_the_missing_move_the_permission_or_the_guard(
    own_verdict_in_review, editor, reviewer, other_reviewer
):
    claim = own_verdict_in_review

    publish = workflow.move_between(IR, P)
    start = workflow.move_between(N, R)

    assert workflow.refusal_of(claim, reviewer, start) == "it is In review, not New"
    assert workflow.refusal_of(claim, editor, publish) == (
        "you do not have permission to publish a verdict"
    )
    assert workflow.refusal_of(claim, reviewer, publish) == FOUR_EYES_OWN_VERDICT
    assert workflow.refusal_of(claim, other_reviewer, publish) is None
