"""The API's claim links (list, make, remove) and a claim's similar claims."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent, ClaimLink
from claims.services.links import claim_link
from tests.api.conftest import token_client
from tests.conftest import INSTRUCTION, advance, claim_at

DENIAL = "while no formal negotiations are underway yet, efforts are actively ongoing"


@pytest.fixture
def denial(article, editor) -> Claim:
    return claim_at(article, DENIAL, editor)


@pytest.fixture
def instruction(article, editor) -> Claim:
    return claim_at(article, INSTRUCTION, editor)


def links_url(claim: Claim) -> str:
    return reverse("api:claim_links", args=[claim.pk])


def test_it_links_two_claims_on_both_timelines(instruction, denial, editor):
    response = token_client(editor).post(
        links_url(instruction), {"other_claim": denial.pk, "kind": "contradicts"}, format="json"
    )

    assert response.status_code == 201
    link = ClaimLink.objects.get()
    assert (link.from_claim, link.to_claim, link.kind) == (instruction, denial, "contradicts")
    assert response["Location"] == reverse("api:claim_link", args=[instruction.pk, link.pk])
    body = response.json()
    assert body["id"] == link.pk and body["outgoing"] is True
    assert body["other_claim"]["id"] == denial.pk
    assert body["other_claim"]["statement"] == DENIAL
    assert body["created_by"] == "erin"
    for claim in (instruction, denial):
        assert ClaimEvent.objects.filter(claim=claim, kind="linked").count() == 1
    # A link is no change to either claim: no version asked for, none bumped.
    assert Claim.objects.get(pk=instruction.pk).version == instruction.version


def test_it_lists_the_links_either_way(instruction, denial, article, editor, viewer):
    third = claim_at(article, "efforts are actively ongoing", editor)
    claim_link(claim=instruction, other=denial, kind="contradicts", by=editor)
    claim_link(claim=third, other=denial, kind="supports", by=editor)

    response = token_client(viewer).get(links_url(denial))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["kind"], row["other_claim"]["id"], row["outgoing"]) for row in rows] == [
        ("supports", third.pk, False),
        ("contradicts", instruction.pk, False),
    ]
    assert [row["from_claim"] for row in rows] == [third.pk, instruction.pk]
    assert {row["to_claim"] for row in rows} == {denial.pk}


def test_the_list_runs_the_same_queries_whatever_it_holds(
    instruction, denial, article, editor, viewer, django_assert_num_queries
):
    for text in ("efforts are actively ongoing", "no formal negotiations", "Imran Khan"):
        claim_link(claim=claim_at(article, text, editor), other=denial, kind="same_as", by=editor)
    api = token_client(viewer)
    api.get(links_url(denial))  # warm-up: the token's last_used_at is written once
    # 1 the token (with its user), 2 the user's permissions, 3 their groups'
    # permissions, 4 the claim, 5 the page of links with both claims, their
    # verdicts and who linked them.
    with django_assert_num_queries(5):
        assert len(api.get(links_url(denial)).json()["results"]) == 3


def test_it_removes_a_link_and_both_timelines_say_so(instruction, denial, editor):
    link = claim_link(claim=instruction, other=denial, kind="supports", by=editor)

    response = token_client(editor).delete(reverse("api:claim_link", args=[denial.pk, link.pk]))

    assert response.status_code == 204
    assert not ClaimLink.objects.exists()
    for claim in (instruction, denial):
        assert ClaimEvent.objects.filter(claim=claim, kind="unlinked").count() == 1


def test_a_link_is_only_found_under_its_own_claims(instruction, denial, article, editor, viewer):
    link = claim_link(claim=instruction, other=denial, kind="supports", by=editor)
    stranger = claim_at(article, "efforts are actively ongoing", editor)
    elsewhere = reverse("api:claim_link", args=[stranger.pk, link.pk])

    assert token_client(viewer).get(elsewhere).status_code == 404
    assert token_client(editor).delete(elsewhere).status_code == 404
    assert ClaimLink.objects.filter(pk=link.pk).exists()
    shown = token_client(viewer).get(reverse("api:claim_link", args=[denial.pk, link.pk]))
    assert shown.json()["outgoing"] is False and shown.json()["other_claim"]["id"] == instruction.pk


def test_a_viewer_reads_links_but_cannot_make_or_remove_them(instruction, denial, editor, viewer):
    link = claim_link(claim=instruction, other=denial, kind="supports", by=editor)
    api = token_client(viewer)

    made = api.post(
        links_url(instruction), {"other_claim": denial.pk, "kind": "same_as"}, format="json"
    )
    removed = api.delete(reverse("api:claim_link", args=[denial.pk, link.pk]))

    assert made.status_code == removed.status_code == 403
    assert list(ClaimLink.objects.values_list("pk", flat=True)) == [link.pk]


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"other_claim": 999_999, "kind": "supports"}, "other_claim"),
        ({"other_claim": 0, "kind": "supports"}, "other_claim"),
        ({"other_claim": "x", "kind": "supports"}, "other_claim"),
        ({"kind": "supports"}, "other_claim"),
        ({"other_claim": 1, "kind": "agrees"}, "kind"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(instruction, editor, sent, field):
    response = token_client(editor).post(links_url(instruction), sent, format="json")

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not ClaimLink.objects.exists()


def test_it_refuses_what_the_desk_refuses_changing_nothing(instruction, denial, editor):
    claim_link(claim=instruction, other=denial, kind="supports", by=editor)
    api = token_client(editor)

    itself = api.post(
        links_url(instruction), {"other_claim": instruction.pk, "kind": "same_as"}, format="json"
    )
    again = api.post(
        links_url(denial), {"other_claim": instruction.pk, "kind": "contradicts"}, format="json"
    )

    assert itself.status_code == again.status_code == 422
    assert itself.json()["detail"] == "A claim cannot be linked to itself."
    assert again.json()["detail"].startswith("These claims are already linked")
    assert ClaimLink.objects.count() == 1
    assert ClaimEvent.objects.filter(kind="linked").count() == 2


def test_a_published_claim_can_be_linked(instruction, denial, editor, reviewer, ratings):
    advance(denial, ("researching", editor))
    advance(denial, ("in_review", editor), rating=ratings["false"], note="No record")
    advance(denial, ("published", reviewer))

    response = token_client(editor).post(
        links_url(instruction), {"other_claim": denial.pk, "kind": "same_as"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["other_claim"]["rating"] == "false"
    assert response.json()["other_claim"]["status"] == "published"


@pytest.mark.parametrize("claim_id", [999_999, 2**63])
def test_links_of_a_claim_that_is_not_there_are_a_404(editor, db, claim_id):
    api = token_client(editor)
    assert api.get(f"/api/v1/claims/{claim_id}/links/").status_code == 404
    assert api.post(f"/api/v1/claims/{claim_id}/links/", {}).status_code == 404
    assert api.get(f"/api/v1/claims/{claim_id}/similar/").status_code == 404


# -- similar claims


def test_it_lists_the_claims_most_like_this_one(article, denial, editor, viewer):
    short = claim_at(article, "no formal negotiations", editor)

    response = token_client(viewer).get(reverse("api:claim_similar", args=[short.pk]))

    assert response.status_code == 200
    [first, *_] = response.json()
    assert first["id"] == denial.pk and first["statement"] == DENIAL
    assert first["status"] == "new" and first["rating"] is None
    assert first["similarity"] > 0


def test_the_similar_list_leaves_out_the_claims_already_linked(article, denial, editor, viewer):
    short = claim_at(article, "no formal negotiations", editor)
    api = token_client(viewer)
    assert denial.pk in [row["id"] for row in api.get(f"/api/v1/claims/{short.pk}/similar/").json()]

    claim_link(claim=short, other=denial, kind="same_as", by=editor)

    assert denial.pk not in [
        row["id"] for row in api.get(f"/api/v1/claims/{short.pk}/similar/").json()
    ]


def test_the_similar_list_is_refused_to_the_desks_outsiders(claim, outsider):
    response = token_client(outsider).get(f"/api/v1/claims/{claim.pk}/similar/")
    assert response.status_code == 403
