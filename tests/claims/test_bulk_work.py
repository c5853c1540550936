"""Bulk work from the claims list: each claim through the single-claim services,
with the version the list showed, done or refused one by one."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from claims import services
from claims.errors import ClaimDeskError
from claims.models import Claim, ClaimEvent, Status
from claims.services.bulk import (
    BULK_MAX,
    Selected,
    claim_bulk_assign,
    claim_bulk_transition,
)
from tests.conftest import INSTRUCTION, claim_at

BULK_URL = reverse("claims:claim_bulk")


@pytest.fixture
def five(article, editor) -> list[Claim]:
    return [claim_at(article, INSTRUCTION, editor, statement=f"Claim {n}") for n in range(5)]


def as_listed(claims: list[Claim]) -> list[Selected]:
    return [Selected(claim_id=c.pk, version=c.version) for c in claims]


def posted(claims: list[Claim]) -> list[str]:
    return [f"{c.pk}:{c.version}" for c in claims]


# -- the services


def test_it_assigns_each_claim_and_refuses_one_changed_since_the_list(five, editor, other_editor):
    selection = as_listed(five)
    # Someone else assigns the third claim after the list was shown.
    services.claim_assign(claim=five[2], assignee=editor, by=editor, version=five[2].version)
    results = claim_bulk_assign(selection=selection, assignee=other_editor, by=editor)
    assert [r.done for r in results] == [True, True, False, True, True]
    assert "changed by erin after you opened it" in results[2].message
    assignees = dict(Claim.objects.values_list("pk", "assignee__username"))
    assert [assignees[c.pk] for c in five] == ["eddie", "eddie", "erin", "eddie", "eddie"]
    # One event per claim done, on each claim's own timeline.
    assigned = ClaimEvent.objects.filter(kind=ClaimEvent.Kind.ASSIGNED, details__to="eddie")
    assert assigned.count() == 4


def test_a_bulk_move_of_twenty_refuses_three_and_says_why(article, editor):
    claims = [claim_at(article, INSTRUCTION, editor, statement=f"C{n}") for n in range(20)]
    selection = as_listed(claims)
    # Two changed meanwhile, one moved already (and so not from "new" any more).
    for claim in claims[3:5]:
        services.claim_update(claim=claim, by=editor, version=claim.version, kind="opinion")
    services.claim_transition(
        claim=claims[9], to=Status.NOT_CHECKABLE, by=editor, version=claims[9].version, note="Op"
    )
    results = claim_bulk_transition(selection=selection, to=Status.RESEARCHING, note="", by=editor)
    refused = {r.claim_id: r.message for r in results if not r.done}
    assert set(refused) == {claims[3].pk, claims[4].pk, claims[9].pk}
    assert "after you opened it" in refused[claims[3].pk]
    assert "after you opened it" in refused[claims[9].pk]
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert sum(status == Status.RESEARCHING for status in statuses.values()) == 17
    assert statuses[claims[9].pk] == Status.NOT_CHECKABLE


def test_a_move_not_allowed_from_a_claims_status_is_refused_with_the_rule(five, editor):
    # Listed while "new", at the version the list showed: "new" cannot go to review.
    results = claim_bulk_transition(
        selection=as_listed(five[:2]), to=Status.IN_REVIEW, note="", by=editor
    )
    assert [r.done for r in results] == [False, False]
    assert results[0].message == "A claim cannot go from New to In review."
    assert set(Claim.objects.values_list("status", flat=True)) == {Status.NEW}


def test_a_move_the_role_may_not_make_is_refused_per_claim(five, viewer):
    results = claim_bulk_transition(
        selection=as_listed(five), to=Status.RESEARCHING, note="", by=viewer
    )
    assert not any(r.done for r in results)
    assert results[0].message == "You do not have permission to start research."
    assert set(Claim.objects.values_list("status", flat=True)) == {Status.NEW}


def test_it_refuses_more_than_the_cap_and_changes_nothing(five, editor):
    # Past every claim: on PostgreSQL the ids go on from earlier tests (the
    # sweep's plan tests make 10,000 claims), so a fixed 10,000 could be five's.
    past = Claim.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
    missing = [Selected(claim_id=past + n, version=1) for n in range(BULK_MAX)]
    selection = as_listed(five) + missing
    with pytest.raises(ClaimDeskError, match=f"at most {BULK_MAX} at a time"):
        claim_bulk_assign(selection=selection, assignee=editor, by=editor)
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def test_a_claim_listed_twice_is_worked_once_and_a_vanished_one_is_refused(five, editor):
    selection = [*as_listed(five[:1]), *as_listed(five[:1]), Selected(claim_id=10**15, version=1)]
    results = claim_bulk_assign(selection=selection, assignee=editor, by=editor)
    assert [(r.claim_id, r.done) for r in results] == [(five[0].pk, True), (10**15, False)]
    assert results[1].message == "This claim no longer exists."


# -- the page


def test_an_editor_moves_the_selection_and_sees_each_claims_result(client, five, editor):
    stale = five[1]
    listed = posted(five)
    services.claim_update(claim=stale, by=editor, version=stale.version, kind="opinion")
    client.force_login(editor)
    response = client.post(
        BULK_URL, {"action": "move", "claim": listed, "to": "researching", "query": "kind=factual"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "4 done</strong>, <strong>1 refused" in page
    assert f'#{stale.pk} Claim 1</a>: <span class="error">This claim was changed by erin' in page
    assert 'href="/claims/?kind=factual"' in page  # back to the same filters
    assert Claim.objects.filter(status=Status.RESEARCHING).count() == 4


def test_an_editor_assigns_the_selection_to_a_colleague(client, five, editor, other_editor):
    client.force_login(editor)
    response = client.post(
        BULK_URL, {"action": "assign", "claim": posted(five[:3]), "assignee": other_editor.pk}
    )
    assert "3 done" in response.content.decode()
    assert Claim.objects.filter(assignee=other_editor).count() == 3


def test_assigning_to_me_and_to_nobody(client, five, editor):
    client.force_login(editor)
    client.post(BULK_URL, {"action": "assign", "claim": posted(five[:2]), "assignee": "me"})
    assert Claim.objects.filter(assignee=editor).count() == 2
    fresh = list(Claim.objects.filter(pk__in=[c.pk for c in five[:2]]))
    client.post(BULK_URL, {"action": "assign", "claim": posted(fresh), "assignee": "nobody"})
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def test_a_viewer_may_not_assign_from_the_list(client, five, viewer):
    client.force_login(viewer)
    response = client.post(BULK_URL, {"action": "assign", "claim": posted(five), "assignee": "me"})
    assert response.status_code == 403
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def test_an_empty_or_garbled_selection_changes_nothing_and_says_so(client, five, editor):
    client.force_login(editor)
    response = client.post(BULK_URL, {"action": "move", "to": "researching"}, follow=True)
    assert "Select at least one claim." in response.content.decode()
    response = client.post(
        BULK_URL, {"action": "move", "to": "researching", "claim": ["12:x"]}, follow=True
    )
    assert "“12:x” is not a claim from the list." in response.content.decode()
    assert set(Claim.objects.values_list("status", flat=True)) == {Status.NEW}


def test_an_assignee_that_only_looks_like_a_number_is_refused_not_a_server_error(
    client, five, editor
):
    # "²".isdigit() is true, but int("²") fails: once a 500.
    client.force_login(editor)
    for assignee in ["²", "١٢", "99999999999999999999"]:
        response = client.post(
            BULK_URL, {"action": "assign", "claim": posted(five), "assignee": assignee}, follow=True
        )
        assert response.status_code == 200
        assert "Choose a colleague to assign the claims to." in response.content.decode()
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def test_a_selection_of_an_id_past_any_claim_is_refused_not_a_server_error(client, five, editor):
    # SQLite cannot bind an integer past 64 bits: once a 500 there.
    client.force_login(editor)
    response = client.post(
        BULK_URL,
        {"action": "move", "to": "researching", "claim": ["99999999999999999999:1"]},
        follow=True,
    )
    assert response.status_code == 200
    assert "“99999999999999999999:1” is not a claim from the list." in response.content.decode()
    assert set(Claim.objects.values_list("status", flat=True)) == {Status.NEW}


def test_the_list_and_its_export_refuse_ids_past_any_claim_rather_than_failing(
    client, five, viewer
):
    client.force_login(viewer)
    ids = {"ids": f"{five[0].pk},99999999999999999999"}
    response = client.get(reverse("claims:claim_list"), ids)
    assert response.status_code == 200
    assert "Claim 0" not in response.content.decode()  # an invalid filter lists nothing
    response = client.get(reverse("claims:claim_export", args=["csv"]), ids)
    assert response.status_code == 400
    assert "“99999999999999999999” is not a claim id." in response.content.decode()


def test_exporting_the_selection_exports_exactly_those_claims(client, five, viewer):
    client.force_login(viewer)
    response = client.post(
        BULK_URL, {"action": "export", "claim": posted(five[1:3]), "format": "jsonl"}
    )
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == reverse("claims:claim_export", args=["jsonl"])
    assert parse_qs(target.query) == {"ids": [f"{five[1].pk},{five[2].pk}"]}
    exported = b"".join(client.get(response["Location"]).streaming_content).decode()
    assert exported.count("\n") == 2
    assert "Claim 1" in exported and "Claim 2" in exported and "Claim 0" not in exported


def test_an_export_of_more_than_the_cap_is_refused(client, five, viewer):
    client.force_login(viewer)
    ids = ",".join(str(n) for n in range(1, BULK_MAX + 2))
    response = client.get(reverse("claims:claim_export", args=["csv"]), {"ids": ids})
    assert response.status_code == 400
    assert f"at most {BULK_MAX} at a time" in response.content.decode()


# -- "Assign to me"


def test_assign_to_me_takes_the_claim_on(client, claim, other_editor):
    client.force_login(other_editor)
    url = reverse("claims:claim_assign_me", args=[claim.pk])
    response = client.post(url, {"version": claim.version})
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    assert Claim.objects.get(pk=claim.pk).assignee == other_editor


def test_a_double_clicked_assign_to_me_shows_no_false_error(client, claim, other_editor):
    # The second click carries the version the first one changed.
    client.force_login(other_editor)
    url = reverse("claims:claim_assign_me", args=[claim.pk])
    client.post(url, {"version": claim.version})
    page = client.post(url, {"version": claim.version}, follow=True).content.decode()
    assert "not assigned to you" not in page
    assert f"#{claim.pk} is assigned to you." in page
    assert claim.events.filter(kind=ClaimEvent.Kind.ASSIGNED).count() == 1


def test_assign_to_me_after_someone_else_took_it_is_still_refused(
    client, claim, editor, other_editor
):
    listed_version = claim.version
    services.claim_assign(claim=claim, assignee=editor, by=editor, version=claim.version)
    client.force_login(other_editor)
    url = reverse("claims:claim_assign_me", args=[claim.pk])
    page = client.post(url, {"version": listed_version}, follow=True).content.decode()
    assert "not assigned to you: This claim was changed by erin" in page
    assert Claim.objects.get(pk=claim.pk).assignee == editor


def test_assign_to_me_on_a_claim_changed_since_is_refused(client, claim, editor, other_editor):
    listed_version = claim.version
    services.claim_assign(claim=claim, assignee=editor, by=editor, version=claim.version)
    client.force_login(other_editor)
    url = reverse("claims:claim_assign_me", args=[claim.pk])
    response = client.post(url, {"version": listed_version}, follow=True)
    assert "not assigned to you: This claim was changed by erin" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee == editor


def test_assign_to_me_from_the_list_returns_to_the_list(client, claim, other_editor):
    client.force_login(other_editor)
    url = reverse("claims:claim_assign_me", args=[claim.pk])
    response = client.post(url, {"version": claim.version, "next": "/claims/?status=new"})
    assert response["Location"] == "/claims/?status=new"
    # Never elsewhere.
    for elsewhere in ("https://evil.example/", "//evil.example/", "claims:claim_list", "1"):
        response = client.post(url, {"version": 0, "next": elsewhere})
        assert response["Location"] == claim.get_absolute_url(), elsewhere


def test_the_list_and_the_claim_page_offer_assign_to_me_to_editors_only(
    client, claim, other_editor, viewer
):
    action = reverse("claims:claim_assign_me", args=[claim.pk])
    client.force_login(other_editor)
    assert action in client.get(reverse("claims:claim_list")).content.decode()
    assert action in client.get(claim.get_absolute_url()).content.decode()
    client.force_login(viewer)
    assert action not in client.get(reverse("claims:claim_list")).content.decode()
    assert action not in client.get(claim.get_absolute_url()).content.decode()


def test_each_row_posts_its_claim_with_the_version_listed(client, five, editor):
    client.force_login(editor)
    page = client.get(reverse("claims:claim_list")).content.decode()
    for claim in five:
        assert f'name="claim" value="{claim.pk}:{claim.version}"' in page


def test_a_claim_number_past_any_id_is_refused_rather_than_failing(client, five, viewer):
    # Found by the request fuzzer: a number SQLite cannot hold was a 500.
    client.force_login(viewer)
    response = client.get(reverse("claims:desk_report"), {"ids": "1" + "0" * 40})
    assert response.status_code == 400
    assert "is not a claim id" in response.content.decode()
