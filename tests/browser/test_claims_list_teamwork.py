"""The claims list as a desk's tool, in a real browser: selecting claims
(one, a shift-click range, a whole page), assigning and moving them with each
claim's result shown, and a view saved for the desk."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from claims import services
from claims.models import Article, Claim, Status
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import ARTICLE_FILE, INSTRUCTION, claim_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(seed_data) -> dict[str, User]:
    from tests.conftest import make_user

    return {
        "editor": make_user("erin", "Editors"),
        "colleague": make_user("eddie", "Editors"),
        "viewer": make_user("vera", "Viewers"),
    }


@pytest.fixture
def article(seed_data) -> Article:
    from claims.services.imports import import_article_file

    return import_article_file(ARTICLE_FILE, title="PTI dialogue").article


def claims(article: Article, by: User, n: int) -> list[Claim]:
    return [claim_at(article, INSTRUCTION, by, statement=f"Claim number {k}") for k in range(n)]


def row_box(page, claim: Claim):
    return page.get_by_label(f"Select claim #{claim.pk}", exact=True)


def test_an_editor_assigns_a_claim_to_a_colleague_from_the_list(page, desk, article):
    chosen, other = claims(article, desk["editor"], 2)
    log_in(page, "erin", "pw-erin")
    page.goto("/claims/")
    row_box(page, chosen).check()
    expect(page.locator("[data-selected-count]")).to_have_text("1")
    page.get_by_label("Assign to").select_option(label="eddie")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".bulk-summary")).to_have_text("1 done, 0 refused.")
    expect(page.locator(".bulk-done")).to_contain_text(f"#{chosen.pk} Claim number 0")
    expect(page.locator(".bulk-done")).to_contain_text("Assigned to eddie.")
    assert Claim.objects.get(pk=chosen.pk).assignee == desk["colleague"]
    assert Claim.objects.get(pk=other.pk).assignee is None
    assert_accessible(page, "bulk results")

    # The colleague sees the header's count change and opens the claim from the inbox.
    page.context.clear_cookies()
    log_in(page, "eddie", "pw-eddie")
    expect(page.locator("#unread-count")).to_have_text("1")
    page.locator("#inbox-link").click()
    notification = page.locator(".notification.unread")
    expect(notification).to_contain_text(f"erin assigned you claim #{chosen.pk}")
    notification.get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"{chosen.get_absolute_url()}$"))
    expect(page.locator("#unread-count")).to_have_count(0)


def test_assign_to_me_from_a_list_row(page, desk, article):
    (claim,) = claims(article, desk["editor"], 1)
    log_in(page, "eddie", "pw-eddie")
    page.goto("/claims/?status=new")
    page.get_by_role("button", name=f"Assign claim #{claim.pk} to me").click()
    expect(page.locator(".messages")).to_contain_text(f"#{claim.pk} is assigned to you.")
    assert page.url.endswith("/claims/?status=new")
    assert Claim.objects.get(pk=claim.pk).assignee == desk["colleague"]


def test_a_bulk_move_of_twenty_shows_the_three_refused_and_why(page, desk, article, screenshot):
    twenty = claims(article, desk["editor"], 20)
    editor = desk["editor"]
    # Moved before the list is shown: researching cannot go to researching.
    already = twenty[0]
    services.claim_transition(
        claim=already, to=Status.RESEARCHING, by=editor, version=already.version
    )
    log_in(page, "erin", "pw-erin")
    page.goto("/claims/")
    boxes = page.locator("input[data-select-row]")
    expect(boxes).to_have_count(20)
    # A shift-click ticks the range between two clicks.
    boxes.nth(2).click()
    boxes.nth(6).click(modifiers=["Shift"])
    expect(page.locator("[data-selected-count]")).to_have_text("5")
    assert [boxes.nth(i).is_checked() for i in range(8)] == [False, False] + [True] * 5 + [False]
    page.get_by_label("Select all claims on this page").check()
    expect(page.locator("[data-selected-count]")).to_have_text("20")
    assert_accessible(page, "claims list with a selection")
    # Changed by a colleague while the list was open.
    changed = [twenty[5], twenty[11]]
    for claim in changed:
        services.claim_update(
            claim=claim, by=desk["colleague"], version=claim.version, kind="opinion"
        )
    page.get_by_label("Move to").select_option("researching")
    page.get_by_label("Note").fill("Starting the morning's batch")
    screenshot("claims-list-selection")
    page.get_by_role("button", name="Move", exact=True).click()

    expect(page.locator(".bulk-summary")).to_have_text("17 done, 3 refused.")
    refused = page.locator(".bulk-refused li")
    expect(refused).to_have_count(3)
    expect(refused.filter(has_text=f"#{already.pk} ")).to_contain_text(
        "A claim cannot go from Researching to Researching."
    )
    for claim in changed:
        expect(refused.filter(has_text=f"#{claim.pk} ")).to_contain_text(
            "This claim was changed by eddie after you opened it"
        )
    assert Claim.objects.filter(status=Status.RESEARCHING).count() == 18  # 17 + the one before
    assert Claim.objects.get(pk=changed[0].pk).status == Status.NEW
    page.get_by_role("link", name="← Back to the list").click()
    expect(page).to_have_url(re.compile(r"/claims/"))


def test_a_view_shared_with_the_desk_appears_for_another_user(page, desk, article):
    claims(article, desk["editor"], 3)
    log_in(page, "erin", "pw-erin")
    page.goto("/claims/")
    page.get_by_label("Status", exact=True).select_option("new")
    page.get_by_role("button", name="Apply").click()
    page.get_by_label("Save these filters as").fill("Desk triage")
    page.get_by_label("Share with the desk").check()
    page.get_by_role("button", name="Save view").click()
    expect(page.locator(".messages")).to_contain_text("Saved the view “Desk triage” for the desk.")
    page.get_by_role("button", name="Log out").click()

    log_in(page, "vera", "pw-vera")
    page.goto("/")
    counts = page.locator(".saved-view-counts")
    expect(counts).to_contain_text("Desk triage")
    expect(counts).to_contain_text("3 claims")
    page.goto("/claims/")
    menu = page.locator(".saved-view-menu")
    expect(menu).to_contain_text("shared by erin")
    menu.get_by_role("link", name="Desk triage").click()
    expect(page).to_have_url(re.compile(r"/claims/\?status=new$"))
    expect(page.get_by_label("Status", exact=True)).to_have_value("new")
