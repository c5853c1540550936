"""Notifications by email: to those who opted in, after commit, never twice."""

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import send_mail

from claims import services
from desk.models import Notification
from desk.services.email import notification_email_send
from desk.services.profiles import desk_profile_save
from desk.tasks import send_notification_email


@pytest.fixture
def opted_in(other_editor):
    other_editor.email = "eddie@example.org"
    other_editor.save()
    desk_profile_save(user=other_editor, email_notifications=True)
    return other_editor


def assign(claim, to, by):
    services.claim_assign(claim=claim, assignee=to, by=by, version=claim.version)


def test_it_emails_after_commit_with_a_link_to_the_claim(
    claim, editor, opted_in, settings, django_capture_on_commit_callbacks
):
    settings.DESK_SITE_URL = "https://desk.example.org/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assign(claim, opted_in, editor)
    assert not mail.outbox  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    [message] = mail.outbox
    assert message.to == ["eddie@example.org"]
    assert message.subject == "[Claim desk] Assigned to you"
    assert f"https://desk.example.org/claims/{claim.pk}/" in message.body
    assert f"erin assigned you claim #{claim.pk}" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_a_task_delivered_twice_sends_once(
    claim, editor, opted_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assign(claim, opted_in, editor)
    notification = Notification.objects.get()
    assert send_notification_email(notification.pk) is False  # the redelivery
    assert notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_nobody_is_emailed_without_opting_in(
    claim, editor, other_editor, django_capture_on_commit_callbacks
):
    other_editor.email = "eddie@example.org"
    other_editor.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assign(claim, other_editor, editor)
    assert callbacks == []
    assert Notification.objects.get().emailed_at is None
    assert not mail.outbox


def test_opting_out_after_queueing_stops_the_email(
    claim, editor, opted_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assign(claim, opted_in, editor)
    desk_profile_save(user=opted_in, email_notifications=False)
    callbacks[0]()
    assert not mail.outbox
    assert Notification.objects.get().emailed_at is None


def test_losing_the_role_after_queueing_stops_the_email(
    claim, editor, opted_in, django_capture_on_commit_callbacks
):
    # The email quotes the claim: asked at sending time, as the opt-in is.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assign(claim, opted_in, editor)
    opted_in.groups.clear()
    callbacks[0]()
    assert not mail.outbox
    assert Notification.objects.get().emailed_at is None


def test_a_mail_server_that_refuses_leaves_it_to_send_later(
    claim, editor, opted_in, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assign(claim, opted_in, editor)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("desk.services.email.send_mail", refuse)
    # Run at once (no broker), the task's retry is thrown: the task will try again.
    with pytest.raises(Retry):
        callbacks[0]()
    assert Notification.objects.get().emailed_at is None
    monkeypatch.undo()
    assert notification_email_send(notification_id=Notification.objects.get().pk) is True
    assert len(mail.outbox) == 1


def test_a_mail_server_that_refuses_does_not_fail_the_write_that_notified(
    claim, editor, opted_in, django_capture_on_commit_callbacks, monkeypatch
):
    # Without a broker the task runs at once, in the commit's callbacks: an
    # SMTP error (or a broker down) once answered the assignment with a 500,
    # the assignment committed all the same.
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("desk.services.email.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assign(claim, opted_in, editor)
    assert len(callbacks) == 1
    claim.refresh_from_db()
    assert claim.assignee == opted_in
    assert Notification.objects.get().emailed_at is None


def test_the_email_task_tries_again_when_the_mail_server_refuses_once(
    claim, editor, opted_in, django_capture_on_commit_callbacks, monkeypatch
):
    # The task said "a retry sends it", but nothing retried: the email was lost.
    with django_capture_on_commit_callbacks(execute=False):
        assign(claim, opted_in, editor)
    notification = Notification.objects.get()
    refusals = []

    def refuse_once(*args, **kwargs):
        if not refusals:
            refusals.append(1)
            raise ConnectionRefusedError("SMTP down")
        return send_mail(*args, **kwargs)

    monkeypatch.setattr("desk.services.email.send_mail", refuse_once)
    # As a worker runs it: the refusal is not thrown, the task is run again.
    assert send_notification_email.apply(args=[notification.pk], throw=False).get() is True
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_cause_seen_again_queues_no_second_email(
    claim, editor, opted_in, django_capture_on_commit_callbacks
):
    from desk.services.notifications import notify_event

    with django_capture_on_commit_callbacks(execute=False) as first:
        assign(claim, opted_in, editor)
    event = claim.events.get(kind="assigned")
    # Seen again while its email is still queued (not yet sent): not queued twice.
    with django_capture_on_commit_callbacks(execute=False) as again:
        notify_event(event, claim)
    assert (len(first), len(again)) == (1, 0)
