"""Two writes to one claim at once, on real threads: one wins, the other is told.

Each trial puts a fresh claim in the state a pair of writes needs, reads it,
then releases two threads together (``threading.Barrier``), each calling its
service with the version it read. Every thread has its own connection, so
PostgreSQL's row locks decide the order. After each trial: the record's
invariants hold, at most one of two writes based on the same version was
accepted (the other refused as stale), and every accepted write is on the
timeline. PostgreSQL only: SQLite has no row locks and one writer at a time.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from claims import services
from claims.errors import ClaimDeskError, StaleVersion
from claims.models import (
    Article,
    ArticleTally,
    Attribution,
    Claim,
    ClaimEvent,
    Rating,
    Source,
    Sourcing,
    Status,
)
from claims.record import check_record
from claims.services.imports import import_article_file
from tests.conftest import ARTICLE_FILE, INSTRUCTION, advance, claim_at, make_user, span_of

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks and allows one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

TRIALS = 12
REPORT = Path(__file__).resolve().parents[2] / "build" / "concurrency-report.txt"
FIGURES: dict[str, tuple[int, int, int]] = {}  # pair -> (trials, accepted, refused)
ACCEPTED = "accepted"
R, IR, P = Status.RESEARCHING, Status.IN_REVIEW, Status.PUBLISHED


@dataclass
class Desk:
    erin: User  # editors
    eddie: User
    rafa: User  # reviewers
    rosa: User
    article: Article
    false: Rating
    true: Rating
    mostly_true: Rating
    saif: Source
    party: Source


@dataclass(frozen=True)
class Write:
    """One side of a race: the call, and the event it leaves when accepted."""

    call: Callable[[], Any]
    event: str
    actor: User
    versioned: bool = True  # evidence never conflicts, so it carries no version


@pytest.fixture
def desk(seed_data) -> Desk:
    return race_desk()


def race_desk() -> Desk:
    """The people, ratings, sources and article the races are run with."""
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    return Desk(
        erin=make_user("erin", "Editors"),
        eddie=make_user("eddie", "Editors"),
        rafa=make_user("rafa", "Reviewers"),
        rosa=make_user("rosa", "Reviewers"),
        article=import_article_file(ARTICLE_FILE, title="PTI dialogue").article,
        false=ratings["false"],
        true=ratings["true"],
        mostly_true=ratings["mostly-true"],
        saif=Source.objects.create(name="Barrister Mohammad Ali Saif"),
        party=Source.objects.create(name="PTI party sources", kind=Source.Kind.ANONYMOUS_GROUP),
    )


@pytest.fixture(scope="module", autouse=True)
def report() -> Any:
    yield
    if FIGURES:
        lines = [
            f"{pair}: {t} trials, {a} accepted, {r} refused" for pair, (t, a, r) in FIGURES.items()
        ]
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text("\n".join(lines) + "\n")


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` on their own threads, released together; ACCEPTED or what each raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = (ACCEPTED, call())
        except BaseException as error:  # reported to the test, which judges it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def read(claim: Claim) -> Claim:
    """A writer's own copy of the claim, as its page showed it."""
    return Claim.objects.get(pk=claim.pk)


# The states a trial starts from.


def researching(desk: Desk) -> Claim:
    claim = claim_at(desk.article, INSTRUCTION, desk.erin)
    return advance(claim, (R, desk.erin))


def in_review(desk: Desk) -> Claim:
    """Verdict by erin, sent by eddie: either reviewer may publish it."""
    claim = researching(desk)
    services.claim_rate(
        claim=claim, rating=desk.false, by=desk.erin, version=claim.version, note="Log"
    )
    return advance(claim, (IR, desk.eddie))


def attributed(desk: Desk) -> Claim:
    claim = researching(desk)
    services.attribution_set(
        claim=claim, source=desk.saif, sourcing=Sourcing.NAMED, by=desk.erin, version=claim.version
    )
    return claim


# The writes, each on its own copy of the claim at ``version``.


def publish(claim: Claim, by: User, version: int) -> Write:
    def call() -> Claim:
        return services.claim_transition(claim=read(claim), to=P, by=by, version=version)

    return Write(call, ClaimEvent.Kind.STATUS_CHANGED, by)


