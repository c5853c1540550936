"""One source per name, however the name is spaced, cased or quoted."""

import pytest
from django.db import IntegrityError, transaction

from claims import services
from claims.models import Source


def test_it_finds_a_source_whatever_the_spacing_and_case(editor):
    saif = Source.objects.create(name="Barrister Saif")
    found = services.source_find_or_create(name="  barrister  SAIF ", kind="person", by=editor)
    assert found == saif
    assert Source.objects.count() == 1


def test_it_finds_a_source_whatever_the_apostrophe(editor):
    office = Source.objects.create(name="Imran Khan’s office", kind="organization")
    found = services.source_find_or_create(name="imran khan's office", kind="person", by=editor)
    assert found == office
    assert list(Source.objects.values_list("name", flat=True)) == ["Imran Khan’s office"]


def test_it_makes_a_source_for_a_new_name(editor):
    made = services.source_find_or_create(name="  Invented   Minister ", kind="person", by=editor)
    assert (made.name, made.name_key) == ("Invented Minister", "invented minister")


def test_the_database_refuses_a_second_source_with_the_same_folded_name(db):
    Source.objects.create(name="Barrister Saif")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="BARRISTER   saif")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="Barrister Saif")
    assert Source.objects.count() == 1
