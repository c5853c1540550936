"""Random sequences of writes, by every role, never break the record.

A Hypothesis state machine calls the write services on three claims of the
sample article, as two editors, two reviewers and a viewer, with the claim's
current version or a stale one. Each call must either succeed or be refused
with ``ClaimDeskError``/``PermissionDenied``, and the outcome must be the one
an independent model of the rules predicts. After every step the record's
invariants (``check_record``) hold, and ``allowed_transitions`` offers
exactly the moves that ``claim_transition`` accepts.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from claims import services, workflow
from claims.errors import ClaimDeskError
from claims.models import Article, Attribution, Claim, Evidence, Rating, Source, Sourcing, Status
from claims.record import check_record
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, advance, claim_at, make_user

REPORT = Path(__file__).resolve().parents[2] / "build" / "stateful-report.txt"
SPANS = [INSTRUCTION, NO_FORMAL_TALKS, "PTI is open to dialogue"]
SETTINGS = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# The statuses in which each role may set a verdict (RATING_PERMISSIONS, by role).
RATES_IN = {
    "editor": {Status.RESEARCHING},
    "reviewer": {Status.RESEARCHING, Status.IN_REVIEW},
    "viewer": set(),
}
NOTES = ["", "   ", *["Checked the jail visit log"] * 4]
STATEMENTS = ["", "  ", "Imran Khan asked Saif to explore talks", "No formal talks yet"]
URLS = ["https://example.org/visit-log", "", "javascript:alert(1)"]


@dataclass
class Figures:
    examples: int = 0
    steps: int = 0
    calls: Counter = field(default_factory=Counter)  # (kind, "accepted" | "refused")
    published: int = 0
    violations: int = 0

    def lines(self) -> list[str]:
        kinds = sorted({kind for kind, _ in self.calls})
        return [
            f"examples run: {self.examples}",
            f"total steps: {self.steps}",
            *(
                f"{kind}: {self.calls[kind, 'accepted']} accepted, "
                f"{self.calls[kind, 'refused']} refused"
                for kind in kinds
            ),
            f"publishes accepted: {self.published}",
            f"check_record violations: {self.violations}",
        ]


@dataclass
class World:
    """What every example shares (made once per test, outside the examples' savepoints)."""

    users: dict[str, User]
    roles: dict[str, str]
    article: Article
    sources: list[Source]
    ratings: list[Rating]
    figures: Figures


def snapshot(claim_id: int) -> tuple:
    """Everything a write could change about one claim."""
    return (
        Claim.objects.filter(pk=claim_id).values().get(),
        list(Claim.objects.get(pk=claim_id).events.values_list("pk", flat=True)),
        sorted(Attribution.objects.filter(claim_id=claim_id).values_list()),
        sorted(Evidence.objects.filter(claim_id=claim_id).values_list("pk", flat=True)),
    )


def fresh(claim_id: int) -> Claim:
    return Claim.objects.select_related("rating").get(pk=claim_id)


def transition_succeeds(claim: Claim, user: User, to: str) -> bool:
    """Whether claim_transition (keeping the verdict, with a note) would accept, then undone."""
    with transaction.atomic():
        try:
            services.claim_transition(
                claim=claim, to=to, by=user, version=claim.version, note="Reason"
            )
        except (ClaimDeskError, PermissionDenied):
            return False
        finally:
            transaction.set_rollback(True)
    return True


def starting_claims(world: World) -> list[Claim]:
    """A new claim, one being researched with a verdict, and one in review that
    either reviewer may publish: so that short runs reach every status."""
    erin, eddie = world.users["erin"], world.users["eddie"]
    new, researched, reviewed = (claim_at(world.article, text, erin) for text in SPANS)
    for claim in (researched, reviewed):
        advance(claim, (Status.RESEARCHING, erin))
        services.claim_rate(
            claim=claim, rating=world.ratings[0], by=erin, version=claim.version, note="Log"
        )
    advance(reviewed, (Status.IN_REVIEW, eddie))
    return [new, researched, reviewed]


class RecordMachine(RuleBasedStateMachine):
    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world
        world.figures.examples += 1
        # Each example works inside its own savepoint, rolled back in teardown,
        # so it starts from the same three new claims.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.claim_ids = [claim.pk for claim in starting_claims(world)]
        self.versions: dict[int, set[int]] = {
            claim.pk: set(range(1, claim.version + 1))
            for claim in Claim.objects.filter(pk__in=self.claim_ids)
        }
        self.attributions: dict[int, set[int]] = {pk: set() for pk in self.claim_ids}
        self.touched, self.actor = self.claim_ids[0], world.users["erin"]

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # Drawing the arguments every rule shares.

    def draw_call(self, data: Any) -> tuple[Claim, User, str, int]:
        claim = fresh(data.draw(st.sampled_from(self.claim_ids), label="claim"))
        name = data.draw(st.sampled_from(sorted(self.world.users)), label="user")
        stale = sorted(self.versions[claim.pk] - {claim.version})
        version = claim.version
        if stale and data.draw(st.integers(0, 3), label="stale?") == 0:
            version = data.draw(st.sampled_from(stale), label="stale version")
        self.touched, self.actor = claim.pk, self.world.users[name]
        self.world.figures.steps += 1
        return claim, self.world.users[name], self.world.roles[name], version

    def attempt(self, kind: str, claim: Claim, expected: bool, call: Any) -> bool:
        """Run ``call``; check it was accepted exactly when ``expected``, and a refusal left
        the claim as it was."""
        before = snapshot(claim.pk)
        try:
            call()
        except (ClaimDeskError, PermissionDenied) as error:
            self.world.figures.calls[kind, "refused"] += 1
            assert snapshot(claim.pk) == before, f"a refused {kind} changed the claim"
            assert not expected, f"{kind} was refused, the rules allow it: {error}"
            return False
        self.world.figures.calls[kind, "accepted"] += 1
        assert expected, f"{kind} was accepted, the rules refuse it"
        after = fresh(claim.pk)
        self.versions[claim.pk].add(after.version)
        new_events = len(snapshot(claim.pk)[1]) - len(before[1])
        # The service hands the stored claim back into ``claim``: compare with the snapshot.
        bump = after.version - before[0]["version"]
        if kind == "evidence_add":
            assert (bump, new_events) == (0, 1)
        else:
            # Every change is one version and one event; a write that changed nothing, neither.
            assert bump in (0, 1) and new_events == bump
        return True

    # The rules.

    @rule(data=st.data())
    def transition(self, data: Any) -> None:
        self.transition_to(data, to=None)

    @rule(data=st.data())
    def publish(self, data: Any) -> None:
        # Its own rule as well, so that short runs publish (and then try to
        # change published claims) often.
        self.transition_to(data, to=Status.PUBLISHED)

    def transition_to(self, data: Any, to: str | None) -> None:
        claim, user, role, version = self.draw_call(data)
        offered = [move.target for move in workflow.MOVES if move.source == claim.status]
        if to is None:
            to = data.draw(
                st.sampled_from(offered or Status.values) | st.sampled_from(Status.values)
            )
        note = data.draw(st.sampled_from(NOTES))
        rating = data.draw(st.none() | st.sampled_from(self.world.ratings))
        could_publish, old_rating = claim.can_publish(user), claim.rating
        expected = self.transition_allowed(claim, user, role, version, to, note, rating)

        def call() -> None:
            services.claim_transition(
                claim=claim, to=to, by=user, version=version, note=note, rating=rating
            )

        if self.attempt("claim_transition", claim, expected, call):
            stored = fresh(claim.pk)
            assert stored.status == to
            if to == Status.IN_REVIEW:
                assert stored.review_requested_by_id == user.pk
            if rating is not None and rating != old_rating:
                assert (stored.rating_id, stored.verdict_by_id) == (rating.pk, user.pk)
            if to == Status.PUBLISHED:
                assert could_publish
                assert user.pk not in (stored.verdict_by_id, stored.review_requested_by_id)
                self.world.figures.published += 1

    def transition_allowed(
        self,
        claim: Claim,
        user: User,
        role: str,
        version: int,
        to: str,
        note: str,
        rating: Rating | None,
    ) -> bool:
        move = workflow.move_between(claim.status, to)
        if version != claim.version or move is None or not user.has_perm(move.permission):
            return False
        changes_verdict = rating is not None and rating != claim.rating
        if (move.note_required or changes_verdict) and not note.strip():
            return False
        if to == Status.PUBLISHED:
            return not changes_verdict and claim.can_publish(user)
        if to == Status.NOT_CHECKABLE:
            return not changes_verdict  # nobody may rate there (workflow.may_rate_during)
        return not changes_verdict or bool(RATES_IN[role] & {move.source, move.target})

    @rule(data=st.data())
    def rate(self, data: Any) -> None:
        claim, user, role, version = self.draw_call(data)
        rating = data.draw(st.none() | st.sampled_from(self.world.ratings))
        note = data.draw(st.sampled_from(NOTES))
        expected = (
            version == claim.version
            and claim.status in RATES_IN[role]
            and rating != claim.rating
            and bool(note.strip())
        )

        def call() -> None:
            services.claim_rate(claim=claim, rating=rating, by=user, version=version, note=note)

        if self.attempt("claim_rate", claim, expected, call):
            stored = fresh(claim.pk)
            assert stored.rating == rating
            assert stored.verdict_by_id == (user.pk if rating else None)

    @rule(data=st.data())
    def update(self, data: Any) -> None:
        claim, user, role, version = self.draw_call(data)
        changes = data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "statement": st.sampled_from([*STATEMENTS, claim.statement]),
                    "kind": st.sampled_from([*Claim.Kind.values, "rumour"]),
                    "revisit_on": st.sampled_from(
                        [None, datetime.date(2025, 7, 1), datetime.date(2026, 1, 1)]
                    ),
                },
            ).filter(bool)
        )
        valid = bool(changes.get("statement", "x").strip()) and (
            changes.get("kind", Claim.Kind.FACTUAL) in Claim.Kind.values
        )
        frozen_change = claim.is_frozen and (
            changes.get("statement", claim.statement).strip() != claim.statement
            or changes.get("kind", claim.kind) != claim.kind
        )
        expected = role != "viewer" and version == claim.version and valid and not frozen_change

        def call() -> None:
            services.claim_update(claim=claim, by=user, version=version, **changes)

        accepted = self.attempt("claim_update", claim, expected, call)
        assert not (accepted and frozen_change), "a published claim's statement or kind changed"

    @rule(data=st.data())
    def assign(self, data: Any) -> None:
        claim, user, role, version = self.draw_call(data)
        assignee = data.draw(
            st.none() | st.sampled_from(sorted(self.world.users.values(), key=str))
        )
        expected = role != "viewer" and version == claim.version

        def call() -> None:
            services.claim_assign(claim=claim, assignee=assignee, by=user, version=version)

        if self.attempt("claim_assign", claim, expected, call):
            assert fresh(claim.pk).assignee == assignee

    @rule(data=st.data())
    def attribute(self, data: Any) -> None:
        claim, user, role, version = self.draw_call(data)
        source = data.draw(st.sampled_from(self.world.sources))
        sourcing = data.draw(st.sampled_from(Sourcing.values))
        count = data.draw(st.sampled_from([None, 0, 2]))
        existing = claim.attributions.filter(source=source).first()
        changes = existing is None or (existing.sourcing, existing.count) != (sourcing, count)
        valid = sourcing != Sourcing.UNATTRIBUTED and count != 0
        frozen_change = claim.is_frozen and changes
        expected = role != "viewer" and version == claim.version and valid and not frozen_change

        def call() -> None:
            attribution = services.attribution_set(
                claim=claim, source=source, sourcing=sourcing, by=user, version=version, count=count
            )
            self.attributions[claim.pk].add(attribution.pk)

        accepted = self.attempt("attribution_set", claim, expected, call)
        assert not (accepted and frozen_change), "a published claim's sources changed"

    @rule(data=st.data())
    def unattribute(self, data: Any) -> None:
        claim, user, role, version = self.draw_call(data)
        known = sorted(self.attributions[claim.pk]) or [0]
        attribution = Attribution(pk=data.draw(st.sampled_from(known)), claim=claim)
        exists = claim.attributions.filter(pk=attribution.pk).exists()
        frozen = claim.is_frozen
        expected = role != "viewer" and version == claim.version and exists and not frozen

        def call() -> None:
            services.attribution_remove(attribution=attribution, by=user, version=version)

        accepted = self.attempt("attribution_remove", claim, expected, call)
        assert not (accepted and frozen), "a published claim lost a source"

    @rule(data=st.data())
    def add_evidence(self, data: Any) -> None:
        claim, user, role, _version = self.draw_call(data)
        title = data.draw(st.sampled_from(["", "Adiala visit log"]))
        url = data.draw(st.sampled_from(URLS))
        stance = data.draw(st.sampled_from(Evidence.Stance.values))
        expected = role != "viewer" and bool(title) and url.startswith("https://")

        def call() -> None:
            services.evidence_add(claim=claim, by=user, title=title, url=url, stance=stance)

        self.attempt("evidence_add", claim, expected, call)

    # The invariants, after every step.

    @invariant()
    def record_holds(self) -> None:
        violations = check_record()
        self.world.figures.violations += len(violations)
        assert violations == [], "\n".join(map(str, violations))

    @invariant()
    def offered_moves_are_the_accepted_ones(self) -> None:
        # For the claim and user of the last step: all users on all claims every
        # step would be most of the run time, for little more.
        claim = fresh(self.touched)
        user = self.actor
        offered = set(services.allowed_transitions(claim=claim, user=user))
        # Only moves in the table can be offered or accepted (the other
        # targets are refused before any rule is asked).
        accepted = {
            move.target
            for move in workflow.MOVES
            if move.source == claim.status
            and transition_succeeds(fresh(claim.pk), user, move.target)
        }
        assert offered == accepted, f"{user} on a {claim.status} claim"
        publishable = Claim.objects.publishable_by(user).filter(pk=claim.pk).exists()
        assert publishable == claim.can_publish(user) == (Status.PUBLISHED in offered)


