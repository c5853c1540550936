"""The API's sources: the list, one source, its record, and its edit."""

from __future__ import annotations

from django.urls import reverse

from claims.models import Source
from tests.api.conftest import token_client
from tests.conftest import advance, attribute, claim_at

LIST = reverse("api:source_list")


def detail(source: Source) -> str:
    return reverse("api:source_detail", args=[source.pk])


def record(source: Source) -> str:
    return reverse("api:source_record", args=[source.pk])


def test_it_lists_sources_newest_first_with_their_tallies(viewer, saif, party_sources):
    response = token_client(viewer).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert [s["name"] for s in body["results"]] == [party_sources.name, saif.name]
    assert body["results"][1]["aliases"] == ["Barrister Saif"]
    assert body["results"][1]["claim_count"] == 0


def test_it_filters_sources_by_alias_and_kind(viewer, saif, party_sources):
    api = token_client(viewer)

    by_alias = api.get(LIST, {"q": "barrister saif"}).json()["results"]
    by_kind = api.get(LIST, {"kind": "anonymous_group"}).json()["results"]

    assert [s["id"] for s in by_alias] == [saif.pk]
    assert [s["id"] for s in by_kind] == [party_sources.pk]


def test_it_refuses_an_unknown_kind_as_a_field_error(viewer, saif):
    response = token_client(viewer).get(LIST, {"kind": "alien"})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["kind"]


def test_it_lists_sources_in_a_constant_number_of_queries(
    viewer, saif, party_sources, django_assert_num_queries
):
    api = token_client(viewer)
    api.get(LIST)  # warm-up: the token's first use also writes its last_used_at
    for n in range(5):
        Source.objects.create(name=f"Spokesperson {n}")

    # 1 the token and its user, 2 the user's permissions, 3 the group's
    # permissions, 4 the page of sources.
    with django_assert_num_queries(4):
        response = api.get(LIST)
    assert len(response.json()["results"]) == 7


def test_it_pages_sources_by_cursor(viewer, saif, party_sources):
    api = token_client(viewer)

    first = api.get(LIST, {"page_size": 1}).json()
    second = api.get(first["next"]).json()

    assert [s["id"] for s in first["results"] + second["results"]] == [
        party_sources.pk,
        saif.pk,
    ]


def test_it_shows_one_source(viewer, saif):
    body = token_client(viewer).get(detail(saif)).json()

    assert (body["name"], body["kind"], body["version"]) == (saif.name, "person", 1)
    assert body["aliases"] == ["Barrister Saif"]


def test_it_answers_a_missing_source_with_a_problem(viewer):
    response = token_client(viewer).get(reverse("api:source_detail", args=[999999]))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_it_refuses_sources_to_outsiders_and_strangers(outsider, saif, client):
    assert token_client(outsider).get(detail(saif)).status_code == 403
    assert token_client(outsider).get(LIST).status_code == 403
    assert client.get(LIST).status_code == 401
    assert client.get(record(saif)).status_code == 401


def test_it_shows_the_record_with_tallies_and_claims(
    article, editor, reviewer, other_reviewer, viewer, saif, ratings
):
    first = claim_at(article, "Barrister Saif", editor)
    attribute(first, saif.name, Source.Kind.PERSON, "named", editor)
    second = claim_at(article, "no formal negotiations are underway yet", editor)
    attribute(second, saif.name, Source.Kind.PERSON, "named", editor)
    publish(second, editor, reviewer, other_reviewer, ratings["false"])

    body = token_client(viewer).get(record(saif)).json()

    assert [c["id"] for c in body["results"]] == [second.pk, first.pk]
    assert body["results"][0]["rating"] == "false"
    tallies = {v["rating"]: v["claims"] for v in body["verdicts"]}
    assert tallies["false"] == 1
    assert sum(tallies.values()) == 1


def publish(claim, editor, reviewer, publisher, rating) -> None:
    from claims import services

    advance(claim, ("researching", editor))
    claim.refresh_from_db()
    services.claim_rate(
        claim=claim, rating=rating, by=reviewer, version=claim.version, note="Wrong."
    )
    claim.refresh_from_db()
    advance(claim, ("in_review", editor), ("published", publisher))


def test_it_shows_the_record_in_a_constant_number_of_queries(
    article, editor, viewer, saif, django_assert_num_queries
):
    for text in ("Barrister Saif", "no formal negotiations are underway yet"):
        attribute(claim_at(article, text, editor), saif.name, Source.Kind.PERSON, "named", editor)
    api = token_client(viewer)
    api.get(record(saif))  # warm-up: the token's first use also writes its last_used_at

    # 1 the token and its user, 2-3 the user's and group's permissions, 4 the
    # source, 5 the page of claims with their articles and ratings, 6 the
    # verdict tallies.
    with django_assert_num_queries(6):
        response = api.get(record(saif))
    assert len(response.json()["results"]) == 2


def test_it_refuses_the_record_to_a_missing_source(viewer):
    assert token_client(viewer).get(reverse("api:source_record", args=[2**40])).status_code == 404
