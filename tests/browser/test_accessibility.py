"""axe-core on every page of the app, as each role that sees it differently.

``EVERY_PAGE`` is the list to extend when a page is added: a name, the URL
(with ``{article}``, ``{claim}``, ``{source}``, ``{job}``, ``{fetch}`` filled
in from the demo), and the roles to visit it as. A page that answers other
than 200 on purpose says so in ``STATUS``.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article, ArticleFetch, Claim, ExportJob, Source
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

READERS = ("viewer", "editor", "reviewer")
WRITERS = ("editor", "reviewer")

EVERY_PAGE: list[tuple[str, str, tuple[str, ...]]] = [
    ("dashboard", "/", READERS),
    ("articles list", "/articles/", READERS),
    ("new article", "/articles/new/", WRITERS),
    ("article", "/articles/{article}/", READERS),
    ("article report", "/articles/{article}/report/", ("viewer",)),
    ("claims list", "/claims/", READERS),
    ("claims list, filtered", "/claims/?status=published&sourcing=anonymous_only", ("viewer",)),
    ("claim", "/claims/{claim}/", READERS),
    ("claim as it stood", "/claims/{claim}/?on=2025-05-24", ("viewer",)),
    ("sources list", "/sources/", READERS),
    ("source", "/sources/{source}/", READERS),
    ("desk report", "/reports/desk/", READERS),
    ("large export", "/claims/export.csv", ("viewer",)),
    ("refused export", "/claims/export.csv?status=bogus", ("viewer",)),
    ("export job", "/exports/{job}/", ("viewer",)),
    ("suggestions preview", "/articles/{article}/suggestions/preview/", ("editor",)),
    ("URL import", "/articles/fetches/{fetch}/", ("editor",)),
    ("inbox", "/inbox/", READERS),
    ("inbox, unread", "/inbox/?show=unread", ("reviewer",)),
    ("notification settings", "/settings/", READERS),
    ("API tokens", "/settings/api-tokens/", READERS),
]
STATUS = {"refused export": 400}


@pytest.fixture
def demo(seed_data, settings) -> dict[str, int]:
    call_command("load_demo", "--force", stdout=StringIO())
    # Every export is "large": the page that offers a background export.
    settings.EXPORT_STREAM_MAX_ROWS = 1
    viewer = User.objects.get(username="viewer")
    return {
        "article": Article.objects.get().pk,
        "claim": Claim.objects.get(quote__startswith="Imran Khan instructed").pk,
        "source": Source.objects.order_by("-claim_count", "pk").first().pk,
        "job": ExportJob.objects.create(format="csv", requested_by=viewer).pk,
        "fetch": ArticleFetch.objects.create(
            url="https://example.org/a", requested_by=User.objects.get(username="editor")
        ).pk,
    }


def pages_for(role: str, ids: dict[str, int]) -> list[tuple[str, str, int]]:
    return [
        (name, url.format(**ids), STATUS.get(name, 200))
        for name, url, roles in EVERY_PAGE
        if role in roles
    ]


@pytest.mark.parametrize("role", READERS)
def test_every_page_has_no_serious_accessibility_violation(page, demo, role):
    log_in(page, role, f"claimdesk-{role}")
    for name, url, status in pages_for(role, demo):
        response = page.goto(url)
        assert response.status == status, (name, url, response.status)
        assert_accessible(page, f"{name} ({url}) as {role}")


def test_the_login_page_and_the_403_page_are_accessible(page, demo):
    page.goto("/accounts/login/")
    assert_accessible(page, "login")
    log_in(page, "viewer", "claimdesk-viewer")
    response = page.goto("/articles/new/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Your role does not allow this")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Editors or Reviewers can do this")
    assert_accessible(page, "403")


def test_the_shortcuts_dialog_and_the_capture_panel_are_accessible(page, demo):
    log_in(page, "editor", "claimdesk-editor")
    page.goto(f"/articles/{demo['article']}/")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    assert_accessible(page, "shortcuts dialog")
    page.keyboard.press("Escape")
    page.locator("#find-text").fill("Imran Khan instructed")
    page.locator("#find-text").press("Enter")
    expect(page.locator("#capture-panel")).to_be_visible()
    assert_accessible(page, "capture panel")