@pytest.fixture
def world(article, ratings, saif, party_sources) -> World:
    names = {
        "erin": "Editors",
        "eddie": "Editors",
        "rafa": "Reviewers",
        "rosa": "Reviewers",
        "vera": "Viewers",
    }
    roles = {"Editors": "editor", "Reviewers": "reviewer", "Viewers": "viewer"}
    gohar = Source.objects.create(name="Barrister Gohar Ali Khan", kind=Source.Kind.PERSON)
    return World(
        users={name: make_user(name, group) for name, group in names.items()},
        roles={name: roles[group] for name, group in names.items()},
        article=article,
        sources=[saif, party_sources, gohar],
        ratings=[ratings["false"], ratings["true"], ratings["mostly-true"]],
        figures=Figures(),
    )


@pytest.mark.django_db
def test_it_keeps_the_record_whatever_anyone_does_in_any_order(world):
    run_state_machine_as_test(lambda: RecordMachine(world), settings=SETTINGS)

    figures = world.figures
    report = "\n".join(figures.lines())
    print(report)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report + "\n")
    assert figures.violations == 0
    assert figures.examples >= SETTINGS.max_examples
    # The machine reached every corner: each kind of call both accepted and refused.
    assert all(
        figures.calls[kind, outcome]
        for kind, _ in figures.calls
        for outcome in ("accepted", "refused")
    )
    assert figures.published > 0
