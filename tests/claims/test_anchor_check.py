"""Clearing the flag a revision left on a claim ("Anchor checked"), and the claims
list's "Article changed" filter."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims import services
from claims.models import Anchoring, Claim, ClaimEvent
from claims.record import check_record
from claims.services.revisions import article_revise, claim_anchor_check
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, advance, claim_at

CORRECTED = "Imran Khan asked Barrister Saif to explore possibilities for renewed dialogue"


@pytest.fixture
def flagged(article, claim, editor) -> Claim:
    """The instruction claim, its quote corrected by a revision."""
    article_revise(
        article=article, body=article.body.replace(INSTRUCTION, CORRECTED), by=editor, source="url"
    )
    claim.refresh_from_db()
    assert claim.anchor == Anchoring.CHANGED
    return claim


def test_it_clears_the_flag_and_says_so_on_the_timeline(flagged, other_editor):
    version = flagged.version
    claim_anchor_check(claim=flagged, by=other_editor, version=version, note="Same claim.")
    stored = Claim.objects.get(pk=flagged.pk)
    assert (stored.anchor, stored.version) == (Anchoring.ANCHORED, version + 1)
    assert flagged.anchor == Anchoring.ANCHORED and flagged.version == version + 1
    event = stored.events.order_by("-at", "-id")[0]
    assert (event.kind, event.actor, event.note) == ("anchor_checked", other_editor, "Same claim.")
    assert event.details == {"was": "changed", "revision": 2}
    assert event.changes() == [
        "checked against article revision 2 (flagged: words changed in a newer revision)"
    ]
    assert check_record() == []


def test_it_refuses_a_claim_that_is_not_flagged(claim, editor):
    with pytest.raises(services.ClaimDeskError, match="not flagged"):
        claim_anchor_check(claim=claim, by=editor, version=claim.version)
    assert not ClaimEvent.objects.filter(kind="anchor_checked").exists()


def test_it_refuses_a_stale_version(flagged, editor):
    with pytest.raises(services.StaleVersion):
        claim_anchor_check(claim=flagged, by=editor, version=flagged.version - 1)
    assert Claim.objects.get(pk=flagged.pk).anchor == Anchoring.CHANGED


def test_a_viewer_may_not(flagged, viewer):
    with pytest.raises(PermissionDenied):
        claim_anchor_check(claim=flagged, by=viewer, version=flagged.version)


def test_a_published_verdicts_flag_is_a_reviewers_to_clear(
    article, editor, reviewer, other_reviewer, ratings
):
    claim = claim_at(article, INSTRUCTION, editor)
    advance(claim, ("researching", editor))
    services.claim_transition(
        claim=claim,
        to="in_review",
        by=editor,
        version=claim.version,
        rating=ratings["half-true"],
        note="One source.",
    )
    advance(claim, ("published", reviewer))
    article_revise(
        article=article, body=article.body.replace(INSTRUCTION, CORRECTED), by=editor, source="url"
    )
    claim.refresh_from_db()
    assert claim.article_changed_since_verdict
    with pytest.raises(PermissionDenied, match="published verdict"):
        claim_anchor_check(claim=claim, by=editor, version=claim.version)
    claim_anchor_check(claim=claim, by=other_reviewer, version=claim.version)
    claim.refresh_from_db()
    assert not claim.article_changed_since_verdict and claim.status == "published"
    assert check_record() == []  # allowed after publishing, like the revision's own events


def test_a_gone_claim_checked_still_points_at_its_revision_and_is_flagged_when_found_again(
    article, claim, editor
):
    paragraph = next(p for p in article.body.split("\n\n") if INSTRUCTION in p)
    original = article.body
    article_revise(
        article=article, body=original.replace("\n\n" + paragraph, ""), by=editor, source="paste"
    )
    claim.refresh_from_db()
    claim_anchor_check(claim=claim, by=editor, version=claim.version)
    claim.refresh_from_db()
    assert claim.anchor == Anchoring.ANCHORED and claim.span_revision.number == 1
    assert check_record() == []
    article_revise(article=article, body=original + "\n\nLater.", by=editor, source="paste")
    claim.refresh_from_db()
    assert claim.anchor == Anchoring.CHANGED and claim.span_revision is None
    assert check_record() == []


def test_check_record_finds_a_flag_its_events_do_not_explain(claim):
    Claim.objects.filter(pk=claim.pk).update(anchor=Anchoring.GONE)
    assert [v.rule for v in check_record()] == ["anchor"]


# -- the pages


def test_the_claim_page_offers_anchor_checked_only_on_a_flagged_claim(
    client, flagged, editor, viewer
):
    url = reverse("claims:claim_detail", args=[flagged.pk])
    client.force_login(editor)
    assert "Anchor checked</button>" in client.get(url).content.decode()
    response = client.post(
        reverse("claims:claim_anchor_checked", args=[flagged.pk]),
        {"version": flagged.version, "note": "Read it."},
        follow=True,
    )
    html = response.content.decode()
    assert "Checked against the current text: the flag is cleared." in html
    assert "Anchor checked</button>" not in html
    assert "checked against article revision 2" in html
    client.force_login(viewer)
    claim_at(flagged.article, NO_FORMAL_TALKS, editor)
    assert "Anchor checked</button>" not in client.get(url).content.decode()


def test_a_refused_check_says_why(client, flagged, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim_anchor_checked", args=[flagged.pk]),
        {"version": flagged.version - 1},
        follow=True,
    )
    assert "The flag was not cleared: This claim was changed" in response.content.decode()
    assert Claim.objects.get(pk=flagged.pk).anchor == Anchoring.CHANGED


def test_the_claims_list_filters_claims_whose_article_changed(client, flagged, article, viewer):
    untouched = claim_at(article, NO_FORMAL_TALKS, flagged.created_by)
    client.force_login(viewer)
    url = reverse("claims:claim_list")
    for value, expected in [
        ("flagged", {flagged.pk}),
        ("changed", {flagged.pk}),
        ("gone", set()),
        ("", {flagged.pk, untouched.pk}),
    ]:
        response = client.get(url, {"article_changed": value})
        assert {claim.pk for claim in response.context["page"]} == expected, value
    html = client.get(url, {"article_changed": "flagged"}).content.decode()
    assert "Article changed</span>" in html
    assert list(client.get(url, {"article_changed": "nonsense"}).context["page"]) == []
