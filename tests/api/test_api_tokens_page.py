"""The API tokens page: make a token (shown once), list one's own, revoke them."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from api.models import ApiToken
from api.services.tokens import token_create, token_hash
from tests.api.conftest import token_client

PAGE = reverse("api_pages:tokens")


def revoke_url(token: ApiToken) -> str:
    return reverse("api_pages:revoke", args=[token.pk])


@pytest.mark.parametrize("role", ["viewer", "editor", "reviewer", "outsider"])
def test_it_makes_a_token_for_any_signed_in_user_and_shows_it_once(
    db,
    role,
    request,
    client,
    caplog,  # db: pytest-django orders tests by what they ask for
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    caplog.set_level(logging.DEBUG)

    response = client.post(PAGE, {"name": "CMS sync"})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    secret = response.context["made"].secret
    assert secret in response.content.decode()
    assert token.key_hash == token_hash(secret)
    assert secret.startswith(token.prefix)
    assert secret not in str(dict(client.session))
    assert secret not in caplog.text
    assert "no-store" in response["Cache-Control"]
    again = client.get(PAGE).content.decode()
    assert secret not in again
    assert "CMS sync" in again and token.prefix in again


def test_the_new_token_signs_in_to_the_api(claim, viewer, client):
    client.force_login(viewer)
    secret = client.post(PAGE, {"name": "dashboard"}).context["made"].secret
    client.logout()

    response = client.get(
        reverse("api:claim_detail", args=[claim.pk]), HTTP_AUTHORIZATION=f"Bearer {secret}"
    )

    assert response.status_code == 200
    assert response.json()["id"] == claim.pk


def test_it_lists_only_ones_own_active_tokens(viewer, editor, client):
    mine = token_create(user=viewer, name="Mine <b>bold</b>").token
    revoked = token_create(user=viewer, name="Old one").token
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at="2026-01-01T00:00:00Z")
    token_create(user=editor, name="Erin's secret bot")
    client.force_login(viewer)

    page = client.get(PAGE)

    assert [t.pk for t in page.context["tokens"]] == [mine.pk]
    html = page.content.decode()
    assert "Mine &lt;b&gt;bold&lt;/b&gt;" in html
    assert "Erin's secret bot" not in html and "Old one" not in html


def test_it_refuses_a_name_that_is_empty_or_too_long(viewer, client):
    client.force_login(viewer)

    empty = client.post(PAGE, {"name": "   "})
    long = client.post(PAGE, {"name": "x" * 101})

    assert empty.status_code == long.status_code == 200
    assert empty.context["made"] is None and long.context["made"] is None
    assert ApiToken.objects.count() == 0


def test_it_revokes_ones_own_token(claim, viewer, client):
    made = token_create(user=viewer, name="CMS")
    client.force_login(viewer)

    response = client.post(revoke_url(made.token), follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert "Token “CMS” revoked" in response.content.decode()
    made.token.refresh_from_db()
    assert made.token.revoked_at is not None
    api = token_client(viewer)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {made.secret}")
    assert api.get(reverse("api:claim_detail", args=[claim.pk])).status_code == 401


def test_it_does_not_find_another_users_token(viewer, editor, client):
    theirs = token_create(user=editor, name="Erin's").token
    client.force_login(viewer)

    assert client.post(revoke_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_it_revokes_only_by_post(viewer, client):
    token = token_create(user=viewer, name="CMS").token
    client.force_login(viewer)

    assert client.get(revoke_url(token)).status_code == 405
    assert client.put(PAGE).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_sends_strangers_to_log_in(client, viewer):
    token = token_create(user=viewer, name="CMS").token

    assert client.get(PAGE)["Location"].startswith(reverse("login"))
    assert client.post(revoke_url(token)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_settings_page_links_to_the_tokens_page(viewer, client):
    client.force_login(viewer)

    assert f'href="{PAGE}"' in client.get(reverse("desk:settings")).content.decode()


def test_the_page_runs_a_constant_number_of_queries(viewer, client, django_assert_num_queries):
    for number in range(5):
        token_create(user=viewer, name=f"token {number}")
    client.force_login(viewer)

    # 1 the session, 2 the user, 3-4 their permissions (own and groups', for the
    # base template's menu), 5 the unread notifications' count, 6 their groups
    # (the base template's role), 7 the tokens.
    with django_assert_num_queries(7):
        page = client.get(PAGE)
    assert len(page.context["tokens"]) == 5
