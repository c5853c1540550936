"""Four eyes: whoever set the verdict that stands may not publish it, however the
claim reached review, through every door (claim page, admin action, dashboard)."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimEvent, Status
from tests.conftest import advance

CHANGELIST = reverse("admin:claims_claim_changelist")


def reload(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def page_move(client, claim: Claim, to: str, note: str = "", rating=None):
    data = {"to": to, "version": reload(claim).version, "note": note}
    if rating is not None:
        data["rating"] = rating.pk
    return client.post(reverse("claims:claim_transition", args=[claim.pk]), data)


def admin_publish(client, claim: Claim) -> list[str]:
    response = client.post(
        CHANGELIST,
        {
            "action": "publish_selected",
            "_selected_action": [claim.pk],
            "apply": "yes",
            "note": "Looks right",
        },
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def last_event(claim: Claim) -> ClaimEvent:
    return claim.events.order_by("at", "id").last()


@pytest.fixture
def rated_by_reviewer(claim, editor, reviewer, ratings) -> Claim:
    """The editor researches, the reviewer sets the verdict, the editor sends it on unchanged."""
    advance(claim, (Status.RESEARCHING, editor))
    services.claim_rate(
        claim=claim, rating=ratings["true"], by=reviewer, version=claim.version, note="Jail log"
    )
    advance(claim, (Status.IN_REVIEW, editor))
    return reload(claim)


def test_it_records_the_verdict_author_on_the_claim_and_its_events(rated_by_reviewer, reviewer):
    claim = rated_by_reviewer
    assert (claim.rating.slug, claim.rating.value) == ("true", 5)
    assert claim.verdict_by == reviewer
    kinds_and_authors = [(e.kind, e.verdict_by_id) for e in claim.events.order_by("at", "id")]
    assert kinds_and_authors == [
        (ClaimEvent.Kind.CREATED, None),
        (ClaimEvent.Kind.STATUS_CHANGED, None),
        (ClaimEvent.Kind.RATING_CHANGED, reviewer.pk),
        (ClaimEvent.Kind.STATUS_CHANGED, reviewer.pk),
    ]


def test_it_refuses_the_verdict_author_publishing_on_the_claim_page(
    client, rated_by_reviewer, reviewer
):
    client.force_login(reviewer)
    response = page_move(client, rated_by_reviewer, Status.PUBLISHED, note="Fine")
    assert response.status_code == 400
    assert "Four eyes: you set this verdict" in response.content.decode()
    stored = reload(rated_by_reviewer)
    assert stored.status == Status.IN_REVIEW
    assert not stored.events.filter(to_status=Status.PUBLISHED).exists()


def test_it_refuses_the_verdict_author_in_the_admin_publish_action(
    client, rated_by_reviewer, reviewer
):
    client.force_login(reviewer)
    messages = admin_publish(client, rated_by_reviewer)
    assert any(
        f"Claim #{rated_by_reviewer.pk}" in m and "Four eyes: you set this verdict" in m
        for m in messages
    ), messages
    assert not any("published." in m for m in messages)
    assert reload(rated_by_reviewer).status == Status.IN_REVIEW


def test_it_lists_the_refusal_on_the_admin_confirmation_page(client, rated_by_reviewer, reviewer):
    client.force_login(reviewer)
    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [rated_by_reviewer.pk]}
    )
    assert "will be left as it is: Four eyes: you set this verdict" in response.content.decode()
    assert reload(rated_by_reviewer).status == Status.IN_REVIEW


def test_it_offers_no_publish_on_the_admin_change_form(client, rated_by_reviewer, reviewer):
    # Not a door: status is read-only on the change form; a posted status is ignored.
    claim = rated_by_reviewer
    client.force_login(reviewer)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    assert 'name="status"' not in client.get(url).content.decode()
    data = {
        "statement": claim.statement,
        "kind": claim.kind,
        "assignee": "",
        "revisit_on": "",
        "expected_version": claim.version,
        "status": Status.PUBLISHED,
    }
    for prefix in ("attributions", "evidence", "evidence-2", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    client.post(url, data)
    assert reload(claim).status == Status.IN_REVIEW


def test_it_lets_a_second_reviewer_publish_naming_the_verdict_author(
    client, rated_by_reviewer, reviewer, other_reviewer
):
    client.force_login(other_reviewer)
    response = page_move(client, rated_by_reviewer, Status.PUBLISHED, note="Agreed")
    assert response.status_code == 302
    stored = reload(rated_by_reviewer)
    assert stored.status == Status.PUBLISHED
    event = last_event(stored)
    assert (event.actor, event.verdict_by, event.to_status) == (
        other_reviewer,
        reviewer,
        Status.PUBLISHED,
    )


def test_it_lets_a_second_reviewer_publish_in_the_admin(
    client, rated_by_reviewer, reviewer, other_reviewer
):
    client.force_login(other_reviewer)
    assert "1 claim(s) published." in admin_publish(client, rated_by_reviewer)
    event = last_event(reload(rated_by_reviewer))
    assert (event.actor, event.verdict_by) == (other_reviewer, reviewer)


def test_it_shows_the_verdict_author_the_reason_not_the_button(
    client, rated_by_reviewer, reviewer, other_reviewer
):
    client.force_login(reviewer)
    html = client.get(rated_by_reviewer.get_absolute_url()).content.decode()
    assert 'class="move-published"' not in html
    assert "move-withheld-published" in html
    assert "Four eyes: you set this verdict" in html
    client.force_login(other_reviewer)
    html = client.get(rated_by_reviewer.get_absolute_url()).content.decode()
    assert 'class="move-published"' in html
    assert "move-withheld-published" not in html


def test_it_leaves_it_off_the_verdict_authors_review_list(
    client, rated_by_reviewer, reviewer, other_reviewer
):
    dashboard = reverse("claims:dashboard")
    client.force_login(reviewer)
    assert rated_by_reviewer not in client.get(dashboard).context["awaiting_review"]
    client.force_login(other_reviewer)
    assert rated_by_reviewer in client.get(dashboard).context["awaiting_review"]


def test_it_makes_a_reviewer_who_sends_back_with_a_verdict_its_author(
    client, claim, editor, reviewer, other_reviewer, ratings
):
    advance(claim, (Status.RESEARCHING, editor))
    advance(claim, (Status.IN_REVIEW, editor), rating=ratings["false"], note="Denied")
    client.force_login(reviewer)
    response = page_move(
        client, claim, Status.RESEARCHING, note="It is true, say so", rating=ratings["true"]
    )
    assert response.status_code == 302
    assert (reload(claim).verdict_by, reload(claim).rating) == (reviewer, ratings["true"])
    claim = reload(claim)
    advance(claim, (Status.IN_REVIEW, editor))

    response = page_move(client, claim, Status.PUBLISHED, note="Fine")
    assert response.status_code == 400
    assert reload(claim).status == Status.IN_REVIEW
    client.force_login(other_reviewer)
    assert page_move(client, claim, Status.PUBLISHED, note="Fine").status_code == 302
    assert last_event(reload(claim)).verdict_by == reviewer


def test_it_makes_a_reviewer_who_reopens_with_a_verdict_its_author(
    client, claim, editor, reviewer, other_reviewer, ratings
):
    advance(claim, (Status.RESEARCHING, editor))
    advance(claim, (Status.IN_REVIEW, editor), rating=ratings["false"], note="Denied")
    advance(claim, (Status.PUBLISHED, reviewer))
    client.force_login(reviewer)
    response = page_move(
        client, claim, Status.RESEARCHING, note="New evidence: true", rating=ratings["true"]
    )
    assert response.status_code == 302
    assert reload(claim).verdict_by == reviewer
    claim = reload(claim)
    advance(claim, (Status.IN_REVIEW, editor))

    messages = admin_publish(client, claim)
    assert any("Four eyes: you set this verdict" in m for m in messages), messages
    assert reload(claim).status == Status.IN_REVIEW
    client.force_login(other_reviewer)
    assert "1 claim(s) published." in admin_publish(client, claim)
    stored = reload(claim)
    assert (stored.status, stored.rating, stored.verdict_by) == (
        Status.PUBLISHED,
        ratings["true"],
        reviewer,
    )
