"""Migration 0011 fills the verdict authors and source keys from an existing record."""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from claims.record import check_record

BEFORE = [("claims", "0010_verdict_author_and_field_limits")]
AFTER = [("claims", "0012_source_name_key_unique")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture(autouse=True)
def back_to_the_latest_schema(transactional_db) -> Iterator[None]:
    """Leave the database as the tests after these expect it: fully migrated."""
    yield
    migrate(latest())


def old_history(apps) -> dict:
    """A claim as the old code left it: a reviewer changed the verdict in review and
    was recorded as the sender (review_requested_by meant two things)."""
    User = apps.get_model("auth", "User")
    Article = apps.get_model("claims", "Article")
    Claim = apps.get_model("claims", "Claim")
    ClaimEvent = apps.get_model("claims", "ClaimEvent")
    Rating = apps.get_model("claims", "Rating")
    editor = User.objects.create(username="old-editor")
    reviewer = User.objects.create(username="old-reviewer")
    true, false = Rating.objects.get(slug="true"), Rating.objects.get(slug="false")
    article = Article.objects.create(title="T", body="Talks are off.", body_hash="h1")
    claim = Claim.objects.create(
        article=article, start=0, end=14, quote="Talks are off.", statement="Talks are off."
    )
    steps = [
        (
            editor,
            "created",
            "",
            "new",
            None,
            None,
            {"statement": claim.statement, "kind": "factual"},
        ),
        (editor, "status_changed", "new", "researching", None, None, {}),
        (editor, "status_changed", "researching", "in_review", None, true, {}),
        (reviewer, "rating_changed", "in_review", "in_review", true, false, {}),
    ]
    now = timezone.now()
    for version, (actor, kind, frm, to, r_from, r_to, details) in enumerate(steps, start=1):
        ClaimEvent.objects.create(
            claim=claim,
            actor=actor,
            at=now + timezone.timedelta(seconds=version),
            kind=kind,
            from_status=frm,
            to_status=to,
            from_rating=r_from,
            to_rating=r_to,
            claim_version=version,
            details=details,
        )
    Claim.objects.filter(pk=claim.pk).update(
        status="in_review", rating=false, version=4, review_requested_by=reviewer
    )
    Source = apps.get_model("claims", "Source")
    first = Source.objects.create(name="Barrister Saif")
    second = Source.objects.create(name="barrister  SAIF")
    return {
        "claim": claim.pk,
        "editor": editor.pk,
        "reviewer": reviewer.pk,
        "sources": (first.pk, second.pk),
    }


@pytest.mark.django_db(transaction=True)
def test_it_names_each_verdicts_author_and_the_sender_from_the_events(seed_data):
    apps = migrate(BEFORE)
    made = old_history(apps)
    apps = migrate(AFTER)
    Claim, ClaimEvent = apps.get_model("claims", "Claim"), apps.get_model("claims", "ClaimEvent")
    claim = Claim.objects.get(pk=made["claim"])
    # The reviewer's change in review made them the verdict's author; the
    # editor, not the reviewer, sent the claim to review.
    assert claim.verdict_by_id == made["reviewer"]
    assert claim.review_requested_by_id == made["editor"]
    authors = list(
        ClaimEvent.objects.filter(claim_id=claim.pk)
        .order_by("at", "id")
        .values_list("verdict_by_id", flat=True)
    )
    assert authors == [None, None, made["editor"], made["reviewer"]]
    from claims.models import Claim as CurrentClaim

    # check_record reads the current models: migrate to the latest first (the
    # later migrations backfill what they add, such as the search vectors).
    migrate(latest())
    assert check_record(CurrentClaim.objects.filter(pk=claim.pk)) == []


@pytest.mark.django_db(transaction=True)
def test_it_keeps_sources_stored_twice_distinct_until_merged(seed_data):
    apps = migrate(BEFORE)
    made = old_history(apps)
    apps = migrate(AFTER)
    Source = apps.get_model("claims", "Source")
    first, second = (Source.objects.get(pk=pk) for pk in made["sources"])
    assert first.name_key == "barrister saif"
    assert second.name_key == f"barrister saif#{second.pk}"
