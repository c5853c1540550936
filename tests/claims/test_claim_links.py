"""Links between claims: made and removed by the service, on both timelines."""

import pytest
from django.core.exceptions import PermissionDenied

from claims.errors import ClaimDeskError
from claims.models import Claim, ClaimEvent, ClaimLink
from claims.record import check_record
from claims.services.links import claim_link, claim_unlink
from tests.conftest import INSTRUCTION, advance, claim_at


@pytest.fixture
def denial(article, editor) -> Claim:
    """Claim 5 of the shared article: Barrister Saif, named, says no talks are underway."""
    return claim_at(
        article,
        "while no formal negotiations are underway yet, efforts are actively ongoing",
        editor,
    )


@pytest.fixture
def instruction(article, editor) -> Claim:
    """Claim 9: anonymous sources say Imran Khan told Saif to explore dialogue."""
    return claim_at(article, INSTRUCTION, editor)


def phrases(claim):
    return [
        phrase
        for event in ClaimEvent.objects.filter(claim=claim).order_by("at", "id")
        for phrase in event.changes()
    ]


def test_it_links_9_contradicts_5_on_both_timelines(instruction, denial, editor):
    link = claim_link(claim=instruction, other=denial, kind="contradicts", by=editor)

    assert (link.from_claim_id, link.to_claim_id, link.kind) == (
        instruction.pk,
        denial.pk,
        "contradicts",
    )
    assert f"this claim contradicts claim #{denial.pk}" in phrases(instruction)
    assert f"claim #{instruction.pk} contradicts this claim" in phrases(denial)
    assert ClaimEvent.objects.filter(kind="linked", actor=editor).count() == 2
    assert check_record() == []


def test_it_keeps_both_versions(instruction, denial, editor):
    claim_link(claim=instruction, other=denial, kind="supports", by=editor)
    assert {
        claim.version for claim in Claim.objects.filter(pk__in=[instruction.pk, denial.pk])
    } == {1}


def test_it_refuses_a_viewer(instruction, denial, viewer):
    with pytest.raises(PermissionDenied):
        claim_link(claim=instruction, other=denial, kind="contradicts", by=viewer)
    assert not ClaimLink.objects.exists()
    assert not ClaimEvent.objects.filter(kind="linked").exists()


def test_it_refuses_a_self_link(instruction, editor):
    with pytest.raises(ClaimDeskError, match="itself"):
        claim_link(claim=instruction, other=instruction, kind="same_as", by=editor)
    assert not ClaimLink.objects.exists()


def test_it_refuses_an_unknown_kind(instruction, denial, editor):
    with pytest.raises(ClaimDeskError, match="not a kind of link"):
        claim_link(claim=instruction, other=denial, kind="refutes", by=editor)


@pytest.mark.parametrize("reverse", [False, True])
def test_it_refuses_a_second_link_between_the_same_claims(instruction, denial, editor, reverse):
    claim_link(claim=instruction, other=denial, kind="contradicts", by=editor)
    first, second = (denial, instruction) if reverse else (instruction, denial)
    with pytest.raises(ClaimDeskError, match="already linked"):
        claim_link(claim=first, other=second, kind="supports", by=editor)
    assert ClaimLink.objects.count() == 1
    assert ClaimEvent.objects.filter(kind="linked").count() == 2


def test_it_unlinks_with_an_event_on_both(instruction, denial, editor):
    link = claim_link(claim=instruction, other=denial, kind="contradicts", by=editor)
    claim_unlink(link=link, by=editor)

    assert not ClaimLink.objects.exists()
    assert f"link removed: this claim contradicts claim #{denial.pk}" in phrases(instruction)
    assert f"link removed: claim #{instruction.pk} contradicts this claim" in phrases(denial)
    assert check_record() == []


def test_a_viewer_cannot_unlink(instruction, denial, editor, viewer):
    link = claim_link(claim=instruction, other=denial, kind="contradicts", by=editor)
    with pytest.raises(PermissionDenied):
        claim_unlink(link=link, by=viewer)
    assert ClaimLink.objects.count() == 1


def test_a_published_claim_can_be_linked(instruction, denial, editor, reviewer, ratings):
    advance(denial, ("researching", editor))
    denial.refresh_from_db()
    from claims import services

    services.claim_rate(
        claim=denial, rating=ratings["true"], by=editor, version=denial.version, note="Checked"
    )
    denial.refresh_from_db()
    advance(denial, ("in_review", editor), ("published", reviewer))
    claim_link(claim=instruction, other=denial, kind="same_as", by=editor)
    assert check_record() == []
