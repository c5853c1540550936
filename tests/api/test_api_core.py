"""The API's common ground: tokens, roles, problems, ETags."""

from __future__ import annotations

from django.urls import reverse

from api.models import ApiToken
from api.services.tokens import token_hash
from tests.api.conftest import token_client


def test_it_shows_a_claim_with_its_version_as_etag(claim, viewer):
    response = token_client(viewer).get(reverse("api:claim_detail", args=[claim.pk]))

    assert response.status_code == 200
    assert response["ETag"] == f'"{claim.pk}-{claim.version}"'
    assert response.json()["statement"] == claim.statement
    assert [e["kind"] for e in response.json()["timeline"]] == list(
        claim.events.order_by("at", "id").values_list("kind", flat=True)
    )


def test_it_refuses_a_request_without_a_token_as_a_problem(claim, client):
    response = client.get(reverse("api:claim_detail", args=[claim.pk]))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_it_refuses_an_outsider_saying_which_roles_may(claim, outsider):
    response = token_client(outsider).get(reverse("api:claim_detail", args=[claim.pk]))

    assert response.status_code == 403
    assert "Viewers" in response.json()["detail"]


def test_it_refuses_a_revoked_token(claim, viewer):
    api = token_client(viewer)
    ApiToken.objects.filter(user=viewer).update(revoked_at="2026-01-01T00:00:00Z")

    assert api.get(reverse("api:claim_detail", args=[claim.pk])).status_code == 401


def test_it_stores_only_the_tokens_hash(viewer):
    from api.services.tokens import token_create

    made = token_create(user=viewer, name="CMS")

    stored = ApiToken.objects.get(pk=made.token.pk)
    assert stored.key_hash == token_hash(made.secret)
    assert made.secret not in {stored.key_hash, stored.prefix, stored.name}


def test_it_answers_unknown_addresses_with_a_problem(viewer):
    response = token_client(viewer).get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response.json()["type"] == "about:blank"
