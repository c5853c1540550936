"""The API's export jobs: start with the list's filters, follow, download."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from claims.models import ExportJob
from tests.api.conftest import token_client

START = reverse("api:export_start")


@pytest.fixture
def exports_in(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the exports storage writes under it


def job_url(job: ExportJob) -> str:
    return reverse("api:export_job", args=[job.pk])


def download_url(job: ExportJob) -> str:
    return reverse("api:export_download", args=[job.pk])


def test_it_starts_a_job_follows_it_and_downloads_the_file(
    viewer, claim, exports_in, django_capture_on_commit_callbacks
):
    api = token_client(viewer)

    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(START, {"format": "csv", "query": "status=new"}, format="json")
    assert started.status_code == 202
    job = ExportJob.objects.get(pk=started.json()["id"])
    assert (job.format, job.query, job.requested_by) == ("csv", "status=new", viewer)
    assert started["Location"].endswith(job_url(job))

    followed = api.get(started["Location"]).json()
    assert (followed["state"], followed["rows_done"], followed["rows_total"]) == ("done", 1, 1)
    assert followed["download"].endswith(download_url(job))

    downloaded = api.get(followed["download"], HTTP_ACCEPT="text/csv")
    assert downloaded["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(downloaded.streaming_content).decode())))
    assert [int(row[0]) for row in rows[1:]] == [claim.pk]


def test_it_refuses_filters_that_cannot_run_and_makes_no_job(viewer, db):
    response = token_client(viewer).post(
        START, {"format": "csv", "query": "status=maybe"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "query"
    assert not ExportJob.objects.exists()


def test_it_refuses_an_unknown_format_and_an_overlong_query(viewer, db):
    response = token_client(viewer).post(
        START, {"format": "xlsx", "query": "q=" + "x" * 3000}, format="json"
    )

    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"format", "query"}
    assert not ExportJob.objects.exists()


def test_it_answers_409_for_a_download_before_the_job_is_done(viewer, db):
    job = ExportJob.objects.create(format="csv", requested_by=viewer)

    response = token_client(viewer).get(download_url(job), HTTP_ACCEPT="text/csv")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:claim-desk:problem:export_not_ready"
    assert token_client(viewer).get(job_url(job)).json()["download"] is None


def test_it_answers_404_when_a_done_jobs_file_is_gone(viewer, exports_in):
    job = ExportJob.objects.create(
        format="csv", requested_by=viewer, state="done", file_name="exports/gone.csv"
    )

    assert token_client(viewer).get(download_url(job)).status_code == 404


def test_it_shows_a_job_to_its_requester_only(viewer, editor, db):
    job = ExportJob.objects.create(format="jsonl", requested_by=editor)

    assert token_client(viewer).get(job_url(job)).status_code == 403
    assert token_client(viewer).get(download_url(job)).status_code == 403
    assert token_client(editor).get(job_url(job)).json()["format"] == "jsonl"


def test_it_refuses_outsiders_and_strangers(outsider, client, viewer, db):
    job = ExportJob.objects.create(format="csv", requested_by=viewer)

    assert token_client(outsider).post(START, {"format": "csv"}, format="json").status_code == 403
    assert token_client(outsider).get(job_url(job)).status_code == 403
    assert client.get(job_url(job)).status_code == 401
    assert client.post(START, {"format": "csv"}, format="json").status_code == 401
    assert ExportJob.objects.count() == 1


def test_it_answers_a_missing_job_with_404(viewer, db):
    assert token_client(viewer).get(reverse("api:export_job", args=[2**40])).status_code == 404
