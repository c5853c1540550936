"""Big exports become jobs: progress, a download link, failure and retry."""

from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse

from claims.models import ExportJob
from claims.services import export_jobs
from claims.services.export_jobs import export_job_request, export_job_retry, export_job_run
from tests.conftest import make_user


def stored_exports() -> list[str]:
    """Every file in the exports storage."""
    storage = storages["exports"]
    return storage.listdir("exports")[1] if storage.exists("exports") else []


def stored_text(job: ExportJob) -> str:
    with export_jobs.export_file_open(job) as stored:
        return stored.read().decode("utf-8")


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_STREAM_MAX_ROWS = 3  # the demo's nine claims make a "large" export
    call_command("load_demo", "--force", stdout=StringIO())
    return make_user("desk", "Viewers")


def test_a_large_export_is_offered_as_a_job(client, demo, django_capture_on_commit_callbacks):
    client.force_login(demo)
    response = client.get(reverse("claims:claim_export", args=["csv"]), {"status": "new"})
    assert not response.streaming
    assert "CSV export of 4 claims" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("claims:export_job_new"), {"format": "csv", "query": "status=new"}
        )
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.state, job.rows_total, job.rows_done) == ("done", 4, 4)
    page = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in page and "Download" in page
    download = client.get(reverse("claims:export_job_download", args=[job.pk]))
    content = b"".join(download.streaming_content).decode()
    assert download["Content-Disposition"] == f'attachment; filename="claims-export-{job.pk}.csv"'
    assert len(content.splitlines()) == 5  # the header and four claims
    assert content.splitlines()[0].startswith("claim_id,article_id")


def test_only_the_requester_downloads_the_file(client, demo):
    job = export_job_request(format="jsonl", query="", by=demo)
    export_job_run(job_id=job.pk)
    someone_else = make_user("other", "Reviewers")
    client.force_login(someone_else)
    assert client.get(reverse("claims:export_job_download", args=[job.pk])).status_code == 403
    assert client.get(job.get_absolute_url()).status_code == 403


def test_a_failed_job_says_why_leaves_no_file_and_can_be_retried(demo, monkeypatch):
    from claims import export_sql, exports

    job = ExportJob.objects.create(format="csv", query="", requested_by=demo)
    chunks = []

    def full_disk_on_the_second_chunk(job):
        def record(done):
            chunks.append(done)
            if len(chunks) == 2:  # the first chunk's rows are already in the file
                raise OSError("No space left on device")

        return record

    # Both ways of building the rows (SQL on PostgreSQL, Python on SQLite).
    monkeypatch.setattr(exports, "CHUNK", 3)
    monkeypatch.setattr(export_sql, "SPAN", 3)
    monkeypatch.setattr(export_jobs, "_progress", full_disk_on_the_second_chunk)
    with pytest.raises(OSError):
        export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.file_name) == ("failed", "")
    assert "No space left on device" in job.error
    assert stored_exports() == []  # no half file: the storage only receives whole ones
    monkeypatch.undo()
    export_job_retry(job=job, by=demo)
    assert export_job_run(job_id=job.pk).state == "done"
    assert job.attempts == 1 and ExportJob.objects.get(pk=job.pk).attempts == 2
    assert stored_exports() == [f"claims-export-{job.pk}-2.csv"]


@pytest.mark.parametrize("format", ["csv", "jsonl"])
def test_a_job_records_its_progress_as_it_goes(demo, monkeypatch, format):
    from claims import export_sql, exports

    monkeypatch.setattr(exports, "CHUNK", 2)
    monkeypatch.setattr(export_sql, "SPAN", 2)  # on PostgreSQL, between two COPYs
    recorded = []
    record = export_jobs._progress
    monkeypatch.setattr(
        export_jobs,
        "_progress",
        lambda job: lambda done: recorded.append((done, record(job)(done))),
    )
    job = export_job_run(
        job_id=ExportJob.objects.create(format=format, query="", requested_by=demo).pk
    )
    assert (job.state, job.rows_total, job.rows_done) == ("done", 9, 9)
    assert [done for done, _ in recorded][:4] == [2, 4, 6, 8]
    lines = stored_text(job).split("\n")[:-1]
    assert len(lines) == 9 + (format == "csv")


def test_a_job_is_idempotent(demo):
    job = ExportJob.objects.create(format="claimreview", query="", requested_by=demo)
    first = export_job_run(job_id=job.pk)
    content = stored_text(first)
    again = export_job_run(job_id=job.pk)
    assert (again.state, again.attempts, again.finished_at) == ("done", 1, first.finished_at)
    assert stored_text(again) == content
    assert stored_exports() == [f"claims-export-{job.pk}-1.json"]  # saved once, not twice


def test_a_job_left_running_by_a_dead_worker_is_redone(demo):
    from datetime import timedelta

    from django.utils import timezone

    job = ExportJob.objects.create(
        format="csv", query="", requested_by=demo, state=ExportJob.State.RUNNING
    )
    assert export_job_run(job_id=job.pk).state == "running"  # another worker may hold it
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    assert export_job_run(job_id=job.pk).state == "done"


def lease_runs_out(job_id: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    ExportJob.objects.filter(pk=job_id).update(updated_at=timezone.now() - timedelta(hours=2))


def test_an_old_attempt_failing_late_leaves_the_newer_attempts_file(demo, monkeypatch):
    job = ExportJob.objects.create(format="csv", query="", requested_by=demo)
    real_write = export_jobs._write
    writes = []

    def first_attempt_stalls_and_another_takes_over(job_, lines, out):
        writes.append(out)
        if len(writes) == 1:  # the first attempt's worker hangs past its lease...
            lease_runs_out(job.pk)
            assert export_job_run(job_id=job.pk).state == "done"  # ...a second one finishes
            raise OSError("the first worker's disk went away")  # then the first one fails
        real_write(job_, lines, out)

    monkeypatch.setattr(export_jobs, "_write", first_attempt_stalls_and_another_takes_over)
    with pytest.raises(OSError):
        export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts) == ("done", "", 2)
    assert job.file_name == f"exports/claims-export-{job.pk}-2.csv"
    assert len(stored_text(job).splitlines()) == 10  # header, 9 claims
    assert stored_exports() == [f"claims-export-{job.pk}-2.csv"]


def test_an_old_attempt_finishing_leaves_the_newer_attempt_running(demo, monkeypatch):
    job = ExportJob.objects.create(format="csv", query="", requested_by=demo)
    real_write = export_jobs._write

    def another_worker_takes_over_meanwhile(job_, lines, out):
        lease_runs_out(job.pk)
        assert export_jobs._claim_job(job.pk) == 2  # a second attempt has started
        real_write(job_, lines, out)

    monkeypatch.setattr(export_jobs, "_write", another_worker_takes_over_meanwhile)
    export_job_run(job_id=job.pk)  # the first attempt completes after losing its lease
    job.refresh_from_db()
    # The job is the second attempt's now: only it may record the outcome.
    assert (job.state, job.attempts, job.file_name, job.finished_at) == ("running", 2, "", None)
    assert stored_exports() == []  # the old attempt took its file away again
