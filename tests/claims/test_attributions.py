"""Attributing claims to sources, and the claim's sourcing that follows."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from claims import services
from claims.models import Attribution, Claim, Sourcing
from tests.conftest import NO_FORMAL_TALKS, claim_at, span_of


def test_it_attributes_a_claim_with_mention_and_cue(article, claim, editor, party_sources):
    services.attribution_set(
        claim=claim,
        source=party_sources,
        sourcing="anonymous",
        by=editor,
        version=claim.version,
        mention=span_of(article, "sources familiar with the matter"),
        cue=span_of(article, "According to sources familiar"),
        descriptor="sources familiar with the matter",
    )
    attribution = Attribution.objects.get(claim=claim)
    assert attribution.mention == "sources familiar with the matter"
    assert article.body[attribution.mention_start : attribution.mention_end] == attribution.mention
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.sourcing == Sourcing.ANONYMOUS and stored.rests_on_anonymous_sources_only
    event = stored.events.last()
    assert event.kind == "sourcing_changed"
    assert event.details["from"] is None and event.details["to"] == "anonymous"


def test_a_change_of_sourcing_is_an_event(article, editor, saif):
    claim = claim_at(article, NO_FORMAL_TALKS, editor)
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )
    services.attribution_set(
        claim=claim, source=saif, sourcing="confirmed", by=editor, version=claim.version
    )
    assert Attribution.objects.filter(claim=claim).count() == 1
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.sourcing == Sourcing.CONFIRMED
    changes = [
        (e.details["from"], e.details["to"]) for e in stored.events.filter(kind="sourcing_changed")
    ]
    assert changes == [(None, "named"), ("named", "confirmed")]


def test_the_strongest_sourcing_wins(article, claim, editor, saif, party_sources):
    for source, level in ((party_sources, "anonymous"), (saif, "named")):
        services.attribution_set(
            claim=claim, source=source, sourcing=level, by=editor, version=claim.version
        )
    assert Claim.objects.get(pk=claim.pk).sourcing == Sourcing.NAMED
    services.attribution_remove(
        attribution=claim.attributions.get(source=saif), by=editor, version=claim.version
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.sourcing == Sourcing.ANONYMOUS
    assert stored.events.last().details == {
        "source": saif.name,
        "source_id": saif.pk,
        "from": "named",
        "to": None,
    }


def test_it_refuses_a_mention_that_is_not_in_the_text(article, claim, editor, saif):
    wrong = services.Span(0, 5, "Saif ")
    with pytest.raises(services.InvalidSpan, match="mention does not match"):
        services.attribution_set(
            claim=claim, source=saif, sourcing="named", by=editor, version=1, mention=wrong
        )
    assert not Attribution.objects.exists()
    assert Claim.objects.get(pk=claim.pk).sourcing == Sourcing.UNATTRIBUTED


def test_it_refuses_an_unknown_sourcing_level(claim, editor, saif):
    for level in ("rumour", "unattributed"):
        with pytest.raises(services.ClaimDeskError, match="not a sourcing level"):
            services.attribution_set(claim=claim, source=saif, sourcing=level, by=editor, version=1)
    assert not Attribution.objects.exists()


def test_it_refuses_a_stale_version(claim, editor, other_editor, saif, party_sources):
    services.attribution_set(claim=claim, source=saif, sourcing="named", by=editor, version=1)
    with pytest.raises(services.StaleVersion):
        services.attribution_set(
            claim=claim, source=party_sources, sourcing="anonymous", by=other_editor, version=1
        )
    assert list(claim.attributions.values_list("source__name", flat=True)) == [saif.name]


def test_it_refuses_a_viewer(claim, viewer, saif):
    with pytest.raises(PermissionDenied):
        services.attribution_set(claim=claim, source=saif, sourcing="named", by=viewer, version=1)
    assert not Attribution.objects.exists()


def test_the_database_holds_one_attribution_per_claim_and_source(claim, saif):
    Attribution.objects.create(claim=claim, source=saif, sourcing="named")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attribution.objects.create(claim=claim, source=saif, sourcing="anonymous")


def test_the_database_refuses_a_reversed_mention_span(claim, saif):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attribution.objects.create(
            claim=claim, source=saif, sourcing="named", mention_start=9, mention_end=3
        )


def test_setting_the_same_attribution_again_changes_nothing(claim, editor, saif):
    services.attribution_set(claim=claim, source=saif, sourcing="named", by=editor, version=1)
    services.attribution_set(claim=claim, source=saif, sourcing="named", by=editor, version=2)
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.version == 2
    assert stored.events.filter(kind="sourcing_changed").count() == 1


def test_two_editors_adding_the_same_source_meet_a_stale_version(claim, editor, other_editor, saif):
    services.attribution_set(claim=claim, source=saif, sourcing="named", by=editor, version=1)
    stale = Claim.objects.get(pk=claim.pk)
    with pytest.raises(services.StaleVersion):
        services.attribution_set(
            claim=stale, source=saif, sourcing="anonymous", by=other_editor, version=1
        )
    assert Attribution.objects.get(claim=claim).sourcing == "named"


def test_it_refuses_fewer_than_one_anonymous_source(claim, editor, party_sources):
    with pytest.raises(services.ClaimDeskError, match="at least 1"):
        services.attribution_set(
            claim=claim, source=party_sources, sourcing="anonymous", by=editor, version=1, count=0
        )
    assert not Attribution.objects.exists()


def test_a_viewer_cannot_remove_an_attribution(claim, editor, viewer, saif):
    attribution = services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=1
    )
    with pytest.raises(PermissionDenied):
        services.attribution_remove(attribution=attribution, by=viewer, version=2)
    assert Attribution.objects.filter(pk=attribution.pk).exists()
