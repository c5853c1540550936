"""The timeline: append-only everywhere, and enough to answer "as of date D"."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.db.utils import DatabaseError

from claims import services
from claims.models import AppendOnlyError, Claim, ClaimEvent, Status
from tests.conftest import INSTRUCTION, advance, claim_at


def test_the_model_refuses_to_change_an_event(claim):
    event = claim.events.get()
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    forged = ClaimEvent(pk=event.pk, claim=claim, kind="note", to_status="published")
    with pytest.raises(AppendOnlyError):
        forged.save()
    stored = ClaimEvent.objects.get(pk=event.pk)
    assert (stored.note, stored.to_status) == ("", "new")


def test_bulk_updates_and_deletes_are_refused(claim):
    with pytest.raises(AppendOnlyError):
        ClaimEvent.objects.filter(claim=claim).update(note="rewritten")
    with pytest.raises(AppendOnlyError):
        ClaimEvent.objects.filter(claim=claim).delete()
    assert ClaimEvent.objects.filter(claim=claim, note="").count() == 1


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@postgres_only
def test_postgres_refuses_a_raw_update_of_an_event(claim):
    event = claim.events.get()
    with (
        pytest.raises(DatabaseError, match="append-only: UPDATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE claims_claimevent SET note = 'rewritten' WHERE id = %s", [event.pk])
    assert ClaimEvent.objects.get(pk=event.pk).note == ""


@postgres_only
def test_postgres_refuses_a_raw_delete_of_an_event(claim):
    with (
        pytest.raises(DatabaseError, match="append-only: DELETE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM claims_claimevent")
    assert ClaimEvent.objects.filter(claim=claim).count() == 1


def at(day: str, hour: int = 12) -> time_machine.travel:
    return time_machine.travel(
        datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC), tick=False
    )


def test_it_answers_status_and_rating_on_any_date(article, editor, reviewer, ratings):
    with at("2025-05-24"):
        claim = claim_at(article, INSTRUCTION, editor)
    with at("2025-05-25"):
        advance(claim, (Status.RESEARCHING, editor))
    with at("2025-05-27"):
        advance(claim, (Status.IN_REVIEW, editor), rating=ratings["unverifiable"], note="Anon")
    with at("2025-05-28", hour=9):
        advance(claim, (Status.PUBLISHED, reviewer))
    with at("2025-06-10"):
        advance(claim, (Status.RESEARCHING, reviewer), note="Saif spoke on the record")

    claim = Claim.objects.get(pk=claim.pk)

    def state(day: str) -> tuple[str, str | None] | None:
        found = claim.state_on(date.fromisoformat(day))
        return found and (found.status, found.rating and found.rating.slug)

    assert state("2025-05-23") is None
    assert state("2025-05-24") == ("new", None)
    assert state("2025-05-26") == ("researching", None)
    assert state("2025-05-27") == ("in_review", "unverifiable")
    assert state("2025-05-28") == ("published", "unverifiable")
    assert state("2025-06-09") == ("published", "unverifiable")
    assert state("2025-06-10") == ("researching", "unverifiable")


def test_the_answer_ignores_the_claims_current_columns(article, editor):
    with at("2025-05-24"):
        claim = claim_at(article, INSTRUCTION, editor)
    # Even if the projection were wrong, the past comes from the events.
    Claim.objects.filter(pk=claim.pk).update(status=Status.PUBLISHED)
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.state_on(date(2025, 5, 24)).status == "new"


def test_every_service_write_leaves_the_projection_equal_to_the_last_event(
    claim, editor, reviewer, saif, ratings
):
    def check() -> None:
        stored = Claim.objects.get(pk=claim.pk)
        last = stored.events.order_by("at", "id").last()
        assert (last.to_status, last.to_rating) == (stored.status, stored.rating)

    stale = Claim.objects.get(pk=claim.pk)
    advance(claim, (Status.RESEARCHING, editor))
    check()
    services.evidence_add(claim=stale, by=editor, title="Log", url="https://example.org")
    check()
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )
    check()
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=editor, version=claim.version, note="x"
    )
    check()
    services.claim_assign(claim=claim, assignee=editor, by=editor, version=claim.version)
    check()
    advance(claim, (Status.IN_REVIEW, editor), (Status.PUBLISHED, reviewer))
    check()


def test_each_event_says_what_it_changed(claim, editor, reviewer, saif, ratings):
    advance(claim, (Status.RESEARCHING, editor))
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )
    services.claim_assign(claim=claim, assignee=reviewer, by=editor, version=claim.version)
    services.evidence_add(claim=claim, by=editor, title="Log", url="https://example.org")
    services.claim_update(claim=claim, by=editor, version=claim.version, statement="Reworded")
    advance(claim, (Status.IN_REVIEW, editor), rating=ratings["false"], note="Records")
    assert [event.changes() for event in claim.events.order_by("at", "id")] == [
        [],
        ["New → Researching"],
        [f"{saif.name}: not attributed → named"],
        ["assigned to rafa"],
        ["“Log” (context)"],
        ["statement → “Reworded”"],
        ["Researching → In review", "rating none → False"],
    ]


def test_the_claim_as_it_stood_includes_statement_assignee_and_sources(
    article, editor, other_editor, saif, party_sources
):
    with at("2025-05-24"):
        claim = claim_at(article, INSTRUCTION, editor)
        services.attribution_set(
            claim=claim, source=party_sources, sourcing="anonymous", by=editor, version=1
        )
    with at("2025-05-26"):
        services.claim_update(claim=claim, by=editor, version=claim.version, statement="Reworded")
        services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=claim.version)
        services.attribution_set(
            claim=claim, source=saif, sourcing="confirmed", by=editor, version=claim.version
        )
    before = claim.state_on(date(2025, 5, 25))
    assert (before.statement, before.assignee) == (INSTRUCTION, None)
    assert before.sourcing == {party_sources.name: "anonymous"}
    after = claim.state_on(date(2025, 5, 26))
    assert (after.statement, after.assignee) == ("Reworded", "eddie")
    assert after.sourcing == {party_sources.name: "anonymous", saif.name: "confirmed"}
