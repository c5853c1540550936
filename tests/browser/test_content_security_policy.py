"""Every main page works under the Content-Security-Policy: header sent, nothing blocked.

The ``page`` fixture fails the test on any CSP violation the browser reports.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Article, Claim
from tests.browser.conftest import log_in
from tests.conftest import NO_FORMAL_TALKS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(seed_data) -> Article:
    call_command("load_demo", "--force", stdout=StringIO())
    return Article.objects.get()


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, url


def test_every_main_page_runs_without_a_violation(page, demo):
    claim = Claim.objects.order_by("pk").first()
    log_in(page, "editor", "claimdesk-editor")
    expect(page.get_by_role("heading", name="Desk")).to_be_visible()
    for url in [
        reverse("claims:dashboard"),
        reverse("claims:article_list"),
        reverse("claims:claim_list"),
        reverse("claims:claim_detail", args=[claim.pk]),
        reverse("claims:source_list"),
        reverse("claims:desk_report"),
        reverse("claims:article_report", args=[demo.pk]),
        reverse("admin:index"),
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_change", args=[claim.pk]),
    ]:
        visit(page, url)

    visit(page, reverse("claims:article_detail", args=[demo.pk]))
    # capture.js (a static file, deferred) still works: find a phrase, the panel opens.
    expect(page.locator("body[data-capture-ready]")).to_have_count(1)
    page.keyboard.press("/")
    page.locator("#find-text").fill(NO_FORMAL_TALKS)
    page.locator("#find-text").press("Enter")
    expect(page.locator("#capture-panel")).to_be_visible()
    expect(page.locator("#capture-quote")).to_have_text(NO_FORMAL_TALKS)


def test_the_reports_print_button_prints(page, demo):
    log_in(page, "editor", "claimdesk-editor")
    visit(page, reverse("claims:article_report", args=[demo.pk]))
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Print").click()
    expect(page.locator("body[data-printed=yes]")).to_have_count(1)


def test_a_violation_is_caught(page, csp_violations):
    """The watch the page fixture keeps: an inline script is blocked and reported."""
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.ran = true";
            document.body.append(script);
        }"""
    )
    for _ in range(50):  # the report arrives asynchronously
        if csp_violations:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in csp_violations), csp_violations
    csp_violations.clear()  # expected here; any other test fails on one