def move(claim: Claim, to: str, by: User, version: int, note: str = "Why") -> Write:
    def call() -> Claim:
        return services.claim_transition(
            claim=read(claim), to=to, by=by, version=version, note=note
        )

    return Write(call, ClaimEvent.Kind.STATUS_CHANGED, by)


def rate(claim: Claim, rating: Rating, by: User, version: int) -> Write:
    def call() -> Claim:
        return services.claim_rate(
            claim=read(claim), rating=rating, by=by, version=version, note="New evidence"
        )

    return Write(call, ClaimEvent.Kind.RATING_CHANGED, by)


def update(claim: Claim, statement: str, by: User, version: int) -> Write:
    def call() -> Claim:
        return services.claim_update(claim=read(claim), by=by, version=version, statement=statement)

    return Write(call, ClaimEvent.Kind.EDITED, by)


def assign(claim: Claim, assignee: User, by: User, version: int) -> Write:
    def call() -> Claim:
        return services.claim_assign(claim=read(claim), assignee=assignee, by=by, version=version)

    return Write(call, ClaimEvent.Kind.ASSIGNED, by)


def attribute(claim: Claim, source: Source, sourcing: str, by: User, version: int) -> Write:
    def call() -> Attribution:
        return services.attribution_set(
            claim=read(claim), source=source, sourcing=sourcing, by=by, version=version
        )

    return Write(call, ClaimEvent.Kind.SOURCING_CHANGED, by)


def unattribute(claim: Claim, source: Source, by: User, version: int) -> Write:
    attribution = Attribution.objects.get(claim=claim, source=source)

    def call() -> None:
        attribution.claim = read(claim)
        return services.attribution_remove(attribution=attribution, by=by, version=version)

    return Write(call, ClaimEvent.Kind.SOURCING_CHANGED, by)


def add_evidence(claim: Claim, by: User) -> Write:
    def call() -> Any:
        return services.evidence_add(
            claim=read(claim), by=by, title="Adiala visit log", url="https://example.org/log"
        )

    return Write(call, ClaimEvent.Kind.EVIDENCE_ADDED, by, versioned=False)


# Each pair: the starting state, and the two writes made from the version read.
Pair = tuple[Callable[[Desk], Claim], Callable[[Desk, Claim, int], tuple[Write, Write]]]
PAIRS: dict[str, Pair] = {
    "publish vs claim_rate": (
        in_review,
        lambda d, c, v: (publish(c, d.rosa, v), rate(c, d.true, d.rafa, v)),
    ),
    "send back vs publish": (
        in_review,
        lambda d, c, v: (move(c, R, d.rafa, v), publish(c, d.rosa, v)),
    ),
    "claim_update vs send to review": (
        researching,
        lambda d, c, v: (update(c, "Khan asked Saif", d.erin, v), move(c, IR, d.eddie, v)),
    ),
    "claim_assign vs claim_update": (
        researching,
        lambda d, c, v: (assign(c, d.rafa, d.erin, v), update(c, "Khan asked", d.eddie, v)),
    ),
    "attribution_set vs publish": (
        in_review,
        lambda d, c, v: (attribute(c, d.saif, "named", d.erin, v), publish(c, d.rosa, v)),
    ),
    "attribution_remove vs attribution_set": (
        attributed,
        lambda d, c, v: (
            unattribute(c, d.saif, d.erin, v),
            attribute(c, d.party, "anonymous", d.eddie, v),
        ),
    ),
    "evidence_add vs send to review": (
        researching,
        lambda d, c, v: (add_evidence(c, d.erin), move(c, IR, d.eddie, v)),
    ),
    "evidence_add vs publish": (
        in_review,
        lambda d, c, v: (add_evidence(c, d.erin), publish(c, d.rosa, v)),
    ),
    "claim_rate vs claim_rate": (
        in_review,
        lambda d, c, v: (rate(c, d.true, d.rafa, v), rate(c, d.mostly_true, d.rosa, v)),
    ),
    "publish vs publish": (
        in_review,
        lambda d, c, v: (publish(c, d.rafa, v), publish(c, d.rosa, v)),
    ),
    "claim_transition vs claim_transition (send back vs send back)": (
        in_review,
        lambda d, c, v: (move(c, R, d.rafa, v, "Source?"), move(c, R, d.rosa, v, "Date?")),
    ),
    "claim_update vs claim_update": (
        researching,
        lambda d, c, v: (update(c, "Khan asked", d.erin, v), update(c, "Saif told", d.eddie, v)),
    ),
    "claim_assign vs claim_assign": (
        researching,
        lambda d, c, v: (assign(c, d.rafa, d.erin, v), assign(c, d.rosa, d.eddie, v)),
    ),
    "attribution_set vs attribution_set": (
        researching,
        lambda d, c, v: (
            attribute(c, d.saif, "named", d.erin, v),
            attribute(c, d.party, "anonymous", d.eddie, v),
        ),
    ),
    "attribution_remove vs attribution_remove": (
        attributed,
        lambda d, c, v: (unattribute(c, d.saif, d.erin, v), unattribute(c, d.saif, d.eddie, v)),
    ),
    "evidence_add vs evidence_add": (
        researching,
        lambda d, c, v: (add_evidence(c, d.erin), add_evidence(c, d.eddie)),
    ),
}


