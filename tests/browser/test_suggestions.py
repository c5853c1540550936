"""Suggestions in a real browser: who each source is, the compact list, the preview.

An editor pastes an article whose sources are hard to name (a long anonymity
clause, a quote split around its cue, "He added" after a minister with a
woman quoted two paragraphs earlier), finds each suggested correctly, and
accepts all named through the preview; a page of thirty suggestions stays
usable on a 1366×768 screen, by mouse and by keys.
"""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from claims.models import Article, Attribution, Claim, Source, Suggestion
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANONYMITY_CLAUSE = (
    "Two senior officials at the water utility, who spoke on condition of anonymity because "
    "they were not authorized to discuss the matter, said the increase had been approved in March."
)
SPLIT_QUOTE = "“We are not there yet,” said Reyes. “But the money is coming.”"
PARAGRAPHS = [
    "The city's water utility will raise prices by 12 percent next year, according to an "
    "internal report seen by this newspaper.",
    ANONYMITY_CLAUSE,
    f"Mayor Carla Reyes toured the new pumping station on Monday. {SPLIT_QUOTE}",
    # The woman quoted two paragraphs before "He added".
    "Dr. Amira Haddad, a hydrologist at the university, said the reservoirs were at 30 percent "
    "of capacity.",
    "Finance Minister Tomas Brandt said the state would cover half of the 40 million euro cost.",
    "He added that the repairs would take three years.",
    "The State Department said it had sent 3 engineers to the city. Reuters reported that the "
    "utility had missed two payments in March.",
]
ARTICLE = "\n\n".join(PARAGRAPHS)

THIRTY = " ".join(
    f"Councillor Person{n} Example{n} said the pumps at station {n} lost {n + 10} percent of "
    "their water to leaks last year."
    for n in range(30)
)


@pytest.fixture
def editor(seed_data) -> User:
    return make_user("erin", "Editors")


def paste(page, title: str, body: str) -> Article:
    page.goto("/articles/new/")
    form = page.locator("#paste")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Article text").fill(body)
    form.get_by_role("button", name="Add article").click()
    expect(page.locator("body[data-suggestions-ready][data-capture-ready]")).to_have_count(1)
    return Article.objects.get(title=title)


def row(page, words: str):
    return page.locator(".suggestion-list .suggestion", has_text=words)


def dashed(page, suggestion: Suggestion):
    return page.locator(f'#article-body .run[data-suggestions~="{suggestion.pk}"]').first


