"""The API's article revisions: the list, one with its text, a new version of the text,
and what the claims show of it afterwards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from api.models import WebhookDelivery
from api.services.webhooks import webhook_create
from claims.models import BODY_MAX, Anchoring, Article, ArticleRevision, Claim, ClaimEvent
from tests.api.conftest import token_client
from tests.conftest import INSTRUCTION, SECOND_OUTLET_BODY, advance, claim_at

UPDATE_NOTE = "Update, May 25: PTI said on Sunday that no meeting had been scheduled.\n\n"
RIGHT = "Imran Khan asked Barrister Saif to explore possibilities for renewed dialogue"
DENIAL = "no formal negotiations are underway yet"


def revisions_url(article: Article) -> str:
    return reverse("api:article_revisions", args=[article.pk])


def revise(api, article: Article, body: str):
    return api.post(revisions_url(article), {"body": body}, format="json")


@pytest.fixture
def denial(article, editor) -> Claim:
    return claim_at(article, DENIAL, editor)


def test_it_sends_a_new_version_and_answers_with_what_each_claim_did(
    article, claim, denial, editor
):
    new_text = UPDATE_NOTE + article.body.replace(INSTRUCTION, RIGHT)

    response = revise(token_client(editor), article, new_text)

    assert response.status_code == 201
    body = response.json()
    assert body["outcome"] == "revised"
    assert body["claims"] == {"moved": [denial.pk], "changed": [claim.pk], "gone": []}
    revision = ArticleRevision.objects.get(article=article, number=2)
    assert revision.source == "api" and revision.created_by == editor
    assert revision.body == new_text
    assert response["Location"] == reverse("api:article_revision", args=[article.pk, 2])
    assert body["revision"]["number"] == 2
    assert body["revision"]["body_length"] == len(new_text)
    assert body["revision"]["source"] == "api" and body["revision"]["created_by"] == "erin"
    assert "body" not in body["revision"]
    article.refresh_from_db()
    assert article.body == new_text
    assert ClaimEvent.objects.get(claim=claim, kind="anchor_changed").actor == editor


def test_the_same_text_again_stores_nothing(article, claim, editor):
    response = revise(token_client(editor), article, article.body)

    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "unchanged"
    assert body["revision"]["number"] == 1
    assert body["claims"] == {"moved": [], "changed": [], "gone": []}
    assert ArticleRevision.objects.filter(article=article).count() == 1
    assert not ClaimEvent.objects.filter(kind__startswith="anchor").exists()


def test_it_lists_revisions_newest_first_without_their_text(article, editor, viewer):
    revise(token_client(editor), article, UPDATE_NOTE + article.body)

    response = token_client(viewer).get(revisions_url(article))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["number"] for row in rows] == [2, 1]
    assert [row["source"] for row in rows] == ["api", "import"]
    assert rows[0]["created_by"] == "erin" and rows[1]["created_by"] is None
    assert rows[0]["body_length"] == len(article.body) + len(UPDATE_NOTE)
    assert rows[0]["body_hash"] == ArticleRevision.objects.get(number=2).body_hash
    assert all("body" not in row for row in rows)


def test_the_list_runs_the_same_queries_whatever_it_holds(
    article, editor, viewer, django_assert_num_queries
):
    for number in range(3):
        revise(token_client(editor), article, f"Update {number}.\n\n{article.body}")
    api = token_client(viewer)
    api.get(revisions_url(article))  # warm-up: the token's last_used_at is written once
    # 1 the token (with its user), 2 the user's permissions, 3 their groups'
    # permissions, 4 the article, 5 the page of revisions with their authors.
    with django_assert_num_queries(5):
        assert len(api.get(revisions_url(article)).json()["results"]) == 4


def test_it_pages_the_revisions_by_cursor(article, editor, viewer):
    for number in range(3):
        revise(token_client(editor), article, f"Update {number}.\n\n{article.body}")
    api = token_client(viewer)

    first = api.get(revisions_url(article), {"page_size": 3}).json()
    second = api.get(first["next"]).json()

    assert [row["number"] for row in first["results"]] == [4, 3, 2]
    assert [row["number"] for row in second["results"]] == [1]


def test_it_shows_one_revision_with_its_text(article, editor, viewer):
    old_text = article.body
    revise(token_client(editor), article, UPDATE_NOTE + old_text)

    response = token_client(viewer).get(reverse("api:article_revision", args=[article.pk, 1]))

    assert response.status_code == 200
    assert response.json()["body"] == old_text
    assert response.json()["body_length"] == len(old_text)


@pytest.mark.parametrize("number", [2, 999_999, 2**40])
def test_it_answers_404_for_a_revision_that_is_not_there(article, viewer, number):
    response = token_client(viewer).get(f"{revisions_url(article)}{number}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_revision_of_another_article_is_not_found_under_this_one(
    article, second_outlet_claims, viewer
):
    other = second_outlet_claims.article
    response = token_client(viewer).get(reverse("api:article_revision", args=[other.pk, 1]))
    assert response.status_code == 200
    assert response.json()["body"] == SECOND_OUTLET_BODY

    response = token_client(viewer).get("/api/v1/articles/999999/revisions/1/")
    assert response.status_code == 404


def test_a_viewer_may_read_but_not_revise(article, viewer):
    response = revise(token_client(viewer), article, UPDATE_NOTE + article.body)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert ArticleRevision.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", "The article has no text."),
        ("   \n\n  ", "The article has no text."),
        (SECOND_OUTLET_BODY, "Another article already has exactly this text."),
    ],
)
def test_it_refuses_text_the_desk_cannot_take_changing_nothing(
    article, second_outlet_claims, claim, editor, text, detail
):
    before = article.body

    response = revise(token_client(editor), article, text)

    assert response.status_code == 422
    assert response.json()["detail"] == detail
    assert response["Content-Type"] == "application/problem+json"
    article.refresh_from_db()
    assert article.body == before
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_it_refuses_a_text_past_the_article_limit_as_too_large(article, editor):
    response = revise(token_client(editor), article, "a" * (BODY_MAX + 1))

    assert response.status_code == 413
    assert "at most 500,000 characters" in response.json()["detail"]
    assert ArticleRevision.objects.filter(article=article).count() == 1


@pytest.mark.parametrize("sent", [{}, {"body": None}, {"body": ["text"]}, {"body": "a\x00b"}])
def test_it_refuses_a_malformed_request_naming_the_field(article, editor, sent):
    response = token_client(editor).post(revisions_url(article), sent, format="json")

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["body"]


def test_revising_an_article_that_is_not_there_is_a_404(editor, db):
    response = token_client(editor).post(
        "/api/v1/articles/999999/revisions/", {"body": "Text."}, format="json"
    )
    assert response.status_code == 404


# -- what the claims show afterwards


def claim_json(api, claim: Claim) -> dict:
    return api.get(reverse("api:claim_detail", args=[claim.pk])).json()


def test_claims_show_how_their_span_fared(article, claim, denial, editor, viewer):
    without_denial = article.body.replace(DENIAL, "")
    api = token_client(viewer)
    assert claim_json(api, denial)["anchor"] == "anchored"
    assert claim_json(api, denial)["span_revision"] is None

    revise(token_client(editor), article, without_denial.replace(INSTRUCTION, RIGHT))

    changed, gone = claim_json(api, claim), claim_json(api, denial)
    assert changed["anchor"] == "changed" and changed["quote"].startswith(RIGHT)
    assert changed["span_revision"] is None
    assert gone["anchor"] == "gone" and gone["span_revision"] == 1
    assert gone["quote"] == DENIAL
    kinds = [event["kind"] for event in gone["timeline"]]
    assert kinds[-1] == "anchor_gone"
    assert "the quoted text was removed" in gone["timeline"][-1]["changes"][0]
    listed = {row["id"]: row for row in api.get("/api/v1/claims/").json()["results"]}
    assert listed[denial.pk]["anchor"] == Anchoring.GONE
    assert listed[denial.pk]["span_revision"] == 1
    assert listed[claim.pk]["article_changed_since_verdict"] is False  # not published


def published(claim, editor, reviewer, other_reviewer, ratings) -> Claim:
    advance(claim, ("researching", editor))
    advance(claim, ("in_review", reviewer), rating=ratings["true"], note="Checked")
    return advance(claim, ("published", other_reviewer))


def test_a_published_verdict_shows_the_article_changed_since(
    article, claim, editor, reviewer, other_reviewer, ratings, viewer
):
    published(claim, editor, reviewer, other_reviewer, ratings)
    api = token_client(viewer)
    assert claim_json(api, claim)["article_changed_since_verdict"] is False

    revise(token_client(editor), article, article.body.replace(INSTRUCTION, RIGHT))

    shown = claim_json(api, claim)
    assert shown["article_changed_since_verdict"] is True
    assert shown["status"] == "published" and shown["rating"] == "true"


def test_anchor_events_pass_the_webhooks_by_and_stay_readable(
    article, claim, editor, reviewer, other_reviewer, ratings, settings, viewer
):
    """A revision is no publication, reopening or verdict change: a hook that
    hears of all three gets nothing from it, and the events read back whole."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    webhook_create(
        url="http://127.0.0.1:9/hook",
        events=["published", "reopened", "verdict_changed"],
        by=reviewer,
    )
    published(claim, editor, reviewer, other_reviewer, ratings)
    deliveries = WebhookDelivery.objects.count()

    response = revise(token_client(editor), article, article.body.replace(INSTRUCTION, RIGHT))

    assert response.status_code == 201
    assert WebhookDelivery.objects.count() == deliveries
    event = claim_json(token_client(viewer), claim)["timeline"][-1]
    assert event["kind"] == "anchor_changed"
    assert event["from_status"] == event["to_status"] == "published"
    assert event["to_rating"] == "true"
    assert RIGHT in event["changes"][0]