def refusal(outcome: Any) -> bool:
    return isinstance(outcome, ClaimDeskError | PermissionDenied)


def run_trial(desk: Desk, start: Callable[[Desk], Claim], writes: Callable) -> list[Any]:
    claim = start(desk)
    version = claim.version
    before = set(claim.events.values_list("pk", flat=True))
    pair = writes(desk, claim, version)
    outcomes = race(*(write.call for write in pair))
    for outcome in outcomes:
        assert refusal(outcome) or outcome[0] == ACCEPTED, (
            f"neither accepted nor refused: {outcome!r}"
        )

    assert check_record(Claim.objects.filter(pk=claim.pk)) == []
    accepted = [
        write for write, outcome in zip(pair, outcomes, strict=True) if not refusal(outcome)
    ]
    versioned = [write for write in accepted if write.versioned]
    # Each write would succeed alone: the one that loses the lock was based on
    # a version that no longer stands, and is told so.
    assert len(versioned) == min(1, sum(write.versioned for write in pair))
    assert len(accepted) == len(pair) - sum(write.versioned for write in pair) + len(versioned)
    assert all(isinstance(o, StaleVersion) for o in outcomes if refusal(o))
    # Nothing lost: every accepted write is on the timeline, and nothing else is.
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.version == version + len(versioned)
    new_events = claim.events.exclude(pk__in=before)
    assert sorted(new_events.values_list("kind", "actor_id")) == sorted(
        (write.event, write.actor.pk) for write in accepted
    )
    return outcomes


@pytest.mark.parametrize("name", list(PAIRS))
def test_it_lets_one_of_two_writes_at_once_win(desk, name):
    start, writes = PAIRS[name]
    accepted = refused = 0
    for _ in range(TRIALS):
        outcomes = run_trial(desk, start, writes)
        refused += sum(map(refusal, outcomes))
        accepted += len(outcomes) - sum(map(refusal, outcomes))
    FIGURES[name] = (TRIALS, accepted, refused)
    print(f"{name}: {TRIALS} trials, {accepted} accepted, {refused} refused")


def test_it_never_publishes_a_verdict_its_publisher_just_changed(desk):
    """The issue's scenario: one reviewer sends a verdict change at version v and,
    from the page after it, a publish at version v + 1, at once. With checks on
    the caller's copy both succeeded about 1 time in 15: the claim went out, the
    new rating silently reverted, and the publish event's from_rating disagreed
    with the rating change before it."""
    published = 0
    for _ in range(TRIALS):
        claim = in_review(desk)
        v = claim.version
        outcomes = race(
            rate(claim, desk.true, desk.rafa, v).call, publish(claim, desk.rafa, v + 1).call
        )
        assert check_record(Claim.objects.filter(pk=claim.pk)) == []
        stored = Claim.objects.get(pk=claim.pk)
        # Whichever locks first, the change stands and rafa cannot publish
        # their own verdict: four eyes after it, stale version before it.
        assert outcomes[0][0] == ACCEPTED and refusal(outcomes[1]), outcomes
        assert (stored.status, stored.rating, stored.verdict_by) == (IR, desk.true, desk.rafa)
        published += stored.status == P
    FIGURES["issue: rate at v vs own publish at v+1"] = (TRIALS, TRIALS, TRIALS)
    print(f"issue scenario: {TRIALS} trials, {TRIALS} accepted rates, {TRIALS} refused publishes")
    assert published == 0


