"""A published claim keeps its statement, kind and sources as reviewed until reopened."""

from datetime import date

import pytest

from claims import services
from claims.models import Attribution, Claim, Status
from tests.conftest import advance

R, IR, P = Status.RESEARCHING, Status.IN_REVIEW, Status.PUBLISHED
FROZEN = (
    "This claim is published: its {} cannot change until a reviewer reopens it. "
    "Evidence can still be added."
)


@pytest.fixture
def published(claim, editor, reviewer, saif, ratings) -> Claim:
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )
    advance(claim, (R, editor))
    advance(claim, (IR, editor), rating=ratings["false"], note="Jail log")
    return advance(claim, (P, reviewer))


def event_kinds(claim: Claim) -> list[str]:
    return list(claim.events.order_by("at", "id").values_list("kind", flat=True))


@pytest.mark.parametrize(
    "edit", [{"statement": "Khan asked Saif"}, {"kind": "opinion"}], ids=["statement", "kind"]
)
def test_it_refuses_editing_the_statement_or_kind(published, editor, edit):
    before = event_kinds(published)

    with pytest.raises(services.ClaimDeskError) as refused:
        services.claim_update(claim=published, by=editor, version=published.version, **edit)

    assert str(refused.value) == FROZEN.format("statement and kind")
    stored = Claim.objects.get(pk=published.pk)
    assert (stored.statement, stored.kind, stored.version) == (
        published.statement,
        published.kind,
        published.version,
    )
    assert event_kinds(stored) == before


def test_it_still_takes_a_revisit_date(published, editor):
    services.claim_update(
        claim=published, by=editor, version=published.version, revisit_on=date(2025, 7, 1)
    )

    stored = Claim.objects.get(pk=published.pk)
    assert stored.revisit_on == date(2025, 7, 1)
    assert stored.events.last().details == {"changed": {"revisit_on": [None, "2025-07-01"]}}


def test_it_refuses_a_new_source(published, editor, party_sources):
    with pytest.raises(services.ClaimDeskError) as refused:
        services.attribution_set(
            claim=published,
            source=party_sources,
            sourcing="anonymous",
            by=editor,
            version=published.version,
        )

    assert str(refused.value) == FROZEN.format("sources")
    assert list(Attribution.objects.filter(claim=published).values_list("sourcing", flat=True)) == [
        "named"
    ]


def test_setting_the_same_source_again_is_no_change_and_no_refusal(published, editor, saif):
    version = published.version

    services.attribution_set(
        claim=published, source=saif, sourcing="named", by=editor, version=version
    )

    assert Claim.objects.get(pk=published.pk).version == version


def test_it_refuses_removing_a_source(published, editor):
    attribution = Attribution.objects.get(claim=published)

    with pytest.raises(services.ClaimDeskError) as refused:
        services.attribution_remove(attribution=attribution, by=editor, version=published.version)

    assert str(refused.value) == FROZEN.format("sources")
    assert Attribution.objects.filter(pk=attribution.pk).exists()


def test_once_reopened_it_can_be_edited_again(published, editor, reviewer):
    advance(published, (R, reviewer), note="New filing")

    services.claim_update(claim=published, by=editor, version=published.version, kind="opinion")

    assert Claim.objects.get(pk=published.pk).kind == "opinion"
