"""API tokens in a real browser: make one, read it once, use it, revoke it."""

import pytest
from playwright.sync_api import expect

from claims.services.imports import import_article_file
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import ARTICLE_FILE, INSTRUCTION, claim_at, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def claim(seed_data):
    make_user("vera", "Viewers")
    erin = make_user("erin", "Editors")
    article = import_article_file(ARTICLE_FILE, title="PTI dialogue").article
    return claim_at(article, INSTRUCTION, erin)


def test_a_token_is_shown_once_signs_in_and_stops_when_revoked(page, claim, screenshot):
    log_in(page, "vera", "pw-vera")
    page.goto("/settings/")
    page.get_by_role("link", name="manage your API tokens").click()
    page.get_by_label("Name").fill("CMS sync")
    page.get_by_role("button", name="Create token").click()

    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("cdk_")
    assert_accessible(page, "API tokens, a new token shown")
    screenshot("api-token-created")

    page.goto("/settings/api-tokens/")  # back to the page: the token is gone
    expect(page.locator("#new-token")).to_have_count(0)
    assert secret not in page.content()
    expect(page.get_by_role("row", name="CMS sync")).to_contain_text(secret[:12])

    api_url = f"/api/v1/claims/{claim.pk}/"
    bearer = {"Authorization": f"Bearer {secret}"}
    answer = page.request.get(api_url, headers=bearer)
    assert answer.status == 200
    assert answer.json()["id"] == claim.pk

    page.get_by_role("button", name="Revoke “CMS sync”").click()
    expect(page.locator("main")).to_contain_text("Token “CMS sync” revoked")
    expect(page.get_by_role("row", name="CMS sync")).to_have_count(0)
    assert page.request.get(api_url, headers=bearer).status == 401
