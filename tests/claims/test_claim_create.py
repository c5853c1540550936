"""Making a claim from a span of an article's body."""

import pytest
from django.core.exceptions import PermissionDenied

from claims import services
from claims.models import Claim, ClaimEvent, Status
from tests.conftest import NO_FORMAL_TALKS


def test_it_creates_a_claim_from_a_span_with_its_first_event(article, editor):
    start = article.body.index(NO_FORMAL_TALKS)
    claim = services.claim_create(
        article=article,
        start=start,
        end=start + len(NO_FORMAL_TALKS),
        quote=NO_FORMAL_TALKS,
        by=editor,
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.quote == article.body[stored.start : stored.end] == NO_FORMAL_TALKS
    assert stored.statement == NO_FORMAL_TALKS  # defaults to the quote
    assert (stored.status, stored.version, stored.created_by) == (Status.NEW, 1, editor)
    event = ClaimEvent.objects.get(claim=stored)
    assert (event.kind, event.actor, event.to_status) == ("created", editor, Status.NEW)


def test_it_keeps_the_editors_statement(article, editor):
    start = article.body.index(NO_FORMAL_TALKS)
    claim = services.claim_create(
        article=article,
        start=start,
        end=start + len(NO_FORMAL_TALKS),
        quote=NO_FORMAL_TALKS,
        statement="  No formal PTI–government talks were underway on 24 May 2025.  ",
        by=editor,
    )
    assert claim.statement == "No formal PTI–government talks were underway on 24 May 2025."


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 5), (10, 10), (20, 10), (0, 10_000)],
)
def test_it_refuses_a_span_outside_the_body(article, editor, start, end):
    with pytest.raises(services.InvalidSpan, match="outside the article body"):
        services.claim_create(article=article, start=start, end=end, quote="Efforts", by=editor)
    assert not Claim.objects.exists()


def test_it_refuses_a_quote_that_does_not_match(article, editor):
    with pytest.raises(services.InvalidSpan, match="the article has “Efforts to”"):
        services.claim_create(article=article, start=0, end=10, quote="Negotiati", by=editor)
    assert not Claim.objects.exists()
    assert not ClaimEvent.objects.exists()


def test_it_accepts_a_quote_in_another_unicode_form(editor):
    # The body is stored in NFC; a browser may send the same words decomposed.
    article = services.article_create(body="The café reopened on Monday.", by=editor).article
    decomposed = "cafe\u0301 reopened"
    claim = services.claim_create(article=article, start=4, end=17, quote=decomposed, by=editor)
    assert claim.quote == "café reopened" == article.body[4:17]


def test_it_refuses_an_unknown_kind(article, editor):
    with pytest.raises(services.ClaimDeskError, match="not a kind of claim"):
        services.claim_create(article=article, start=0, end=7, quote="Efforts", by=editor, kind="x")
    assert not Claim.objects.exists()


def test_it_refuses_a_viewer(article, viewer):
    with pytest.raises(PermissionDenied, match="create claims"):
        services.claim_create(article=article, start=0, end=7, quote="Efforts", by=viewer)
    assert not Claim.objects.exists()
