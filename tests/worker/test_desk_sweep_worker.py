"""The beat's daily sweep on a real Celery worker on Redis: each reminder once.

Runs when CELERY_BROKER_URL is set and the database is PostgreSQL (CI's
PostgreSQL run). The worker writes its emails to files (Django's file-based
backend, one file a message), so that the test can count what was sent.
"""

import os
import time
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone

from claims import services
from claims.models import ExportJob
from desk.models import Notification
from desk.services.profiles import desk_profile_save
from desk.tasks import run_desk_sweep
from factcheck.celery import app
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, advance, claim_at, make_user
from tests.worker.test_celery_worker import running_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="no broker: set CELERY_BROKER_URL"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker needs a shared database"
    ),
]

TODAY = date(2026, 12, 1)
# A reminder due only on this later day: the sweep run then is the last in the
# queue, and once its reminder is out, the runs before it have finished.
SENTINEL_DAY = TODAY + timedelta(days=5)


@pytest.fixture(scope="module")
def mail_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="module")
def sweep_worker(mail_dir):
    queue = f"test-sweep-{os.getpid()}"
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        # The emails the sweep queues must reach this worker too.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    with running_worker(queue, env):
        yield queue


@pytest.fixture
def on_sweep_worker(sweep_worker):
    app.conf.task_always_eager = False
    app.conf.task_default_queue = sweep_worker
    yield
    app.conf.task_default_queue = "celery"


def opted_in(username: str, group: str):
    user = make_user(username, group)
    user.email = f"{username}@example.org"
    user.save()
    desk_profile_save(user=user, email_notifications=True)
    return user


def messages_in(mail_dir) -> list[str]:
    """The messages the file-based backend wrote: one file per connection, named
    by the second and the backend object's id, so two sends in one second can
    share a file (counting files once made this test fail); each message ends
    with a line of 79 dashes."""
    texts = [path.read_text() for path in mail_dir.iterdir()]
    return [m for text in texts for m in text.split("-" * 79 + "\n") if m.strip()]


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise TimeoutError(f"the worker did not deliver {what} within 60 s")


def test_the_sweep_on_a_worker_delivers_each_reminder_once(
    seed_data, article, on_sweep_worker, mail_dir
):
    editor = opted_in("erin", "Editors")
    opted_in("rafa", "Reviewers")
    viewer = opted_in("vera", "Viewers")
    revisit = claim_at(article, INSTRUCTION, editor)
    services.claim_update(claim=revisit, by=editor, version=revisit.version, revisit_on=TODAY)
    sentinel = claim_at(article, "Barrister Saif", editor)
    services.claim_update(
        claim=sentinel, by=editor, version=sentinel.version, revisit_on=SENTINEL_DAY
    )
    waiting = claim_at(article, NO_FORMAL_TALKS, editor)
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=UTC), tick=False):
        advance(waiting, ("researching", editor), ("in_review", editor))
    job = ExportJob.objects.create(format="csv", requested_by=viewer, state="running", attempts=1)
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    # What sending to review told the reviewer is not the sweep's: start afresh.
    Notification.objects.all().delete()

    for day in (TODAY, TODAY, SENTINEL_DAY):
        run_desk_sweep.delay(day.isoformat())
    wait_for(
        lambda: (
            Notification.objects.filter(claim=sentinel, emailed_at__isnull=False).exists()
            and len(messages_in(mail_dir)) >= 4
        ),
        "the sentinel's reminder",
    )
    time.sleep(1)  # any late duplicate would land now

    reminders = Notification.objects.order_by("kind", "recipient__username")
    assert list(reminders.values_list("kind", "recipient__username")) == [
        ("export_stuck", "vera"),
        ("revisit_due", "erin"),
        ("revisit_due", "erin"),
        ("stale_in_review", "rafa"),
    ]
    assert not reminders.filter(emailed_at__isnull=True).exists()
    mails = messages_in(mail_dir)
    assert len(mails) == 4
    assert sorted(mail.count("To: ") for mail in mails) == [1, 1, 1, 1]
    assert sum("To: rafa@example.org" in mail for mail in mails) == 1
    assert sum("To: vera@example.org" in mail for mail in mails) == 1
