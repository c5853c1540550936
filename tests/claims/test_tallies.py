"""The tallies beside sources and articles: kept by every service that changes
what they count, recounted the same by the backfill's SQL, and checked by
check_record, which names a tally made wrong behind the services' back."""

from __future__ import annotations

import pytest
from django.db import connection

from claims import services
from claims.models import Article, ArticleTally, Claim, Source, SourceVerdictTally, Status
from claims.record import Violation, check_record
from claims.tallies import store_counts
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, advance, claim_at, span_of

R, IR, P = Status.RESEARCHING, Status.IN_REVIEW, Status.PUBLISHED


def tallies(source: Source) -> tuple[int, int, int]:
    source.refresh_from_db()
    return source.claim_count, source.anonymous_count, source.published_count


def record(source: Source) -> dict[str, int]:
    """The source's record as stored, rating slug -> published claims (zeros left out)."""
    rows = SourceVerdictTally.objects.filter(source=source, n__gt=0).select_related("rating")
    return {row.rating.slug: row.n for row in rows}


def claim_count(article: Article) -> int:
    return ArticleTally.objects.get(article=article).claim_count


@pytest.fixture
def saif(db) -> Source:
    return Source.objects.create(name="Barrister Mohammad Ali Saif")


@pytest.fixture
def party(db) -> Source:
    return Source.objects.create(name="PTI party sources", kind=Source.Kind.ANONYMOUS_GROUP)


def attribute(claim: Claim, source: Source, sourcing: str, by) -> None:
    services.attribution_set(
        claim=claim, source=source, sourcing=sourcing, by=by, version=claim.version
    )


def in_review(claim: Claim, editor, reviewer, rating) -> Claim:
    advance(claim, (R, editor))
    services.claim_rate(claim=claim, rating=rating, by=editor, version=claim.version, note="Log")
    return advance(claim, (IR, reviewer))


def test_a_capture_counts_the_claim_on_its_article_and_its_source(article, editor):
    attribution = services.AttributionInput(
        source_name="Senior officials", source_kind="anonymous_group", sourcing="anonymous"
    )
    services.claim_capture(
        article=article, span=span_of(article, INSTRUCTION), by=editor, attribution=attribution
    )
    services.claim_capture(article=article, span=span_of(article, NO_FORMAL_TALKS), by=editor)

    assert claim_count(article) == 2
    assert tallies(Source.objects.get(name="Senior officials")) == (1, 1, 0)
    assert check_record() == []


def test_attributing_resourcing_and_removing_move_the_sources_tallies(article, editor, saif, party):
    claim = claim_at(article, INSTRUCTION, editor)
    attribute(claim, saif, "named", editor)
    attribute(claim, party, "anonymous", editor)
    assert (tallies(saif), tallies(party)) == ((1, 0, 0), (1, 1, 0))

    attribute(claim, saif, "anonymous", editor)  # named → anonymous: still one claim
    attribute(claim, party, "confirmed", editor)
    assert (tallies(saif), tallies(party)) == ((1, 1, 0), (1, 0, 0))

    services.attribution_remove(
        attribution=claim.attributions.get(source=saif), by=editor, version=claim.version
    )
    assert (tallies(saif), tallies(party)) == ((0, 0, 0), (1, 0, 0))
    assert check_record() == []


def test_publishing_reopening_and_a_new_verdict_move_each_sources_record(
    article, editor, reviewer, other_reviewer, saif, party, ratings
):
    claim = claim_at(article, INSTRUCTION, editor)
    attribute(claim, saif, "named", editor)
    attribute(claim, party, "anonymous", editor)
    in_review(claim, editor, reviewer, ratings["false"])

    advance(claim, (P, other_reviewer))
    assert (tallies(saif)[2], tallies(party)[2]) == (1, 1)
    assert record(saif) == record(party) == {"false": 1}

    services.claim_transition(
        claim=claim, to=R, by=reviewer, version=claim.version, note="New figures"
    )
    assert (tallies(saif)[2], record(saif)) == (0, {})

    services.claim_rate(
        claim=claim, rating=ratings["true"], by=editor, version=claim.version, note="Log"
    )
    advance(claim, (IR, reviewer), (P, other_reviewer))
    assert (tallies(saif), record(saif)) == ((1, 0, 1), {"true": 1})
    assert (tallies(party), record(party)) == ((1, 1, 1), {"true": 1})
    assert check_record() == []


def test_a_claim_closed_as_not_checkable_counts_in_no_record(article, editor, saif):
    claim = claim_at(article, INSTRUCTION, editor)
    attribute(claim, saif, "named", editor)
    services.claim_transition(
        claim=claim, to=Status.NOT_CHECKABLE, by=editor, version=claim.version, note="No record"
    )
    assert (tallies(saif), record(saif)) == ((1, 0, 0), {})


