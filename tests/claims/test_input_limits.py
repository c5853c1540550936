"""Field limits: an enormous statement or note is refused with the limit named, at the
form and at the service, and nothing is stored."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimEvent, Status
from tests.conftest import NO_FORMAL_TALKS, advance, span_of

HUGE = "x" * 100_000


def reload(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def test_it_refuses_a_huge_statement_at_the_capture_form(client, article, editor):
    span = span_of(article, NO_FORMAL_TALKS)
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim_capture", args=[article.pk]),
        {"start": span.start, "end": span.end, "quote": span.text, "kind": "factual"}
        | {"statement": HUGE},
        HTTP_HX_REQUEST="true",
    )
    assert "Statement: Ensure this value has at most 2000 characters" in response.content.decode()
    assert not Claim.objects.exists()


def test_it_refuses_a_huge_statement_at_the_edit_form(client, claim, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim_edit", args=[claim.pk]),
        {"version": claim.version, "statement": HUGE, "kind": claim.kind},
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    stored = reload(claim)
    assert (stored.statement, stored.version) == (claim.statement, claim.version)
    assert not stored.events.filter(kind=ClaimEvent.Kind.EDITED).exists()


def test_it_refuses_a_huge_statement_at_the_services(article, claim, editor):
    span = span_of(article, NO_FORMAL_TALKS)
    too_long = "The statement is too long: 100,000 characters, at most 2,000."
    with pytest.raises(services.ClaimDeskError, match=too_long):
        services.claim_create(
            article=article,
            start=span.start,
            end=span.end,
            quote=span.text,
            by=editor,
            statement=HUGE,
        )
    with pytest.raises(services.ClaimDeskError, match=too_long):
        services.claim_update(claim=claim, by=editor, version=claim.version, statement=HUGE)
    assert list(Claim.objects.values_list("pk", "statement")) == [(claim.pk, claim.statement)]
    assert reload(claim).version == claim.version


def test_it_refuses_a_huge_note_on_the_claim_page(client, claim, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim_transition", args=[claim.pk]),
        {"to": Status.NOT_CHECKABLE, "version": claim.version, "note": HUGE},
        follow=True,
    )
    html = response.content.decode()
    assert "Note: Ensure this value has at most 5000 characters" in html
    stored = reload(claim)
    assert (stored.status, stored.events.count()) == (Status.NEW, 1)


def test_it_refuses_a_huge_note_at_the_services(claim, editor, ratings):
    too_long = "The note is too long: 100,000 characters, at most 5,000."
    with pytest.raises(services.ClaimDeskError, match=too_long):
        services.claim_transition(
            claim=claim, to=Status.NOT_CHECKABLE, by=editor, version=claim.version, note=HUGE
        )
    advance(claim, (Status.RESEARCHING, editor))
    with pytest.raises(services.ClaimDeskError, match=too_long):
        services.claim_rate(
            claim=claim, rating=ratings["true"], by=editor, version=claim.version, note=HUGE
        )
    stored = reload(claim)
    assert (stored.status, stored.rating, stored.events.count()) == (Status.RESEARCHING, None, 2)
