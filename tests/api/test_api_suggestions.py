"""The API's suggestions: an article's list, accepting (with changes) and rejecting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Attribution, Claim, Suggestion
from claims.services import suggestions as suggesting
from tests.api.conftest import token_client

FAMILIAR = "sources familiar with the matter"


@pytest.fixture
def suggested(article):
    """The shared article with the extractor's nine suggestions stored."""
    suggesting.suggestions_refresh(article=article)
    return article


def listed(article) -> str:
    return reverse("api:article_suggestions", args=[article.pk])


def accept_url(suggestion: Suggestion) -> str:
    return reverse("api:suggestion_accept", args=[suggestion.pk])


def reject_url(suggestion: Suggestion) -> str:
    return reverse("api:suggestion_reject", args=[suggestion.pk])


def test_it_lists_an_articles_open_suggestions_in_text_order(viewer, suggested):
    body = token_client(viewer).get(listed(suggested)).json()

    starts = [s["start"] for s in body["results"]]
    assert starts == sorted(starts) and len(starts) == 9
    familiar = next(s for s in body["results"] if s["source"] == FAMILIAR)
    assert (familiar["sourcing"], familiar["source_kind"]) == ("anonymous", "anonymous_group")
    own = [s for s in body["results"] if s["sourcing"] == "unattributed"]
    assert len(own) == 2 and all(s["source_kind"] is None for s in own)


def test_it_leaves_out_spans_captured_by_hand_and_lists_decided_ones_by_state(
    viewer, editor, suggested
):
    first, second = suggested.suggestions.order_by("start")[:2]
    suggesting.suggestion_reject(suggestion=first, by=editor)
    services.claim_capture(
        article=suggested,
        span=services.Span(second.start, second.end, second.quote),
        by=editor,
    )
    api = token_client(viewer)

    open_ids = [s["id"] for s in api.get(listed(suggested)).json()["results"]]
    rejected = api.get(listed(suggested), {"state": "rejected"}).json()["results"]

    assert first.pk not in open_ids and second.pk not in open_ids and len(open_ids) == 7
    assert [(s["id"], s["decided_by"]) for s in rejected] == [(first.pk, editor.username)]


def test_it_refuses_an_unknown_state(viewer, suggested):
    response = token_client(viewer).get(listed(suggested), {"state": "maybe"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "state"


def test_it_lists_suggestions_in_a_constant_number_of_queries(
    viewer, suggested, django_assert_num_queries
):
    api = token_client(viewer)
    api.get(listed(suggested))  # warm-up: the token's first use also writes its last_used_at

    # 1 the token and its user, 2-3 the user's and group's permissions, 4 the
    # article, 5 the page of suggestions (with who decided, and the captured
    # spans left out in the same query).
    with django_assert_num_queries(5):
        response = api.get(listed(suggested))
    assert len(response.json()["results"]) == 9


def test_it_answers_a_missing_article_with_404(viewer, db):
    assert (
        token_client(viewer).get(reverse("api:article_suggestions", args=[9999])).status_code == 404
    )


def test_it_accepts_a_suggestion_as_a_claim_with_its_attribution(editor, suggested):
    suggestion = suggested.suggestions.get(source=FAMILIAR)

    response = token_client(editor).post(accept_url(suggestion), {}, format="json")

    assert response.status_code == 201
    claim = Claim.objects.get(pk=response.json()["claim"])
    assert response["Location"] == response.json()["url"]
    assert response.json()["url"].endswith(reverse("api:claim_detail", args=[claim.pk]))
    assert (claim.quote, claim.sourcing) == (suggestion.quote, "anonymous")
    stored = Suggestion.objects.get(pk=suggestion.pk)
    assert (stored.state, stored.claim_id) == ("accepted", claim.pk)
    assert response.json()["suggestion"]["state"] == "accepted"


def test_it_accepts_with_the_editors_changes(editor, suggested):
    suggestion = suggested.suggestions.get(source=FAMILIAR)
    changes = {
        "statement": "Khan is open to talks",
        "kind": "prediction",
        "source_name": "PTI insiders",
        "sourcing": "anonymous",
        "count": 2,
    }

    response = token_client(editor).post(accept_url(suggestion), changes, format="json")

    claim = Claim.objects.get(pk=response.json()["claim"])
    assert (claim.statement, claim.kind) == ("Khan is open to talks", "prediction")
    attribution = Attribution.objects.select_related("source").get(claim=claim)
    assert (attribution.source.name, attribution.count) == ("PTI insiders", 2)
    assert attribution.mention == FAMILIAR  # the suggestion's mention is kept


def test_it_accepts_as_the_outlets_own_assertion_when_sourcing_is_null(editor, suggested):
    suggestion = suggested.suggestions.get(source=FAMILIAR)

    response = token_client(editor).post(accept_url(suggestion), {"sourcing": None}, format="json")

    claim = Claim.objects.get(pk=response.json()["claim"])
    assert claim.sourcing == "unattributed"
    assert not Attribution.objects.filter(claim=claim).exists()


def test_it_refuses_accepting_a_decided_suggestion_and_makes_no_claim(editor, suggested):
    suggestion = suggested.suggestions.get(source=FAMILIAR)
    suggesting.suggestion_reject(suggestion=suggestion, by=editor)

    response = token_client(editor).post(accept_url(suggestion), {}, format="json")

    assert response.status_code == 422
    assert "already decided" in response.json()["detail"]
    assert not Claim.objects.exists()


def test_it_refuses_a_bad_override_as_a_field_error(editor, suggested):
    suggestion = suggested.suggestions.get(source=FAMILIAR)

    response = token_client(editor).post(
        accept_url(suggestion), {"kind": "rumour", "count": 10**12}, format="json"
    )

    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"kind", "count"}
    assert not Claim.objects.exists()


def test_it_rejects_a_suggestion(editor, suggested):
    suggestion = suggested.suggestions.get(source=FAMILIAR)

    response = token_client(editor).post(reject_url(suggestion))

    assert response.status_code == 200
    assert response.json()["state"] == "rejected"
    stored = Suggestion.objects.get(pk=suggestion.pk)
    assert (stored.state, stored.decided_by) == ("rejected", editor)


def test_it_refuses_rejecting_twice(editor, other_editor, suggested):
    suggestion = suggested.suggestions.get(source=FAMILIAR)
    suggesting.suggestion_reject(suggestion=suggestion, by=editor)

    response = token_client(other_editor).post(reject_url(suggestion))

    assert response.status_code == 422
    assert Suggestion.objects.get(pk=suggestion.pk).decided_by == editor


def test_it_refuses_decisions_to_viewers_outsiders_and_strangers(
    viewer, outsider, client, suggested
):
    suggestion = suggested.suggestions.get(source=FAMILIAR)

    assert token_client(viewer).post(accept_url(suggestion), {}, format="json").status_code == 403
    assert token_client(viewer).post(reject_url(suggestion)).status_code == 403
    assert token_client(outsider).get(listed(suggested)).status_code == 403
    assert client.post(reject_url(suggestion)).status_code == 401
    assert Suggestion.objects.get(pk=suggestion.pk).state == "open"
    assert not Claim.objects.exists()


def test_it_answers_a_missing_suggestion_with_404(editor, db):
    missing = reverse("api:suggestion_accept", args=[2**40])

    assert token_client(editor).post(missing, {}, format="json").status_code == 404
