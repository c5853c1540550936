"""A real Celery worker on Redis runs a URL import.

Runs when CELERY_BROKER_URL is set (CI's PostgreSQL run); the test starts its
own worker process against the test database and stops it afterwards.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from claims.importing import article_fetch_request
from claims.models import ArticleFetch
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


@pytest.fixture
def worker():
    queue = f"test-{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),  # the test database, not the configured one
        "FETCH_ALLOW_PRIVATE_ADDRESSES": "1",
        "DJANGO_DEBUG": "1",
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


def test_a_worker_imports_an_article_from_a_url(seed_data, worker, pages_url):
    app.conf.task_always_eager = False
    app.conf.task_default_queue = worker
    try:
        editor = make_user("erin", "Editors")
        fetch = article_fetch_request(url=f"{pages_url}/article", by=editor)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            fetch.refresh_from_db()
            if fetch.finished:
                break
            time.sleep(0.2)
    finally:
        app.conf.task_default_queue = "celery"
    assert (fetch.state, fetch.reason) == ("done", ""), fetch.message
    assert fetch.article.title == "Council delays harbour dredging vote as cost estimate doubles"
    assert ArticleFetch.objects.get(pk=fetch.pk).article.created_by == editor
