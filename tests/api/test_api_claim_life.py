"""A claim's whole life through the API alone, from the article to the ClaimReview feed."""

from __future__ import annotations

import json
import subprocess
import sys

from django.utils import timezone

from claims.models import Claim
from tests.api.conftest import token_client
from tests.claims.test_exports import VALIDATOR
from tests.conftest import SECOND_OUTLET_BODY

TRANCHE = "the IMF would release the next tranche in July"


def test_a_claim_goes_from_article_to_claimreview_feed_through_the_api(
    editor, reviewer, other_reviewer, tmp_path
):
    desk, first_reviewer, second_reviewer = (
        token_client(editor),
        token_client(reviewer),
        token_client(other_reviewer),
    )
    article = desk.post(
        "/api/v1/articles/",
        {
            "body": SECOND_OUTLET_BODY,
            "outlet": "Dawn",
            "url": "https://www.dawn.com/news/1912345/imf-tranche",
            "published_on": "2025-06-02",
        },
        format="json",
    )
    assert article.status_code == 201
    start = SECOND_OUTLET_BODY.index(TRANCHE)
    captured = desk.post(
        "/api/v1/claims/",
        {
            "article": article.json()["id"],
            "start": start,
            "end": start + len(TRANCHE),
            "statement": "The IMF will release the next tranche in July",
            "attribution": {
                "source_name": "Officials familiar with the talks",
                "source_kind": "anonymous_group",
                "sourcing": "anonymous",
                "mention": "Officials familiar with the talks",
                "cue": "said",
            },
        },
        format="json",
    )
    assert captured.status_code == 201, captured.json()
    claim = captured.json()
    assert claim["sourcing"] == "anonymous"
    moves = f"/api/v1/claims/{claim['id']}/moves/"

    researching = desk.post(
        moves, {"to": "researching"}, format="json", HTTP_IF_MATCH=captured["ETag"]
    )
    assert researching.status_code == 200
    # The first reviewer sends it to review with a verdict: they may not publish it.
    in_review = first_reviewer.post(
        moves,
        {
            "to": "in_review",
            "rating": "half-true",
            "note": "Reported by two outlets, unconfirmed by the IMF",
            "version": researching.json()["version"],
        },
        format="json",
    )
    assert in_review.status_code == 200, in_review.json()
    version = in_review.json()["version"]
    publish = {"to": "published", "version": version}
    refused = first_reviewer.post(moves, publish, format="json")
    editor_refused = desk.post(moves, publish, format="json")
    assert refused.status_code == 403 and "Four eyes" in refused.json()["detail"]
    assert editor_refused.status_code == 403
    assert Claim.objects.get(pk=claim["id"]).status == "in_review"

    since = timezone.now()
    published = second_reviewer.post(moves, publish, format="json")
    assert published.status_code == 200, published.json()
    assert (published.json()["status"], published.json()["rating"]) == ("published", "half-true")

    feed = desk.get("/api/v1/claimreview/", {"since": since.isoformat()})
    assert feed.status_code == 200, feed.content[:300]
    # Each element is a DataFeedItem around the ClaimReview, dated by its publication.
    reviews = [element["item"] for element in feed.json()["dataFeedElement"]]
    assert [(review["@type"], review["claimReviewed"]) for review in reviews] == [
        ("ClaimReview", "The IMF will release the next tranche in July")
    ]
    if VALIDATOR.exists():
        path = tmp_path / "feed.json"
        path.write_text(json.dumps(feed.json()))
        result = subprocess.run(
            [sys.executable, str(VALIDATOR), "--strict", str(path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
