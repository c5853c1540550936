"""Editing a claim's statement, kind, revisit date and assignee."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from claims import services
from claims.models import Claim
from tests.conftest import INSTRUCTION


def test_it_edits_and_records_old_and_new_values(claim, editor):
    services.claim_update(
        claim=claim,
        by=editor,
        version=claim.version,
        statement="Imran Khan told Saif to explore talks",
        revisit_on=date(2025, 6, 1),
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.statement == "Imran Khan told Saif to explore talks"
    assert stored.revisit_on == date(2025, 6, 1)
    assert stored.version == 2
    event = stored.events.last()
    assert event.kind == "edited"
    assert event.details["changed"]["revisit_on"] == [None, "2025-06-01"]
    assert event.details["changed"]["statement"][1] == "Imran Khan told Saif to explore talks"


def test_an_edit_that_changes_nothing_writes_nothing(claim, editor):
    services.claim_update(claim=claim, by=editor, version=claim.version, statement=claim.statement)
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.version == 1 and stored.events.count() == 1


def test_the_second_of_two_concurrent_edits_is_refused(claim, editor, other_editor):
    mine = Claim.objects.get(pk=claim.pk)
    theirs = Claim.objects.get(pk=claim.pk)
    services.claim_update(claim=mine, by=editor, version=1, statement="First wording")
    with pytest.raises(services.StaleVersion, match="changed by erin"):
        services.claim_update(claim=theirs, by=other_editor, version=1, statement="Second wording")
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.statement == "First wording"
    assert stored.events.filter(kind="edited").count() == 1


def test_it_refuses_an_empty_statement_and_unknown_fields(claim, editor):
    with pytest.raises(services.ClaimDeskError, match="cannot be empty"):
        services.claim_update(claim=claim, by=editor, version=1, statement="   ")
    with pytest.raises(services.ClaimDeskError, match="cannot be edited here: status"):
        services.claim_update(claim=claim, by=editor, version=1, status="published")
    assert Claim.objects.get(pk=claim.pk).version == 1


def test_it_refuses_a_viewer(claim, viewer):
    with pytest.raises(PermissionDenied):
        services.claim_update(claim=claim, by=viewer, version=1, statement="x")


def test_it_assigns_and_records_who(claim, editor, other_editor):
    services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=1)
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.assignee == other_editor
    event = stored.events.last()
    assert (event.kind, event.details) == ("assigned", {"from": None, "to": "eddie"})


def test_it_refuses_assigning_to_an_inactive_user(claim, editor, other_editor):
    other_editor.is_active = False
    other_editor.save()
    with pytest.raises(services.ClaimDeskError, match="not an active user"):
        services.claim_assign(claim=claim, assignee=other_editor, by=editor, version=1)
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_it_refuses_a_stale_assignment(claim, editor, other_editor):
    services.claim_assign(claim=claim, assignee=editor, by=editor, version=1)
    with pytest.raises(services.StaleVersion):
        services.claim_assign(claim=claim, assignee=other_editor, by=other_editor, version=1)
    assert Claim.objects.get(pk=claim.pk).assignee == editor


def test_a_viewer_cannot_assign(claim, viewer, editor):
    with pytest.raises(PermissionDenied):
        services.claim_assign(claim=claim, assignee=editor, by=viewer, version=1)
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_a_no_op_edit_on_a_stale_version_is_refused(claim, editor, other_editor):
    services.claim_update(claim=claim, by=editor, version=1, statement="New wording")
    with pytest.raises(services.StaleVersion):
        services.claim_update(claim=claim, by=other_editor, version=1, statement="New wording")


def test_an_edit_whose_assignment_is_refused_changes_nothing(claim, editor, other_editor):
    # The edit form's update runs first; its assignment is refused after it.
    other_editor.is_active = False
    other_editor.save()
    with pytest.raises(services.ClaimDeskError, match="not an active user"):
        services.claim_edit(
            claim=claim,
            by=editor,
            version=1,
            statement="Khan told Saif to seek talks",
            kind="opinion",
            revisit_on=date(2025, 6, 1),
            assignee=other_editor,
        )
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.statement, stored.kind, stored.revisit_on, stored.assignee) == (
        INSTRUCTION,
        "factual",
        None,
        None,
    )
    assert stored.version == 1
    assert [event.kind for event in stored.events.all()] == ["created"]