def test_it_keeps_a_rating_change_when_another_reviewer_publishes_at_the_next_version(desk):
    """The same race with a second reviewer, whose publish at v + 1 is legitimate
    once the rating change has committed, and stale before it."""
    accepted = 0
    for _ in range(TRIALS):
        claim = in_review(desk)
        v = claim.version
        outcomes = race(
            rate(claim, desk.true, desk.rafa, v).call, publish(claim, desk.rosa, v + 1).call
        )
        assert check_record(Claim.objects.filter(pk=claim.pk)) == []
        assert outcomes[0][0] == ACCEPTED
        stored = Claim.objects.get(pk=claim.pk)
        assert (stored.rating, stored.verdict_by) == (desk.true, desk.rafa)
        if not refusal(outcomes[1]):
            accepted += 1
            assert stored.status == P
            last = stored.events.order_by("at", "id").last()
            assert (last.from_rating, last.to_rating, last.actor) == (
                desk.true,
                desk.true,
                desk.rosa,
            )
    FIGURES["rate at v vs another's publish at v+1"] = (
        TRIALS,
        TRIALS + accepted,
        TRIALS - accepted,
    )
    print(f"rate vs other's publish: {TRIALS} trials, {accepted} publishes accepted")


def test_it_makes_one_claim_from_one_capture_form_sent_eight_times(desk):
    key, span = uuid.uuid4(), span_of(desk.article, INSTRUCTION)

    def capture() -> Claim:
        return services.claim_capture(
            article=desk.article, span=span, by=desk.erin, capture_key=key
        )

    outcomes = race(*[capture] * 8)
    assert all(not refusal(o) and o[0] == ACCEPTED for o in outcomes), outcomes
    assert Claim.objects.filter(capture_key=key).count() == 1
    assert {o[1].pk for o in outcomes} == {Claim.objects.get(capture_key=key).pk}
    assert check_record() == []
    FIGURES["claim_capture x8, one key"] = (1, 8, 0)
    print("claim_capture x8: 1 claim")


def test_it_makes_one_source_of_eight_spellings_of_a_new_name(desk):
    claims = [claim_at(desk.article, INSTRUCTION, desk.erin) for _ in range(8)]
    spellings = ["Jane Doe", "jane doe", "Jane  Doe", " JANE DOE", "jane  doe ", "Jane\tDoe"]
    spellings += ["JANE doe", "jAnE dOe"]

    def attribute_to(claim: Claim, name: str) -> Callable[[], Attribution]:
        def call() -> Attribution:
            with transaction.atomic():  # as in a request: the source and its use together
                source = services.source_find_or_create(
                    name=name, kind=Source.Kind.PERSON, by=desk.erin
                )
                return services.attribution_set(
                    claim=read(claim),
                    source=source,
                    sourcing="named",
                    by=desk.erin,
                    version=claim.version,
                )

        return call

    outcomes = race(*(attribute_to(c, n) for c, n in zip(claims, spellings, strict=True)))
    assert all(not refusal(o) and o[0] == ACCEPTED for o in outcomes), outcomes
    source = Source.objects.get(name_key="jane doe")
    assert Source.objects.filter(name__icontains="jane").count() == 1
    assert Attribution.objects.filter(source=source).count() == 8
    assert check_record() == []
    FIGURES["source_find_or_create x8, one new name"] = (1, 8, 0)
    print("new source x8: 1 source, 8 attributions")


