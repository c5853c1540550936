"""check_record finds each kind of break made behind the services' back.

Claims are broken by updating their row (allowed on both databases) or by
appending a bad event (the events table refuses UPDATE on PostgreSQL).
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims import services
from claims.models import Claim, ClaimEvent, Status
from claims.record import check_record
from claims.services.publications import publications_refresh
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, advance, claim_at, rewrite_claim_row


def reload(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def breaks() -> list[tuple[int, str]]:
    return [(violation.claim_id, violation.rule) for violation in check_record()]


def append(claim: Claim, *, actor, kind: str, **fields) -> ClaimEvent:
    """An event following the claim's last one, with ``fields`` changed; the
    claim's row is brought in line with it so that only the intended rule breaks."""
    last = claim.events.order_by("at", "id").last()
    values = {
        "from_status": last.to_status,
        "to_status": last.to_status,
        "from_rating": last.to_rating,
        "to_rating": last.to_rating,
        "verdict_by": last.verdict_by,
        "claim_version": last.claim_version + 1,
        **fields,
    }
    event = ClaimEvent.objects.create(claim=claim, actor=actor, kind=kind, **values)
    Claim.objects.filter(pk=claim.pk).update(
        status=event.to_status, rating=event.to_rating, version=event.claim_version
    )
    publications_refresh(Claim.objects.get(pk=claim.pk))  # the desk report's rows too
    return event


@pytest.fixture
def reviewer_verdict(claim, editor, reviewer, ratings) -> Claim:
    """In review with the reviewer's verdict, sent by the editor."""
    advance(claim, (Status.RESEARCHING, editor))
    services.claim_rate(
        claim=claim, rating=ratings["true"], by=reviewer, version=claim.version, note="Log"
    )
    advance(claim, (Status.IN_REVIEW, editor))
    return reload(claim)


@pytest.fixture
def published(reviewer_verdict, other_reviewer) -> Claim:
    advance(reviewer_verdict, (Status.PUBLISHED, other_reviewer))
    return reload(reviewer_verdict)


def test_it_finds_no_break_in_a_record_kept_by_the_services(published, other_reviewer):
    services.claim_transition(
        claim=published,
        to=Status.RESEARCHING,
        by=other_reviewer,
        version=published.version,
        note="Reopened",
    )
    assert check_record() == []


def test_it_reports_a_status_its_events_do_not_explain(published):
    Claim.objects.filter(pk=published.pk).update(status=Status.RESEARCHING)
    [violation] = check_record()
    assert (violation.claim_id, violation.rule) == (published.pk, "projection")
    assert "status is 'researching', its events say 'published'" in violation.detail


def test_it_reports_a_verdict_published_by_its_author(reviewer_verdict, reviewer):
    append(reviewer_verdict, actor=reviewer, kind="status_changed", to_status=Status.PUBLISHED)
    [violation] = check_record()
    assert (violation.claim_id, violation.rule) == (reviewer_verdict.pk, "four eyes")
    assert violation.detail == "published by the author of its verdict"


def test_it_reports_an_edit_of_the_statement_after_publishing(published, editor):
    event = append(
        published,
        actor=editor,
        kind="edited",
        details={"changed": {"statement": [published.statement, "Reworded later"]}},
    )
    rewrite_claim_row(published, statement="Reworded later")
    assert breaks() == [(published.pk, "frozen")]
    assert f"event {event.pk} (edited) after publishing" in str(check_record()[0])


def test_it_reports_a_quote_that_is_not_the_articles(claim):
    rewrite_claim_row(claim, quote="Imran Khan never said this")
    [violation] = check_record()
    assert (violation.claim_id, violation.rule) == (claim.pk, "span")
    assert violation.detail == f"quote [{claim.start}, {claim.end}) does not match the article"


def test_it_reports_a_version_jump(claim, editor):
    event = append(claim, actor=editor, kind="note", claim_version=claim.version + 2)
    [violation] = check_record()
    assert (violation.claim_id, violation.rule) == (claim.pk, "version")
    assert f"event {event.pk} (note) is at version 3 after 1" == violation.detail


def test_the_command_prints_each_break_and_fails(claim):
    Claim.objects.filter(pk=claim.pk).update(status=Status.IN_REVIEW)
    out = StringIO()
    with pytest.raises(CommandError, match="1 break"):
        call_command("check_record", stdout=out)
    assert f"claim #{claim.pk}: projection: status is 'in_review'" in out.getvalue()


def test_the_command_finds_no_break_in_the_demo(db):
    call_command("load_demo", "--force", stdout=StringIO())
    out = StringIO()
    call_command("check_record", stdout=out)
    assert f"{Claim.objects.count()} claims checked, no breaks" in out.getvalue()
    assert Claim.objects.count() > 0


def test_since_checks_only_the_claims_changed_from_then(article, editor):
    old = claim_at(article, INSTRUCTION, editor)
    Claim.objects.filter(pk=old.pk).update(status=Status.IN_REVIEW)
    since = timezone.now()
    new = claim_at(article, NO_FORMAL_TALKS, editor)
    Claim.objects.filter(pk=new.pk).update(status=Status.RESEARCHING)
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 break\(s\) in the record of 1 claims changed since"):
        call_command("check_record", f"--since={since.isoformat()}", stdout=out)
    assert f"claim #{new.pk}: projection: status is 'researching'" in out.getvalue()
    assert f"claim #{old.pk}" not in out.getvalue()


def test_since_finds_no_break_when_the_changed_claims_hold(article, editor):
    old = claim_at(article, INSTRUCTION, editor)
    Claim.objects.filter(pk=old.pk).update(status=Status.IN_REVIEW)
    since = timezone.now()
    claim_at(article, NO_FORMAL_TALKS, editor)
    out = StringIO()
    call_command("check_record", f"--since={since.isoformat()}", stdout=out)
    assert "The record holds: 1 claims changed since" in out.getvalue()


def test_since_refuses_what_is_not_a_time(db):
    with pytest.raises(CommandError, match="not a date and time"):
        call_command("check_record", "--since=yesterday")
