"""The claim page's workflow card: one form, a named reviewer, and a double click."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimEvent, Status
from tests.conftest import advance, make_user

R, IR, P = Status.RESEARCHING, Status.IN_REVIEW, Status.PUBLISHED


def move_url(claim: Claim) -> str:
    return reverse("claims:claim_transition", args=[claim.pk])


def status_events(claim: Claim) -> list[ClaimEvent]:
    return list(claim.events.filter(kind=ClaimEvent.Kind.STATUS_CHANGED).order_by("at", "id"))


def test_it_records_the_named_reviewer_in_the_event(claim, editor, reviewer):
    advance(claim, (R, editor))
    services.claim_transition(
        claim=claim, to=IR, by=editor, version=claim.version, reviewer=reviewer
    )
    assert status_events(claim)[-1].details == {"reviewer": reviewer.pk}


def test_it_records_no_reviewer_when_none_is_named(claim, editor):
    advance(claim, (R, editor), (IR, editor))
    assert status_events(claim)[-1].details == {}


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("other_editor", "cannot publish"),
        ("editor", "other than yourself"),
    ],
)
def test_it_refuses_a_reviewer_who_cannot_review_it(claim, editor, other_editor, who, message):
    advance(claim, (R, editor))
    named = {"editor": editor, "other_editor": other_editor}[who]
    with pytest.raises(services.ClaimDeskError, match=message):
        services.claim_transition(
            claim=claim, to=IR, by=editor, version=claim.version, reviewer=named
        )
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.version) == (R, claim.version)


def test_it_refuses_an_inactive_reviewer(claim, editor, reviewer):
    reviewer.is_active = False
    reviewer.save()
    advance(claim, (R, editor))
    with pytest.raises(services.ClaimDeskError, match="cannot publish"):
        services.claim_transition(
            claim=claim, to=IR, by=editor, version=claim.version, reviewer=reviewer
        )


def test_it_refuses_a_reviewer_on_another_move(claim, editor, reviewer):
    with pytest.raises(services.ClaimDeskError, match="only when sending a claim to review"):
        services.claim_transition(claim=claim, to=R, by=editor, version=1, reviewer=reviewer)
    assert Claim.objects.get(pk=claim.pk).status == Status.NEW


def test_a_repeated_move_from_the_same_version_is_done_once(claim, editor):
    services.claim_transition(claim=claim, to=R, by=editor, version=1)
    again = services.claim_transition(
        claim=Claim.objects.get(pk=claim.pk), to=R, by=editor, version=1
    )
    assert again.status == R
    assert again.version == 2
    assert len(status_events(claim)) == 1


def test_the_same_move_by_someone_else_from_the_old_version_is_stale(claim, editor, other_editor):
    services.claim_transition(claim=claim, to=R, by=editor, version=1)
    with pytest.raises(services.StaleVersion):
        services.claim_transition(claim=claim, to=R, by=other_editor, version=1)
    assert len(status_events(claim)) == 1


def test_an_older_version_than_the_last_move_is_still_stale(claim, editor):
    advance(claim, (R, editor), (IR, editor))
    with pytest.raises(services.StaleVersion):
        services.claim_transition(claim=claim, to=IR, by=editor, version=1)


def test_a_double_clicked_button_answers_as_done_without_a_false_error(client, claim, editor):
    client.force_login(editor)
    data = {"to": R, "version": 1, "note": ""}
    client.post(move_url(claim), data)
    response = client.post(move_url(claim), data, follow=True)
    page = response.content.decode()
    assert "Moved to Researching." in page
    assert "cannot go from" not in page
    assert len(status_events(claim)) == 1


def test_the_page_posts_the_named_reviewer(client, claim, editor, reviewer):
    advance(claim, (R, editor))
    client.force_login(editor)
    client.post(
        move_url(claim),
        {"to": IR, "version": claim.version, "note": "", "reviewer": reviewer.pk},
    )
    assert status_events(claim)[-1].details == {"reviewer": reviewer.pk}


def test_the_page_refuses_a_named_editor_with_a_message(client, claim, editor, other_editor):
    advance(claim, (R, editor))
    client.force_login(editor)
    response = client.post(
        move_url(claim),
        {"to": IR, "version": claim.version, "note": "", "reviewer": other_editor.pk},
    )
    assert response.status_code == 400
    assert "cannot publish, so cannot be named" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == R


def test_the_card_offers_reviewers_other_than_oneself(client, claim, reviewer, other_reviewer):
    advance(claim, (R, reviewer))
    client.force_login(reviewer)
    page = client.get(claim.get_absolute_url()).content.decode()
    card = page[page.index('id="move-reviewer"') :]
    card = card[: card.index("</select>")]
    assert f'value="{other_reviewer.pk}"' in card
    assert f'value="{reviewer.pk}"' not in card


def test_the_card_is_one_form_with_one_note_marked_required_where_needed(client, claim, editor):
    advance(claim, (R, editor))
    client.force_login(editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert page.count('class="transition workflow-form"') == 1
    card = page[page.index("workflow-form") :]
    card = card[: card.index("</form>")]
    assert card.count('name="note"') == 1
    assert "Note (required to mark not checkable)" in card
    assert 'required aria-required="true"' in card
    # The move that needs no note skips the browser's check; the one that needs it does not.
    assert 'value="in_review" class="move-in_review" formnovalidate' in page
    assert 'value="not_checkable" class="move-not_checkable">' in page


def test_the_server_refuses_a_required_note_left_empty(client, claim, editor):
    client.force_login(editor)
    response = client.post(move_url(claim), {"to": Status.NOT_CHECKABLE, "version": 1, "note": " "})
    assert response.status_code == 400
    assert "A note is required" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Status.NEW


def test_publish_is_withheld_from_the_verdicts_author_with_the_reason(
    client, claim, editor, reviewer, ratings
):
    advance(claim, (R, editor), (IR, editor))
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=reviewer, version=claim.version, note="Log"
    )
    client.force_login(reviewer)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert 'value="published"' not in page
    assert "<strong>Publish</strong> is not offered:" in page


def test_the_card_shows_the_verdict_a_publish_would_publish(
    client, claim, editor, reviewer, other_reviewer, ratings
):
    advance(claim, (R, editor))
    services.claim_transition(
        claim=claim, to=IR, by=editor, version=claim.version, rating=ratings["false"], note="Log"
    )
    client.force_login(other_reviewer)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert 'value="published"' in page
    assert f"Publishing the verdict <strong>{ratings['false']}</strong>" in page


def test_a_viewer_cannot_move_a_claim(client, claim, viewer):
    client.force_login(viewer)
    response = client.post(move_url(claim), {"to": R, "version": 1})
    assert response.status_code == 400
    assert "You do not have permission to start research." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Status.NEW


def test_the_move_endpoint_refuses_get(client, claim, editor):
    client.force_login(editor)
    assert client.get(move_url(claim)).status_code == 405


def test_a_superuser_can_be_named_reviewer(claim, editor):
    admin = make_user("chief", None)
    admin.is_superuser = True
    admin.save()
    advance(claim, (R, editor))
    services.claim_transition(claim=claim, to=IR, by=editor, version=claim.version, reviewer=admin)
    assert status_events(claim)[-1].details == {"reviewer": admin.pk}


def test_the_same_move_with_another_verdict_from_the_old_version_is_stale(claim, editor, ratings):
    # Two tabs opened at one version: the second asks for a different verdict,
    # which nobody made; answering it "done" would hide that it was not.
    advance(claim, (R, editor))
    version = claim.version
    services.claim_transition(
        claim=claim, to=IR, by=editor, version=version, rating=ratings["false"], note="Log"
    )
    with pytest.raises(services.StaleVersion):
        services.claim_transition(
            claim=Claim.objects.get(pk=claim.pk),
            to=IR,
            by=editor,
            version=version,
            rating=ratings["true"],
            note="Log",
        )
    assert Claim.objects.get(pk=claim.pk).rating == ratings["false"]


def test_the_same_move_naming_another_reviewer_from_the_old_version_is_stale(
    claim, editor, reviewer, other_reviewer
):
    advance(claim, (R, editor))
    version = claim.version
    services.claim_transition(claim=claim, to=IR, by=editor, version=version, reviewer=reviewer)
    with pytest.raises(services.StaleVersion):
        services.claim_transition(
            claim=Claim.objects.get(pk=claim.pk),
            to=IR,
            by=editor,
            version=version,
            reviewer=other_reviewer,
        )
    assert status_events(claim)[-1].details == {"reviewer": reviewer.pk}


def test_the_same_move_with_another_note_from_the_old_version_is_stale(claim, editor):
    services.claim_transition(
        claim=claim, to=Status.NOT_CHECKABLE, by=editor, version=1, note="An opinion"
    )
    with pytest.raises(services.StaleVersion):
        services.claim_transition(
            claim=Claim.objects.get(pk=claim.pk),
            to=Status.NOT_CHECKABLE,
            by=editor,
            version=1,
            note="Out of scope",
        )
    assert [event.note for event in status_events(claim)] == ["An opinion"]


def test_a_repeated_move_with_its_verdict_is_done_once(claim, editor, ratings):
    advance(claim, (R, editor))
    version = claim.version
    for _ in range(2):
        services.claim_transition(
            claim=Claim.objects.get(pk=claim.pk),
            to=IR,
            by=editor,
            version=version,
            rating=ratings["false"],
            note=" Log ",
        )
    assert len(status_events(claim)) == 2  # start research, send to review
    assert Claim.objects.get(pk=claim.pk).rating == ratings["false"]


def test_a_repeated_move_after_evidence_was_added_is_still_done_once(claim, editor):
    services.claim_transition(claim=claim, to=R, by=editor, version=1)
    services.evidence_add(
        claim=claim, by=editor, title="Minutes", stance="context", url="https://example.org/m"
    )
    again = services.claim_transition(
        claim=Claim.objects.get(pk=claim.pk), to=R, by=editor, version=1
    )
    assert (again.status, again.version) == (R, 2)
    assert len(status_events(claim)) == 1


def test_the_cards_verdict_does_not_travel_with_mark_not_checkable(client, claim, editor, ratings):
    # One form: the verdict chosen for Send to review is posted with every button.
    advance(claim, (R, editor))
    client.force_login(editor)
    data = {
        "to": Status.NOT_CHECKABLE,
        "version": claim.version,
        "note": "An opinion",
        "rating": ratings["false"].pk,
    }
    response = client.post(move_url(claim), data)
    assert response.status_code == 400
    assert "may not change the verdict as you mark a claim not checkable" in (
        response.content.decode()
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.rating) == (R, None)


def test_it_refuses_naming_the_verdicts_author_as_reviewer(claim, editor, reviewer, ratings):
    # Four eyes would keep them from publishing it: naming them sends the
    # claim to someone who cannot finish it.
    advance(claim, (R, editor))
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=reviewer, version=claim.version, note="Log"
    )
    with pytest.raises(services.ClaimDeskError, match="set this verdict"):
        services.claim_transition(
            claim=claim, to=IR, by=editor, version=claim.version, reviewer=reviewer
        )
    assert Claim.objects.get(pk=claim.pk).status == R
