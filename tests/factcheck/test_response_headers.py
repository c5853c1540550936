"""Headers every response carries: the Content-Security-Policy, and no caching of private pages."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from factcheck.middleware import private_no_store
from tests.claims import test_view_access as access

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PAGES = [view[:4] for view in access.VIEWS if view[2] == "get"]

objects = access.objects  # the same objects as the access table, as a fixture here


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def policy(response) -> str:
    return "; ".join(sorted(response["Content-Security-Policy"].split("; ")))


# -- Content-Security-Policy


@pytest.mark.parametrize(("name", "argument", "method", "allowed"), PAGES)
def test_every_page_carries_the_policy(client, objects, editor, name, argument, method, allowed):
    client.force_login(editor)
    response = client.get(access.url_of(name, argument, objects))
    assert response.status_code in (200, 404), (name, response.status_code)
    assert policy(response) == "; ".join(sorted(POLICY.split("; ")))


@pytest.mark.parametrize(
    "url",
    [
        reverse("login"),
        reverse("admin:login"),
        reverse("admin:index"),
        reverse("admin:claims_claim_changelist"),
    ],
)
def test_log_in_and_admin_pages_carry_the_policy(client, reviewer, claim, url):
    client.force_login(reviewer)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_an_anonymous_log_in_page_carries_the_policy(client, db):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


# -- Cache-Control


def test_a_page_for_a_logged_in_user_is_private_and_not_stored(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("claims:claim_list"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_a_streamed_csv_export_is_private_and_not_stored(client, viewer, claim):
    client.force_login(viewer)
    response = client.get(reverse("claims:claim_export", args=["csv"]))
    assert response.streaming
    assert claim.quote in b"".join(response.streaming_content).decode()
    assert {"private", "no-store"} <= directives(response)


def test_a_pdf_report_is_private_and_not_stored(client, viewer, article):
    client.force_login(viewer)
    response = client.get(reverse("claims:article_report_pdf", args=[article.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= directives(response)


def test_the_admins_stricter_headers_are_kept(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("admin:claims_claim_changelist"))
    assert {"private", "no-store", "no-cache", "must-revalidate", "max-age=0"} <= directives(
        response
    )


def test_a_public_directive_becomes_private(editor):
    request = RequestFactory().get("/")
    request.user = editor
    response = HttpResponse()
    response["Cache-Control"] = "public, max-age=600"
    answered = private_no_store(lambda _: response)(request)
    assert directives(answered) == {"private", "no-store", "max-age=600"}
