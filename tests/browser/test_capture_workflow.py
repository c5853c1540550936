"""The editors' workbench in a real browser, end to end.

An editor pastes the shared article and captures claims by selecting text
with the mouse and by keyboard; a reviewer publishes; a viewer reads without
edit controls; a URL import from a local fixture page completes.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Article, Attribution, Claim
from tests.browser.conftest import log_in
from tests.conftest import ARTICLE_FILE, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAIF_SAYS = "no formal negotiations are underway"
INSTRUCTION = (
    "Imran Khan instructed Barrister Saif to explore possibilities for renewed dialogue "
    "with the government"
)

# Finds ``needle`` in the article body and returns the screen points of its
# first and last characters, for a real mouse drag.
TEXT_POINTS = """([needle]) => {
  const body = document.getElementById("article-body");
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let full = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push([node, full.length]);
    full += node.data;
  }
  const at = full.indexOf(needle);
  if (at < 0) throw new Error("not in the article: " + needle);
  const charRect = (unit) => {
    for (const [node, start] of nodes) {
      if (unit < start + node.data.length) {
        const range = document.createRange();
        range.setStart(node, unit - start);
        range.setEnd(node, unit - start + 1);
        return range.getClientRects()[0];
      }
    }
  };
  const first = charRect(at), last = charRect(at + needle.length - 1);
  return {x1: first.left + 1, y1: first.top + first.height / 2,
          x2: last.right - 1, y2: last.top + last.height / 2};
}"""


def wait_for_capture(page) -> None:
    """The article page is loaded and capture.js (deferred) has set up its handlers."""
    expect(page.locator("body[data-capture-ready]")).to_have_count(1)


def select_with_mouse(page, needle: str) -> None:
    page.locator("#article-body").scroll_into_view_if_needed()
    points = page.evaluate(TEXT_POINTS, [needle])
    page.mouse.move(points["x1"], points["y1"])
    page.mouse.down()
    page.mouse.move(points["x2"], points["y2"], steps=8)
    page.mouse.up()


@pytest.fixture
def people(seed_data) -> dict[str, User]:
    return {
        "editor": make_user("erin", "Editors"),
        "reviewer": make_user("rafa", "Reviewers"),
        "viewer": make_user("vera", "Viewers"),
    }


def paste_shared_article(page) -> Article:
    raw = ARTICLE_FILE.read_text(encoding="utf-8")
    body = raw.split(" ", 3)[3]  # drop the " date 2025-05-24 " header
    page.goto("/articles/new/")
    paste = page.locator("#paste")
    paste.get_by_label("Title").fill("PTI and government edge back towards dialogue")
    paste.get_by_label("Outlet").fill("Sample outlet")
    paste.get_by_label("Published on").fill("2025-05-24")
    paste.get_by_label("Article text").fill(body)
    paste.get_by_role("button", name="Add article").click()
    wait_for_capture(page)
    return Article.objects.get()


def test_editor_captures_claims_and_a_reviewer_publishes(page, people, screenshot):
    log_in(page, "erin", "pw-erin")
    article = paste_shared_article(page)

    # 1. A named source, selected with the mouse: claim, mention and cue.
    select_with_mouse(page, SAIF_SAYS)
    panel = page.locator("#capture-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("#capture-quote")).to_have_text(SAIF_SAYS)
    panel.get_by_label("Source (name or alias)").fill("Barrister Saif")
    panel.get_by_label("Sourcing").select_option("named")
    panel.get_by_role("button", name="Select mention in text").click()
    select_with_mouse(page, "Barrister Saif")
    panel.get_by_role("button", name="Select cue in text").click()
    select_with_mouse(page, "confirmed")
    expect(panel.locator("#capture-mention")).to_have_text("“Barrister Saif”")
    expect(panel.locator("#capture-cue")).to_have_text("“confirmed”")
    # Widen the claim by a word, then shrink it back.
    panel.get_by_role("button", name="Widen the end by a word").click()
    expect(panel.locator("#capture-quote")).to_have_text(SAIF_SAYS + " yet,")
    panel.get_by_role("button", name="Shrink the end by a word").click()
    expect(panel.locator("#capture-quote")).to_have_text(SAIF_SAYS)
    screenshot("capture-panel")
    panel.get_by_label("Checkable statement").fill("No formal PTI–government talks were underway")
    panel.get_by_label("Checkable statement").press("Enter")
    expect(page.locator(".claim-list")).to_contain_text("No formal PTI–government talks")
    expect(panel).to_be_hidden()

    saif_claim = Claim.objects.get(quote=SAIF_SAYS)
    assert article.body[saif_claim.start : saif_claim.end] == SAIF_SAYS
    attribution = Attribution.objects.get(claim=saif_claim)
    assert (attribution.source.name, attribution.sourcing) == ("Barrister Saif", "named")
    assert attribution.mention == "Barrister Saif"
    assert article.body[attribution.mention_end : attribution.cue_end] == " confirmed"
    assert attribution.cue == "confirmed"
    assert article.body[attribution.cue_start : attribution.cue_end] == "confirmed"

    # 2. An anonymous source, by keyboard: "/" to find, Enter to open, Enter to save.
    # Every save from here on is logged, so that once the one save this step
    # makes has answered, any save the opening Enter made would show too.
    capture_url = reverse("claims:claim_capture", args=[article.pk])

    def is_save(request) -> bool:
        return request.method == "POST" and request.url.endswith(capture_url)

    saves = []
    page.on("request", lambda request: saves.append(request.url) if is_save(request) else None)
    page.keyboard.press("/")
    expect(page.locator("#find-text")).to_be_focused()
    page.keyboard.type(INSTRUCTION)
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    expect(panel.locator("#capture-quote")).to_have_text(INSTRUCTION)
    expect(panel.get_by_label("Checkable statement")).to_be_focused()
    page.keyboard.press("Tab")  # kind
    page.keyboard.press("Tab")  # source
    page.keyboard.type("Sources familiar with the matter")
    panel.get_by_label("Kind of source (if new)").select_option("anonymous_group")
    panel.get_by_label("Sourcing").select_option("anonymous")
    panel.get_by_label("Role or description").fill("sources familiar with the matter")
    # Enter on a select keeps the select's own meaning: the panel lets it through.
    enter_on_select = panel.get_by_label("Sourcing").evaluate(
        """(select) => {
            const init = {key: "Enter", bubbles: true, cancelable: true};
            const event = new KeyboardEvent("keydown", init);
            select.dispatchEvent(event);
            return event.defaultPrevented;
        }"""
    )
    assert enter_on_select is False
    with page.expect_response(lambda response: is_save(response.request)) as saved:
        panel.get_by_label("Checkable statement").press("Enter")
    assert saved.value.ok
    expect(page.locator("#capture-announce")).to_have_text(re.compile(r"Claim #\d+ saved\."))
    expect(page.locator(".summary")).to_contain_text("2 claims, 1 resting on anonymous")
    instruction = Claim.objects.get(quote=INSTRUCTION)
    announced = page.locator("#capture-announce").text_content()
    assert announced == f"Claim #{instruction.pk} saved."
    # Opening the panel saved nothing: this step sent one save, and made one claim.
    assert len(saves) == 1
    assert Claim.objects.count() == 2
    assert instruction.rests_on_anonymous_sources_only

    # 3. Research, propose a verdict, send to review.
    page.goto(instruction.get_absolute_url())
    page.get_by_role("button", name="Start research").click()
    expect(page.locator(".facts")).to_contain_text("Researching")
    review = page.locator("form.transition", has=page.get_by_role("button", name="Send to review"))
    review.get_by_label("Verdict").select_option(label="Unverifiable")
    review.get_by_label("Note").fill("Only unnamed sources; nobody on the record.")
    review.get_by_role("button", name="Send to review").click()
    expect(page.locator(".facts")).to_contain_text("In review")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)  # editors do not publish

    # 4. A reviewer publishes it.
    page.context.clear_cookies()
    log_in(page, "rafa", "pw-rafa")
    expect(page.locator(".counts")).to_contain_text("1 In review")
    page.goto(instruction.get_absolute_url())
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".facts")).to_contain_text("Published")
    timeline = page.locator(".timeline")
    for step in (
        "Created by erin",
        "Sourcing changed by erin: Sources familiar with the matter: not attributed → anonymous",
        "Status changed by erin: New → Researching",
        "Status changed by erin: Researching → In review; rating none → Unverifiable",
        "Status changed by rafa: In review → Published",
    ):
        expect(timeline).to_contain_text(step)
    screenshot("claim-published")
    page.goto("/")
    screenshot("dashboard")
    page.goto("/claims/?sourcing=anonymous_only")
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    screenshot("claims-list")

    # 5. A viewer sees it all, with no controls to change it.
    page.context.clear_cookies()
    log_in(page, "vera", "pw-vera")
    page.goto(instruction.get_absolute_url())
    expect(page.locator(".facts")).to_contain_text("Published")
    for control in ("Save changes", "Reopen", "Attribute", "Add evidence", "Set verdict"):
        expect(page.get_by_role("button", name=control)).to_have_count(0)
    page.goto(article.get_absolute_url())
    expect(page.locator("#capture-panel")).to_have_count(0)
    screenshot("viewer-article")


def test_spans_agree_with_the_server_for_emoji_and_urdu(page, people):
    body = (
        "Breaking 🎉 news from Lahore. وزیر اعظم نے کہا کہ 😀 مذاکرات جاری ہیں۔ "
        "The minister said talks 🤝 continue with 👩🏽‍💻 advisers."
    )
    log_in(page, "erin", "pw-erin")
    page.goto("/articles/new/")
    page.locator("#paste").get_by_label("Article text").fill(body)
    page.locator("#paste").get_by_role("button", name="Add article").click()
    wait_for_capture(page)
    article = Article.objects.get()
    for needle in ("کہا کہ 😀 مذاکرات", "talks 🤝 continue with 👩🏽‍💻"):
        page.keyboard.press("/")
        expect(page.locator("#find-text")).to_be_focused()
        page.locator("#find-text").fill(needle)
        page.locator("#find-text").press("Enter")
        expect(page.locator("#capture-quote")).to_have_text(needle)
        page.get_by_label("Checkable statement").press("Enter")
        expect(page.locator("#capture-panel")).to_be_hidden()
        claim = Claim.objects.get(quote=needle)
        # Python code points, whatever the browser counted in UTF-16.
        assert (claim.start, claim.end) == (body.index(needle), body.index(needle) + len(needle))
        assert article.body[claim.start : claim.end] == needle
        expect(page.locator(f"#claim-{claim.pk}")).to_be_visible()  # the text was re-drawn


def test_a_mouse_selection_across_an_emoji_is_exact(page, people):
    body = "Officials 🎉 said the 😀 budget rose 12% in 2024, according to sources."
    log_in(page, "erin", "pw-erin")
    page.goto("/articles/new/")
    page.locator("#paste").get_by_label("Article text").fill(body)
    page.locator("#paste").get_by_role("button", name="Add article").click()
    wait_for_capture(page)
    select_with_mouse(page, "😀 budget rose 12%")
    expect(page.locator("#capture-quote")).to_have_text("😀 budget rose 12%")
    expect(page.locator("#capture-start")).to_have_value(str(body.index("😀")))
    page.get_by_label("Checkable statement").press("Enter")
    expect(page.locator("#capture-panel")).to_be_hidden()
    claim = Claim.objects.get()
    assert body[claim.start : claim.end] == "😀 budget rose 12%"


def test_a_url_import_completes(page, people, pages_url, settings, screenshot):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    log_in(page, "erin", "pw-erin")
    page.goto("/articles/new/")
    form = page.locator("#from-url")
    form.get_by_label("Article URL").fill(f"{pages_url}/article")
    form.get_by_role("button", name="Fetch").click()
    status = page.locator("#fetch-status")
    expect(status).to_contain_text("Imported.")
    screenshot("url-import")
    status.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Council delays harbour dredging vote as cost estimate doubles"
    )
    assert Article.objects.get().url == f"{pages_url}/article"


SELECT_TEXT = """([needle]) => {
  const body = document.getElementById("article-body");
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let seen = 0;
  const range = document.createRange();
  const full = body.textContent, at = full.indexOf(needle);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const end = seen + node.data.length;
    if (at >= seen && at < end) range.setStart(node, at - seen);
    const stop = at + needle.length;
    if (stop > seen && stop <= end) range.setEnd(node, stop - seen);
    seen = end;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_the_c_shortcut_opens_the_panel_and_ctrl_c_still_copies(page, people):
    body = "The mayor said 🚇 metro fares will rise 10% in March. Critics disagreed."
    log_in(page, "erin", "pw-erin")
    page.goto("/articles/new/")
    page.locator("#paste").get_by_label("Article text").fill(body)
    page.locator("#paste").get_by_role("button", name="Add article").click()
    wait_for_capture(page)
    page.evaluate(SELECT_TEXT, ["🚇 metro fares will rise 10%"])
    page.keyboard.press("Control+c")
    expect(page.locator("#capture-panel")).to_be_hidden()  # copying is not capturing
    page.keyboard.press("c")
    expect(page.locator("#capture-quote")).to_have_text("🚇 metro fares will rise 10%")
    page.get_by_label("Checkable statement").press("Enter")
    expect(page.locator("#capture-panel")).to_be_hidden()
    claim = Claim.objects.get()
    assert body[claim.start : claim.end] == "🚇 metro fares will rise 10%"


def test_accepting_a_suggestion_puts_the_claim_on_the_timeline(page, people, screenshot):
    log_in(page, "erin", "pw-erin")
    paste_shared_article(page)
    suggestions = page.locator(".suggestion-list .suggestion")
    expect(suggestions).to_have_count(9)
    expect(page.locator("#article-body .suggested-anon").first).to_be_visible()
    screenshot("suggestions")
    wanted = suggestions.filter(has_text="Imran Khan instructed Barrister Saif")
    wanted.get_by_role("button", name=re.compile(r"^Accept")).click()
    panel = page.locator("#capture-panel")
    expect(panel.locator("#capture-quote")).to_contain_text("Imran Khan instructed Barrister Saif")
    expect(panel.get_by_label("Sourcing")).to_have_value("anonymous")
    expect(panel.locator("#capture-mention")).to_have_text("“sources familiar with the matter”")
    expect(panel.locator("#capture-cue")).to_have_text("“According to”")
    panel.get_by_label("Checkable statement").press("Enter")
    expect(panel).to_be_hidden()
    expect(suggestions).to_have_count(8)
    claim = Claim.objects.get()
    page.goto(claim.get_absolute_url())
    expect(page.locator(".timeline")).to_contain_text(
        "Sourcing changed by erin: sources familiar with the matter: not attributed → anonymous"
    )
    expect(page.locator(".attributions")).to_contain_text(
        "mention “sources familiar with the matter”"
    )
