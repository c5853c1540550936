"""The claim page's "Checked before?" card: similar claims, links, offered verdicts."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimLink
from claims.services.links import claim_link
from tests.conftest import INSTRUCTION, advance, claim_at

DENIAL = "while no formal negotiations are underway yet, efforts are actively ongoing"


@pytest.fixture
def denial(article, editor) -> Claim:
    return claim_at(article, DENIAL, editor)


@pytest.fixture
def instruction(article, editor) -> Claim:
    return claim_at(article, INSTRUCTION, editor)


def page(client, claim):
    return client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()


def test_it_links_by_claim_number_and_both_pages_say_so(client, instruction, denial, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim_link_add", args=[instruction.pk]),
        {"kind": "contradicts", "other": denial.pk},
    )
    assert response.status_code == 302
    assert ClaimLink.objects.filter(from_claim=instruction, to_claim=denial).exists()
    assert f"claim #{denial.pk}</a>" in page(client, instruction)
    assert f"this claim contradicts claim #{denial.pk}" in page(client, instruction)
    assert f"claim #{instruction.pk} contradicts this claim" in page(client, denial)


def test_a_viewer_cannot_link(client, instruction, denial, viewer):
    client.force_login(viewer)
    response = client.post(
        reverse("claims:claim_link_add", args=[instruction.pk]),
        {"kind": "contradicts", "other": denial.pk},
    )
    assert response.status_code == 403
    assert not ClaimLink.objects.exists()


@pytest.mark.parametrize("other", ["0", "99999999999", "x", "424242"])
def test_a_bad_claim_number_links_nothing(client, instruction, editor, other):
    client.force_login(editor)
    url = reverse("claims:claim_link_add", args=[instruction.pk])
    response = client.post(url, {"kind": "same_as", "other": other}, follow=True)
    assert "Nothing linked" in response.content.decode()
    assert not ClaimLink.objects.exists()


def test_it_unlinks_from_the_page(client, instruction, denial, editor):
    link = claim_link(claim=instruction, other=denial, kind="supports", by=editor)
    client.force_login(editor)
    client.post(reverse("claims:claim_link_remove", args=[denial.pk, link.pk]))
    assert not ClaimLink.objects.exists()
    assert f"link removed: claim #{instruction.pk} supports this claim" in page(client, denial)


def test_the_similar_list_shows_a_claim_with_shared_words(client, article, editor):
    denial = claim_at(article, DENIAL, editor)
    short = claim_at(article, "no formal negotiations", editor)
    client.force_login(editor)
    # The short claim's longest words are all in the denial (the other way
    # round, the denial's four longest words are not in the short claim).
    assert f"Claim #{denial.pk}</a>: “{DENIAL}”" in page(client, short)


def test_a_published_same_claim_verdict_is_offered_not_applied(
    client, instruction, denial, editor, reviewer, ratings
):
    advance(denial, ("researching", editor))
    services.claim_rate(
        claim=denial, rating=ratings["true"], by=editor, version=denial.version, note="Checked"
    )
    advance(denial, ("in_review", editor), ("published", reviewer))
    claim_link(claim=instruction, other=denial, kind="same_as", by=editor)
    client.force_login(editor)
    html = page(client, instruction)
    assert f"Claim #{denial.pk}, the same claim, was published as <strong>True</strong>" in html
    instruction.refresh_from_db()
    assert instruction.rating is None  # offered, not applied

    client.post(
        reverse("claims:claim_transition", args=[instruction.pk]),
        {
            "version": instruction.version,
            "to": "researching",
            "rating": ratings["true"].pk,
            "note": f"Starting verdict taken from claim #{denial.pk}",
        },
    )
    instruction.refresh_from_db()
    assert (instruction.status, instruction.rating) == ("researching", ratings["true"])
    assert "was published as" not in page(client, instruction)  # it has a verdict now
