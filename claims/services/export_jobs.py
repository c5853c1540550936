"""Large exports: written to a file by a Celery task, downloaded through a view.

A job is idempotent: running a finished job again changes nothing. The file
is written to a local temporary file first and saved to the "exports"
storage (STORAGES in settings; a shared disk or a bucket, so that any web
process can serve what any worker wrote) only when complete, and the job is
marked done only after that, so a worker that dies mid-export never leaves a
half file behind a "done" job. A job left "running" by a dead worker is taken
over once its lease has run out.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from claims.exports import FORMATS
from claims.filters import ClaimFilter
from claims.forms import labelled_errors
from claims.models import Claim, ExportJob

if TYPE_CHECKING:
    from django.contrib.auth.models import User

LEASE = timedelta(minutes=30)  # a running job untouched this long is presumed dead


def export_storage() -> Storage:
    """Private: never served by URL, only through the download view."""
    return storages["exports"]


def claim_filter(query: str) -> ClaimFilter:
    return ClaimFilter(QueryDict(query), queryset=Claim.objects.all())


class ExportRefused(Exception):
    """The export's filters are invalid; the message says which and why."""


def valid_claim_filter(query: str) -> ClaimFilter:
    """The claims list's filters for ``query``; ExportRefused, naming the fields, if invalid."""
    filterset = claim_filter(query)
    if not filterset.is_valid():
        raise ExportRefused("Nothing exported: " + " ".join(labelled_errors(filterset.form)))
    return filterset


def claims_for_query(query: str) -> QuerySet[Claim]:
    """The claims the claims list shows for ``query``; ExportRefused if it is invalid."""
    return valid_claim_filter(query).qs


def export_job_request(*, format: str, query: str, by: User) -> ExportJob:
    """Queue an export; filters that cannot run are refused now, with no job created."""
    if not by.has_perm("claims.view_claim"):
        raise PermissionDenied("You do not have permission to export claims.")
    if format not in FORMATS:
        raise ValueError(f"Unknown export format {format!r}.")
    valid_claim_filter(query)
    job = ExportJob.objects.create(format=format, query=query, requested_by=by)
    _enqueue(job)
    return job


def export_job_retry(*, job: ExportJob, by: User) -> ExportJob:
    """Queue a failed job again, or one whose worker vanished (its lease ran out)."""
    if job.requested_by_id != by.pk:
        raise PermissionDenied("Only the person who asked for this export can retry it.")
    stuck = Q(state=ExportJob.State.RUNNING, updated_at__lt=timezone.now() - LEASE)
    retried = ExportJob.objects.filter(Q(state=ExportJob.State.FAILED) | stuck, pk=job.pk).update(
        state=ExportJob.State.QUEUED, error="", rows_done=0
    )
    job.refresh_from_db()
    if retried:
        _enqueue(job)
    return job


def _enqueue(job: ExportJob) -> None:
    from claims.tasks import run_export_job  # tasks import this module

    transaction.on_commit(lambda: run_export_job.delay(job.pk))


def export_job_run(*, job_id: int) -> ExportJob:
    """Write the job's file; safe to run twice, and after a worker died mid-way."""
    attempt = _claim_job(job_id)
    if attempt is None:
        return ExportJob.objects.get(pk=job_id)  # done, failed, or running elsewhere
    job = ExportJob.objects.get(pk=job_id)
    # Whatever goes wrong from here on, the job must not stay "running": its
    # lease would keep it from being retried for half an hour.
    try:
        return _run(job, attempt)
    except ExportRefused as refused:  # a job queued before its filters were checked
        return _finish(job, attempt, ExportJob.State.FAILED, error=str(refused))
    except Exception as error:
        _finish(job, attempt, ExportJob.State.FAILED, error=f"The export stopped: {error}")
        raise


def _run(job: ExportJob, attempt: int) -> ExportJob:
    export = FORMATS[job.format]
    claims = export.claims(claims_for_query(job.query))
    ExportJob.objects.filter(pk=job.pk).update(rows_total=claims.count())
    # Unnamed and local: it vanishes with the worker, and the storage (perhaps
    # a bucket elsewhere) only ever receives a whole file.
    with tempfile.TemporaryFile() as local:
        _write(job, export.render(claims, progress=_progress(job)), local)
        local.seek(0)
        # Each attempt saves under its own name: a run that lost its lease
        # cannot replace the file a newer attempt has already recorded.
        name = export_storage().save(stored_name(job, attempt), File(local))
    finished = _finish(job, attempt, ExportJob.State.DONE, file_name=name)
    if finished.file_name != name:  # a newer attempt owns the job: its file stands
        export_storage().delete(name)
    return finished


def stored_name(job: ExportJob, attempt: int) -> str:
    return f"exports/claims-export-{job.pk}-{attempt}.{FORMATS[job.format].extension}"


def download_name(job: ExportJob) -> str:
    """What the browser saves the file as, whichever attempt wrote it."""
    return f"claims-export-{job.pk}.{FORMATS[job.format].extension}"


def _claim_job(job_id: int) -> int | None:
    """Move the job to running and return this attempt's number, unless another
    run holds it (the race: a redelivered task) or it has finished."""
    stale = timezone.now() - LEASE
    claimable = Q(state=ExportJob.State.QUEUED) | Q(
        state=ExportJob.State.RUNNING, updated_at__lt=stale
    )
    claimed = ExportJob.objects.filter(claimable, pk=job_id).update(
        state=ExportJob.State.RUNNING,
        attempts=F("attempts") + 1,
        rows_done=0,
        updated_at=timezone.now(),
    )
    if not claimed:
        return None
    return ExportJob.objects.values_list("attempts", flat=True).get(pk=job_id)


def _write(job: ExportJob, lines: Any, out: IO[bytes]) -> None:
    for line in lines:
        out.write(line.encode("utf-8"))


def _progress(job: ExportJob) -> Any:
    """Record how far the export is (which also renews the job's lease)."""

    def record(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done, updated_at=timezone.now())

    return record


def _finish(
    job: ExportJob, attempt: int, state: str, *, error: str = "", file_name: str = ""
) -> ExportJob:
    """Record the outcome, unless a later attempt has taken the job over."""
    ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING, attempts=attempt).update(
        state=state, error=error, file_name=file_name, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def export_file_open(job: ExportJob) -> File:
    """The finished job's file from the storage; FileNotFoundError if it has none."""
    if job.state != ExportJob.State.DONE or not job.file_name:
        raise FileNotFoundError(f"Export job {job.pk} has no file.")
    return export_storage().open(job.file_name, "rb")
