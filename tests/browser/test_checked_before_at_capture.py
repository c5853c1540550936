"""Checked before? at capture, in a real browser: selecting a span in one article
shows the claims like it from another, with their status and verdict, and
typing a statement looks again."""

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import Rating
from claims.services.imports import import_article_file
from tests.browser.conftest import log_in
from tests.browser.test_capture_workflow import select_with_mouse, wait_for_capture
from tests.conftest import ARTICLE_FILE, advance, claim_at, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAIF_SAYS = "no formal negotiations are underway"
CHECKED = "No formal negotiations are underway between PTI and the government, Saif said"


@pytest.fixture
def desk(seed_data):
    """The shared article, and another outlet's article whose like claim is published False."""
    editor = make_user("erin", "Editors")
    reviewer = make_user("rafa", "Reviewers")
    article = import_article_file(ARTICLE_FILE, title="PTI dialogue").article
    other = services.article_create(body=CHECKED + ".", by=editor, title="Earlier").article
    checked = claim_at(other, CHECKED, editor)
    advance(checked, ("researching", editor))
    false = Rating.objects.get(slug="false")
    advance(checked, ("in_review", editor), rating=false, note="No record of it")
    advance(checked, ("published", reviewer))
    return {"article": article, "checked": checked}


def test_selecting_a_span_shows_the_claims_checked_before(page, desk, screenshot):
    log_in(page, "erin", "pw-erin")
    page.goto(desk["article"].get_absolute_url())
    wait_for_capture(page)

    select_with_mouse(page, SAIF_SAYS)

    results = page.locator("#capture-similar-results")
    checked = desk["checked"]
    expect(results.get_by_role("link", name=f"Claim #{checked.pk}")).to_be_visible()
    expect(results).to_contain_text("(Published, False)")
    screenshot("checked-before-at-capture")
    # The list's links do not come between the statement and the kind.
    page.locator("#capture-statement").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#capture-kind")).to_be_focused()

    page.locator("#capture-statement").fill("Cricket scores from Lahore tonight")
    expect(results).to_have_text("No similar claims found.")
    page.locator("#capture-statement").fill("Formal negotiations between PTI and government")
    expect(results.get_by_role("link", name=f"Claim #{checked.pk}")).to_be_visible()
