"""article_revise: a new version of an article's text, its claims found again on it."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims.anchoring import Outcome
from claims.management.commands.load_demo import create_demo_claim
from claims.models import Anchoring, Article, ArticleRevision, Claim, ClaimEvent, Status
from claims.record import check_record
from claims.services import ClaimDeskError, article_create, claim_create
from claims.services.revisions import article_revise
from tests.conftest import INSTRUCTION, advance, claim_at

UPDATE_NOTE = "Update, May 25: PTI said on Sunday that no meeting had been scheduled.\n\n"
WRONG = "Imran Khan instructed Barrister Saif to explore possibilities for renewed dialogue"
RIGHT = "Imran Khan asked Barrister Saif to explore possibilities for renewed dialogue"


@pytest.fixture
def nine_claims(article, editor, demo_claims) -> list[Claim]:
    """The shared article broken into its nine claims, with their sources' mentions and cues."""
    return [create_demo_claim(article, entry, editor) for entry in demo_claims]


def corrected(article) -> str:
    """The shared article as the outlet updated it: a note above, one quote corrected."""
    return UPDATE_NOTE + article.body.replace(WRONG, RIGHT)


def events(kind: str) -> list[ClaimEvent]:
    return list(ClaimEvent.objects.filter(kind=kind).order_by("claim_id"))


def test_it_moves_eight_claims_and_flags_the_corrected_one(article, nine_claims, editor):
    new = corrected(article)
    revised = article_revise(article=article, body=new, by=editor, source="paste")
    changed = Claim.objects.get(pk=nine_claims[-1].pk)
    assert len(revised.claims[Outcome.MOVED]) == 8
    assert revised.claims[Outcome.CHANGED] == [changed.pk]
    assert revised.claims[Outcome.GONE] == []
    body = Claim.objects.first().article.body
    assert body == new and article.body == new
    for claim in Claim.objects.all():
        assert body[claim.start : claim.end] == claim.quote
    assert changed.quote.startswith(RIGHT) and changed.anchor == Anchoring.CHANGED
    assert set(Claim.objects.filter(anchor=Anchoring.ANCHORED)) == set(nine_claims[:-1])
    assert check_record() == []


def test_the_timeline_says_what_happened_to_each_claim(article, nine_claims, editor):
    article_revise(article=article, body=corrected(article), by=editor, source="paste")
    moved = events(ClaimEvent.Kind.ANCHOR_MOVED)
    assert [event.claim_id for event in moved] == [claim.pk for claim in nine_claims[:-1]]
    [changed] = events(ClaimEvent.Kind.ANCHOR_CHANGED)
    assert changed.actor == editor and changed.details["revision"] == 2
    assert changed.details["quote"][0].startswith(WRONG)
    assert changed.details["quote"][1].startswith(RIGHT)
    phrase = changed.changes()[0]
    assert "article revision 2" in phrase and "asked Barrister Saif" in phrase
    shift = len(UPDATE_NOTE)
    first = moved[0]
    assert first.details["to"] == [
        first.details["from"][0] + shift,
        first.details["from"][1] + shift,
    ]


def test_it_moves_the_mentions_and_cues_with_the_text(article, nine_claims, editor):
    before = {
        a.pk: (a.mention_start, a.cue_start)
        for claim in nine_claims
        for a in claim.attributions.all()
    }
    article_revise(article=article, body=corrected(article), by=editor, source="paste")
    claims = Claim.objects.prefetch_related("attributions")
    body = Claim.objects.first().article.body
    for attribution in (a for claim in claims for a in claim.attributions.all()):
        mention_start, cue_start = before[attribution.pk]
        assert attribution.mention_start == mention_start + len(UPDATE_NOTE)
        assert body[attribution.mention_start : attribution.mention_end] == attribution.mention
        assert attribution.cue_start == cue_start + len(UPDATE_NOTE)
    assert len(before) == 7


def test_it_stores_each_revision(article, editor):
    original = article.body
    article_revise(article=article, body=corrected(article), by=editor, source="url")
    first, second = ArticleRevision.objects.filter(article=article)
    assert (first.number, first.source, first.body) == (1, "import", original)
    assert (second.number, second.source, second.created_by) == (2, "url", editor)
    assert second.body == article.body and second.body_hash == article.body_hash


def test_a_new_article_has_its_first_revision(editor):
    made = article_create(body="A short text.", by=editor, title="Short")
    [revision] = made.article.revisions.all()
    assert (revision.number, revision.body, revision.created_by) == (1, "A short text.", editor)


def test_the_same_text_stores_nothing(article, nine_claims, editor):
    revised = article_revise(article=article, body=article.body + "\n", by=editor, source="paste")
    assert revised.revision is None
    assert ArticleRevision.objects.count() == 1
    assert not ClaimEvent.objects.filter(kind__startswith="anchor").exists()


def test_a_claim_in_a_removed_paragraph_is_gone_kept_and_flagged(article, nine_claims, editor):
    paragraph = next(p for p in article.body.split("\n\n") if "Barrister Saif confirmed" in p)
    body = article.body.replace(paragraph + "\n\n", "")
    revised = article_revise(article=article, body=body, by=editor, source="paste")
    gone = Claim.objects.filter(pk__in=revised.claims[Outcome.GONE]).select_related("span_revision")
    assert len(gone) == 3  # the three claims of Barrister Saif's paragraph
    for claim in gone:
        assert claim.anchor == Anchoring.GONE and claim.span_revision.number == 1
        assert claim.span_revision.body[claim.start : claim.end] == claim.quote
    # The two claims after it moved up; the four before it stayed where they were.
    assert revised.claims[Outcome.MOVED] == [claim.pk for claim in nine_claims[-2:]]
    assert check_record() == []


