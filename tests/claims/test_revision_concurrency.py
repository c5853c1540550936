"""A revision of an article racing a write to one of its claims, on real threads.

``article_revise`` locks every claim of the article (in id order), then the
article; an edit or a publish locks its claim, then (a publish) share-locks
the article. Whichever goes first, nothing is lost: a write based on the
version before the revision is refused as stale (the revision bumped it), a
write that went first is re-anchored with the rest, and the record holds.
PostgreSQL only, like tests/claims/test_concurrency.py, whose harness this uses.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import connection, transaction

from claims import services
from claims.errors import StaleVersion
from claims.models import (
    Anchoring,
    Article,
    Attribution,
    Claim,
    ClaimEvent,
    Sourcing,
    Status,
)
from claims.record import check_record
from claims.services.revisions import article_revise
from claims.spans import Span
from tests.claims.test_concurrency import ACCEPTED, Desk, race, race_desk, read
from tests.conftest import INSTRUCTION, claim_at

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks and allows one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

TRIALS = 10
UPDATE_NOTE = "Update, May 25: PTI said on Sunday that no meeting had been scheduled.\n\n"
CORRECTED = "Imran Khan asked Barrister Saif to explore possibilities for renewed dialogue"


@pytest.fixture
def desk(seed_data) -> Desk:
    """The people and the article of tests/claims/test_concurrency.py's races."""
    return race_desk()


def fresh_article(desk: Desk) -> Article:
    """A copy of the shared article of its own (two articles never share a text)."""
    body = f"Trial {uuid.uuid4()}.\n\n{desk.article.body}"
    return services.article_create(body=body, by=desk.erin, title="Trial").article


def update_of(article: Article) -> str:
    return UPDATE_NOTE + article.body.replace(INSTRUCTION, CORRECTED)


def revise(article: Article, desk: Desk):
    body = update_of(article)
    return lambda: article_revise(article=article, body=body, by=desk.eddie, source="paste")


def outcome_kinds(outcomes: list) -> list[str]:
    kinds = []
    for outcome in outcomes:
        if isinstance(outcome, tuple) and outcome[0] == ACCEPTED:
            kinds.append("accepted")
        elif isinstance(outcome, StaleVersion):
            kinds.append("stale")
        else:
            raise AssertionError(f"neither accepted nor refused as stale: {outcome!r}")
    return kinds


def assert_anchored_on_the_new_text(claim: Claim) -> None:
    claim = Claim.objects.select_related("article").get(pk=claim.pk)
    assert claim.article.body[claim.start : claim.end] == claim.quote
    assert claim.quote.startswith(CORRECTED) and claim.anchor == Anchoring.CHANGED
    assert ClaimEvent.objects.filter(claim=claim, kind="anchor_changed").count() == 1


def test_a_revision_racing_an_edit_loses_nothing(desk):
    seen = {"accepted": 0, "stale": 0}
    for trial in range(TRIALS):
        article = fresh_article(desk)
        claim = claim_at(article, INSTRUCTION, desk.erin)
        statement = f"Khan asked Saif to seek talks ({trial})"

        def edit(
            claim: Claim = claim, version: int = read(claim).version, statement: str = statement
        ) -> Claim:
            return services.claim_update(
                claim=claim, by=desk.erin, version=version, statement=statement
            )

        edit_outcome, revise_outcome = outcome_kinds(race(edit, revise(article, desk)))
        assert revise_outcome == "accepted"  # a revision never conflicts: it locks, then reads
        seen[edit_outcome] += 1
        stored = read(claim)
        edited = ClaimEvent.objects.filter(claim=claim, kind="edited").exists()
        assert edited == (edit_outcome == "accepted") == (stored.statement == statement)
        assert_anchored_on_the_new_text(claim)
    assert check_record() == []
    print(f"revise x edit: {TRIALS} trials, edits {seen}")


def test_a_revision_racing_a_publish_loses_nothing_and_never_deadlocks(desk):
    seen = {"accepted": 0, "stale": 0}
    for _ in range(TRIALS):
        article = fresh_article(desk)
        claim = claim_at(article, INSTRUCTION, desk.erin)
        services.claim_transition(claim=claim, to=Status.RESEARCHING, by=desk.erin, version=1)
        services.claim_transition(
            claim=claim,
            to=Status.IN_REVIEW,
            by=desk.erin,
            version=2,
            rating=desk.false,
            note="No record of the meeting.",
        )

        def publish(claim: Claim = claim, version: int = read(claim).version) -> Claim:
            return services.claim_transition(
                claim=claim, to=Status.PUBLISHED, by=desk.rafa, version=version
            )

        publish_outcome, revise_outcome = outcome_kinds(race(publish, revise(article, desk)))
        assert revise_outcome == "accepted"
        seen[publish_outcome] += 1
        stored = read(claim)
        assert (stored.status == Status.PUBLISHED) == (publish_outcome == "accepted")
        # Published first, then revised: the verdict stands, flagged as given on the old text.
        assert stored.article_changed_since_verdict == (publish_outcome == "accepted")
        assert_anchored_on_the_new_text(claim)
    assert check_record() == []
    print(f"revise x publish: {TRIALS} trials, publishes {seen}")


