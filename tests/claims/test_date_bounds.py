"""Dates the filters cannot compute with are form errors, never a server error.

The accepted range is claims.dates.EARLIEST..LATEST (1000-01-01 to 9998-12-31).
List pages keep showing an invalid filter form with no rows (status 200);
reports, exports and forms that write answer 400 and write nothing.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import QuerySet
from django.urls import reverse

from claims.models import Article, Claim, ExportJob
from claims.services.export_jobs import export_job_run
from tests.conftest import make_user

OUT_OF_RANGE = "Enter a date from 1000-01-01 to 9998-12-31."


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--force", stdout=StringIO())
    return make_user("desk", "Viewers")


@pytest.mark.parametrize(
    ("list_name", "params", "label"),
    [
        ("claim_list", {"published_before": "9999-12-31"}, "Verdict published between"),
        ("claim_list", {"published_after": "0001-01-01"}, "Verdict published between"),
        ("claim_list", {"article_date_after": "0001-01-01"}, "Article published between"),
        ("claim_list", {"article_date_before": "9999-12-31"}, "Article published between"),
        ("article_list", {"published_after": "0001-01-01"}, "Published between"),
        ("article_list", {"published_before": "9999-12-31"}, "Published between"),
    ],
)
def test_it_shows_an_out_of_range_date_as_a_filter_error_with_no_rows(
    client, demo, list_name, params, label
):
    client.force_login(demo)
    response = client.get(reverse(f"claims:{list_name}"), params)
    assert response.status_code == 200
    assert not response.context["page"].object_list
    assert response.context["filter"].errors
    html = response.content.decode()
    assert OUT_OF_RANGE in html
    legend = html.index(f"<legend>{label}</legend>")
    assert html.index(OUT_OF_RANGE) > legend  # the error sits in that field's fieldset


def test_it_accepts_the_first_and_last_accepted_dates(client, demo):
    client.force_login(demo)
    widest = {"published_after": "1000-01-01", "published_before": "9998-12-31"}
    listed = client.get(reverse("claims:claim_list"), widest)
    assert listed.status_code == 200 and OUT_OF_RANGE not in listed.content.decode()
    assert len(listed.context["page"].object_list) == 2  # the demo's published claims
    report = client.get(reverse("claims:desk_report"), widest)
    assert report.status_code == 200 and len(report.context["claims"]) == 2
    earliest = client.get(reverse("claims:desk_report"), {"published_before": "1000-01-01"})
    assert earliest.status_code == 200 and earliest.context["claims"] == []


@pytest.mark.parametrize("report", ["desk_report", "desk_report_pdf"])
@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"published_before": "0001-01-01"}, "To: "),
        ({"published_after": "9999-12-31"}, "From: "),
        ({"article_date_after": "0001-01-01"}, "Article published between: "),
    ],
)
def test_the_desk_report_answers_400_naming_the_bad_date(client, demo, report, params, named):
    client.force_login(demo)
    response = client.get(reverse(f"claims:{report}"), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert named + OUT_OF_RANGE in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "claimreview"])
def test_a_download_with_an_out_of_range_date_is_refused(client, demo, fmt):
    client.force_login(demo)
    url = reverse("claims:claim_export", args=[fmt])
    response = client.get(url, {"published_before": "9999-12-31"})
    assert response.status_code == 400 and not response.streaming
    assert "Verdict published between: " + OUT_OF_RANGE in response.content.decode()


def test_an_export_job_with_an_out_of_range_date_is_refused_and_not_created(client, demo):
    client.force_login(demo)
    response = client.post(
        reverse("claims:export_job_new"),
        {"format": "csv", "query": "article_date_before=9999-12-31"},
    )
    assert response.status_code == 400
    assert "Article published between: " + OUT_OF_RANGE in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_queued_job_whose_filter_is_invalid_fails_at_once_with_the_reason(demo):
    # Queued before its filters were checked (or with the bounds changed since).
    job = ExportJob.objects.create(
        format="csv", query="published_before=9999-12-31", requested_by=demo
    )
    job = export_job_run(job_id=job.pk)
    assert job.state == ExportJob.State.FAILED
    assert job.error == "Nothing exported: Verdict published between: " + OUT_OF_RANGE
    assert job.finished_at is not None and not job.file_name


def test_a_job_is_never_left_running_when_counting_fails(demo, monkeypatch):
    job = ExportJob.objects.create(format="csv", query="", requested_by=demo)

    def database_gone(queryset):
        raise ConnectionError("database went away")

    monkeypatch.setattr(QuerySet, "count", database_gone)
    with pytest.raises(ConnectionError):
        export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED
    assert job.error == "The export stopped: database went away"


def test_the_command_refuses_an_out_of_range_date_cleanly(demo):
    with pytest.raises(CommandError, match="--since/--until: " + OUT_OF_RANGE):
        call_command("export_verdicts", "--until", "9999-12-31", stdout=StringIO())


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_it_refuses_pasting_an_article_dated_out_of_range(client, db, day):
    editor = make_user("ed", "Editors")
    client.force_login(editor)
    data = {"body": "Talks resumed on Monday.", "published_on": day}
    response = client.post(reverse("claims:article_paste"), data)
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.content.decode()
    assert not Article.objects.exists()


def test_it_refuses_a_revisit_date_out_of_range(client, demo):
    editor = make_user("ed", "Editors")
    claim = Claim.objects.order_by("pk").first()
    client.force_login(editor)
    data = {
        "version": claim.version,
        "statement": claim.statement,
        "kind": claim.kind,
        "revisit_on": "9999-12-31",
    }
    response = client.post(reverse("claims:claim_edit", args=[claim.pk]), data)
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.content.decode()
    claim.refresh_from_db()
    assert claim.revisit_on is None
