"""Checked before? at capture: the claims like the statement being written, as a
fragment the capture panel fetches (claims.views.similar)."""

import pytest
from django.db import connection
from django.urls import reverse

from claims.similar import trigram_available
from tests.conftest import advance, claim_at

URL = reverse("claims:claims_similar")
DENIAL = "while no formal negotiations are underway yet, efforts are actively ongoing"
TYPED = "No formal negotiations are underway between PTI and the government"


@pytest.fixture
def denial(article, editor):
    return claim_at(article, DENIAL, editor)


def fragment(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_claims_like_the_statement_being_typed(client, denial, editor):
    client.force_login(editor)

    shown = fragment(client, statement=TYPED, quote="")

    assert f'href="{denial.get_absolute_url()}"' in shown
    assert f"Claim #{denial.pk}</a>: “{DENIAL}”" in shown
    assert "(New)" in shown


def test_it_shows_status_and_verdict(client, denial, editor, reviewer, ratings):
    advance(denial, ("researching", editor))
    advance(denial, ("in_review", editor), rating=ratings["false"], note="No record")
    advance(denial, ("published", reviewer))
    client.force_login(editor)

    assert "(Published, False)" in fragment(client, statement=TYPED)


def test_with_no_statement_yet_it_looks_for_the_selected_quote(client, denial, editor):
    client.force_login(editor)

    shown = fragment(client, statement="  ", quote="no formal negotiations are underway")

    assert f"Claim #{denial.pk}</a>" in shown


def test_it_says_so_when_nothing_is_alike(client, denial, editor):
    client.force_login(editor)

    shown = fragment(client, statement="Cricket scores from Lahore tonight")

    assert "No similar claims found." in shown
    assert "Claim #" not in shown


def test_a_word_or_two_looks_for_nothing(client, denial, editor, django_assert_num_queries):
    client.force_login(editor)
    client.get(URL)  # warm-up: the session and the permissions
    # 1 the session, 2 the user, 3 the user's permissions, 4 their groups' permissions.
    with django_assert_num_queries(4):
        shown = fragment(client, statement="formal")
    assert shown.strip() == ""


def test_it_escapes_what_the_claims_say(client, article, editor):
    claim_at(article, DENIAL, editor, statement="<script>alert('formal negotiations')</script>")
    client.force_login(editor)

    shown = fragment(client, statement="<b>formal negotiations underway</b> alert script")

    assert "<script>" not in shown and "<b>" not in shown
    assert "&lt;script&gt;alert(&#x27;formal negotiations&#x27;)&lt;/script&gt;" in shown


def test_a_long_text_is_bounded_and_still_answered(client, denial, editor):
    client.force_login(editor)

    shown = fragment(client, statement=TYPED + " and" * 50_000)

    assert f"Claim #{denial.pk}</a>" in shown


def test_it_runs_the_same_queries_however_many_claims_are_alike(
    client, article, editor, django_assert_num_queries
):
    client.force_login(editor)
    claim_at(article, DENIAL, editor)
    if connection.vendor == "postgresql":
        trigram_available(connection.alias)  # asked once per process
    client.get(URL, {"statement": TYPED})  # warm-up: the session and the permissions
    for text in ("no formal negotiations are underway", "formal negotiations are underway"):
        claim_at(article, text, editor)
    # 1 the session, 2 the user, 3 the user's permissions, 4 their groups'
    # permissions, then on PostgreSQL 5 the text's lexemes, 6 the ranked claims
    # with their verdicts; on SQLite 5 the candidates with their verdicts.
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 5):
        shown = fragment(client, statement=TYPED)
    assert shown.count('class="similar-claim"') == 3


def test_the_capture_panel_asks_for_them_as_the_editor_writes(client, article, editor):
    client.force_login(editor)

    page = client.get(article.get_absolute_url()).content.decode()

    assert f'hx-get="{URL}"' in page
    assert "hx-include=\"#capture-statement, #capture-form [name='quote']\"" in page
    assert "delay:500ms from:#capture-statement" in page
