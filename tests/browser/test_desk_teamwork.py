"""The desk working together, in a real browser: assignment, the inbox, mentions."""

import re

import pytest
from playwright.sync_api import expect

from claims.services.imports import import_article_file
from tests.browser.conftest import log_in
from tests.conftest import ARTICLE_FILE, INSTRUCTION, claim_at, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def claim(seed_data):
    erin = make_user("erin", "Editors")
    make_user("eddie", "Editors")
    make_user("rafa", "Reviewers")
    article = import_article_file(ARTICLE_FILE, title="PTI dialogue").article
    return claim_at(article, INSTRUCTION, erin)


def switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, f"pw-{username}")


def test_an_assignment_reaches_the_colleague_through_the_inbox(page, claim, screenshot):
    switch_user(page, "eddie")
    expect(page.locator("#inbox-link")).to_be_visible()
    expect(page.locator("#unread-count")).to_have_count(0)

    # Erin assigns the claim to Eddie from the claim page.
    switch_user(page, "erin")
    page.goto(claim.get_absolute_url())
    page.get_by_label("Assignee").select_option(label="eddie")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".facts")).to_contain_text("eddie")
    expect(page.locator("#unread-count")).to_have_count(0)  # nothing for the one who acted

    # Eddie sees the count, opens the inbox, and the claim from it.
    switch_user(page, "eddie")
    expect(page.locator("#unread-count")).to_have_text("1")
    page.locator("#inbox-link").click()
    notification = page.locator(".notification.unread")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text(f"erin assigned you claim #{claim.pk}")
    screenshot("inbox")
    notification.get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"{claim.get_absolute_url()}$"))
    expect(page.locator("h1")).to_have_text(f"Claim #{claim.pk}")
    expect(page.locator("#unread-count")).to_have_count(0)


def test_a_mention_in_a_comment_notifies_the_colleague(page, claim, screenshot):
    switch_user(page, "erin")
    page.goto(claim.get_absolute_url())
    page.locator("#id_comment_body").fill("@rafa the jail's visitor log backs the meeting; see?")
    page.get_by_role("button", name="Comment", exact=True).click()
    discussion = page.locator("#discussion")
    expect(discussion.locator(".comment")).to_contain_text("the jail's visitor log")
    expect(discussion.locator("li").first).to_contain_text("Created by erin")

    switch_user(page, "rafa")
    expect(page.locator("#unread-count")).to_have_text("1")
    page.goto("/inbox/?show=unread")
    expect(page.locator(".notification")).to_contain_text("erin mentioned you")
    page.locator(".notification").get_by_role("button").click()
    page.locator("#id_comment_body").fill("@erin agreed; the instruction itself is still unnamed.")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#discussion .comment")).to_have_count(2)
    expect(page.locator("#unread-count")).to_have_count(0)
    page.locator("#discussion").scroll_into_view_if_needed()
    screenshot("claim-discussion")

    switch_user(page, "erin")
    expect(page.locator("#unread-count")).to_have_text("1")
