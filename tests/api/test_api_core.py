"""The API's common ground: tokens, roles, problems, ETags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import include, path, reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from api.models import ApiToken
from api.problems import field_errors
from api.services.tokens import token_hash
from claims.models import Claim
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


# -- problems: one shape for every refusal ------------------------------------------

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


class EchoInput(serializers.Serializer):
    name = serializers.CharField(max_length=10)
    count = serializers.IntegerField(min_value=1)


class Echo(APIView):
    """A write the problems can be seen through before the real writes exist:
    validates its body and answers it back (it writes nothing)."""

    required_perms = {"POST": ("claims.add_claim",)}

    def post(self, request: Request) -> Response:
        data = EchoInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(data.validated_data, status=201)


urlpatterns = [path("api/v1/echo/", Echo.as_view()), path("api/v1/", include("api.urls"))]
uses_echo = pytest.mark.urls(__name__)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    return body


@uses_echo
def test_it_lists_each_fields_errors_in_a_400(editor):
    response = token_client(editor).post(
        "/api/v1/echo/", {"name": "x" * 11, "count": 0}, format="json"
    )

    body = assert_problem(response, 400)
    assert body["title"] == "Some fields are not right"
    assert {error["field"] for error in body["errors"]} == {"name", "count"}
    assert body["instance"] == "/api/v1/echo/"


@uses_echo
def test_it_answers_a_body_that_is_not_json_with_a_400(editor):
    response = token_client(editor).post(
        "/api/v1/echo/", "{not json", content_type="application/json"
    )

    assert "JSON parse error" in assert_problem(response, 400)["detail"]


@uses_echo
def test_it_refuses_a_form_encoded_body_with_a_415(editor):
    response = token_client(editor).post(
        "/api/v1/echo/", "name=a&count=1", content_type="application/x-www-form-urlencoded"
    )

    body = assert_problem(response, 415)
    assert "application/x-www-form-urlencoded" in body["detail"]


@uses_echo
def test_it_refuses_a_viewers_write_with_a_403(viewer):
    response = token_client(viewer).post("/api/v1/echo/", {"name": "a", "count": 1}, format="json")

    assert "Editors" in assert_problem(response, 403)["detail"]


@uses_echo
def test_it_answers_a_valid_write_through_the_echo(editor):
    response = token_client(editor).post("/api/v1/echo/", {"name": "a", "count": 2}, format="json")

    assert response.status_code == 201
    assert response.json() == {"name": "a", "count": 2}


def test_it_answers_a_missing_claim_with_a_404_problem(viewer):
    response = token_client(viewer).get(reverse("api:claim_detail", args=[2**31]))

    body = assert_problem(response, 404)
    assert body["type"] == "about:blank"
    assert body["instance"] == f"/api/v1/claims/{2**31}/"


def test_it_answers_a_huge_id_with_a_404_not_a_500(viewer):
    response = token_client(viewer).get(f"/api/v1/claims/{10**30}/")

    assert_problem(response, 404)


def test_it_answers_a_method_the_address_does_not_have_with_a_405(claim, editor):
    response = token_client(editor).delete(reverse("api:claim_detail", args=[claim.pk]))

    body = assert_problem(response, 405)
    assert "DELETE" in body["detail"]
    assert "GET" in response["Allow"]
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_it_still_asks_a_stranger_to_sign_in_before_saying_405(claim, client):
    response = client.delete(reverse("api:claim_detail", args=[claim.pk]))

    assert_problem(response, 401)


def test_it_flattens_nested_field_errors_with_dotted_names():
    errors = field_errors(
        {"span": {"start": ["Too big."]}, "attributions": [{}, {"count": ["No."]}]}
    )

    assert errors == [
        {"field": "span.start", "detail": "Too big."},
        {"field": "attributions.1.count", "detail": "No."},
    ]


# -- signing in with a token ----------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer two words", "bearer  "],
    ids=["bare", "blank", "spaces", "lower"],
)
def test_it_refuses_a_malformed_bearer_header(claim, viewer, header):
    response = APIClient().get(
        reverse("api:claim_detail", args=[claim.pk]), HTTP_AUTHORIZATION=header
    )

    body = assert_problem(response, 401)
    assert "Bearer <token>" in body["detail"]


def test_it_refuses_an_unknown_token(claim, viewer):
    response = APIClient().get(
        reverse("api:claim_detail", args=[claim.pk]), HTTP_AUTHORIZATION="Bearer cdk_unknown"
    )

    assert "unknown" in assert_problem(response, 401)["detail"]


def test_it_refuses_the_token_of_an_inactive_user(claim, viewer):
    api = token_client(viewer)
    User.objects.filter(pk=viewer.pk).update(is_active=False)

    response = api.get(reverse("api:claim_detail", args=[claim.pk]))

    assert_problem(response, 401)


def test_it_leaves_other_schemes_to_the_session(claim, viewer):
    response = APIClient().get(
        reverse("api:claim_detail", args=[claim.pk]), HTTP_AUTHORIZATION="Basic dmVyYTpwdw=="
    )

    assert_problem(response, 401)


def test_it_notes_a_tokens_use_at_most_every_five_minutes(claim, viewer):
    api = token_client(viewer)
    token = ApiToken.objects.get(user=viewer)
    url = reverse("api:claim_detail", args=[claim.pk])

    api.get(url)
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    api.get(url)
    unchanged = ApiToken.objects.get(pk=token.pk).last_used_at
    four_minutes_ago = timezone.now() - timedelta(minutes=4)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=four_minutes_ago)
    api.get(url)
    still_four = ApiToken.objects.get(pk=token.pk).last_used_at
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=6))
    api.get(url)
    renewed = ApiToken.objects.get(pk=token.pk).last_used_at

    assert first_use is not None
    assert unchanged == first_use
    assert still_four == four_minutes_ago
    assert timezone.now() - renewed < timedelta(minutes=1)


def test_it_reads_with_one_token_query_once_the_use_is_noted(
    claim, viewer, django_assert_num_queries
):
    api = token_client(viewer)
    url = reverse("api:claim_detail", args=[claim.pk])
    api.get(url)  # warm-up: the token's first use writes last_used_at

    # 1 token + user, 1 claim with its joins, 3 prefetches (attributions,
    # evidence, events), 2 the user's permissions (groups' and own).
    with django_assert_num_queries(7):
        assert api.get(url).status_code == 200


# -- the schema and the docs page -----------------------------------------------------


def test_it_answers_a_stranger_asking_for_the_schema_with_a_json_problem(client):
    response = client.get("/api/v1/schema/")

    # The schema renders YAML; its refusal is JSON all the same.
    assert assert_problem(response, 401)["title"] == "Sign in first"


def test_it_sends_a_stranger_on_the_docs_page_to_sign_in(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api/v1/docs/"


def test_it_allows_inline_styles_on_the_docs_page_alone(client, viewer):
    client.force_login(viewer)

    docs = directives(client.get("/api/v1/docs/")["Content-Security-Policy"])
    claims = directives(client.get(reverse("claims:claim_list"))["Content-Security-Policy"])

    assert docs["style-src"] == "'self' 'unsafe-inline'"
    assert docs["script-src"] == "'self'"
    assert {**docs, "style-src": "'self'"} == claims


def directives(policy: str) -> dict[str, str]:
    """A Content-Security-Policy header by directive (its order is not fixed)."""
    pairs = (part.strip().partition(" ") for part in policy.split(";") if part.strip())
    return {name: value for name, _, value in pairs}


def test_it_answers_a_write_to_an_unknown_address_with_a_problem_not_a_csrf_page(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post("/api/v1/nothing-here/", {"a": 1}, format="json")

    assert assert_problem(response, 404)["detail"] == "No such API address."
