"""The capture form's one-time key: a form sent twice makes one claim."""

import uuid

from django.urls import reverse

from claims.models import Claim
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, span_of


def capture(client, article, text: str, key: uuid.UUID):
    span = span_of(article, text)
    data = {"start": span.start, "end": span.end, "quote": span.text, "kind": "factual"}
    return client.post(
        reverse("claims:claim_capture", args=[article.pk]),
        {**data, "capture_key": str(key)},
        HTTP_HX_REQUEST="true",
    )


def test_it_makes_one_claim_from_a_double_submitted_capture(client, article, editor):
    client.force_login(editor)
    key = uuid.uuid4()
    first = capture(client, article, NO_FORMAL_TALKS, key)
    second = capture(client, article, NO_FORMAL_TALKS, key)
    claim = Claim.objects.get()
    assert (claim.quote, claim.capture_key) == (NO_FORMAL_TALKS, key)
    assert claim.events.count() == 1
    for response in (first, second):
        assert f'"id": {claim.pk}' in response["HX-Trigger-After-Settle"]


def test_it_makes_a_second_claim_with_a_new_key(client, article, editor):
    client.force_login(editor)
    capture(client, article, NO_FORMAL_TALKS, uuid.uuid4())
    capture(client, article, NO_FORMAL_TALKS, uuid.uuid4())
    assert list(Claim.objects.values_list("quote", flat=True)) == [NO_FORMAL_TALKS] * 2


def test_it_refuses_a_key_reused_for_another_span(client, article, editor):
    client.force_login(editor)
    key = uuid.uuid4()
    capture(client, article, NO_FORMAL_TALKS, key)
    first = Claim.objects.get()
    response = capture(client, article, INSTRUCTION, key)
    assert f"This capture form was already used for claim #{first.pk}" in response.content.decode()
    assert list(Claim.objects.values_list("pk", "quote")) == [(first.pk, NO_FORMAL_TALKS)]
