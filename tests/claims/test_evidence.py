"""Attaching evidence to a claim."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from claims import services
from claims.models import Claim, Evidence


def test_it_adds_evidence_with_an_event_but_no_version_bump(claim, editor):
    evidence = services.evidence_add(
        claim=claim,
        by=editor,
        title="Adiala Jail visitor log",
        url="https://example.org/log",
        stance="supports",
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.version == 1  # adding is never a lost update
    event = stored.events.last()
    assert event.kind == "evidence_added"
    assert event.details == {
        "evidence_id": evidence.pk,
        "title": "Adiala Jail visitor log",
        "stance": "supports",
    }


def test_it_stores_an_uploaded_file(claim, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("statement.txt", b"PTI statement", content_type="text/plain")
    evidence = services.evidence_add(claim=claim, by=editor, title="Statement", file=upload)
    assert evidence.file.read() == b"PTI statement"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": " ", "url": "https://example.org"}, "needs a title"),
        ({"title": "Log"}, "needs a URL or a file"),
        ({"title": "Log", "url": "https://example.org", "stance": "maybe"}, "not a stance"),
        ({"title": "Log", "url": "javascript:alert(1)"}, "not an http"),
    ],
)
def test_it_refuses_incomplete_evidence(claim, editor, kwargs, message):
    with pytest.raises(services.ClaimDeskError, match=message):
        services.evidence_add(claim=claim, by=editor, **kwargs)
    assert not Evidence.objects.exists()
    assert Claim.objects.get(pk=claim.pk).events.count() == 1


def test_it_refuses_a_viewer(claim, viewer):
    with pytest.raises(PermissionDenied):
        services.evidence_add(claim=claim, by=viewer, title="Log", url="https://example.org")
    assert not Evidence.objects.exists()


def test_the_event_records_the_stored_state_not_a_stale_copy(claim, editor, ratings):
    stale = Claim.objects.get(pk=claim.pk)  # opened while new
    services.claim_transition(claim=claim, to="researching", by=editor, version=1)
    services.evidence_add(claim=stale, by=editor, title="Log", url="https://example.org")
    event = Claim.objects.get(pk=claim.pk).events.order_by("at", "id").last()
    assert (event.kind, event.to_status) == ("evidence_added", "researching")