def test_a_gone_claim_stays_gone_through_a_later_revision(article, nine_claims, editor):
    paragraph = next(p for p in article.body.split("\n\n") if "Barrister Saif confirmed" in p)
    body = article.body.replace(paragraph + "\n\n", "")
    article_revise(article=article, body=body, by=editor, source="paste")
    again = article_revise(article=article, body=UPDATE_NOTE + body, by=editor, source="paste")
    assert again.claims[Outcome.GONE] == [] and len(again.claims[Outcome.MOVED]) == 6
    assert Claim.objects.filter(anchor=Anchoring.GONE, span_revision__number=1).count() == 3
    assert check_record() == []


def test_a_published_claim_keeps_its_verdict_and_says_the_article_changed(
    article, editor, reviewer, other_reviewer, ratings
):
    claim = claim_at(article, INSTRUCTION, editor)
    advance(claim, (Status.RESEARCHING, editor))
    advance(claim, (Status.IN_REVIEW, reviewer), rating=ratings["true"], note="Checked")
    advance(claim, (Status.PUBLISHED, other_reviewer))
    article_revise(article=article, body=corrected(article), by=editor, source="paste")
    claim = Claim.objects.get(pk=claim.pk)
    assert (claim.status, claim.rating) == (Status.PUBLISHED, ratings["true"])
    assert claim.quote == RIGHT and claim.article_changed_since_verdict
    assert check_record() == []


def test_it_refuses_a_viewer(article, viewer):
    with pytest.raises(PermissionDenied):
        article_revise(article=article, body=corrected(article), by=viewer, source="paste")
    assert ArticleRevision.objects.count() == 1


def test_it_refuses_an_unknown_source(article, editor):
    with pytest.raises(ClaimDeskError, match="not a source"):
        article_revise(article=article, body=corrected(article), by=editor, source="fax")


def test_the_claim_page_says_the_article_changed_since_the_verdict(
    client, article, editor, reviewer, other_reviewer, ratings
):
    claim = claim_at(article, INSTRUCTION, editor)
    advance(claim, (Status.RESEARCHING, editor))
    advance(claim, (Status.IN_REVIEW, reviewer), rating=ratings["true"], note="Checked")
    advance(claim, (Status.PUBLISHED, other_reviewer))
    client.force_login(editor)
    assert "changed since the verdict" not in client.get(claim.get_absolute_url()).text
    article_revise(article=article, body=corrected(article), by=editor, source="paste")
    page = client.get(claim.get_absolute_url()).text
    assert "The article changed since the verdict: words changed in a newer revision" in page
    assert "article revision 2: quote" in page


def test_the_article_page_marks_no_gone_claim_in_the_new_text(client, article, nine_claims, editor):
    paragraph = next(p for p in article.body.split("\n\n") if "Barrister Saif confirmed" in p)
    body = article.body.replace(paragraph + "\n\n", "")
    revised = article_revise(article=article, body=body, by=editor, source="paste")
    client.force_login(editor)
    page = client.get(article.get_absolute_url()).text
    text = page[page.index('id="article-body"') :].split("</div>", 1)[0]
    marked = {int(pk) for ids in re.findall(r'data-claims="([\d ]+)"', text) for pk in ids.split()}
    # The gone claims' offsets are into revision 1: they mark nothing in revision 2's text.
    assert marked == {claim.pk for claim in nine_claims} - set(revised.claims[Outcome.GONE])


def test_a_span_read_on_the_text_before_a_revision_makes_no_claim(article, editor):
    """The capture's race: the page (and the view's copy of the article) read the
    old text; a revision stored a new one before the capture was saved."""
    page_copy = Article.objects.get(pk=article.pk)
    start = page_copy.body.index(WRONG)
    article_revise(article=article, body=corrected(article), by=editor, source="paste")
    with pytest.raises(ClaimDeskError, match="does not match the article"):
        claim_create(article=page_copy, start=start, end=start + len(WRONG), quote=WRONG, by=editor)
    assert not Claim.objects.exists()
    assert check_record() == []


def test_a_gone_claims_mentions_stay_in_the_revision_it_came_from(
    client, article, nine_claims, editor
):
    """Its span, and its attributions' spans, point into that revision: changing a
    sourcing posts the mention as stored, and a new mention is found there too."""
    paragraph = next(p for p in article.body.split("\n\n") if "Barrister Saif confirmed" in p)
    article_revise(
        article=article,
        body=article.body.replace(paragraph + "\n\n", ""),
        by=editor,
        source="paste",
    )
    gone = Claim.objects.filter(anchor=Anchoring.GONE).order_by("pk")[0]
    attribution = gone.attributions.exclude(mention_start=None).select_related("source")[0]
    client.force_login(editor)
    response = client.post(
        reverse("claims:attribution_change", args=[attribution.pk]),
        {"sourcing": "confirmed", "version": gone.version},
    )
    assert response.status_code == 302
    attribution.refresh_from_db()
    assert attribution.sourcing == "confirmed"
    gone.refresh_from_db()
    words = gone.quote.split()[0]
    response = client.post(
        reverse("claims:attribution_add", args=[gone.pk]),
        {
            "source_name": "Another source",
            "source_kind": "person",
            "sourcing": "named",
            "mention": words,
            "version": gone.version,
        },
    )
    assert response.status_code == 302
    added = gone.attributions.get(source__name="Another source")
    assert gone.span_revision.body[added.mention_start : added.mention_end] == words
    assert check_record() == []