def test_an_edit_of_a_source_keeps_the_tallies_counted_since_its_form_was_read(
    article, editor, saif, admin_user
):
    form_copy = Source.objects.get(pk=saif.pk)
    attribute(claim_at(article, INSTRUCTION, editor), saif, "named", editor)

    form_copy.role = "PTI's lawyer"
    services.source_save(source=form_copy, by=admin_user)

    assert tallies(saif) == (1, 0, 0)
    assert Source.objects.get(pk=saif.pk).role == "PTI's lawyer"


def test_the_backfill_counts_what_the_services_kept(
    article, editor, reviewer, other_reviewer, saif, party, ratings
):
    published = claim_at(article, INSTRUCTION, editor)
    attribute(published, saif, "named", editor)
    attribute(published, party, "anonymous", editor)
    in_review(published, editor, reviewer, ratings["false"])
    advance(published, (P, other_reviewer))
    attribute(claim_at(article, NO_FORMAL_TALKS, editor), party, "anonymous", editor)
    kept = {source.pk: (tallies(source), record(source)) for source in (saif, party)}

    Source.objects.update(claim_count=0, anonymous_count=0, published_count=0)
    ArticleTally.objects.all().delete()
    SourceVerdictTally.objects.all().delete()
    with connection.cursor() as cursor:
        store_counts(cursor)

    assert {source.pk: (tallies(source), record(source)) for source in (saif, party)} == kept
    assert claim_count(article) == 2
    assert check_record() == []


# check_record: a tally made wrong behind the services' back is named.


@pytest.fixture
def published_claim(article, editor, reviewer, other_reviewer, saif, ratings) -> Claim:
    claim = claim_at(article, INSTRUCTION, editor)
    attribute(claim, saif, "named", editor)
    in_review(claim, editor, reviewer, ratings["false"])
    return advance(claim, (P, other_reviewer))


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_reports_a_sources_tally_that_its_attributions_do_not_count(published_claim, saif):
    raw("UPDATE claims_source SET claim_count = 7, published_count = 0 WHERE id = %s", [saif.pk])
    expected = [
        Violation(None, "tally", f"source #{saif.pk}: claims attributed is 7, the rows count 1"),
        Violation(None, "tally", f"source #{saif.pk}: published claims is 0, the rows count 1"),
    ]
    assert check_record() == expected
    # Also when checking only the claims attributed to it.
    assert check_record(Claim.objects.filter(pk=published_claim.pk)) == expected
    assert str(expected[0]) == f"tally: source #{saif.pk}: claims attributed is 7, the rows count 1"


def test_it_reports_a_record_that_its_published_claims_do_not_count(published_claim, saif, ratings):
    false, true = ratings["false"], ratings["true"]
    raw("DELETE FROM claims_sourceverdicttally WHERE rating_id = %s", [false.pk])
    raw(
        "INSERT INTO claims_sourceverdicttally (source_id, rating_id, n) VALUES (%s, %s, 2)",
        [saif.pk, true.pk],
    )
    assert sorted(str(v) for v in check_record()) == sorted(
        [
            f"tally: source #{saif.pk}: published claims rated #{false.pk} is 0, the rows count 1",
            f"tally: source #{saif.pk}: published claims rated #{true.pk} is 2, the rows count 0",
        ]
    )


def test_it_reports_an_articles_claim_count_that_its_claims_do_not_add_up_to(
    published_claim, article
):
    raw("UPDATE claims_articletally SET claim_count = 2 WHERE article_id = %s", [article.pk])
    expected = f"tally: article #{article.pk}: claims is 2, the rows count 1"
    assert [str(v) for v in check_record()] == [expected]
    assert [str(v) for v in check_record(Claim.objects.filter(pk=published_claim.pk))] == [expected]


def test_it_reports_an_article_without_its_tally(article, editor):
    ArticleTally.objects.filter(article=article).delete()
    assert [str(v) for v in check_record()] == [
        f"tally: article #{article.pk}: claims is missing, the rows count 0"
    ]


def test_it_checks_only_the_tallies_of_the_claims_it_is_given(article, editor, saif, party):
    attribute(claim_at(article, INSTRUCTION, editor), saif, "named", editor)
    other = claim_at(article, NO_FORMAL_TALKS, editor)
    attribute(other, party, "anonymous", editor)
    raw("UPDATE claims_source SET anonymous_count = 5 WHERE id = %s", [saif.pk])

    assert check_record(Claim.objects.filter(pk=other.pk)) == []
    assert len(check_record()) == 1


def test_every_stored_article_starts_with_a_tally_of_nothing(article):
    assert claim_count(article) == 0