def test_he_added_is_the_minister_and_accept_all_named_goes_through_the_preview(
    page, editor, screenshot
):
    log_in(page, "erin", "pw-erin")
    paste(page, "Water utility", ARTICLE)

    # "He" is the minister named just before, not the woman quoted two paragraphs earlier.
    he = Suggestion.objects.get(quote="the repairs would take three years")
    assert (he.source, he.source_kind) == ("He", "person")
    assert (he.source_name, he.descriptor) == ("Tomas Brandt", "Finance Minister")
    he_row = row(page, "the repairs would take three years")
    screenshot("suggestions-kinds")
    expect(he_row.locator(".said-by")).to_have_text("Person Tomas Brandt")

    # The row and its dashed span point to each other.
    he_row.hover()
    expect(dashed(page, he)).to_have_class(re.compile(r"\bpointed\b"))
    he_row.click(position={"x": 4, "y": 4})  # on the row, away from its buttons
    expect(dashed(page, he)).to_have_class(re.compile(r"\bflash\b"))
    expect(dashed(page, he)).to_be_in_viewport()
    page.mouse.move(0, 0)
    dashed(page, he).click()
    expect(he_row).to_be_focused()

    # On a focused row, "a" opens the capture panel with the suggested source.
    page.keyboard.press("a")
    panel = page.locator("#capture-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_label("Source (name or alias)")).to_have_value("Tomas Brandt")
    expect(panel.get_by_label("Role or description")).to_have_value("Finance Minister")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()

    # "Accept all named" shows what it will create first, uncertain ones unticked.
    page.get_by_role("link", name="Accept all named…").click()
    preview = page.locator(".accept-preview")
    expect(preview).to_be_visible()
    box = preview.get_by_role("checkbox")
    expect(
        preview.locator("li", has_text="State Department").get_by_role("checkbox")
    ).to_be_checked()
    expect(preview.locator("li", has_text="Reuters").get_by_role("checkbox")).to_be_checked()
    expect(
        preview.locator("li", has_text="internal report").get_by_role("checkbox")
    ).not_to_be_checked()
    expect(preview.locator("li", has_text="three years")).to_contain_text("Tomas Brandt")
    assert box.count() >= 5
    assert not Claim.objects.exists() and not Source.objects.exists()  # nothing written yet
    screenshot("suggestions-accept-preview")
    preview.get_by_role("button", name="Create ticked claims").click()
    expect(page.locator("#messages")).to_contain_text("with named sources accepted")

    kinds = dict(Source.objects.values_list("name", "kind"))
    assert kinds["State Department"] == "organization"
    assert kinds["Reuters"] == "organization"
    assert kinds["Tomas Brandt"] == "person" and kinds["Amira Haddad"] == "person"
    assert "an internal report seen by this newspaper" not in kinds  # left unticked
    brandt = Attribution.objects.filter(source__name="Tomas Brandt")
    assert sorted(brandt.values_list("mention", "descriptor")) == [
        ("Finance Minister Tomas Brandt", "Finance Minister"),
        ("He", "Finance Minister"),
    ]


def test_a_long_anonymity_clause_and_a_quote_split_around_its_cue_are_suggested(page, editor):
    log_in(page, "erin", "pw-erin")
    article = paste(page, "Water utility", ARTICLE)
    officials = Suggestion.objects.get(article=article, quote__contains="approved in March")
    assert (officials.sourcing, officials.source_kind) == ("anonymous", "anonymous_group")
    assert officials.source_name == "two senior officials at the water utility"
    expect(row(page, "approved in March").locator(".said-by")).to_contain_text(
        "two senior officials at the water utility"
    )
    split = Suggestion.objects.get(article=article, quote__contains="We are not there yet")
    assert "But the money is coming" in split.quote  # both parts are the content
    assert (split.source, split.cue, split.sourcing) == ("Reyes", "said", "named")
    assert split.source_name == "Carla Reyes"  # the mayor named just before


def test_thirty_suggestions_stay_usable_at_1366_by_768(page, editor):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "erin", "pw-erin")
    paste(page, "Thirty", THIRTY)
    rows = page.locator(".suggestion-list .suggestion")
    expect(rows).to_have_count(30)
    page.locator("#suggestions").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "suggestions-30-at-1366x768.png"))

    # One line each, and the list scrolls inside the screen, beside the text.
    heights = {round(rows.nth(i).bounding_box()["height"]) for i in range(30)}
    assert max(heights) <= 30, heights
    listing = page.locator(".suggestion-list").bounding_box()
    assert listing["height"] <= 768 / 2
    body = page.locator("#article-body").bounding_box()
    assert listing["x"] > body["x"] + body["width"]  # beside the article, not under it

    # Keys: arrows move, "r" rejects and the focus stays in its place in the list.
    rows.nth(0).focus()
    page.keyboard.press("ArrowDown")
    expect(rows.nth(1)).to_be_focused()
    second = rows.nth(1).get_attribute("data-suggestion")
    page.keyboard.press("r")
    expect(rows).to_have_count(29)
    assert Suggestion.objects.get(pk=second).state == "rejected"
    expect(rows.nth(1)).to_be_focused()
    # Each action has a name of its own for a screen reader.
    third_quote = Suggestion.objects.get(pk=rows.nth(1).get_attribute("data-suggestion")).quote
    expect(rows.nth(1).get_by_role("button", name=f"Reject: {third_quote[:40]}")).to_have_count(1)
