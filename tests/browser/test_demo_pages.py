"""The demo, end to end in a real browser: log in, read the article, open a claim."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article, Claim
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(seed_data) -> Article:
    call_command("load_demo", "--force", stdout=StringIO())
    return Article.objects.get()


def test_an_editor_reads_the_demo_article_and_its_claims(page, demo, screenshot):
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    screenshot("login")

    log_in(page, "editor", "claimdesk-editor")
    expect(page.get_by_role("heading", name="Desk")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    screenshot("article-list")

    page.get_by_role("link", name=demo.title).click()
    body = page.locator("#article-body")
    expect(body.locator(".run[data-markers]")).to_have_count(9)
    expect(body.locator(".run.claim.anon")).to_have_count(4)
    expect(page.locator(".summary")).to_contain_text(
        "9 claims, 4 resting on anonymous sources only"
    )
    screenshot("article-detail")

    instruction = Claim.objects.get(quote__startswith="Imran Khan instructed")
    page.locator(f"#claim-{instruction.pk} > a").click()
    expect(page.get_by_role("heading", name=f"Claim #{instruction.pk}")).to_be_visible()
    expect(page.locator(".attributions")).to_contain_text("Sources familiar with the matter")
    expect(page.locator(".attributions")).to_contain_text("Anonymous")
    timeline = page.locator(".timeline li")
    # created, attributed, researching, assigned, two evidence, in review, published
    expect(timeline).to_have_count(8)
    expect(timeline.last).to_contain_text("Published")
    expect(timeline.last).to_contain_text("by reviewer")
    screenshot("claim-detail")


def test_a_wrong_password_is_refused_and_each_demo_user_can_log_in(page, demo):
    log_in(page, "viewer", "wrong")
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    for username in ("viewer", "reviewer", "chief", "editor"):
        page.context.clear_cookies()
        log_in(page, username, f"claimdesk-{username}")
        expect(page.locator(".who")).to_contain_text(username)
