"""Writes against a claim's version: 409 with what changed, 428 without one,
If-Match as the version, and two writers at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from claims.services.imports import import_article_file
from tests.api.conftest import token_client
from tests.conftest import ARTICLE_FILE, INSTRUCTION, claim_at, make_user


def detail(claim: Claim) -> str:
    return reverse("api:claim_detail", args=[claim.pk])


def moves(claim: Claim) -> str:
    return reverse("api:claim_moves", args=[claim.pk])


def test_the_second_of_two_writers_gets_409_saying_what_the_first_changed(
    claim, editor, other_editor
):
    first, second = token_client(editor), token_client(other_editor)
    seen = second.get(detail(claim)).json()["version"]
    first.patch(detail(claim), {"version": seen, "statement": "Khan asked Saif"}, format="json")

    response = second.patch(detail(claim), {"version": seen, "kind": "opinion"}, format="json")

    assert response.status_code == 409
    problem = response.json()
    assert problem["current_version"] == seen + 1
    assert len(problem["changes"]) == 1 and problem["changes"][0].startswith("erin:")
    assert "Khan asked Saif" in problem["changes"][0]
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.statement, stored.kind, stored.version) == (
        "Khan asked Saif",
        "factual",
        seen + 1,
    )


def test_a_write_without_a_version_is_refused_with_428(claim, editor):
    api = token_client(editor)

    edited = api.patch(detail(claim), {"statement": "Changed"}, format="json")
    moved = api.post(moves(claim), {"to": "researching"}, format="json")

    assert (edited.status_code, moved.status_code) == (428, 428)
    assert edited.json()["type"] == "urn:claim-desk:problem:version_required"
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.statement, stored.status) == (INSTRUCTION, "new")


def test_if_match_with_the_etag_stands_for_the_version(claim, editor):
    api = token_client(editor)
    etag = api.get(detail(claim))["ETag"]

    moved = api.post(moves(claim), {"to": "researching"}, format="json", HTTP_IF_MATCH=etag)
    again = api.post(
        moves(claim),
        {"to": "not_checkable", "note": "An opinion"},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert moved.status_code == 200
    assert moved["ETag"] == f'"{claim.pk}-{claim.version + 1}"' != etag
    assert again.status_code == 409
    assert again.json()["current_version"] == claim.version + 1
    assert Claim.objects.get(pk=claim.pk).status == "researching"


def test_an_if_match_for_another_claim_is_stale(claim, editor):
    response = token_client(editor).patch(
        detail(claim), {"statement": "x"}, format="json", HTTP_IF_MATCH=f'"{claim.pk + 1}-1"'
    )

    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).statement == INSTRUCTION


def test_a_stale_delete_of_an_attribution_changes_nothing(second_outlet_claims, editor):
    claim = second_outlet_claims.named
    attribution = claim.attributions.get()
    url = reverse("api:attribution_detail", args=[attribution.pk])

    response = token_client(editor).delete(url, HTTP_IF_MATCH=f'"{claim.pk}-{claim.version - 1}"')

    assert response.status_code == 409
    assert claim.attributions.filter(pk=attribution.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_two_moves_at_once_one_wins_one_is_stale_one_event(seed_data):
    editor, other_editor = make_user("erin", "Editors"), make_user("eddie", "Editors")
    article = import_article_file(ARTICLE_FILE).article
    claim = claim_at(article, INSTRUCTION, editor)
    clients = [token_client(editor), token_client(other_editor)]
    start = threading.Barrier(2)
    codes: list[int] = []

    def move(api) -> None:
        start.wait()
        try:
            body = {"to": "researching", "version": claim.version}
            codes.append(api.post(moves(claim), body, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(api,)) for api in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(codes) == [200, 409]
    assert claim.events.filter(kind=ClaimEvent.Kind.STATUS_CHANGED).count() == 1
    assert Claim.objects.get(pk=claim.pk).version == claim.version + 1
