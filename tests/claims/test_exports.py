"""Exports programs read: CSV, JSON Lines and ClaimReview, streamed or as jobs."""

import csv
import io
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import exports, services
from claims.models import Claim, Rating, Source, Status
from tests.conftest import SHARED_DATA, make_user

VALIDATOR = SHARED_DATA.parent / "tools" / "claimreview_check.py"


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", stdout=StringIO())
    return make_user("desk", "Viewers")


def download(client, fmt, **query):
    response = client.get(reverse("claims:claim_export", args=[fmt]), query)
    assert response.status_code == 200, response.content[:300]
    assert response.streaming  # rows go out as they are read
    return b"".join(response.streaming_content).decode()


def test_the_csv_has_the_documented_columns_and_one_row_per_claim(client, demo):
    client.force_login(demo)
    rows = list(csv.reader(io.StringIO(download(client, "csv"))))
    assert rows[0] == [name for name, _ in exports.CSV_COLUMNS]
    assert len(rows) == 10
    by_id = {int(row[0]): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    instruction = Claim.objects.get(quote__startswith="Imran Khan instructed")
    row = by_id[instruction.pk]
    assert (row["status"], row["rating"], row["rating_value"]) == ("published", "Half true", "3")
    assert (row["anonymous_only"], row["sources"]) == (
        "yes",
        "Sources familiar with the matter (anonymous)",
    )
    assert row["published_at"].startswith(str(instruction.events.last().at.date()))
    assert sum(r["anonymous_only"] == "yes" for r in by_id.values()) == 4


def test_the_csv_neutralises_spreadsheet_formulas(client, demo):
    claim = Claim.objects.first()
    editor = make_user("ed", "Editors")
    assert exports.neutralise("\tcmd") == "'\tcmd" and exports.neutralise("\r=1") == "'\r=1"
    assert exports.neutralise("Prices rose 3%") == "Prices rose 3%"
    for statement in ('=HYPERLINK("http://evil.example","x")', "+1-2", "-3", "@SUM(A1)"):
        services.claim_update(claim=claim, by=editor, version=claim.version, statement=statement)
        client.force_login(demo)
        rows = list(csv.DictReader(io.StringIO(download(client, "csv"))))
        cell = next(r["statement"] for r in rows if r["claim_id"] == str(claim.pk))
        assert cell == "'" + statement


def test_the_export_follows_the_lists_filters(client, demo):
    client.force_login(demo)
    rows = list(csv.DictReader(io.StringIO(download(client, "csv", sourcing="anonymous_only"))))
    assert len(rows) == 4 and {r["anonymous_only"] for r in rows} == {"yes"}
    lines = download(client, "jsonl", status="published").splitlines()
    assert len(lines) == 2


def test_json_lines_carry_attributions_and_history(client, demo):
    client.force_login(demo)
    records = [json.loads(line) for line in download(client, "jsonl").splitlines()]
    assert len(records) == 9
    saif = next(r for r in records if r["statement"].startswith("while no formal"))
    assert saif["attributions"] == [
        {
            "source": "Barrister Mohammad Ali Saif",
            "source_kind": "person",
            "sourcing": "confirmed",
            "mention": "Barrister Saif",
            "mention_span": [893, 907],
            "cue": "confirmed",
            "cue_span": [908, 917],
            "descriptor": None,
            "count": None,
        }
    ]
    steps = [(e["kind"], e["to_status"], e["by"]) for e in saif["history"]]
    assert steps[0] == ("created", "new", "editor")
    assert steps[-1] == ("status_changed", "published", "chief")
    assert ("sourcing_changed", "researching", "editor") in steps


def claimreviews(client):
    return json.loads(download(client, "claimreview"))


def test_claimreview_has_what_google_requires(client, demo, settings):
    client.force_login(demo)
    reviews = {r["claimReviewed"][:20]: r for r in claimreviews(client)}
    assert len(reviews) == 2  # published claims only
    saif = reviews["while no formal nego"]
    assert saif["@context"] == "https://schema.org" and saif["@type"] == "ClaimReview"
    assert saif["author"] == {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_NAME,
        "url": settings.NEWSROOM_URL,
    }
    assert saif["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": "Saif repeated it on the record by phone; talks are informal, "
        "not formal.",
    }
    assert saif["itemReviewed"]["author"]["@type"] == "Person"
    assert saif["itemReviewed"]["author"]["name"] == "Barrister Mohammad Ali Saif"
    assert saif["itemReviewed"]["appearance"]["url"].startswith("https://")
    for review in reviews.values():
        assert len(review["claimReviewed"]) <= 75
        assert review["url"].startswith("https://")
        assert review["datePublished"]


def test_claimreview_never_names_an_anonymous_source(client, demo):
    client.force_login(demo)
    anonymous = next(r for r in claimreviews(client) if r["claimReviewed"].startswith("Imran"))
    author = anonymous["itemReviewed"]["author"]
    # The outlet made the claim on unnamed sources' word; the sources stay unnamed.
    assert author["name"] == "Sample outlet"
    assert "familiar" not in json.dumps(anonymous)


def test_a_verdict_off_the_scale_has_no_numbers(demo):
    claim = Claim.objects.filter(status=Status.PUBLISHED).first()
    claim.rating = Rating.objects.get(slug="misleading")
    rating = exports.review_rating(claim, exports.Scale.current())
    assert rating["alternateName"] == "Misleading"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)


