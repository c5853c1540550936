"""The outlet updates the shared article: "Check for updates" brings the new text in.

The demo article is pointed at the local pages server's copy of its update
(a paragraph inserted above the claims, one quote corrected): eight claims
move with the text, one is changed and flagged, and the timelines say so.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from claims import services
from claims.models import Article, Claim, ClaimEvent
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def updated_at_its_url(seed_data, pages_url, fetch_private) -> Article:
    """The demo, its article's URL now the page of its updated version."""
    call_command("load_demo", "--force", stdout=StringIO())
    article = Article.objects.get()
    article.url = f"{pages_url}/pti-dialogue-revised"
    return services.article_update(article=article, by=User.objects.get(username="chief"))


def test_check_for_updates_moves_eight_claims_and_flags_the_corrected_one(
    page, updated_at_its_url, screenshot
):
    article = updated_at_its_url
    log_in(page, "editor", "claimdesk-editor")
    page.goto(article.get_absolute_url())
    expect(page.locator("#last-check")).to_contain_text("Not checked for updates")
    page.get_by_role("button", name="Check for updates").click()

    status = page.locator("#fetch-status")
    expect(status).to_contain_text("Revision 2: 8 moved, 1 changed, 0 gone.")
    screenshot("revised-article-check")
    status.get_by_role("link", name=f"Open “{article.title}”").click()

    expect(page.locator("#article-body")).to_contain_text("Update, May 25:")
    expect(page.locator("#article-body .run[data-markers]")).to_have_count(9)
    flagged = page.locator(".claim-item .badge", has_text="Article changed")
    expect(flagged).to_have_count(1)
    expect(page.locator("#last-check")).to_contain_text("Revision 2: 8 moved, 1 changed, 0 gone.")
    expect(page.locator("#revision-2")).to_contain_text("Fetched from its URL")
    screenshot("revised-article-page")

    corrected = Claim.objects.get(quote__startswith="Imran Khan asked")
    page.locator(f"#claim-{corrected.pk} > a").click()
    expect(page.locator(".notice.anchor-flag")).to_contain_text(
        "The article changed since the verdict"
    )
    expect(page.locator(".quote").first).to_contain_text("Imran Khan asked Barrister Saif")
    expect(page.locator(".timeline li").last).to_contain_text(
        "article revision 2: quote “Imran Khan instructed"
    )
    expect(page.locator(".timeline li").last).to_contain_text("“Imran Khan asked")
    screenshot("revised-article-changed-claim")

    moved = Claim.objects.exclude(pk=corrected.pk).order_by("start").first()
    page.goto(moved.get_absolute_url())
    expect(page.locator(".notice.anchor-flag")).to_have_count(0)
    expect(page.locator(".timeline li").last).to_contain_text("article revision 2: same words")

    assert ClaimEvent.objects.filter(kind="anchor_moved").count() == 8
    assert list(Claim.objects.exclude(anchor="anchored").values_list("pk", flat=True)) == [
        corrected.pk
    ]


def test_the_diff_marks_the_inserted_paragraph_and_the_corrected_quote(
    page, updated_at_its_url, screenshot
):
    article = updated_at_its_url
    log_in(page, "chief", "claimdesk-chief")
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Check for updates").click()
    expect(page.locator("#fetch-status")).to_contain_text("Revision 2")
    page.goto(article.get_absolute_url())
    page.locator("#revision-1").get_by_role("link", name="Compare with current").click()

    expect(page.get_by_role("heading", name="What changed since revision 1")).to_be_visible()
    diff = page.locator("#revision-diff")
    expect(diff.locator("ins").first).to_contain_text("Update, May 25: PTI said on Sunday")
    expect(diff.locator("del")).to_contain_text(["instruct"])
    expect(diff.locator("ins").last).to_contain_text("ask")
    expect(diff.locator(".skipped").first).to_contain_text("unchanged characters")
    screenshot("revised-article-diff")

    page.get_by_role("link", name="Read revision 1 in full").click()
    expect(page.locator(".notice.reading-revision")).to_contain_text(
        "You are reading revision 1 of 2"
    )
    expect(page.locator("#article-body")).to_contain_text("Imran Khan instructed Barrister Saif")
    expect(page.locator("#article-body")).not_to_contain_text("Update, May 25")
