"""Hostile tests of issue 13's pages and services: revised articles, the diff,
?revision=N and ?on=, Anchor checked, claim links, similar claims, the vault.
Each test here failed before the fix committed with it."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("number", ["²", "١", "₁", "1²"])
def test_it_refuses_a_revision_number_that_is_not_ascii_digits(client, article, editor, number):
    # "²".isdigit() is true and int("²") raises: both pages answered 500.
    client.force_login(editor)
    diff = reverse("claims:article_revision_diff", args=[article.pk])
    assert client.get(diff, {"revision": number}).status_code == 404
    response = client.get(article.get_absolute_url(), {"revision": number})
    assert response.status_code == 200
    assert "is not a revision of this article" in response.content.decode()
