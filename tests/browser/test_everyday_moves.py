"""The everyday moves in a real browser: the keyboard, the capture panel's
place on a laptop screen, a double-clicked workflow button, htmx messages."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article, Claim, ClaimEvent, Status
from tests.browser.conftest import log_in
from tests.browser.test_suggestions import ARTICLE, THIRTY, paste
from tests.conftest import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def demo(seed_data) -> Article:
    call_command("load_demo", "--force", stdout=StringIO())
    return Article.objects.get()


@pytest.fixture
def erin(seed_data) -> User:
    return make_user("erin", "Editors")


def open_article(page, article: Article) -> None:
    page.goto(article.get_absolute_url())
    expect(page.locator("body[data-capture-ready]")).to_have_count(1)


def boxes_overlap(one: dict, other: dict) -> bool:
    return not (
        one["x"] + one["width"] <= other["x"]
        or other["x"] + other["width"] <= one["x"]
        or one["y"] + one["height"] <= other["y"]
        or other["y"] + other["height"] <= one["y"]
    )


def test_question_mark_lists_every_shortcut_in_a_dialog_from_any_page(page, demo):
    log_in(page, "viewer", "claimdesk-viewer")
    for url in ("/", "/claims/", "/sources/"):
        page.goto(url)
        page.keyboard.press("?")
        dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
        expect(dialog).to_be_visible()
        for key in ("j", "k", "/", "c", "a", "r"):
            expect(
                dialog.locator("kbd", has_text=re.compile(f"^{re.escape(key)}$"))
            ).not_to_have_count(0)
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()


def test_the_shortcuts_button_opens_the_dialog_and_focus_comes_back(page, demo):
    log_in(page, "viewer", "claimdesk-viewer")
    button = page.get_by_role("button", name="Shortcuts")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()


def test_j_and_k_move_through_the_articles_claims(page, demo):
    log_in(page, "viewer", "claimdesk-viewer")
    page.goto(demo.get_absolute_url())
    links = page.locator("#claim-list .claim-item > a")
    expect(links).to_have_count(9)
    page.keyboard.press("j")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(links.nth(2)).to_be_focused()
    page.keyboard.press("k")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/claims/\d+/$"))


def test_the_capture_panel_leaves_the_lists_uncovered_and_save_in_sight(page, demo):
    page.set_viewport_size(LAPTOP)
    log_in(page, "editor", "claimdesk-editor")
    open_article(page, demo)
    page.locator("#find-text").fill("Imran Khan instructed")
    page.locator("#find-text").press("Enter")
    panel = page.locator("#capture-panel")
    expect(panel).to_be_visible()
    save = panel.get_by_role("button", name="Save claim")
    expect(save).to_be_in_viewport(ratio=1)
    panel_box = panel.bounding_box()
    for listed in ("#claim-list", "aside.claims"):
        assert not boxes_overlap(panel_box, page.locator(listed).bounding_box()), listed
    suggestions = page.locator(".suggestions")
    if suggestions.count():
        assert not boxes_overlap(panel_box, suggestions.bounding_box())


def test_focus_returns_where_it_was_when_the_panel_closes(page, demo):
    log_in(page, "editor", "claimdesk-editor")
    open_article(page, demo)
    find = page.locator("#find-text")
    find.fill("Imran Khan instructed")
    find.press("Enter")
    panel = page.locator("#capture-panel")
    expect(panel.get_by_label("Checkable statement")).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(find).to_be_focused()


def test_the_workspace_is_a_labelled_region_and_the_word_steps_are_named(page, demo):
    log_in(page, "editor", "claimdesk-editor")
    open_article(page, demo)
    expect(page.get_by_role("region", name=re.compile("^Article workspace"))).to_be_visible()
    page.locator("#find-text").fill("Imran Khan instructed")
    page.locator("#find-text").press("Enter")
    for name in (
        "Widen the start by a word",
        "Shrink the start by a word",
        "Shrink the end by a word",
        "Widen the end by a word",
    ):
        expect(page.get_by_role("button", name=name)).to_be_visible()


def test_accept_scrolls_the_suggested_span_into_view(page, erin):
    page.set_viewport_size(LAPTOP)
    log_in(page, "erin", "pw-erin")
    paste(page, "Leaks", ARTICLE + "\n\n" + THIRTY)
    accept = page.locator("[data-accept-suggestion]").last
    start = accept.get_attribute("data-start")
    suggestion = accept.get_attribute("data-accept-suggestion")
    span = page.locator(f'#article-body .run[data-suggestions~="{suggestion}"]').first
    page.evaluate("window.scrollTo(0, 0)")
    expect(span).not_to_be_in_viewport()
    accept.evaluate("(button) => button.click()")  # the row's buttons show on hover
    expect(page.locator("#capture-start")).to_have_value(start)
    expect(span).to_be_in_viewport()


def test_a_double_clicked_workflow_button_moves_once_and_shows_no_error(page, demo):
    log_in(page, "editor", "claimdesk-editor")
    claim = Claim.objects.filter(status=Status.NEW).order_by("pk").first()
    page.goto(claim.get_absolute_url())
    page.get_by_role("button", name="Start research").dblclick()
    expect(page.locator(".facts")).to_contain_text("Researching")
    expect(page.locator("#messages")).to_contain_text("Moved to Researching.")
    expect(page.locator("main")).not_to_contain_text("cannot go from")
    moves = ClaimEvent.objects.filter(claim=claim, kind=ClaimEvent.Kind.STATUS_CHANGED)
    assert moves.count() == 1


def test_a_required_note_is_marked_and_asked_for_by_the_browser(page, demo):
    log_in(page, "editor", "claimdesk-editor")
    claim = Claim.objects.filter(status=Status.NEW).order_by("pk").first()
    page.goto(claim.get_absolute_url())
    note = page.get_by_label(re.compile(r"^Note \(required to mark not checkable\)"))
    expect(note).to_have_attribute("required", "")
    page.get_by_role("button", name="Mark not checkable").click()
    # The browser refused the empty note: nothing was sent.
    assert note.evaluate("(field) => field.validity.valueMissing") is True
    assert Claim.objects.get(pk=claim.pk).status == Status.NEW


def test_an_htmx_answer_shows_its_message_at_once(page, erin):
    log_in(page, "erin", "pw-erin")
    paste(page, "Leaks", THIRTY)
    page.get_by_role("button", name="Reject all").click()
    expect(page.locator("#messages")).to_contain_text("30 suggestion(s) rejected.")
    expect(page.locator(".suggestion")).to_have_count(0)


SUBMIT_TWICE = """(form) => {
    const submit = () => {
        const event = new SubmitEvent("submit", {bubbles: true, cancelable: true});
        form.dispatchEvent(event);
        return event.defaultPrevented;
    };
    return [submit(), submit()];
}"""


@pytest.mark.parametrize("action", ["/move/", "/evidence/", "/edit/", "/verdict/"])
def test_the_claim_pages_forms_let_a_second_submit_through_only_once(page, demo, action):
    """Synthetic submit events: the browser's own coalescing of fast clicks aside,
    the second submit of a form whose first is under way is held back."""
    log_in(page, "reviewer", "claimdesk-reviewer")
    claim = Claim.objects.filter(status=Status.RESEARCHING).order_by("pk").first()
    page.goto(claim.get_absolute_url())
    form = page.locator(f"form[action$='{action}']")
    assert form.evaluate(SUBMIT_TWICE) == [False, True]
    expect(form.locator("button").first).to_be_disabled()
