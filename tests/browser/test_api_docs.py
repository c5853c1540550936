"""The API's docs page, /api/v1/docs/: Swagger UI from our own static files.

The ``page`` fixture fails the test on any JavaScript error or
Content-Security-Policy violation; this test also fails on any request that
leaves the live server (nothing from a CDN).
"""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = "/api/v1/docs/"


@pytest.fixture
def demo(seed_data) -> None:
    call_command("load_demo", "--force", stdout=StringIO())


def test_swagger_ui_shows_the_operations_from_our_own_files(page, demo, live_server):
    ours = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if urlsplit(request.url).scheme in {"http", "https"}
            and urlsplit(request.url).netloc != ours
            else None
        ),
    )
    log_in(page, "viewer", "claimdesk-viewer")

    response = page.goto(DOCS)

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Claim desk API")
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/claims/{claim_id}/")
    expect(operation.first).to_be_visible()
    assert not elsewhere, f"Requests that left {ours}: {elsewhere}"


def test_the_docs_page_sends_a_stranger_to_sign_in_and_back(page, demo):
    page.goto(DOCS)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/api/v1/docs/$"))

    page.get_by_label("Username").fill("viewer")
    page.get_by_label("Password").fill("claimdesk-viewer")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/api/v1/docs/$"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Claim desk API")
