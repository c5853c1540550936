"""A real Celery worker on Redis runs a URL import.

Runs when CELERY_BROKER_URL is set (CI's PostgreSQL run); the test starts its
own worker process against the test database and stops it afterwards.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from claims.models import ArticleFetch
from claims.services.export_jobs import export_job_request
from claims.services.imports import article_fetch_request
from factcheck.celery import app
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="no broker: set CELERY_BROKER_URL"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker needs a shared database"
    ),
]


def database_url() -> str:
    db = connection.settings_dict
    password = db.get("PASSWORD") or ""
    return f"postgres://{db['USER']}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def worker_media(tmp_path_factory):
    """The worker's MEDIA_ROOT: what a shared volume is to separate machines."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def worker(worker_media):
    env = {"FETCH_ALLOW_PRIVATE_ADDRESSES": "1", "DJANGO_MEDIA_ROOT": str(worker_media)}
    with running_worker(f"test-{os.getpid()}", env) as queue:
        yield queue


@contextmanager
def running_worker(queue: str, env: dict[str, str]) -> Iterator[str]:
    """A Celery worker process on ``queue``, on the test database, with ``env``
    on top of this process's environment; stopped (its output printed) after."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),  # the test database, not the configured one
        "DJANGO_DEBUG": "1",
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool=solo"]
    process = subprocess.Popen(
        [*command, "--queues", queue, "--hostname", f"{queue}@%h", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_ready(process, queue)
        yield queue
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)  # shown by pytest when the test fails


def wait_until_ready(process: subprocess.Popen, queue: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited with {process.returncode}")
        if app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1):
            return
    raise TimeoutError("the worker did not answer a ping within 60 s")


@pytest.fixture
def on_worker(worker):
    """Send tasks to the test's worker instead of running them in-process."""
    app.conf.task_always_eager = False
    app.conf.task_default_queue = worker
    yield
    app.conf.task_default_queue = "celery"


def wait_until_finished(job) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            return
        time.sleep(0.2)


def test_a_worker_imports_an_article_from_a_url(seed_data, on_worker, pages_url):
    editor = make_user("erin", "Editors")
    fetch = article_fetch_request(url=f"{pages_url}/article", by=editor)
    wait_until_finished(fetch)
    assert (fetch.state, fetch.reason) == ("done", ""), fetch.message
    assert fetch.article.title == "Council delays harbour dredging vote as cost estimate doubles"
    assert ArticleFetch.objects.get(pk=fetch.pk).article.created_by == editor


def test_a_worker_writes_an_export_job(
    seed_data, on_worker, worker, worker_media, settings, client
):
    from io import StringIO

    from django.core.management import call_command
    from django.urls import reverse

    settings.MEDIA_ROOT = worker_media  # this process serves what the worker stored

    call_command("load_demo", "--force", stdout=StringIO())
    viewer = make_user("vera", "Viewers")
    job = export_job_request(format="jsonl", query="sourcing=anonymous_only", by=viewer)
    wait_until_finished(job)
    assert (job.state, job.rows_total, job.rows_done) == ("done", 4, 4), job.error
    assert job.file_name == f"exports/claims-export-{job.pk}-1.jsonl"
    client.force_login(viewer)
    download = client.get(reverse("claims:export_job_download", args=[job.pk]))
    assert len(b"".join(download.streaming_content).splitlines()) == 4
