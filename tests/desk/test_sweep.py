"""The daily sweep: revisit dates, claims stale in review, stuck exports; once each."""

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from claims import services
from claims.models import Claim, ClaimEvent, ExportJob
from desk.models import Notification
from desk.services.profiles import desk_profile_save
from desk.services.sweep import desk_sweep
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, advance, claim_at, rewrite_claim_row

TODAY = date(2026, 12, 1)


def reminders(kind: str) -> list[tuple[str, int | None]]:
    rows = Notification.objects.filter(kind=kind).order_by("recipient__username", "claim_id")
    return list(rows.values_list("recipient__username", "claim_id"))


def test_a_revisit_date_come_tells_the_assignee_else_the_creator(
    article, editor, other_editor, reviewer
):
    assigned = claim_at(article, INSTRUCTION, editor)
    services.claim_assign(claim=assigned, assignee=other_editor, by=editor, version=1)
    unassigned = claim_at(article, NO_FORMAL_TALKS, reviewer)
    Notification.objects.all().delete()
    rewrite_claim_row(assigned, revisit_on=TODAY)
    rewrite_claim_row(unassigned, revisit_on=TODAY - timedelta(days=2))
    desk_sweep(today=TODAY)
    assert reminders("revisit_due") == [("eddie", assigned.pk), ("rafa", unassigned.pk)]


def test_a_revisit_date_not_yet_come_or_on_a_finished_claim_tells_nobody(article, editor):
    later = claim_at(article, INSTRUCTION, editor)
    rewrite_claim_row(later, revisit_on=TODAY + timedelta(days=1))
    uncheckable = claim_at(article, NO_FORMAL_TALKS, editor)
    rewrite_claim_row(uncheckable, revisit_on=TODAY, status="not_checkable")
    published = claim_at(article, "Barrister Saif", editor)
    rewrite_claim_row(published, revisit_on=TODAY, status="published")
    desk_sweep(today=TODAY)
    assert reminders("revisit_due") == []


def test_a_new_revisit_date_reminds_again(claim, editor):
    rewrite_claim_row(claim, revisit_on=TODAY)
    desk_sweep(today=TODAY)
    rewrite_claim_row(claim, revisit_on=TODAY + timedelta(days=7))
    desk_sweep(today=TODAY + timedelta(days=7))
    assert reminders("revisit_due") == [("erin", claim.pk), ("erin", claim.pk)]


def send_to_review_on(claim: Claim, day: date, editor) -> ClaimEvent:
    """Send ``claim`` to review as if on ``day`` (the timeline is never back-dated)."""
    with time_machine.travel(timezone.make_aware(datetime.combine(day, time(9))), tick=False):
        advance(claim, ("researching", editor), ("in_review", editor))
    return claim.events.filter(to_status="in_review").latest("id")


def test_a_claim_waiting_in_review_too_long_tells_the_reviewers_once_per_round(
    claim, editor, reviewer, other_reviewer, settings
):
    settings.DESK_REVIEW_STALE_DAYS = 3
    event = send_to_review_on(claim, TODAY - timedelta(days=4), editor)
    Notification.objects.all().delete()
    desk_sweep(today=TODAY - timedelta(days=1))  # three days: not yet
    assert reminders("stale_in_review") == []
    desk_sweep(today=TODAY)
    desk_sweep(today=TODAY + timedelta(days=1))
    assert reminders("stale_in_review") == [("rafa", claim.pk), ("rosa", claim.pk)]
    assert set(Notification.objects.values_list("key", flat=True)) == {f"stale:{event.pk}"}


def test_a_second_review_round_reminds_again(claim, editor, reviewer):
    first = send_to_review_on(claim, TODAY - timedelta(days=10), editor)
    desk_sweep(today=TODAY)
    claim.refresh_from_db()
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=UTC), tick=False):
        advance(claim, ("researching", reviewer), note="One more source, please.")
        advance(claim, ("in_review", editor))
    second = claim.events.filter(to_status="in_review").latest("id")
    desk_sweep(today=TODAY)
    keys = Notification.objects.filter(kind="stale_in_review").values_list("key", flat=True)
    assert sorted(keys) == sorted([f"stale:{first.pk}", f"stale:{second.pk}"])
    assert reminders("stale_in_review") == [("rafa", claim.pk), ("rafa", claim.pk)]


