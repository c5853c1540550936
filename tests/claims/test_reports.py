"""Reports people read: the article verdict report and the desk report, HTML and PDF."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from claims import services
from claims.models import Article, Claim, Rating, Status
from tests.conftest import make_user


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", stdout=StringIO())
    return make_user("desk", "Viewers")


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_article_report_lists_the_claims_in_text_order(client, demo):
    article = Article.objects.get()
    client.force_login(demo)
    response = client.get(reverse("claims:article_report", args=[article.pk]))
    entries = response.context["entries"]
    assert [e.claim.start for e in entries] == sorted(c.start for c in article.claims.all())
    assert len(entries) == 9
    html = response.content.decode()
    assert "<strong>4</strong> of 9 claims rest on anonymous sources only" in html
    assert dict(response.context["sourcing"]) == {
        "Anonymous sources only": 4,
        "Named sources (not confirmed)": 2,
        "Confirmed sources": 1,
        "The outlet's own assertions": 2,
    }
    instruction = next(e for e in entries if e.claim.quote.startswith("Imran Khan instructed"))
    assert instruction.rationale.startswith("Agreed: half true")
    assert instruction.evidence[0].title == "Adiala Jail visitor log, 22 May"


def test_the_article_report_pdf_shows_the_same(client, demo, settings):
    settings.NEWSROOM_NAME = "Dawn-News & Co's Desk"
    article = Article.objects.get()
    client.force_login(demo)
    text = pdf_text(client.get(reverse("claims:article_report_pdf", args=[article.pk])))
    assert "4 of 9 claims rest on anonymous sources only" in text
    # In every page's footer, exactly as typed (no JavaScript-style escapes).
    pages = len(
        PdfReader(
            io.BytesIO(client.get(reverse("claims:article_report_pdf", args=[article.pk])).content)
        ).pages
    )
    assert text.count("Dawn-News & Co's Desk") == pages
    assert "u002D" not in text
    numbered = [text.index(f"{n}. ") for n in range(1, 10)]
    assert numbered == sorted(numbered)
    assert text.index("Efforts to resume negotiations") < text.index("Imran Khan instructed")


def test_the_desk_report_counts_the_periods_verdicts(client, demo):
    reviewer, other = make_user("rev", "Reviewers"), make_user("rev2", "Reviewers")
    # One published verdict changes within the period: reopened, re-rated, republished.
    claim = Claim.objects.get(quote__startswith="while no formal")
    services.claim_transition(
        claim=claim, to=Status.RESEARCHING, by=reviewer, version=claim.version, note="New facts"
    )
    services.claim_rate(
        claim=claim,
        rating=Rating.objects.get(slug="true"),
        by=reviewer,
        version=claim.version,
        note="Confirmed by both sides",
    )
    services.claim_transition(claim=claim, to=Status.IN_REVIEW, by=reviewer, version=claim.version)
    services.claim_transition(claim=claim, to=Status.PUBLISHED, by=other, version=claim.version)
    today = timezone.localdate().isoformat()
    client.force_login(demo)
    url = reverse("claims:desk_report")
    response = client.get(url, {"published_after": today, "published_before": today})
    assert response.context["total"] == len(response.context["claims"]) == 2
    assert response.context["changed_verdicts"] == 1
    by_rating = {bar.label: bar.value for bar in response.context["by_rating"]}
    assert (by_rating["True"], by_rating["Half true"], by_rating["Mostly true"]) == (1, 1, 0)
    assert response.context["anonymous_share"] == [("Sample outlet", 1, 2, 50.0)]
    html = response.content.decode()
    assert html.count("<svg") == 3
    narrowed = client.get(url, {"published_after": today, "sourcing": "anonymous_only"})
    assert narrowed.context["total"] == len(narrowed.context["claims"]) == 1
    empty = client.get(url, {"published_before": "2020-01-01"})
    assert empty.context["total"] == len(empty.context["claims"]) == 0


def test_the_desk_report_pdf_renders(client, demo):
    client.force_login(demo)
    text = pdf_text(client.get(reverse("claims:desk_report_pdf")))
    assert "verdicts published" in text and "Anonymous sources only, per outlet" in text
