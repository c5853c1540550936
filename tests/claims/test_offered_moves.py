"""What is offered is what is accepted: for every status and every role, the
claim page's buttons, ``allowed_transitions``, the admin's confirmation page and
the dashboard offer exactly the moves the service would make."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from claims import services
from claims.models import Claim, Status
from tests.conftest import advance

N, R, IR, P, NC = (
    Status.NEW,
    Status.RESEARCHING,
    Status.IN_REVIEW,
    Status.PUBLISHED,
    Status.NOT_CHECKABLE,
)
CHANGELIST = reverse("admin:claims_claim_changelist")
BUTTON = re.compile(r'<button type="submit" name="to" value="([a-z_]+)"')


def rate(claim: Claim, user, rating) -> None:
    services.claim_rate(claim=claim, rating=rating, by=user, version=claim.version, note="Why")


def build(scenario: str, claim: Claim, users: dict, ratings: dict) -> Claim:
    """Walk the editor's new claim to ``scenario``, each step through the services."""
    editor, reviewer = users["editor"], users["reviewer"]
    if scenario == "not_checkable":
        advance(claim, (NC, editor), note="An opinion")
    if scenario != "new" and scenario != "not_checkable":
        advance(claim, (R, editor))
    if scenario == "in_review_unrated":
        advance(claim, (IR, editor))
    elif scenario in ("in_review_editor_verdict", "published"):
        advance(claim, (IR, editor), rating=ratings["false"], note="Denied")
    elif scenario == "in_review_sent_by_reviewer":
        rate(claim, editor, ratings["false"])
        advance(claim, (IR, reviewer))
    elif scenario == "in_review_reviewer_verdict":
        rate(claim, reviewer, ratings["true"])
        advance(claim, (IR, editor))
    if scenario == "published":
        advance(claim, (P, reviewer))
    return Claim.objects.get(pk=claim.pk)


# The moves each role should have, by scenario: the reviewer ("rafa") is the
# sender in one scenario and the verdict's author in another; the other
# reviewer ("rosa") is neither in any.
EXPECTED = {
    "new": {"viewer": set(), "editor": {R, NC}, "reviewer": {R, NC}, "other_reviewer": {R, NC}},
    "researching": {
        "viewer": set(),
        "editor": {IR, NC},
        "reviewer": {IR, NC},
        "other_reviewer": {IR, NC},
    },
    "in_review_unrated": {"viewer": set(), "editor": set(), "reviewer": {R}, "other_reviewer": {R}},
    "in_review_editor_verdict": {
        "viewer": set(),
        "editor": set(),
        "reviewer": {P, R},
        "other_reviewer": {P, R},
    },
    "in_review_sent_by_reviewer": {
        "viewer": set(),
        "editor": set(),
        "reviewer": {R},
        "other_reviewer": {P, R},
    },
    "in_review_reviewer_verdict": {
        "viewer": set(),
        "editor": set(),
        "reviewer": {R},
        "other_reviewer": {P, R},
    },
    "published": {"viewer": set(), "editor": set(), "reviewer": {R}, "other_reviewer": {R}},
    "not_checkable": {"viewer": set(), "editor": set(), "reviewer": {R}, "other_reviewer": {R}},
}
ROLES = ["viewer", "editor", "reviewer", "other_reviewer"]


class Rollback(Exception):
    pass


def accepted(claim: Claim, user) -> set[str]:
    """Each status the service would move the stored claim to, tried and rolled back."""
    targets = set()
    for to in Status.values:
        try:
            with transaction.atomic():
                stored = Claim.objects.get(pk=claim.pk)
                services.claim_transition(
                    claim=stored, to=to, by=user, version=stored.version, note="Because"
                )
                raise Rollback
        except Rollback:
            targets.add(to)
        except (services.ClaimDeskError, PermissionDenied):
            pass
    assert Claim.objects.get(pk=claim.pk).version == claim.version  # all rolled back
    return targets


def offered_on_page(client, claim: Claim) -> set[str]:
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return set(BUTTON.findall(response.content.decode()))


def offered_in_admin(client, claim: Claim, action: str) -> bool:
    """Whether the admin's confirmation page lists the claim without a refusal."""
    response = client.post(CHANGELIST, {"action": action, "_selected_action": [claim.pk]})
    if "claims" not in (response.context or {}):
        return False  # the action is not offered to this role at all
    [(listed, refusal)] = response.context["claims"]
    assert listed.pk == claim.pk
    return refusal is None


def on_review_list(client, claim: Claim) -> bool:
    return claim in client.get(reverse("claims:dashboard")).context["awaiting_review"]


@pytest.fixture
def users(viewer, editor, reviewer, other_reviewer) -> dict:
    return {
        "viewer": viewer,
        "editor": editor,
        "reviewer": reviewer,
        "other_reviewer": other_reviewer,
    }


@pytest.mark.parametrize("scenario", EXPECTED)
def test_it_offers_exactly_the_moves_it_accepts(client, claim, users, ratings, scenario):
    claim = build(scenario, claim, users, ratings)
    for role in ROLES:
        user = users[role]
        client.force_login(user)
        accepts = accepted(claim, user)
        assert accepts == EXPECTED[scenario][role], (scenario, role)
        assert offered_on_page(client, claim) == accepts, (scenario, role)
        assert set(services.allowed_transitions(claim=claim, user=user)) == accepts, role
        assert offered_in_admin(client, claim, "publish_selected") == (P in accepts), role
        # The admin's "send back" is a reviewer's action on claims in review:
        # other moves to Researching (start, reopen) are made on the claim page.
        reviews = user.has_perm("claims.review_claim")
        assert offered_in_admin(client, claim, "send_back_selected") == (
            reviews and claim.status == Status.IN_REVIEW and R in accepts
        ), role
        assert on_review_list(client, claim) == (P in accepts), (scenario, role)


def test_it_agrees_on_who_may_publish_one_claim_and_in_a_list(claim, article, users, ratings):
    claims = []
    for scenario in EXPECTED:
        fresh = Claim.objects.get(pk=claim.pk) if not claims else _new_claim(article, users)
        claims.append(build(scenario, fresh, users, ratings))
    for role in ROLES:
        user = users[role]
        listed = set(Claim.objects.publishable_by(user).values_list("pk", flat=True))
        one_by_one = {c.pk for c in claims if c.can_publish(user)}
        assert listed == one_by_one, role
        expected = {c.pk for c, s in zip(claims, EXPECTED, strict=True) if P in EXPECTED[s][role]}
        assert one_by_one == expected, role


def _new_claim(article, users) -> Claim:
    """Another claim on the article, at a span no other claim uses."""
    taken = Claim.objects.count()
    start = taken * 10
    return services.claim_create(
        article=article,
        start=start,
        end=start + 5,
        quote=article.body[start : start + 5],
        by=users["editor"],
    )
