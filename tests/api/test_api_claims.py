"""The API's claims: the list and its filters, capture, edit, moves, verdict,
attributions and evidence, each through the services."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from claims.models import Attribution, Claim, ClaimEvent, Evidence, Source
from tests.api.conftest import token_client
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, advance, span_of

LIST = "/api/v1/claims/"


def detail(claim: Claim) -> str:
    return reverse("api:claim_detail", args=[claim.pk])


# -- the list


def test_it_lists_claims_newest_first(claim, second_outlet_claims, viewer):
    response = token_client(viewer).get(LIST)

    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == sorted(Claim.objects.values_list("pk", flat=True), reverse=True)
    first = response.json()["results"][0]
    assert first["id"] == second_outlet_claims.anonymous.pk
    assert (first["outlet"], first["sourcing"]) == ("Dawn", "anonymous")


def test_it_filters_claims_with_the_claims_lists_filters(
    claim, second_outlet_claims, mixed_sourcing_claim, viewer, editor, ratings
):
    advance(claim, ("researching", editor))
    api = token_client(viewer)

    def ids(**query: str) -> set[int]:
        response = api.get(LIST, query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(status="researching") == {claim.pk}
    assert ids(sourcing="anonymous_only") == {second_outlet_claims.anonymous.pk}
    assert ids(sourcing="any_anonymous") == {
        second_outlet_claims.anonymous.pk,
        mixed_sourcing_claim.pk,
    }
    assert ids(q="next tranche") == {second_outlet_claims.anonymous.pk}
    assert ids(article_date_before="2025-05-31") == {claim.pk}
    assert ids(outlet=str(second_outlet_claims.outlet.pk)) == second_outlet_claims.claim_ids | {
        mixed_sourcing_claim.pk
    }


def test_it_filters_by_rating_slug_and_assignee_username(claim, editor, reviewer, viewer, ratings):
    api = token_client(editor)
    api.patch(detail(claim), {"version": claim.version, "assignee": "rafa"}, format="json")
    claim.refresh_from_db()

    assigned = token_client(viewer).get(LIST, {"assignee": "rafa"}).json()["results"]
    rated = token_client(viewer).get(LIST, {"rating": "false"}).json()["results"]

    assert [row["id"] for row in assigned] == [claim.pk]
    assert assigned[0]["assignee"] == "rafa"
    assert rated == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"sourcing": "whispered"}, "sourcing"),
        ({"rating": "pants-on-fire"}, "rating"),
        ({"assignee": "nobody-here"}, "assignee"),
        ({"article_date_after": "2025-13-01"}, "article_date"),
        ({"published_before": "0001-01-01"}, "published"),
        ({"ids": "1,x"}, "ids"),
        ({"ids": str(2**64)}, "ids"),
        ({"outlet": "x"}, "outlet"),
        ({"order": "status"}, "order"),
    ],
)
def test_it_refuses_a_bad_filter_naming_it(claim, viewer, query, field):
    response = token_client(viewer).get(LIST, query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]


def test_it_pages_by_cursor(claim, second_outlet_claims, viewer):
    api = token_client(viewer)

    first = api.get(LIST, {"page_size": 2}).json()
    second = api.get(first["next"]).json()

    seen = [row["id"] for row in first["results"] + second["results"]]
    assert seen == sorted(Claim.objects.values_list("pk", flat=True), reverse=True)
    assert second["next"] is None


def test_the_list_runs_the_same_queries_whatever_it_holds(
    claim, second_outlet_claims, mixed_sourcing_claim, editor, viewer, django_assert_num_queries
):
    api = token_client(viewer)
    api.get(LIST)  # warm-up: the token's last_used_at is written on its first request
    # 1 the token (with its user), 2 the user's permissions, 3 their groups'
    # permissions, 4 the page of claims with outlet, rating, assignee and creator.
    with django_assert_num_queries(4):
        assert len(api.get(LIST).json()["results"]) == 4
    # Filtered: 5 the assignee named (the filter's choice is checked), then the page.
    with django_assert_num_queries(5):
        api.get(LIST, {"assignee": editor.username, "status": "new"})


def test_the_detail_runs_the_same_queries_whatever_it_holds(
    mixed_sourcing_claim, viewer, django_assert_num_queries
):
    api = token_client(viewer)
    api.get(detail(mixed_sourcing_claim))  # warm-up (last_used_at)
    # 1 the token, 2-3 permissions, 4 the claim with its people, rating and
    # outlet, 5 attributions with sources, 6 evidence, 7 the timeline.
    with django_assert_num_queries(7):
        response = api.get(detail(mixed_sourcing_claim))
    assert len(response.json()["attributions"]) == 2


def test_the_list_is_for_readers_only(claim, outsider, client):
    assert token_client(outsider).get(LIST).status_code == 403
    assert client.get(LIST).status_code == 401


# -- one claim


def test_the_detail_offers_the_moves_the_caller_may_make(claim, editor, reviewer, viewer):
    advance(claim, ("researching", editor), ("in_review", editor))

    def moves(user) -> list[str]:
        return [m["to"] for m in token_client(user).get(detail(claim)).json()["allowed_moves"]]

    assert moves(viewer) == []
    assert moves(editor) == []
    # No verdict yet, so not publish; send back needs a note.
    assert moves(reviewer) == ["researching"]


@pytest.mark.parametrize("claim_id", [999_999, 2**63, 2**80])
def test_it_answers_404_for_a_claim_that_is_not_there(viewer, db, claim_id):
    assert token_client(viewer).get(f"{LIST}{claim_id}/").status_code == 404


# -- capture


def capture_body(article, text: str, **extra) -> dict:
    span = span_of(article, text)
    return {"article": article.pk, "start": span.start, "end": span.end, **extra}


def test_it_captures_a_claim_with_its_attribution(article, editor):
    body = capture_body(
        article,
        NO_FORMAL_TALKS,
        statement="No formal talks are underway",
        attribution={
            "source_name": "Barrister Mohammad Ali Saif",
            "source_kind": "person",
            "sourcing": "named",
            "cue": "confirmed",
        },
    )
    response = token_client(editor).post(LIST, body, format="json")

    assert response.status_code == 201, response.json()
    claim = Claim.objects.get()
    assert response["Location"] == detail(claim)
    assert response["ETag"] == f'"{claim.pk}-{claim.version}"'
    assert (claim.quote, claim.statement, claim.sourcing) == (
        NO_FORMAL_TALKS,
        "No formal talks are underway",
        "named",
    )
    attribution = claim.attributions.get()
    assert attribution.source.name == "Barrister Mohammad Ali Saif"
    assert article.body[attribution.cue_start : attribution.cue_end] == "confirmed"
    assert response.json()["attributions"][0]["source_name"] == "Barrister Mohammad Ali Saif"


def test_a_repeated_capture_key_gives_back_the_same_claim(article, editor):
    api = token_client(editor)
    body = capture_body(article, INSTRUCTION, capture_key=str(uuid.uuid4()))

    first = api.post(LIST, body, format="json")
    again = api.post(LIST, body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Claim.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"end": 10**6}, 422),  # past the article's end
        ({"quote": "not what the article says"}, 422),
        ({"start": -1}, 400),
        ({"end": 2**40}, 400),
        ({"article": 999_999}, 400),
        ({"article": 2**64}, 400),
        ({"kind": "rumour"}, 400),
        ({"statement": "x\x00y"}, 400),
        ({"attribution": {"source_name": "Someone", "sourcing": "whispered"}}, 400),
        ({"attribution": {"source_name": "Someone", "sourcing": "named", "cue": "nowhere"}}, 422),
    ],
)
def test_it_refuses_a_capture_it_cannot_make(article, editor, change, status):
    body = {**capture_body(article, INSTRUCTION), **change}

    response = token_client(editor).post(LIST, body, format="json")

    assert response.status_code == status, response.json()
    assert not Claim.objects.exists() and not Source.objects.filter(name="Someone").exists()


def test_a_viewer_cannot_capture(article, viewer):
    response = token_client(viewer).post(LIST, capture_body(article, INSTRUCTION), format="json")

    assert response.status_code == 403
    assert not Claim.objects.exists()


# -- edit


def test_it_edits_only_the_fields_sent(claim, editor):
    claim.revisit_on = None
    response = token_client(editor).patch(
        detail(claim), {"version": claim.version, "revisit_on": "2030-01-01"}, format="json"
    )

    assert response.status_code == 200, response.json()
    stored = Claim.objects.get(pk=claim.pk)
    assert (str(stored.revisit_on), stored.statement, stored.kind) == (
        "2030-01-01",
        claim.statement,
        claim.kind,
    )
    assert response["ETag"] == f'"{claim.pk}-{stored.version}"'
    assert response.json()["version"] == stored.version == claim.version + 1


def test_it_assigns_and_unassigns_by_username(claim, editor, reviewer):
    api = token_client(editor)
    api.patch(detail(claim), {"version": claim.version, "assignee": "rafa"}, format="json")
    claim.refresh_from_db()
    assert claim.assignee == reviewer

    api.patch(detail(claim), {"version": claim.version, "assignee": None}, format="json")
    claim.refresh_from_db()
    assert claim.assignee is None


def test_a_published_claims_statement_stays_frozen(
    claim, editor, reviewer, other_reviewer, ratings
):
    advance(claim, ("researching", editor))
    advance(claim, ("in_review", editor), rating=ratings["half-true"], note="Half of it")
    advance(claim, ("published", reviewer))

    response = token_client(editor).patch(
        detail(claim), {"version": claim.version, "statement": "Rewritten"}, format="json"
    )

    assert response.status_code == 422
    assert "published" in response.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).statement == INSTRUCTION


# -- moves and verdict


def test_it_moves_a_claim_and_records_the_event(claim, editor):
    response = token_client(editor).post(
        reverse("api:claim_moves", args=[claim.pk]),
        {"to": "researching", "version": claim.version},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "researching"
    assert claim.events.latest("id").to_status == "researching"
    assert [m["to"] for m in response.json()["allowed_moves"]] == ["in_review", "not_checkable"]


def test_a_move_the_workflow_has_not_is_refused(claim, editor):
    response = token_client(editor).post(
        reverse("api:claim_moves", args=[claim.pk]),
        {"to": "published", "version": claim.version},
        format="json",
    )

    assert response.status_code == 422
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_an_editor_cannot_send_back_a_claim_in_review(claim, editor):
    advance(claim, ("researching", editor), ("in_review", editor))

    response = token_client(editor).post(
        reverse("api:claim_moves", args=[claim.pk]),
        {"to": "researching", "version": claim.version, "note": "More to do"},
        format="json",
    )

    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_it_sets_a_verdict_by_slug(claim, editor):
    advance(claim, ("researching", editor))

    response = token_client(editor).post(
        reverse("api:claim_verdict", args=[claim.pk]),
        {"rating": "mostly-false", "note": "The ministry's own figures", "version": claim.version},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["rating"] == "mostly-false"
    assert Claim.objects.get(pk=claim.pk).rating.slug == "mostly-false"
    assert claim.events.latest("id").note == "The ministry's own figures"


def test_a_verdict_needs_a_known_rating_and_a_note(claim, editor):
    advance(claim, ("researching", editor))
    url = reverse("api:claim_verdict", args=[claim.pk])
    api = token_client(editor)

    unknown = api.post(url, {"rating": "pants", "note": "x", "version": claim.version})
    no_note = api.post(url, {"rating": "false", "version": claim.version}, format="json")

    assert unknown.status_code == 400 and no_note.status_code == 400
    assert Claim.objects.get(pk=claim.pk).rating is None


# -- attributions and evidence


def test_it_attributes_to_a_new_source_by_name_then_changes_and_removes_it(claim, editor):
    api = token_client(editor)
    added = api.post(
        reverse("api:claim_attributions", args=[claim.pk]),
        {
            "version": claim.version,
            "source_name": "PTI party sources",
            "source_kind": "anonymous_group",
            "sourcing": "anonymous",
            "count": 2,
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    attribution = Attribution.objects.get(claim=claim)
    assert (attribution.source.kind, attribution.count) == ("anonymous_group", 2)

    changed = api.patch(
        reverse("api:attribution_detail", args=[attribution.pk]),
        {"version": added.json()["version"], "sourcing": "named"},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    attribution.refresh_from_db()
    assert attribution.sourcing == "named" and changed.json()["sourcing"] == "named"

    removed = api.delete(
        reverse("api:attribution_detail", args=[attribution.pk]), HTTP_IF_MATCH=changed["ETag"]
    )
    assert removed.status_code == 200
    assert removed.json()["attributions"] == [] and removed.json()["sourcing"] == "unattributed"
    assert not Attribution.objects.exists()


def test_it_attributes_to_an_existing_source_by_id(claim, editor, saif):
    response = token_client(editor).post(
        reverse("api:claim_attributions", args=[claim.pk]),
        {"version": claim.version, "source": saif.pk, "sourcing": "confirmed"},
        format="json",
    )

    assert response.status_code == 201
    assert claim.attributions.get().source == saif
    assert Claim.objects.get(pk=claim.pk).sourcing == "confirmed"


@pytest.mark.parametrize(
    "body",
    [
        {"sourcing": "named"},  # no source
        {"sourcing": "named", "source": 1, "source_name": "Both"},
        {"sourcing": "named", "source": 999_999},
        {"sourcing": "named", "source": 2**64},
    ],
)
def test_it_refuses_an_attribution_without_one_known_source(claim, editor, body):
    response = token_client(editor).post(
        reverse("api:claim_attributions", args=[claim.pk]),
        {"version": claim.version, **body},
        format="json",
    )

    assert response.status_code == 400
    assert "source" in [e["field"] for e in response.json()["errors"]]
    assert not Attribution.objects.exists()


def test_it_adds_evidence_by_url_without_a_version(claim, editor):
    response = token_client(editor).post(
        reverse("api:claim_evidence", args=[claim.pk]),
        {"title": "Ministry statement", "url": "https://example.org/s", "stance": "refutes"},
        format="json",
    )

    assert response.status_code == 201
    evidence = Evidence.objects.get()
    assert (evidence.title, evidence.stance, evidence.added_by) == (
        "Ministry statement",
        "refutes",
        editor,
    )
    assert response.json()["evidence"][0]["url"] == "https://example.org/s"
    assert claim.events.latest("id").kind == ClaimEvent.Kind.EVIDENCE_ADDED


# -- every write refused to a viewer


def writes(claim: Claim, attribution: Attribution) -> list[tuple[str, str, dict]]:
    version = {"version": claim.version}
    return [
        ("post", LIST, {"article": claim.article_id, "start": 0, "end": 5}),
        ("patch", detail(claim), {**version, "statement": "x"}),
        ("post", reverse("api:claim_moves", args=[claim.pk]), {**version, "to": "researching"}),
        ("post", reverse("api:claim_verdict", args=[claim.pk]), {**version, "rating": "false"}),
        (
            "post",
            reverse("api:claim_attributions", args=[claim.pk]),
            {**version, "source_name": "x", "sourcing": "named"},
        ),
        ("patch", reverse("api:attribution_detail", args=[attribution.pk]), version),
        ("delete", reverse("api:attribution_detail", args=[attribution.pk]), version),
        (
            "post",
            reverse("api:claim_evidence", args=[claim.pk]),
            {"title": "x", "url": "https://example.org/"},
        ),
    ]


def test_a_viewer_and_an_outsider_are_refused_every_write(
    second_outlet_claims, viewer, outsider, client
):
    claim = second_outlet_claims.named
    attribution = claim.attributions.get()
    before = (Claim.objects.count(), ClaimEvent.objects.count(), Evidence.objects.count())
    for user in (viewer, outsider):
        api = token_client(user)
        for method, url, body in writes(claim, attribution):
            response = getattr(api, method)(url, body, format="json")
            assert response.status_code == 403, (user, method, url)
    for method, url, body in writes(claim, attribution):
        assert (
            getattr(client, method)(url, body, content_type="application/json").status_code == 401
        )
    after = (Claim.objects.count(), ClaimEvent.objects.count(), Evidence.objects.count())
    assert after == before


def test_writes_answer_404_for_what_is_not_there(editor, db):
    api = token_client(editor)
    moved = api.post("/api/v1/claims/999999/moves/", {"to": "researching", "version": 1})
    assert moved.status_code == 404
    too_big = api.patch("/api/v1/attributions/99999999999999999999/", {"version": 1})
    assert too_big.status_code == 404
    assert api.delete("/api/v1/attributions/999999/", HTTP_IF_MATCH='"1-1"').status_code == 404
    assert api.patch("/api/v1/claims/999999/", {"version": 1}, format="json").status_code == 404