def test_it_counts_every_capture_on_one_source_made_at_once(desk):
    """Eight captures on one article, attributed to one source, at once: each adds
    its one to the article's and the source's tallies (UPDATE … SET n = n + 1 under
    the row's lock), none overwrites another's."""
    span = span_of(desk.article, INSTRUCTION)
    attribution = services.AttributionInput(
        source_name=desk.saif.name, source_kind=Source.Kind.PERSON, sourcing=Sourcing.NAMED
    )

    def capture() -> Claim:
        return services.claim_capture(
            article=desk.article, span=span, by=desk.erin, attribution=attribution
        )

    outcomes = race(*[capture] * 8)
    assert all(not refusal(o) and o[0] == ACCEPTED for o in outcomes), outcomes
    saif = Source.objects.get(pk=desk.saif.pk)
    assert (saif.claim_count, saif.anonymous_count, saif.published_count) == (8, 0, 0)
    assert ArticleTally.objects.get(article=desk.article).claim_count == 8
    assert check_record() == []
    FIGURES["claim_capture x8, one source"] = (1, 8, 0)
    print("claim_capture x8 on one source: 8 counted")


def test_it_publishes_two_claims_of_the_same_two_sources_at_once(desk):
    """Each publish adds to both sources' tallies and records, locking the two
    source rows in ascending id order: the two wait for each other, never deadlock."""
    for _ in range(TRIALS):
        first, second = in_review(desk), in_review(desk)
        for claim, sources in ((first, (desk.saif, desk.party)), (second, (desk.party, desk.saif))):
            for source in sources:
                claim.refresh_from_db()
                services.attribution_set(
                    claim=claim,
                    source=source,
                    sourcing="named",
                    by=desk.erin,
                    version=claim.version,
                )
        before = {s.pk: s.published_count for s in Source.objects.all()}
        outcomes = race(
            publish(first, desk.rosa, read(first).version).call,
            publish(second, desk.rafa, read(second).version).call,
        )
        assert all(not refusal(o) and o[0] == ACCEPTED for o in outcomes), outcomes
        after = {s.pk: s.published_count for s in Source.objects.all()}
        assert after == {pk: n + 2 for pk, n in before.items()}
    assert check_record() == []
    FIGURES["publish x2, same two sources"] = (TRIALS, 2 * TRIALS, 0)
    print(f"publish x2 over the same two sources: {TRIALS} trials, no deadlock")


def test_it_publishes_a_claim_while_its_article_moves_to_another_outlet(desk):
    """A publish locks its claim, then share-locks the article (the desk report's
    rows carry the outlet); an outlet change locks the article's claims, then the
    article: the same order, so the two queue up. Either way round, the claim's
    copy of the outlet and its desk report row name the article's new outlet."""
    from claims.models import Article, Outlet, VerdictPublication

    outlets = [Outlet.objects.create(name=f"Outlet {n}") for n in range(2)]
    for trial in range(TRIALS):
        claim = in_review(desk)
        article = Article.objects.get(pk=claim.article_id)
        article.outlet = outlets[trial % 2]

        def move_article(article: Article = article) -> Article:
            return services.article_update(article=article, by=desk.rosa)

        outcomes = race(publish(claim, desk.rosa, read(claim).version).call, move_article)
        # A deadlock would come back as an OperationalError in place of a result.
        assert all(isinstance(o, tuple) and o[0] == ACCEPTED for o in outcomes), outcomes
        row = VerdictPublication.objects.get(claim=claim)
        assert read(claim).outlet_id == row.outlet_id == outlets[trial % 2].pk
    assert check_record() == []
    FIGURES["publish x outlet change"] = (TRIALS, 2 * TRIALS, 0)


def attributed_source(desk: Desk, name: str, claims: int, sourcing: str = "named") -> Source:
    """A new source attributed ``claims`` fresh claims (through the services)."""
    source = Source.objects.create(name=name)
    for _ in range(claims):
        claim = claim_at(desk.article, INSTRUCTION, desk.erin)
        services.attribution_set(
            claim=claim, source=source, sourcing=sourcing, by=desk.erin, version=claim.version
        )
    return source


def merge(desk: Desk, source: Source, into: Source, by: User) -> Callable[[], Source]:
    return lambda: services.source_merge(source=source, into=into, by=by, version=source.version)


