"""The capture panel's endpoint: a claim and its attribution from one POST."""

import pytest
from django.urls import reverse

from claims.models import Attribution, Claim, Source
from tests.conftest import INSTRUCTION, NO_FORMAL_TALKS, claim_at, span_of


def capture_data(article, text, **extra):
    span = span_of(article, text)
    return {"start": span.start, "end": span.end, "quote": span.text, "kind": "factual", **extra}


def post(client, article, data, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("claims:claim_capture", args=[article.pk]), data, **headers)


def test_it_saves_a_claim_with_a_named_source_and_returns_what_changed(
    client, article, editor, saif
):
    mention, cue = span_of(article, "Barrister Saif confirmed"), span_of(article, "confirmed that")
    data = capture_data(
        article,
        NO_FORMAL_TALKS,
        statement="No formal PTI–government talks were underway",
        source_name="Barrister Saif",  # an alias of the existing source
        source_kind="person",
        sourcing="named",
        mention="Barrister Saif",
        mention_start=mention.start,
        mention_end=mention.start + len("Barrister Saif"),
        cue="confirmed",
        cue_start=cue.start,
        cue_end=cue.start + len("confirmed"),
    )
    client.force_login(editor)
    response = post(client, article, data)
    assert response.status_code == 200
    claim = Claim.objects.get()
    trigger = response["HX-Trigger-After-Settle"]
    assert '"claimSaved"' in trigger and str(claim.pk) in trigger
    html = response.content.decode()
    # The marked text, the counts, the suggestions and the new entry, not the workspace.
    assert 'id="workspace"' not in html and html.count('id="article-body"') == 1
    assert f'data-claims="{claim.pk}"' in html
    assert '<p class="summary" id="claims-summary" hx-swap-oob="true">1 claim,' in html
    assert (
        f'<ol hx-swap-oob="beforeend:#claim-list"><li class="claim-item" id="claim-{claim.pk}">'
        in html
    )
    assert '<li id="no-claims" hx-swap-oob="delete">' in html  # the first claim
    assert claim.quote == NO_FORMAL_TALKS and claim.sourcing == "named"
    attribution = Attribution.objects.get(claim=claim)
    assert (attribution.source, attribution.mention, attribution.cue) == (
        saif,
        "Barrister Saif",
        "confirmed",
    )
    assert [e.kind for e in claim.events.order_by("at", "id")] == ["created", "sourcing_changed"]


def test_it_creates_a_new_anonymous_source(client, article, editor):
    data = capture_data(
        article,
        "Imran Khan instructed Barrister Saif",
        source_name="Sources familiar with the matter",
        source_kind="anonymous_group",
        sourcing="anonymous",
        descriptor="sources familiar with the matter",
    )
    client.force_login(editor)
    post(client, article, data)
    claim = Claim.objects.get()
    assert claim.rests_on_anonymous_sources_only
    assert Source.objects.get().kind == "anonymous_group"


def test_an_unattributed_claim_needs_no_source(client, article, editor):
    client.force_login(editor)
    post(client, article, capture_data(article, "Efforts to resume negotiations"))
    assert Claim.objects.get().sourcing == "unattributed"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quote": "something else"}, "does not match the article"),
        ({"end": 99_999}, "outside the article body"),
        ({"sourcing": "named"}, "Name the source"),
        ({"source_name": "Someone"}, "Say how this source is sourced"),
        (
            {
                "mention": "nobody",
                "mention_start": 0,
                "mention_end": 6,
                "source_name": "X",
                "sourcing": "named",
            },
            "mention does not match",
        ),
    ],
)
def test_bad_input_is_explained_in_the_panel_and_saves_nothing(
    client, article, editor, change, message
):
    client.force_login(editor)
    response = post(client, article, {**capture_data(article, NO_FORMAL_TALKS), **change})
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#capture-errors"
    assert message in response.content.decode()
    assert not Claim.objects.exists()
    assert not Source.objects.exists()


def test_without_htmx_it_redirects_with_a_message(client, article, editor):
    client.force_login(editor)
    response = post(client, article, capture_data(article, NO_FORMAL_TALKS), htmx=False)
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert Claim.objects.count() == 1


def test_a_viewer_cannot_capture(client, article, viewer):
    client.force_login(viewer)
    assert post(client, article, capture_data(article, NO_FORMAL_TALKS)).status_code == 403
    assert not Claim.objects.exists()


def test_the_article_page_offers_the_panel_only_to_those_who_can_capture(
    client, article, editor, viewer
):
    url = article.get_absolute_url()
    client.force_login(editor)
    assert 'id="capture-panel"' in client.get(url).content.decode()
    client.force_login(viewer)
    html = client.get(url).content.decode()
    assert 'id="capture-panel"' not in html and "capture.js" not in html


def test_source_autocomplete_matches_names_and_aliases(client, editor, saif):
    client.force_login(editor)
    url = reverse("claims:source_autocomplete")
    assert saif.name in client.get(url, {"source_name": "Barrister Sa"}).content.decode()
    assert saif.name in client.get(url, {"source_name": "barrister saif"}).content.decode()
    assert "<option" not in client.get(url, {"source_name": "Gohar"}).content.decode()


def test_it_places_the_new_claim_before_the_one_that_follows_it_in_the_text(
    client, article, editor
):
    later = claim_at(article, INSTRUCTION, editor)
    client.force_login(editor)
    response = post(client, article, capture_data(article, NO_FORMAL_TALKS))
    html = response.content.decode()
    new = Claim.objects.exclude(pk=later.pk).get()
    assert article.body.index(NO_FORMAL_TALKS) < later.start
    assert (
        f'<ol hx-swap-oob="beforebegin:#claim-{later.pk}">'
        f'<li class="claim-item" id="claim-{new.pk}">' in html
    )
    assert "no-claims" not in html and f'id="claim-{later.pk}"' not in html
    assert '<p class="summary" id="claims-summary" hx-swap-oob="true">2 claims,' in html


def test_the_htmx_answer_makes_a_fixed_number_of_queries(
    client, article, editor, saif, django_assert_num_queries
):
    for text in ("Efforts to resume", "negotiations"):
        claim_at(article, text, editor)
    client.force_login(editor)
    post(client, article, capture_data(article, "Imran Khan"))  # warm the caches
    data = capture_data(article, INSTRUCTION, source_name="Barrister Saif", sourcing="named")
    data["source_kind"] = "person"
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the article; 6-28
    # the write (the services' savepoints, the article's outlet read under a
    # share lock, the claim and its creation event, the article's claim
    # tally, the source found by alias, the locked claim and its
    # attributions, the source's row key-share locked (not merged away), the
    # attribution, the source's tally, the sourcing and its event). Then the
    # answer, whatever the article holds: 29 its claims (without their
    # attributions), 30 its open suggestions, 31 the new claim's attributions
    # with their sources.
    with django_assert_num_queries(31):
        response = post(client, article, data)
    assert response.status_code == 200 and "Barrister Saif" in response.content.decode()
