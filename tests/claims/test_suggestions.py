"""Suggested claims in the workbench: stored on import, accepted or rejected."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Article, Attribution, Claim, Suggestion
from claims.services import suggestions as suggesting
from tests.conftest import ARTICLE_FILE


@pytest.fixture
def article(editor, django_capture_on_commit_callbacks) -> Article:
    """The shared article, imported the way an editor would: suggestions follow."""
    raw = ARTICLE_FILE.read_text(encoding="utf-8").split(" ", 3)[3]
    with django_capture_on_commit_callbacks(execute=True):
        return services.article_create(body=raw, by=editor, title="PTI dialogue").article


def test_importing_an_article_stores_its_suggestions(article):
    suggestions = list(article.suggestions.order_by("start"))
    assert len(suggestions) == 9
    assert [s.sourcing for s in suggestions].count("anonymous") == 4
    assert [s.sourcing for s in suggestions].count("named") == 3
    assert [s.sourcing for s in suggestions].count("") == 2
    he = [s for s in suggestions if s.source == "He"]
    # "Barrister Saif" is filed under the full name the article gave him first.
    assert [s.attributed_to for s in he] == ["Mohammad Ali Saif", "Mohammad Ali Saif"]
    assert {s.descriptor for s in he} == {"Barrister"}
    assert not any("remains to be seen" in s.quote for s in suggestions)


def test_a_rejected_suggestion_does_not_come_back(article, editor):
    suggestion = article.suggestions.get(sourcing="", start=0)
    suggesting.suggestion_reject(suggestion=suggestion, by=editor)
    assert suggesting.suggestions_refresh(article=article) == 0
    assert Suggestion.objects.get(pk=suggestion.pk).state == "rejected"
    assert article.suggestions.count() == 9


def test_a_decided_suggestion_cannot_be_decided_again(article, editor, other_editor):
    suggestion = article.suggestions.get(source="sources familiar with the matter")
    span = services.Span(suggestion.start, suggestion.end, suggestion.quote)
    claim = suggesting.suggestion_accept(suggestion=suggestion, by=editor, span=span)
    with pytest.raises(services.ClaimDeskError, match="already decided"):
        suggesting.suggestion_reject(suggestion=suggestion, by=other_editor)
    with pytest.raises(services.ClaimDeskError, match="already decided"):
        suggesting.suggestion_accept(suggestion=suggestion, by=other_editor, span=span)
    stored = Suggestion.objects.get(pk=suggestion.pk)
    assert (stored.state, stored.claim, stored.decided_by) == ("accepted", claim, editor)
    # The refused second acceptance left no claim behind either.
    assert list(Claim.objects.values_list("pk", flat=True)) == [claim.pk]


def test_a_rejected_suggestion_cannot_be_accepted_later(article, editor, other_editor):
    suggestion = article.suggestions.get(source="sources familiar with the matter")
    suggesting.suggestion_reject(suggestion=suggestion, by=editor)
    span = services.Span(suggestion.start, suggestion.end, suggestion.quote)
    with pytest.raises(services.ClaimDeskError, match="already decided"):
        suggesting.suggestion_accept(suggestion=suggestion, by=other_editor, span=span)
    stored = Suggestion.objects.get(pk=suggestion.pk)
    assert (stored.state, stored.claim, stored.decided_by) == ("rejected", None, editor)
    assert not Claim.objects.exists()


def test_accept_all_named_makes_claims_with_their_attributions(client, article, editor):
    client.force_login(editor)
    ticked = [row.suggestion.pk for row in preview(article, editor) if row.ticked]
    url = reverse("claims:suggestions_accept_selected", args=[article.pk])
    response = client.post(url, {"suggestion": ticked}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "3 suggestion(s) with named sources accepted." in response.content.decode()
    claims = Claim.objects.filter(article=article)
    assert claims.count() == 3
    attributions = Attribution.objects.filter(claim__in=claims)
    # One source for "Barrister Saif" and both "He", filed without his title,
    # which each attribution keeps as its descriptor.
    assert set(attributions.values_list("source__name", "source__kind", "descriptor")) == {
        ("Mohammad Ali Saif", "person", "Barrister")
    }
    assert set(claims.values_list("sourcing", flat=True)) == {"named"}
    assert article.suggestions.filter(state="accepted").count() == 3
    assert all(s.claim_id for s in article.suggestions.filter(state="accepted"))


def preview(article, by):
    return suggesting.suggestions_accept_preview(article=article, by=by)


def test_accept_all_named_leaves_spans_already_captured(article, editor):
    by_hand = article.suggestions.filter(sourcing="named").first()
    services.claim_create(
        article=article, start=by_hand.start, end=by_hand.end, quote=by_hand.quote, by=editor
    )
    assert by_hand.pk not in [row.suggestion.pk for row in preview(article, editor)]
    every_named = article.suggestions.filter(sourcing="named").values_list("pk", flat=True)
    accepted, refused = suggesting.suggestions_accept_selected(
        article=article, by=editor, suggestion_ids=list(every_named)
    )
    assert accepted == 2
    assert refused == [f"“{by_hand.quote[:60]}”: this span has been captured by hand already."]
    assert Claim.objects.filter(start=by_hand.start, end=by_hand.end).count() == 1


def test_reject_all_clears_the_open_suggestions(client, article, editor):
    client.force_login(editor)
    client.post(reverse("claims:suggestions_decide_all", args=[article.pk, "reject-all"]))
    assert article.suggestions.open().count() == 0
    assert not Claim.objects.exists()


def test_accepting_through_the_panel_records_the_decision(client, article, editor):
    suggestion = article.suggestions.get(source="sources familiar with the matter")
    data = {
        "start": suggestion.start,
        "end": suggestion.end,
        "quote": suggestion.quote,
        "kind": "factual",
        "source_name": suggestion.attributed_to,
        "source_kind": "anonymous_group",
        "sourcing": "anonymous",
        "mention": suggestion.source,
        "mention_start": suggestion.source_start,
        "mention_end": suggestion.source_end,
        "cue": suggestion.cue,
        "cue_start": suggestion.cue_start,
        "cue_end": suggestion.cue_end,
        "suggestion": suggestion.pk,
    }
    client.force_login(editor)
    client.post(reverse("claims:claim_capture", args=[article.pk]), data, HTTP_HX_REQUEST="true")
    suggestion.refresh_from_db()
    assert suggestion.state == "accepted" and suggestion.claim.rests_on_anonymous_sources_only
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="suggestion-{suggestion.pk}"' not in html  # decided: no longer offered


def test_the_article_page_shows_suggestions_dashed_and_marks_anonymous_ones(
    client, article, editor, viewer
):
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Suggestions (9)" in html
    assert html.count("suggested suggested-anon") == 4
    assert "Accept all named" in html
    client.force_login(viewer)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Suggestions (9)" in html and "Accept all named" not in html