@pytest.mark.skipif(not VALIDATOR.exists(), reason="../shared/tools is not beside this clone")
def test_the_demo_claimreview_passes_the_shared_validator_strictly(client, demo, tmp_path):
    client.force_login(demo)
    feed = tmp_path / "claimreview.json"
    feed.write_text(download(client, "claimreview"))
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), "--strict", str(feed)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "2 claimreviews, 0 problems" in result.stdout


def test_claimreview_cannot_break_out_of_the_script_block_it_is_pasted_into(client, demo, tmp_path):
    statement = "Taxes & tariffs fell </script><script>alert(1)</script>"
    published = Claim.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    Claim.objects.filter(pk=published.pk).update(statement=statement)
    client.force_login(demo)
    streamed = download(client, "claimreview")
    written = StringIO()
    call_command("export_verdicts", "--format", "claimreview", stdout=written, stderr=StringIO())
    for text in (streamed, written.getvalue()):
        assert not {"<", ">", "&"} & set(text)
        assert "\\u003c/script\\u003e" in text and "\\u0026" in text
        assert statement in [review["claimReviewed"] for review in json.loads(text)]
    if VALIDATOR.exists():  # still valid ClaimReview once escaped
        feed = tmp_path / "claimreview.json"
        feed.write_text(streamed)
        result = subprocess.run(
            [sys.executable, str(VALIDATOR), "--strict", str(feed)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout


def test_gaps_are_reported_for_reviews_missing_recommended_data(demo):
    source = Source.objects.get(name="Barrister Mohammad Ali Saif")
    Source.objects.filter(pk=source.pk).update(same_as="")
    published = exports.FORMATS["claimreview"].claims(Claim.objects.all())
    claims = exports.export_claims(published, with_history=True)
    scale = exports.Scale.current()
    gaps = {c.pk: exports.claim_review_gaps(exports.claim_review(c, scale)) for c in claims}
    assert sorted(map(len, gaps.values())) == [0, 1]
    assert ["Barrister Mohammad Ali Saif has no reference URL (sameAs)"] in gaps.values()


def test_the_command_writes_a_file_or_stdout(demo, tmp_path):
    out = tmp_path / "verdicts.jsonl"
    call_command("export_verdicts", "--format", "jsonl", "--output", str(out), stderr=StringIO())
    assert len(out.read_text().splitlines()) == 9
    assert not list(tmp_path.glob("*.partial"))
    stdout = StringIO()
    call_command(
        "export_verdicts", "--format", "csv", "--sourcing", "anonymous_only", stdout=stdout
    )
    assert len(stdout.getvalue().splitlines()) == 5


def test_the_command_selects_verdicts_by_publication_date(demo):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    stdout = StringIO()
    call_command("export_verdicts", "--format", "jsonl", "--since", today, stdout=stdout)
    assert len(stdout.getvalue().splitlines()) == 2
    stdout = StringIO()
    call_command("export_verdicts", "--until", "2020-01-01", stdout=stdout)
    assert len(stdout.getvalue().splitlines()) == 1  # the header only


def test_the_command_refuses_bad_filters(demo):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--status: Select a valid choice"):
        call_command("export_verdicts", "--status", "done", stdout=StringIO())


def test_the_admin_exports_the_selected_claims(client, demo):
    reviewer = make_user("senior", "Reviewers")
    client.force_login(reviewer)
    ids = list(Claim.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True))
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "export_csv", "_selected_action": ids},
    )
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(int(r["claim_id"]) for r in rows) == sorted(ids)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "claimreview"])
def test_an_export_runs_a_constant_number_of_queries(client, demo, fmt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(demo)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            download(client, fmt)
        return len(captured)

    before = queries()
    editor = make_user("ed", "Editors")
    article = Claim.objects.first().article
    for n in range(30):
        claim = services.claim_create(
            article=article, start=0, end=7, quote="Efforts", by=editor, statement=f"C{n}"
        )
        services.attribution_set(
            claim=claim, source=Source.objects.first(), sourcing="named", by=editor, version=1
        )
    # Per chunk of 2,000 claims: the claims, their attributions and (for the
    # formats with history) their events; plus the session, the user, the
    # permission checks and the count deciding between streaming and a job.
    assert queries() == before
