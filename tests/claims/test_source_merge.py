"""Editing and merging sources in the app: reviewers only, tallies and timelines kept."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Attribution, Claim, ClaimEvent, Source, SourceVerdictTally, Status
from claims.record import check_record
from tests.conftest import NO_FORMAL_TALKS, advance, claim_at

R, IR, P = Status.RESEARCHING, Status.IN_REVIEW, Status.PUBLISHED


@pytest.fixture
def duplicate(db) -> Source:
    return Source.objects.create(name="M. A. Saif", kind=Source.Kind.PERSON, aliases="Saif sahib")


@pytest.fixture
def second_claim(article, editor) -> Claim:
    return claim_at(article, NO_FORMAL_TALKS, editor)


def attribute(claim: Claim, source: Source, sourcing: str, by) -> None:
    claim.refresh_from_db()
    services.attribution_set(
        claim=claim, source=source, sourcing=sourcing, by=by, version=claim.version
    )
    claim.refresh_from_db()


def merge_url(source: Source) -> str:
    return reverse("claims:source_merge", args=[source.pk])


def edit_url(source: Source) -> str:
    return reverse("claims:source_edit", args=[source.pk])


def test_it_moves_attributions_and_aliases_and_deletes_the_duplicate(
    claim, editor, reviewer, saif, duplicate
):
    attribute(claim, duplicate, "named", editor)
    kept = services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    assert not Source.objects.filter(pk=duplicate.pk).exists()
    assert list(Attribution.objects.filter(claim=claim).values_list("source_id", "sourcing")) == [
        (saif.pk, "named")
    ]
    assert kept.alias_list() == ["Barrister Saif", "M. A. Saif", "Saif sahib"]
    assert (kept.claim_count, kept.version) == (1, 2)
    assert check_record() == []


def test_it_puts_the_merge_on_the_claims_timeline(claim, editor, reviewer, saif, duplicate):
    attribute(claim, duplicate, "anonymous", editor)
    services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    event = claim.events.order_by("at", "id").last()
    assert event.kind == ClaimEvent.Kind.SOURCE_MERGED
    assert event.actor == reviewer
    assert event.changes() == ["M. A. Saif merged into Barrister Mohammad Ali Saif (anonymous)"]
    assert Claim.objects.get(pk=claim.pk).version == event.claim_version == claim.version + 1


def test_the_replay_names_the_source_it_was_merged_into(claim, editor, reviewer, saif, duplicate):
    attribute(claim, duplicate, "named", editor)
    services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    state = claim.state_on(timezone.localdate() + timedelta(days=1))
    assert state.sourcing == {saif.name: "named"}


def test_a_claim_attributed_to_both_keeps_the_stronger_sourcing(
    claim, second_claim, editor, reviewer, saif, duplicate
):
    attribute(claim, saif, "anonymous", editor)
    attribute(claim, duplicate, "confirmed", editor)
    attribute(second_claim, saif, "confirmed", editor)
    attribute(second_claim, duplicate, "anonymous", editor)
    services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    levels = dict(Attribution.objects.values_list("claim_id", "sourcing"))
    assert levels == {claim.pk: "confirmed", second_claim.pk: "confirmed"}
    assert Attribution.objects.filter(source=saif).count() == 2
    saif.refresh_from_db()
    assert (saif.claim_count, saif.anonymous_count) == (2, 0)
    assert check_record() == []


def test_a_published_claim_is_merged_and_keeps_its_record(
    claim, editor, reviewer, other_reviewer, ratings, saif, duplicate
):
    attribute(claim, duplicate, "named", editor)
    advance(claim, (R, editor))
    services.claim_transition(
        claim=claim, to=IR, by=editor, version=claim.version, rating=ratings["false"], note="Log"
    )
    advance(claim, (P, other_reviewer))
    services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    saif.refresh_from_db()
    assert (saif.claim_count, saif.published_count) == (1, 1)
    assert list(SourceVerdictTally.objects.filter(source=saif).values_list("rating", "n")) == [
        (ratings["false"].pk, 1)
    ]
    assert Claim.objects.get(pk=claim.pk).status == P
    assert check_record() == []


def test_it_refuses_merging_a_source_into_itself(reviewer, saif):
    with pytest.raises(services.ClaimDeskError, match="into itself"):
        services.source_merge(source=saif, into=saif, by=reviewer, version=1)
    assert Source.objects.filter(pk=saif.pk).exists()


def test_it_refuses_a_stale_merge_and_changes_nothing(claim, editor, reviewer, saif, duplicate):
    attribute(claim, duplicate, "named", editor)
    services.source_edit(source=duplicate, by=reviewer, version=1, role="Spokesman")
    with pytest.raises(services.StaleVersion):
        services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    assert Attribution.objects.get(claim=claim).source_id == duplicate.pk


def test_it_refuses_merging_a_source_already_merged(reviewer, saif, duplicate, party_sources):
    services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    with pytest.raises(services.ClaimDeskError, match="no longer exists"):
        services.source_merge(source=duplicate, into=party_sources, by=reviewer, version=1)


def test_an_editor_may_not_merge_sources(claim, editor, saif, duplicate):
    attribute(claim, duplicate, "named", editor)
    with pytest.raises(PermissionDenied, match="reviewers do"):
        services.source_merge(source=duplicate, into=saif, by=editor, version=1)
    assert Source.objects.filter(pk=duplicate.pk).exists()


def test_it_edits_a_sources_details_and_bumps_its_version(reviewer, saif):
    edited = services.source_edit(
        source=saif,
        by=reviewer,
        version=1,
        name=" Barrister  Saif ",
        kind="person",
        aliases="Saif\nsaif\nBarrister Saif",
    )
    stored = Source.objects.get(pk=saif.pk)
    assert (stored.name, stored.aliases, stored.version) == ("Barrister Saif", "Saif", 2)
    assert edited.name_key == stored.name_key


def test_it_refuses_a_name_another_source_has(reviewer, saif, duplicate):
    with pytest.raises(services.ClaimDeskError, match="merge the two instead"):
        services.source_edit(
            source=duplicate, by=reviewer, version=1, name="barrister mohammad ali saif"
        )
    assert Source.objects.get(pk=duplicate.pk).name == "M. A. Saif"


def test_it_refuses_an_unknown_kind(reviewer, saif):
    with pytest.raises(services.ClaimDeskError, match="not a kind of source"):
        services.source_edit(source=saif, by=reviewer, version=1, kind="rumour")


def test_an_admin_edit_makes_an_open_page_stale(reviewer, saif):
    saif.role = "Adviser"
    services.source_save(source=saif, by=reviewer)
    with pytest.raises(services.StaleVersion):
        services.source_edit(source=saif, by=reviewer, version=1, role="Spokesman")


# The pages.


def test_a_reviewer_merges_from_the_source_page(client, claim, editor, reviewer, saif, duplicate):
    attribute(claim, duplicate, "named", editor)
    client.force_login(reviewer)
    response = client.post(
        merge_url(duplicate), {"version": 1, "source_name": "Barrister Saif"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("claims:source_detail", args=[saif.pk])
    assert (
        "“M. A. Saif” was merged into “Barrister Mohammad Ali Saif”." in response.content.decode()
    )
    assert Attribution.objects.get(claim=claim).source_id == saif.pk


def test_the_page_says_when_no_source_has_that_name(client, reviewer, duplicate):
    client.force_login(reviewer)
    response = client.post(merge_url(duplicate), {"version": 1, "source_name": "Nobody"})
    assert response.status_code == 400
    assert "No source is called that" in response.content.decode()
    assert Source.objects.filter(pk=duplicate.pk).exists()


def test_the_page_refuses_a_merge_into_itself(client, reviewer, duplicate):
    client.force_login(reviewer)
    response = client.post(merge_url(duplicate), {"version": 1, "source_name": "Saif sahib"})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.content.decode()


def test_the_page_refuses_a_stale_edit_with_409(client, reviewer, saif):
    client.force_login(reviewer)
    services.source_edit(source=saif, by=reviewer, version=1, role="Adviser")
    response = client.post(
        edit_url(saif), {"version": 1, "name": saif.name, "kind": "person", "role": "Spokesman"}
    )
    assert response.status_code == 409
    assert "after you opened it" in response.content.decode()
    assert Source.objects.get(pk=saif.pk).role == "Adviser"


def test_a_reviewer_edits_from_the_source_page(client, reviewer, saif):
    client.force_login(reviewer)
    client.post(
        edit_url(saif),
        {"version": 1, "name": saif.name, "kind": "organization", "role": "Counsel"},
    )
    stored = Source.objects.get(pk=saif.pk)
    assert (stored.kind, stored.role, stored.version) == ("organization", "Counsel", 2)


@pytest.mark.parametrize("role", ["viewer", "editor"])
@pytest.mark.parametrize("action", ["edit", "merge"])
def test_viewers_and_editors_are_forbidden(client, request, role, action, saif, duplicate):
    client.force_login(request.getfixturevalue(role))
    url = edit_url(duplicate) if action == "edit" else merge_url(duplicate)
    response = client.post(
        url, {"version": 1, "name": "X", "kind": "person", "source_name": saif.name}
    )
    assert response.status_code == 403
    assert Source.objects.get(pk=duplicate.pk).name == "M. A. Saif"


@pytest.mark.parametrize("action", ["edit", "merge"])
def test_the_source_forms_refuse_get(client, reviewer, duplicate, action):
    client.force_login(reviewer)
    url = edit_url(duplicate) if action == "edit" else merge_url(duplicate)
    assert client.get(url).status_code == 405


def test_the_forms_are_shown_to_reviewers_only(client, editor, reviewer, saif):
    client.force_login(editor)
    url = reverse("claims:source_detail", args=[saif.pk])
    assert "Merge into another source" not in client.get(url).content.decode()
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert "Merge into another source" in page
    assert "Edit this source" in page


def test_attributing_to_a_source_merged_meanwhile_is_refused_with_a_sentence(
    claim, editor, reviewer, saif, duplicate
):
    # The capture form found ``duplicate``; a reviewer merged it before the save.
    services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    with pytest.raises(services.ClaimDeskError, match="no longer exists"):
        attribute(claim, duplicate, "named", editor)
    assert not Attribution.objects.filter(claim=claim).exists()
    assert check_record() == []


def test_the_replay_follows_a_source_renamed_before_its_merge(
    claim, editor, reviewer, saif, duplicate
):
    attribute(claim, duplicate, "named", editor)
    services.source_edit(source=duplicate, by=reviewer, version=1, name="Mr Saif")
    services.source_merge(source=duplicate, into=saif, by=reviewer, version=2)
    state = claim.state_on(timezone.localdate() + timedelta(days=1))
    # One source, under the name it has now, not a ghost under its old name.
    assert state.sourcing == {saif.name: "named"}


def test_the_replay_drops_a_renamed_source_whose_attribution_was_removed(
    claim, editor, reviewer, duplicate
):
    attribute(claim, duplicate, "named", editor)
    services.source_edit(source=duplicate, by=reviewer, version=1, name="Mr Saif")
    services.attribution_remove(
        attribution=Attribution.objects.get(claim=claim), by=editor, version=claim.version
    )
    state = claim.state_on(timezone.localdate() + timedelta(days=1))
    assert state.sourcing == {}


def test_a_published_claim_attributed_to_both_is_counted_once(
    claim, editor, reviewer, other_reviewer, ratings, saif, duplicate
):
    attribute(claim, saif, "anonymous", editor)
    attribute(claim, duplicate, "named", editor)
    advance(claim, (R, editor))
    services.claim_transition(
        claim=claim, to=IR, by=editor, version=claim.version, rating=ratings["false"], note="Log"
    )
    advance(claim, (P, other_reviewer))
    rows = list(claim.publications.values_list("sourcing", "rating"))
    services.source_merge(source=duplicate, into=saif, by=reviewer, version=1)
    saif.refresh_from_db()
    counts = (saif.claim_count, saif.anonymous_count, saif.published_count)
    assert counts == (1, 0, 1)
    assert list(SourceVerdictTally.objects.filter(source=saif).values_list("rating", "n")) == [
        (ratings["false"].pk, 1)
    ]
    # The desk report's rows, and the claim's strongest sourcing, are as published.
    assert list(claim.publications.values_list("sourcing", "rating")) == rows
    assert Claim.objects.get(pk=claim.pk).sourcing == "named"
    assert check_record() == []


def test_the_source_forms_are_sent_once(client, reviewer, saif, duplicate):
    # A second Merge from a double click finds the source gone (a 404 page
    # after a merge that was done): the page sends each form once.
    client.force_login(reviewer)
    page = client.get(reverse("claims:source_detail", args=[duplicate.pk])).content.decode()
    for action in (edit_url(duplicate), merge_url(duplicate)):
        assert f'<form method="post" data-submit-once action="{action}">' in page
    assert "js/submit_once.js" in page
