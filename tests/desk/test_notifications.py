"""Notifications from the timeline: who is told of what, once, in the event's transaction."""

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from claims import services
from claims.models import Claim, ClaimEvent
from desk.models import Notification
from desk.services.comments import comment_add
from desk.services.notifications import notify_event
from tests.conftest import advance, make_user


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_assigning_tells_the_new_assignee(claim, editor, other_editor):
    services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=claim.version)
    notification = Notification.objects.get()
    event = claim.events.get(kind="assigned")
    assert (notification.recipient, notification.kind, notification.key) == (
        other_editor,
        "assigned",
        f"event:{event.pk}",
    )
    assert (notification.claim_id, notification.event_id, notification.actor) == (
        claim.pk,
        event.pk,
        editor,
    )
    assert notification.summary.startswith(f"erin assigned you claim #{claim.pk}: ")


def test_assigning_oneself_tells_nobody(claim, editor):
    services.claim_assign(claim=claim, assignee=editor, by=editor, version=claim.version)
    assert not Notification.objects.exists()


def test_a_refused_write_leaves_no_notification(claim, editor, other_editor):
    with pytest.raises(services.StaleVersion):
        services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=99)
    assert not Notification.objects.exists()


def test_a_notification_rolls_back_with_its_event(claim, editor, other_editor):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=claim.version)
        assert Notification.objects.count() == 1
        raise RuntimeError("the request failed later")
    assert not Notification.objects.exists()


def test_sending_to_review_tells_every_reviewer(claim, editor, reviewer, other_reviewer):
    make_user("gone", "Reviewers").__class__.objects.filter(username="gone").update(is_active=False)
    advance(claim, ("researching", editor), ("in_review", editor))
    assert told("review_requested") == {"rafa", "rosa"}


def test_a_reviewer_sending_to_review_is_not_told_themselves(claim, reviewer, other_reviewer):
    advance(claim, ("researching", reviewer), ("in_review", reviewer))
    assert told("review_requested") == {"rosa"}


def test_sending_to_review_tells_only_the_named_reviewer(claim, editor, reviewer, other_reviewer):
    advance(claim, ("researching", editor))
    claim.refresh_from_db()
    services.claim_transition(
        claim=claim, to="in_review", by=editor, version=claim.version, reviewer=other_reviewer
    )
    assert told("review_requested") == {"rosa"}
    assert claim.events.get(to_status="in_review").details == {"reviewer": other_reviewer.pk}


def test_a_review_event_naming_a_reviewer_is_read_as_the_workflow_writes_it(
    claim, editor, reviewer, other_reviewer
):
    advance(claim, ("researching", editor))
    event = ClaimEvent.objects.create(
        claim=claim,
        actor=editor,
        kind="status_changed",
        from_status="researching",
        to_status="in_review",
        details={"reviewer": other_reviewer.pk},
    )
    notify_event(event, Claim.objects.get(pk=claim.pk))
    assert told("review_requested") == {"rosa"}


def test_sending_back_tells_the_sender_and_the_assignee(
    claim, editor, other_editor, reviewer, other_reviewer
):
    advance(claim, ("researching", editor))
    services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=claim.version)
    claim.refresh_from_db()
    advance(claim, ("in_review", editor))
    advance(claim, ("researching", reviewer), note="Needs a second source.")
    assert told("sent_back") == {"erin", "eddie"}


def test_publishing_and_reopening_tell_everyone_who_worked_on_it(
    claim, editor, other_editor, reviewer, other_reviewer, viewer, ratings
):
    advance(claim, ("researching", editor))
    services.evidence_add(claim=claim, by=other_editor, title="Log", url="https://example.org")
    claim.refresh_from_db()
    advance(claim, ("in_review", editor), rating=ratings["half-true"], note="Half.")
    advance(claim, ("published", reviewer))
    assert told("published") == {"erin", "eddie"}
    advance(claim, ("researching", other_reviewer), note="New facts.")
    assert told("reopened") == {"erin", "eddie", "rafa"}


def test_an_event_notifies_in_a_bounded_number_of_queries(
    claim, editor, reviewer, ratings, django_assert_num_queries
):
    for n in range(30):
        make_user(f"reviewer{n}", "Reviewers")
    advance(claim, ("researching", editor))
    event = ClaimEvent.objects.create(
        claim=claim,
        actor=editor,
        kind="status_changed",
        from_status="researching",
        to_status="in_review",
    )
    claim = Claim.objects.get(pk=claim.pk)
    # 1 who may publish, 2 which of them are active (and want email), 3 the insert.
    with django_assert_num_queries(3):
        notify_event(event, claim)
    assert Notification.objects.count() == 31


def test_an_event_that_concerns_nobody_costs_no_query(claim, editor, django_assert_num_queries):
    event = claim.events.get()
    with django_assert_num_queries(0):
        notify_event(event, claim)


def test_the_same_event_notifies_each_person_once(claim, editor, other_editor):
    services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=claim.version)
    event = claim.events.get(kind="assigned")
    notify_event(event, Claim.objects.get(pk=claim.pk))
    assert Notification.objects.count() == 1


def test_someone_who_may_not_read_claims_is_not_told_what_a_claim_says(claim, editor, outsider):
    # Mentioned, or assigned a claim: a notification quotes the claim's
    # statement, and would go on by email to someone whose role was taken away.
    comment_add(claim=claim, by=editor, body="@otto, have a look")
    services.claim_assign(claim=claim, assignee=outsider, by=editor, version=claim.version)
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_a_superuser_or_a_user_granted_reading_directly_is_still_told(claim, editor):
    boss = make_user("boss", None)
    boss.is_superuser = True
    boss.save()
    reader = make_user("reader", None)
    reader.user_permissions.add(Permission.objects.get(codename="view_claim"))
    comment_add(claim=claim, by=editor, body="@boss @reader see this")
    assert told("mentioned") == {"boss", "reader"}
