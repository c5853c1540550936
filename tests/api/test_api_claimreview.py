"""The API's ClaimReview feed: published verdicts as a schema.org DataFeed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, Status, VerdictPublication
from tests.api.conftest import token_client
from tests.conftest import SHARED_DATA, advance

FEED = reverse("api:claimreview_feed")
VALIDATOR = SHARED_DATA.parent / "tools" / "claimreview_check.py"


@pytest.fixture
def demo(db) -> list[Claim]:
    """The demo's record: two published claims among nine."""
    call_command("load_demo", "--force", stdout=StringIO())
    return list(Claim.objects.filter(status=Status.PUBLISHED).order_by("pk"))


def reviewed_urls(body: dict) -> list[str]:
    return [element["item"]["url"] for element in body["dataFeedElement"]]


def review_url(claim: Claim) -> str:
    from django.conf import settings

    return settings.CLAIMREVIEW_URL.format(id=claim.pk)


def publication_order(claims: list[Claim]) -> list[Claim]:
    at = {p.claim_id: p.at for p in VerdictPublication.objects.all()}
    return sorted(claims, key=lambda claim: (at[claim.pk], claim.pk))


def test_it_serves_published_verdicts_as_a_data_feed_oldest_first(viewer, demo):
    response = token_client(viewer).get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    body = response.json()
    assert (body["@context"], body["@type"]) == ("https://schema.org", "DataFeed")
    assert reviewed_urls(body) == [review_url(c) for c in publication_order(demo)]
    assert {e["item"]["@type"] for e in body["dataFeedElement"]} == {"ClaimReview"}
    assert "Link" not in response


@pytest.mark.skipif(not VALIDATOR.exists(), reason="../shared/tools is not beside this clone")
def test_it_passes_the_shared_validator_strictly(viewer, demo, tmp_path):
    feed = tmp_path / "feed.jsonld"
    feed.write_text(token_client(viewer).get(FEED).content.decode())

    result = subprocess.run(
        [sys.executable, str(VALIDATOR), "--strict", str(feed)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout
    assert "2 claimreviews, 0 problems" in result.stdout


def test_it_pages_by_a_link_header_without_repeating_a_verdict(viewer, demo):
    api = token_client(viewer)

    first = api.get(FEED, {"page_size": 1})
    following = first["Link"].split(";")[0].strip("<>")
    second = api.get(following)

    assert first["Link"].endswith('rel="next"')
    assert reviewed_urls(first.json()) + reviewed_urls(second.json()) == [
        review_url(c) for c in publication_order(demo)
    ]
    assert "Link" not in second


def test_it_lists_verdicts_published_at_or_after_since(viewer, demo):
    latest = max(VerdictPublication.objects.values_list("at", flat=True))
    api = token_client(viewer)

    at_latest = api.get(FEED, {"since": latest.isoformat()}).json()
    after = api.get(FEED, {"since": (latest + timedelta(seconds=1)).isoformat()}).json()

    assert reviewed_urls(at_latest) == [review_url(publication_order(demo)[-1])]
    assert after["dataFeedElement"] == []


def test_it_lists_a_republished_claim_once_at_its_latest_publication(
    viewer, editor, reviewer, other_reviewer, demo
):
    first, second = publication_order(demo)
    claim = first
    advance(claim, ("researching", reviewer), note="A new document came to light.")
    advance(claim, ("in_review", editor), ("published", other_reviewer))

    body = token_client(viewer).get(FEED).json()

    assert reviewed_urls(body) == [review_url(c) for c in (second, first)]
    latest = VerdictPublication.objects.filter(claim=claim).order_by("-at").first()
    assert body["dataFeedElement"][-1]["dateModified"] == latest.at.isoformat()


def test_it_refuses_a_bad_since_as_a_field_error(viewer, db):
    for since in ("yesterday", "2025-13-01T00:00:00Z", "9999-12-31T23:59:59-23:00"):
        response = token_client(viewer).get(FEED, {"since": since})

        assert response.status_code == 400, since
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "since"


def test_it_reads_the_feed_in_a_constant_number_of_queries(viewer, demo, django_assert_num_queries):
    api = token_client(viewer)
    api.get(FEED)  # warm-up: the token's first use also writes its last_used_at

    # 1 the token and its user, 2-3 the user's and group's permissions, 4 the
    # page of latest publications with their claims, articles, outlets and
    # ratings, 5 the claims' attributions with their sources, 6 their events
    # (the verdict's rationale), 7 the rating scale.
    with django_assert_num_queries(7):
        response = api.get(FEED)
    assert len(json.loads(response.content)["dataFeedElement"]) == 2


def test_it_refuses_outsiders_and_strangers(outsider, client, db):
    assert token_client(outsider).get(FEED).status_code == 403
    assert client.get(FEED).status_code == 401
