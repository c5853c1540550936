"""A capture form saves one claim, however often it is sent: its one-time key."""

import uuid

import pytest
from django.db import IntegrityError

from claims import services
from claims.models import Claim, ClaimEvent
from claims.services import claims as claim_services
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, span_of


def capture(article, by, text=INSTRUCTION, key=None, **kwargs) -> Claim:
    return services.claim_capture(
        article=article, span=span_of(article, text), by=by, capture_key=key, **kwargs
    )


def test_the_same_form_sent_twice_makes_one_claim(article, editor):
    key = uuid.uuid4()

    first = capture(article, editor, key=key)
    second = capture(article, editor, key=key)

    assert second.pk == first.pk
    assert Claim.objects.count() == 1
    assert ClaimEvent.objects.filter(kind=ClaimEvent.Kind.CREATED).count() == 1


def test_forms_without_a_key_make_a_claim_each(article, editor):
    capture(article, editor)
    capture(article, editor)

    assert Claim.objects.count() == 2


@pytest.mark.parametrize("change", ["span", "user"])
def test_a_used_key_for_another_capture_is_refused(article, editor, other_editor, change):
    key = uuid.uuid4()
    first = capture(article, editor, key=key)
    text, by = (NO_FORMAL_TALKS, editor) if change == "span" else (INSTRUCTION, other_editor)

    with pytest.raises(services.ClaimDeskError) as refused:
        capture(article, by, text=text, key=key)

    assert str(refused.value) == (
        f"This capture form was already used for claim #{first.pk}. "
        "Reload the page to capture another claim."
    )
    assert Claim.objects.count() == 1


def test_the_second_of_two_simultaneous_sends_gets_the_first_ones_claim(
    article, editor, monkeypatch
):
    # The race: the other request inserts its claim after this one looked for
    # the key and before it inserts. Simulated by making the first look miss.
    key = uuid.uuid4()
    first = capture(article, editor, key=key)
    looks = []
    real_lookup = claim_services._captured_with

    def lookup_missing_the_first_time(*args):
        looks.append(args)
        return None if len(looks) == 1 else real_lookup(*args)

    monkeypatch.setattr(claim_services, "_captured_with", lookup_missing_the_first_time)

    second = capture(article, editor, key=key)

    assert (second.pk, len(looks)) == (first.pk, 2)
    assert Claim.objects.count() == 1


def test_an_integrity_error_without_an_earlier_capture_is_not_swallowed(
    article, editor, monkeypatch
):
    def clash(*args, **kwargs):
        raise IntegrityError("some other constraint")

    monkeypatch.setattr(claim_services, "claim_create", clash)

    with pytest.raises(IntegrityError):
        capture(article, editor, key=uuid.uuid4())
    with pytest.raises(IntegrityError):
        capture(article, editor)