def test_two_revisions_at_once_make_consecutive_numbers(desk):
    for _ in range(TRIALS // 2):
        article = fresh_article(desk)
        claim_at(article, INSTRUCTION, desk.erin)
        second = article.body + "\n\nA later paragraph."
        outcomes = race(
            revise(article, desk),
            lambda article=article, body=second: article_revise(
                article=article, body=body, by=desk.erin, source="paste"
            ),
        )
        assert outcome_kinds(outcomes) == ["accepted", "accepted"]
        assert list(article.revisions.values_list("number", flat=True)) == [1, 2, 3]
        newest = article.revisions.order_by("-number")[0]
        assert Article.objects.get(pk=article.pk).body == newest.body
    assert check_record() == []


def test_a_claim_made_while_a_revision_waits_for_the_article_is_reanchored(desk):
    """The capture holds the article's row share-locked until it commits; the
    revision has listed the claims without it and waits for the row. Once it
    has the row, it takes the new claim too, rather than leave its span
    pointing into the text it replaces."""
    article = fresh_article(desk)
    made, release = threading.Event(), threading.Event()

    def capture() -> Claim:
        with transaction.atomic():
            claim = claim_at(article, INSTRUCTION, desk.erin)
            made.set()
            assert release.wait(timeout=10)
        return claim

    def revise_once_made() -> object:
        assert made.wait(timeout=10)
        return revise(article, desk)()

    threads = [
        threading.Thread(target=run_closing, args=(call,)) for call in (capture, revise_once_made)
    ]
    for thread in threads:
        thread.start()
    wait_for_a_lock_wait()
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    (claim,) = Claim.objects.filter(article=article)
    assert_anchored_on_the_new_text(claim)
    assert check_record() == []


def run_closing(call) -> None:
    try:
        call()
    finally:
        connection.close()


def wait_for_a_lock_wait(sessions: int = 1) -> None:
    """Until ``sessions`` other sessions of this database wait for a row lock (10 s at most)."""
    sql = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            if cursor.fetchone()[0] >= sessions:
                return
        time.sleep(0.05)
    raise AssertionError(f"{sessions} session(s) never waited for a row lock")


def test_a_mention_checked_while_a_revision_holds_the_claim_is_checked_on_the_new_text(desk):
    """The claim's lock is the revision's (it did not change the claim, so no
    version moved); the attribution's lock_claim waits for it, and its join
    keeps the article's row as the statement found it, before the revision.
    The mention's words are checked on the text as it is once the lock is had."""
    article = fresh_article(desk)
    claim = claim_at(article, article.body.split("\n\n")[0], desk.erin)
    at = article.body.index(INSTRUCTION) + len("Imran Khan ")
    mention = Span(at, at + len("instructed"), "instructed")  # "asked" in the revision
    outcomes, holding, release = {}, threading.Event(), threading.Event()

    def hold_the_article() -> None:  # keeps the revision waiting with the claims locked
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM claims_article WHERE id = %s FOR SHARE", [article.pk]
                )
            holding.set()
            assert release.wait(timeout=10)

    def attribute() -> None:
        try:
            services.attribution_set(
                claim=claim,
                source=desk.saif,
                sourcing=Sourcing.NAMED,
                by=desk.eddie,
                version=claim.version,
                mention=mention,
            )
            outcomes["attribute"] = "accepted"
        except services.ClaimDeskError as refusal:
            outcomes["attribute"] = str(refusal)

    threads = [threading.Thread(target=run_closing, args=(hold_the_article,))]
    threads[0].start()
    assert holding.wait(timeout=10)
    corrected = article.body.replace(INSTRUCTION, CORRECTED)  # nothing above the claim

    def correct() -> None:
        article_revise(article=article, body=corrected, by=desk.erin, source="paste")

    threads.append(threading.Thread(target=run_closing, args=(correct,)))
    threads[1].start()
    wait_for_a_lock_wait(1)  # the revision, for the article's row, its claims locked
    threads.append(threading.Thread(target=run_closing, args=(attribute,)))
    threads[2].start()
    wait_for_a_lock_wait(2)  # and the attribution, for the claim's row
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert Article.objects.get(pk=article.pk).revisions.count() == 2
    assert "does not match the article" in outcomes["attribute"]
    assert not Attribution.objects.filter(claim=claim).exists()
    assert check_record() == []