def attribute_named(desk: Desk, claim: Claim, source: Source) -> Callable[[], Attribution]:
    return lambda: services.attribution_set(
        claim=read(claim), source=source, sourcing="named", by=desk.erin, version=claim.version
    )


def test_two_merges_into_one_source_at_once_keep_every_attribution(desk):
    for trial in range(TRIALS // 3):
        one = attributed_source(desk, f"One {trial}", 2)
        two = attributed_source(desk, f"Two {trial}", 3, "anonymous")
        into = attributed_source(desk, f"Kept {trial}", 1)
        outcomes = race(merge(desk, one, into, desk.rafa), merge(desk, two, into, desk.rosa))
        assert [o[0] for o in outcomes] == [ACCEPTED, ACCEPTED], outcomes
        into.refresh_from_db()
        assert Attribution.objects.filter(source=into).count() == 6
        assert (into.claim_count, into.anonymous_count) == (6, 3)
        assert not Source.objects.filter(pk__in=[one.pk, two.pk]).exists()
    assert check_record() == []


def test_two_sources_merged_into_each_other_at_once_lose_no_attribution(desk):
    for trial in range(TRIALS // 3):
        one = attributed_source(desk, f"One {trial}", 2)
        two = attributed_source(desk, f"Two {trial}", 3)
        outcomes = race(merge(desk, one, two, desk.rafa), merge(desk, two, one, desk.rosa))
        accepted = [o for o in outcomes if isinstance(o, tuple)]
        refused = [o for o in outcomes if isinstance(o, ClaimDeskError)]
        assert (len(accepted), len(refused)) == (1, 1), outcomes
        assert "no longer exists" in str(refused[0])
        [survivor] = Source.objects.filter(pk__in=[one.pk, two.pk])
        assert Attribution.objects.filter(source=survivor).count() == 5
    assert check_record() == []


def test_a_capture_during_a_merge_lands_on_a_source_that_exists(desk):
    for trial in range(TRIALS // 3):
        gone = attributed_source(desk, f"Gone {trial}", 2)
        kept = attributed_source(desk, f"Kept {trial}", 1)
        late = claim_at(desk.article, INSTRUCTION, desk.erin)
        outcomes = race(merge(desk, gone, kept, desk.rafa), attribute_named(desk, late, gone))
        assert outcomes[0][0] == ACCEPTED, outcomes
        # Either the capture came first and was merged, or it found the source gone.
        landed = Attribution.objects.filter(claim=late).values_list("source_id", flat=True)
        assert list(landed) in ([kept.pk], []), outcomes
        assert Attribution.objects.filter(source=kept).count() == 3 + len(landed)
    assert check_record() == []


def test_a_capture_refused_by_a_merge_says_the_source_is_gone(desk):
    for trial in range(TRIALS):
        gone = attributed_source(desk, f"Gone {trial}", 2)
        kept = attributed_source(desk, f"Kept {trial}", 1)
        late = claim_at(desk.article, INSTRUCTION, desk.erin)
        outcomes = race(merge(desk, gone, kept, desk.rafa), attribute_named(desk, late, gone))
        # Accepted (then merged), or refused with a sentence, never a database error (a 500).
        refused = isinstance(outcomes[1], ClaimDeskError)
        assert refused or outcomes[1][0] == ACCEPTED, outcomes
        if refused:
            assert "no longer exists" in str(outcomes[1])


def test_two_sources_renamed_to_one_name_at_once_one_is_told(desk):
    for trial in range(TRIALS * 4):
        one = Source.objects.create(name=f"First {trial}")
        two = Source.objects.create(name=f"Second {trial}")

        def rename(source: Source, by: User, name: str) -> Callable[[], Source]:
            return lambda: services.source_edit(
                source=source, by=by, version=source.version, name=name
            )

        name = f"Same {trial}"
        outcomes = race(rename(one, desk.rafa, name), rename(two, desk.rosa, name))
        accepted = [o for o in outcomes if isinstance(o, tuple)]
        refused = [o for o in outcomes if isinstance(o, ClaimDeskError)]
        assert (len(accepted), len(refused)) == (1, 1), outcomes
        assert "already called" in str(refused[0])
        assert Source.objects.filter(name=f"Same {trial}").count() == 1
