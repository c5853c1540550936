"""What attribution_set stores and reports: the count it accepts, empty spans, the caller's copy."""

import pytest

from claims import services
from claims.models import Attribution, Claim
from tests.conftest import span_of


def test_one_anonymous_source_is_a_count_and_none_is_refused(claim, editor, party_sources):
    services.attribution_set(
        claim=claim,
        source=party_sources,
        sourcing="anonymous",
        by=editor,
        version=claim.version,
        count=1,
    )
    assert Attribution.objects.get(claim=claim).count == 1

    with pytest.raises(services.ClaimDeskError) as refused:
        services.attribution_set(
            claim=claim,
            source=party_sources,
            sourcing="anonymous",
            by=editor,
            version=claim.version,
            count=0,
        )
    assert str(refused.value) == "The number of anonymous sources must be at least 1."


def test_without_a_mention_the_span_is_empty_and_the_caller_sees_the_new_sourcing(
    claim, editor, saif
):
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )

    attribution = Attribution.objects.get(claim=claim)
    assert (attribution.mention, attribution.mention_start, attribution.cue) == ("", None, "")
    assert claim.sourcing == "named"  # the caller's object, not only the row
    assert Claim.objects.get(pk=claim.pk).events.last().actor == editor


def test_a_capture_keeps_its_kind_and_the_anonymous_sources_details(article, editor):
    attribution = services.AttributionInput(
        source_name="Officials close to the talks",
        source_kind="anonymous_group",
        sourcing="anonymous",
        mention=span_of(article, "sources familiar with the matter"),
        descriptor="familiar with the matter",
        count=2,
    )

    claim = services.claim_capture(
        article=article,
        span=span_of(article, "no formal negotiations are underway yet"),
        by=editor,
        kind="prediction",
        attribution=attribution,
    )

    stored = Attribution.objects.get(claim=claim)
    assert Claim.objects.get(pk=claim.pk).kind == "prediction"
    assert (stored.descriptor, stored.count, stored.mention) == (
        "familiar with the matter",
        2,
        "sources familiar with the matter",
    )
