"""check_record: a record the services wrote holds; each kind of break is named.

The breaks are forged the way a buggy service would make them: through the
timeline's own writers (``save_claim`` and ``record``), bypassing the rules,
or by writing a claim's columns behind its events' back.
"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Attribution, Claim, ClaimEvent, Status
from claims.record import Violation, check_claim, check_record
from claims.services.timeline import record, save_claim
from tests.conftest import (
    INSTRUCTION,
    NO_FORMAL_TALKS,
    advance,
    claim_at,
    recount_tallies,
    rewrite_claim_row,
    span_of,
)

R, IR, P = Status.RESEARCHING, Status.IN_REVIEW, Status.PUBLISHED


def stored(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def breaks(claim: Claim) -> list[tuple[str, str]]:
    found = check_record(Claim.objects.filter(pk=claim.pk))
    assert {v.claim_id for v in found} <= {claim.pk}  # each break names its claim
    return [(v.rule, v.detail) for v in found]


def forge(claim: Claim, kind: str, by, details: dict | None = None, **changes) -> ClaimEvent:
    """Write ``changes`` and their event as a service would, with no rule checked."""
    current = stored(claim)
    from_status, from_rating_id = current.status, current.rating_id
    save_claim(current, **changes)
    return record(
        current,
        kind=kind,
        by=by,
        from_status=from_status,
        from_rating_id=from_rating_id,
        details=details or {},
    )


def in_review(claim: Claim, editor, ratings) -> Claim:
    advance(claim, (R, editor))
    services.claim_transition(
        claim=claim, to=IR, by=editor, version=claim.version, rating=ratings["false"], note="Log"
    )
    return claim


def test_a_whole_life_written_by_the_services_holds(
    article, claim, editor, reviewer, other_reviewer, saif, party_sources, ratings
):
    services.attribution_set(
        claim=claim,
        source=party_sources,
        sourcing="anonymous",
        by=editor,
        version=claim.version,
        mention=span_of(article, "sources familiar with the matter"),
        cue=span_of(article, "According to sources familiar"),
    )
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )
    attribution = Attribution.objects.get(claim=claim, source=party_sources)
    services.attribution_remove(attribution=attribution, by=editor, version=claim.version)
    claim = stored(claim)  # the removal brings attribution.claim up to date, not this object
    services.claim_update(claim=claim, by=editor, version=claim.version, statement="Khan asked")
    services.claim_update(claim=claim, by=editor, version=claim.version, kind="opinion")
    # Confirmed outranks named, though "named" sorts after "confirmed".
    services.attribution_set(
        claim=claim, source=party_sources, sourcing="confirmed", by=editor, version=claim.version
    )
    in_review(claim, editor, ratings)
    advance(claim, (P, reviewer))
    # Reopened, changed and published again by someone new: only the last publish counts.
    advance(claim, (R, reviewer), note="New filing")
    services.claim_rate(
        claim=claim, rating=ratings["true"], by=editor, version=claim.version, note="Filing"
    )
    services.claim_transition(claim=claim, to=IR, by=editor, version=claim.version)
    advance(claim, (P, other_reviewer))
    # What a published claim may still gain: evidence, an assignee, a revisit date.
    services.evidence_add(claim=claim, by=editor, title="Log", url="https://example.org")
    services.claim_assign(claim=claim, assignee=editor, by=editor, version=claim.version)
    services.claim_update(
        claim=claim, by=editor, version=claim.version, revisit_on=date(2025, 7, 1)
    )

    assert (stored(claim).version, stored(claim).sourcing) == (16, "confirmed")
    assert check_record() == []


def test_it_names_a_claim_without_its_creation_event(article, editor):
    claim = Claim.objects.create(
        article=article, start=0, end=5, quote=article.body[:5], statement="x", created_by=editor
    )
    recount_tallies()  # so that only the intended rule breaks

    assert check_record() == [
        Violation(claim.pk, "created", "its timeline does not start with its creation")
    ]
    assert str(check_record()[0]) == (
        f"claim #{claim.pk}: created: its timeline does not start with its creation"
    )


def test_it_names_a_second_creation_event(claim, editor):
    details = {"statement": INSTRUCTION, "kind": "factual"}
    forge(claim, ClaimEvent.Kind.CREATED, editor, details=details)

    assert breaks(claim) == [("created", "more than one creation event")]


def test_it_names_an_event_that_does_not_start_where_the_last_one_ended(claim, editor, ratings):
    event = ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEvent.Kind.NOTE,
        from_status=R,
        to_status=Status.NEW,
        from_rating=ratings["false"],
        claim_version=2,
    )
    Claim.objects.filter(pk=claim.pk).update(version=2)

    assert breaks(claim) == [
        (
            "chain",
            f"event {event.pk} starts from researching/{ratings['false'].pk}, "
            "but the one before left new/None",
        )
    ]


def test_it_names_an_event_that_skips_a_version_and_evidence_that_bumps_one(claim):
    new = Status.NEW
    skipped = ClaimEvent.objects.create(
        claim=claim, kind=ClaimEvent.Kind.ASSIGNED, from_status=new, to_status=new, claim_version=3
    )
    # Evidence leaves the version as it was: one that bumps it is out of step.
    evidence = ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEvent.Kind.EVIDENCE_ADDED,
        from_status=new,
        to_status=new,
        claim_version=4,
    )
    Claim.objects.filter(pk=claim.pk).update(version=4)

    assert breaks(claim) == [
        ("version", f"event {skipped.pk} (assigned) is at version 3 after 1"),
        ("version", f"event {evidence.pk} (evidence_added) is at version 4 after 3"),
    ]


def test_evidence_at_the_same_version_keeps_the_chain(claim, editor):
    services.evidence_add(claim=claim, by=editor, title="Log", url="https://example.org")

    assert stored(claim).events.last().claim_version == 1
    assert breaks(claim) == []


def test_it_names_each_column_that_differs_from_the_events(claim, editor, ratings):
    rating = ratings["false"]
    Claim.objects.filter(pk=claim.pk).update(
        status=P, rating=rating, rating_value=rating.value, version=7, verdict_by=editor
    )
    Claim.objects.filter(pk=claim.pk).update(sourcing="named")

    assert breaks(claim) == [
        ("projection", "status is 'published', its events say 'new'"),
        ("projection", f"rating is {ratings['false'].pk}, its events say None"),
        ("projection", "version is 7, its events say 1"),
        ("projection", f"verdict author is {editor.pk}, its events say None"),
        ("projection", "sourcing is 'named', its events say 'unattributed'"),
        ("four eyes", "published, but no event published it"),
    ]


def test_it_names_a_statement_kind_or_source_the_events_do_not_tell(claim, saif):
    rewrite_claim_row(claim, statement="Something else", kind="opinion")
    Attribution.objects.create(claim=claim, source=saif, sourcing="named")
    recount_tallies()  # so that only the intended rules break

    assert breaks(claim) == [
        ("projection", "sourcing is 'unattributed', its events say 'named'"),
        ("projection", "statement differs from what its events say"),
        ("projection", "kind differs from what its events say"),
        ("projection", "sources differs from what its events say"),
    ]


def test_it_replays_edits_and_sourcing_events(claim, editor, saif):
    services.claim_update(claim=claim, by=editor, version=claim.version, statement="Khan asked")
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )
    services.attribution_set(
        claim=claim, source=saif, sourcing="confirmed", by=editor, version=claim.version
    )
    # The columns go back to what the creation event said: the replay must disagree.
    rewrite_claim_row(claim, statement=INSTRUCTION)
    Attribution.objects.filter(claim=claim).update(sourcing="named")

    assert breaks(claim) == [
        ("projection", "sourcing is 'confirmed', its events say 'named'"),
        ("projection", "statement differs from what its events say"),
        ("projection", "sources differs from what its events say"),
    ]


def test_it_names_a_quote_that_does_not_match_the_article(claim):
    rewrite_claim_row(claim, quote="Imran Khan instructed nobody")

    assert breaks(claim) == [
        ("span", f"quote [{claim.start}, {claim.end}) does not match the article"),
    ]


def with_quote_at(claim: Claim, start: int, end: int) -> Claim:
    """The claim as check_record reads it, its quote moved to [start, end) in memory
    (the database refuses an empty or reversed span, so no service could store one)."""
    loaded = stored(claim)
    loaded.timeline = list(loaded.events.order_by("at", "id"))
    loaded.sources = []
    body = loaded.article.body
    loaded.start, loaded.end, loaded.quote = start, end, body[max(start, 0) : max(end, 0)]
    return loaded


@pytest.mark.parametrize(
    ("span", "holds"),
    [
        (lambda n: (0, 3), True),
        (lambda n: (n - 3, n), True),
        (lambda n: (-1, 4), False),
        (lambda n: (5, 5), False),
        (lambda n: (6, 5), False),
        (lambda n: (n - 1, n + 2), False),
    ],
    ids=["at-the-start", "at-the-end", "before", "empty", "reversed", "past-the-end"],
)
def test_a_quote_holds_only_inside_the_article(claim, span, holds):
    start, end = span(len(claim.article.body))

    found = [(v.rule, v.detail) for v in check_claim(with_quote_at(claim, start, end))]

    expected = [] if holds else [("span", f"quote [{start}, {end}) does not match the article")]
    assert found == expected


def test_it_names_a_mention_or_cue_that_does_not_match(article, claim, editor, party_sources):
    services.attribution_set(
        claim=claim,
        source=party_sources,
        sourcing="anonymous",
        by=editor,
        version=claim.version,
        mention=span_of(article, "sources familiar with the matter"),
        cue=span_of(article, "According to sources familiar"),
    )
    attribution = Attribution.objects.get(claim=claim)
    Attribution.objects.filter(pk=attribution.pk).update(
        mention="sources unfamiliar", cue="Reportedly"
    )

    assert breaks(claim) == [
        (
            "span",
            f"mention [{attribution.mention_start}, {attribution.mention_end}) "
            "does not match the article",
        ),
        (
            "span",
            f"cue [{attribution.cue_start}, {attribution.cue_end}) does not match the article",
        ),
    ]


def test_it_names_a_publish_by_the_verdicts_author(claim, editor, reviewer, ratings):
    in_review(claim, editor, ratings)
    forge(claim, ClaimEvent.Kind.STATUS_CHANGED, editor, status=P)

    assert breaks(claim) == [
        ("four eyes", "published by the author of its verdict"),
        ("four eyes", "published by the one who sent it to review"),
    ]


def test_it_names_a_publish_by_the_sender_only(claim, editor, other_editor, ratings):
    advance(claim, (R, editor))
    services.claim_rate(
        claim=claim, rating=ratings["false"], by=other_editor, version=claim.version, note="x"
    )
    advance(claim, (IR, editor))
    forge(claim, ClaimEvent.Kind.STATUS_CHANGED, editor, status=P)

    assert breaks(claim) == [("four eyes", "published by the one who sent it to review")]


def test_it_names_a_publish_without_a_verdict(claim, editor, reviewer):
    advance(claim, (R, editor), (IR, editor))
    forge(claim, ClaimEvent.Kind.STATUS_CHANGED, reviewer, status=P)

    assert breaks(claim) == [("four eyes", "published without a verdict")]


def test_four_eyes_looks_at_the_last_publish_and_the_send_before_it(
    claim, editor, other_editor, reviewer, other_reviewer, ratings
):
    in_review(claim, editor, ratings)
    advance(claim, (P, reviewer), (R, reviewer), note="Reopened")
    advance(claim, (IR, other_editor))
    # The first sender may publish now; the one who sent it back to review may not.
    forge(claim, ClaimEvent.Kind.STATUS_CHANGED, other_editor, status=P)

    assert breaks(claim) == [("four eyes", "published by the one who sent it to review")]


@pytest.mark.parametrize(
    ("kind", "changes", "details"),
    [
        (ClaimEvent.Kind.EDITED, {"statement": "New"}, {"changed": {"statement": ["a", "New"]}}),
        (
            ClaimEvent.Kind.EDITED,
            {"revisit_on": date(2025, 7, 1), "kind": "opinion"},
            {"changed": {"revisit_on": [None, "2025-07-01"], "kind": ["factual", "opinion"]}},
        ),
        (ClaimEvent.Kind.NOTE, {}, {"changed": {"revisit_on": [None, "2025-07-01"]}}),
    ],
    ids=["statement", "kind-and-revisit", "note"],
)
def test_it_names_a_change_to_a_published_claim(
    claim, editor, reviewer, ratings, kind, changes, details
):
    in_review(claim, editor, ratings)
    advance(claim, (P, reviewer))
    current = stored(claim)
    save_claim(current, **changes)
    event = record(current, kind=kind, by=editor, details=details)

    assert breaks(claim) == [("frozen", f"event {event.pk} ({kind}) after publishing")]


def test_it_checks_only_the_claims_it_is_given(article, claim, editor):
    other = claim_at(article, NO_FORMAL_TALKS, editor)
    Claim.objects.filter(pk__in=[claim.pk, other.pk]).update(version=9)

    assert [v.claim_id for v in check_record(Claim.objects.filter(pk=other.pk))] == [other.pk]
    assert [v.claim_id for v in check_record()] == sorted([claim.pk, other.pk])


def test_the_command_reports_breaks_and_fails(claim, capsys):
    call_command("check_record")
    assert "The record holds: 1 claims checked, no breaks." in capsys.readouterr().out

    Claim.objects.filter(pk=claim.pk).update(version=9)
    with pytest.raises(CommandError, match=r"1 break\(s\) in the record of 1 claims"):
        call_command("check_record")
    assert f"claim #{claim.pk}: projection: version is 9" in capsys.readouterr().out


def test_a_source_removed_through_the_services_is_gone_from_the_replay(claim, editor, saif):
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )
    attribution = claim.attributions.get()
    services.attribution_remove(attribution=attribution, by=editor, version=claim.version)

    assert check_record() == []
