"""The dashboard's "Awaiting my review": only what this reviewer may publish now."""

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Status
from tests.conftest import advance, claim_at

DASHBOARD = reverse("claims:dashboard")


def awaiting_my_review(client) -> list[int]:
    """The claim ids the "Awaiting my review" card links to, in page order."""
    html = client.get(DASHBOARD).content.decode()
    card = re.search(r"<h2>Awaiting my review</h2>(.*?)</section>", html, re.S)
    assert card, "no Awaiting my review card"
    return [int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', card.group(1))]


@pytest.fixture
def in_review(article, editor, reviewer, ratings) -> dict[str, Claim]:
    """Four claims in review, each with a different sender and verdict author.

    - ``others``: sent and rated by an editor: the reviewer may publish it.
    - ``sent_by_me``: rated by an editor, sent to review by the reviewer.
    - ``rated_by_me``: sent by an editor, its verdict set in review by the reviewer.
    - ``no_verdict``: sent by an editor without a verdict: nothing to publish yet.
    """
    others = claim_at(article, "Efforts to resume negotiations", editor)
    advance(others, (Status.RESEARCHING, editor))
    advance(others, (Status.IN_REVIEW, editor), rating=ratings["false"], note="Records")

    sent_by_me = claim_at(article, "Barrister Saif confirmed", editor)
    advance(sent_by_me, (Status.RESEARCHING, editor))
    services.claim_rate(
        claim=sent_by_me, rating=ratings["false"], by=editor, version=sent_by_me.version, note="N"
    )
    advance(sent_by_me, (Status.IN_REVIEW, reviewer))

    rated_by_me = claim_at(article, "Sources explained", editor)
    advance(rated_by_me, (Status.RESEARCHING, editor), (Status.IN_REVIEW, editor))
    services.claim_rate(
        claim=rated_by_me,
        rating=ratings["true"],
        by=reviewer,
        version=rated_by_me.version,
        note="N",
    )

    no_verdict = claim_at(article, "PTI leaders believe", editor)
    advance(no_verdict, (Status.RESEARCHING, editor), (Status.IN_REVIEW, editor))

    claims = {
        "others": others,
        "sent_by_me": sent_by_me,
        "rated_by_me": rated_by_me,
        "no_verdict": no_verdict,
    }
    stored = {name: Claim.objects.get(pk=claim.pk) for name, claim in claims.items()}
    assert all(claim.status == Status.IN_REVIEW for claim in stored.values())
    assert stored["sent_by_me"].review_requested_by == reviewer
    assert stored["sent_by_me"].verdict_by == editor
    assert stored["rated_by_me"].review_requested_by == editor
    assert stored["rated_by_me"].verdict_by == reviewer
    return stored


def test_it_lists_for_review_only_what_the_reviewer_may_publish(client, in_review, reviewer):
    client.force_login(reviewer)
    assert awaiting_my_review(client) == [in_review["others"].pk]


def test_it_leaves_out_a_claim_the_reviewer_sent_to_review(client, in_review, reviewer):
    client.force_login(reviewer)
    assert in_review["sent_by_me"].pk not in awaiting_my_review(client)


def test_it_leaves_out_a_claim_whose_verdict_the_reviewer_set(client, in_review, reviewer):
    client.force_login(reviewer)
    assert in_review["rated_by_me"].pk not in awaiting_my_review(client)


def test_another_reviewer_sees_every_claim_with_a_verdict(client, in_review, other_reviewer):
    client.force_login(other_reviewer)
    # Oldest change first.
    expected = [in_review[name].pk for name in ("others", "sent_by_me", "rated_by_me")]
    assert awaiting_my_review(client) == expected


def test_the_list_agrees_with_the_claim_pages_publish_rule(client, in_review, reviewer):
    client.force_login(reviewer)
    listed = set(awaiting_my_review(client))
    assert listed == {pk for pk in (c.pk for c in in_review.values()) if _can_publish(pk, reviewer)}


def _can_publish(pk: int, user) -> bool:
    return Claim.objects.get(pk=pk).can_publish(user)


def test_an_editor_has_no_review_card(client, in_review, editor):
    client.force_login(editor)
    html = client.get(DASHBOARD).content.decode()
    assert "Awaiting my review" not in html