def test_a_stuck_export_tells_who_asked_and_stays_retryable(viewer):
    job = ExportJob.objects.create(format="csv", requested_by=viewer, state="running", attempts=1)
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    fresh = ExportJob.objects.create(format="csv", requested_by=viewer, state="running")
    desk_sweep()
    desk_sweep()
    notification = Notification.objects.get(kind="export_stuck")
    assert (notification.recipient, notification.export_job_id) == (viewer, job.pk)
    assert fresh.pk != notification.export_job_id
    from claims.services.export_jobs import export_job_retry

    assert export_job_retry(job=job, by=viewer).state in ("queued", "done", "failed")


def test_running_the_sweep_twice_changes_nothing_the_second_time(
    claim, editor, reviewer, settings, django_capture_on_commit_callbacks
):
    reviewer.email = "rafa@example.org"
    reviewer.save()
    desk_profile_save(user=reviewer, email_notifications=True)
    rewrite_claim_row(claim, revisit_on=TODAY)
    send_to_review_on(claim, TODAY - timedelta(days=5), editor)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        desk_sweep(today=TODAY)
    first = list(Notification.objects.values_list("pk", "key", "emailed_at"))
    with django_capture_on_commit_callbacks(execute=True):
        desk_sweep(today=TODAY)
    assert list(Notification.objects.values_list("pk", "key", "emailed_at")) == first
    assert len(first) == 2
    assert [message.to for message in mail.outbox] == [["rafa@example.org"]]


def fill_desk(article, editor, viewer, texts: list[str]) -> None:
    """Claims due for a revisit and waiting in review, and a stuck export, per text."""
    for text in texts:
        claim = claim_at(article, text, editor)
        rewrite_claim_row(claim, revisit_on=TODAY)
        send_to_review_on(claim, TODAY - timedelta(days=9), editor)
        ExportJob.objects.create(format="csv", requested_by=viewer, state="running")
    ExportJob.objects.update(updated_at=timezone.now() - timedelta(hours=1))


def test_the_sweep_runs_a_fixed_number_of_queries(
    article, editor, reviewer, other_reviewer, viewer, django_assert_num_queries
):
    fill_desk(article, editor, viewer, [INSTRUCTION])
    desk_sweep(today=TODAY)
    fill_desk(article, editor, viewer, [NO_FORMAL_TALKS, "Barrister Saif", "Imran Khan"])
    # 1 savepoint, 2 claims with revisit dates come, 3 claims in review with the
    # event that sent each there, 4 who may publish, 5 stuck export jobs, 6 which
    # recipients are active (and want email), 7 the insert, 8 emails never
    # sent, 9 release.
    with django_assert_num_queries(9):
        desk_sweep(today=TODAY)
    # Per claim: one revisit (editor), two reviewers; per job: its requester.
    assert Notification.objects.exclude(kind__in=["review_requested"]).count() == 4 * (1 + 2 + 1)


def test_the_management_command_reports_what_it_found(claim):
    rewrite_claim_row(claim, revisit_on=TODAY)
    out = StringIO()
    call_command("desk_sweep", "--today", TODAY.isoformat(), stdout=out)
    assert "revisit_due: 1" in out.getvalue()
    assert Notification.objects.filter(kind="revisit_due", claim=claim).count() == 1


def test_an_email_never_handed_over_goes_out_with_the_next_sweep_once(
    claim, editor, reviewer, django_capture_on_commit_callbacks
):
    reviewer.email = "rafa@example.org"
    reviewer.save()
    desk_profile_save(user=reviewer, email_notifications=True)
    now = timezone.now()

    def stored(key: str, age: timedelta, emailed: bool = False) -> Notification:
        return Notification.objects.create(
            recipient=reviewer,
            kind="mentioned",
            key=key,
            claim=claim,
            summary=f"About claim #{claim.pk}",
            created_at=now - age,
            emailed_at=now if emailed else None,
        )

    lost = stored("mention:lost", timedelta(hours=3))  # the broker was down then
    stored("mention:old", timedelta(days=3))  # too old to be news
    stored("mention:fresh", timedelta(minutes=1))  # still on its usual way
    stored("mention:sent", timedelta(hours=3), emailed=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        found = desk_sweep(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        desk_sweep(today=TODAY)
    assert found["emails"] == 1
    assert [message.to for message in mail.outbox] == [["rafa@example.org"]]
    assert Notification.objects.get(pk=lost.pk).emailed_at is not None
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
