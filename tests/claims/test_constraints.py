"""Rules the database itself holds, whatever code writes to it."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim, Rating


def test_ratings_on_the_scale_are_seeded(ratings):
    assert {r.name: r.value for r in Rating.objects.all()} == {
        "False": 1,
        "Mostly false": 2,
        "Half true": 3,
        "Mostly true": 4,
        "True": 5,
        "Unverifiable": None,
        "Misleading": None,
    }


def test_rating_values_are_unique_within_the_scale(ratings):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(name="Pants on fire", slug="pants-on-fire", value=1)
    Rating.objects.create(name="Satire", slug="satire", value=None)  # off-scale: any number
    assert Rating.objects.filter(value__isnull=True).count() == 3


def test_a_claim_span_must_run_forwards(article, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, start=10, end=10, quote="", statement="x")
