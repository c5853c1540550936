"""The article page's revisions: pasting a new version, reading an earlier one,
comparing it with the current text; the claim page's article as it stood."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.management.commands.load_demo import create_demo_claim
from claims.models import ArticleRevision, Claim
from claims.revision_diff import CONTEXT, text_diff
from claims.services.imports import import_article_file
from claims.services.refetches import article_refetch_request
from claims.services.revisions import article_revise
from tests.conftest import ARTICLE_FILE, INSTRUCTION, claim_at

UPDATE_NOTE = "Update, May 25: PTI said on Sunday that no meeting had been scheduled.\n\n"
CORRECTED = "Imran Khan asked Barrister Saif to explore possibilities for renewed dialogue"


def corrected(body: str) -> str:
    return UPDATE_NOTE + body.replace(INSTRUCTION, CORRECTED)


@pytest.fixture
def nine_claims(article, editor, demo_claims) -> list[Claim]:
    return [create_demo_claim(article, entry, editor) for entry in demo_claims]


def revision_url(article) -> str:
    return reverse("claims:article_revision_new", args=[article.pk])


def diff_url(article, number: int) -> str:
    return reverse("claims:article_revision_diff", args=[article.pk]) + f"?revision={number}"


# -- Paste a new version


def test_a_pasted_version_says_what_it_did_to_the_claims(client, article, nine_claims, editor):
    client.force_login(editor)
    response = client.post(revision_url(article), {"body": corrected(article.body)}, follow=True)
    assert response.redirect_chain == [(article.get_absolute_url(), 302)]
    assert "Revision 2: 8 moved, 1 changed, 0 gone." in response.content.decode()
    revision = ArticleRevision.objects.get(article=article, number=2)
    assert (revision.source, revision.created_by) == ("paste", editor)


def test_the_same_text_pasted_says_nothing_changed(client, article, nine_claims, editor):
    client.force_login(editor)
    response = client.post(revision_url(article), {"body": article.body + "\n"}, follow=True)
    assert "The same text: no change since revision 1." in response.content.decode()
    assert article.revisions.count() == 1


def test_a_refused_version_keeps_the_pasted_text_and_says_why(client, article, editor):
    other = services.article_create(body="Another article's text.", by=editor).article
    client.force_login(editor)
    response = client.post(revision_url(article), {"body": other.body})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Another article already has exactly this text." in html
    assert "Another article&#x27;s text." in html  # back in the textarea, escaped
    assert article.revisions.count() == 1


def test_a_viewer_is_offered_neither_paste_nor_check(client, article, viewer, editor):
    article.url = "https://news.example.com/story"
    services.article_update(article=article, by=editor)
    client.force_login(viewer)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Paste a new version" not in html and "Check for updates" not in html
    assert "Revisions" in html


# -- the revisions on the article page


def test_the_article_page_lists_the_revisions_newest_first(client, article, editor, reviewer):
    article_revise(article=article, body=corrected(article.body), by=reviewer, source="paste")
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    listed = html[html.index('class="revision-list"') :]
    assert listed.index('id="revision-2"') < listed.index('id="revision-1"')
    assert "rafa" in listed and "Pasted" in listed and "Imported" in listed
    assert f'href="{article.get_absolute_url()}?revision=1"' in listed
    assert diff_url(article, 1).replace("?", "?") in listed.replace("&amp;", "&")


def test_an_earlier_revision_is_read_whole_without_capture(client, article, editor):
    original = article.body
    article_revise(article=article, body=corrected(article.body), by=editor, source="paste")
    client.force_login(editor)
    response = client.get(article.get_absolute_url(), {"revision": 1})
    html = response.content.decode()
    assert "You are reading revision 1 of 2" in html
    text = response.context["reading"].body
    assert text == original and INSTRUCTION in html
    assert "find-text" not in html and "capture.js" not in html
    current = client.get(article.get_absolute_url(), {"revision": 2}).content.decode()
    assert "You are reading" not in current and "find-text" in current


def test_a_revision_that_is_not_one_says_so_and_shows_the_current_text(client, article, editor):
    client.force_login(editor)
    response = client.get(article.get_absolute_url(), {"revision": "7"}, follow=True)
    html = response.content.decode()
    assert "“7” is not a revision of this article: showing its current text." in html
    assert "find-text" in html


def test_the_article_page_runs_a_constant_number_of_queries_however_many_revisions(
    client, article, nine_claims, editor, django_assert_num_queries
):
    article.url = "https://news.example.com/story"
    services.article_update(article=article, by=editor)
    article_refetch_request(article=article, by=editor)
    client.force_login(editor)
    body = corrected(article.body)
    for n in range(26):
        body = f"{body}\n\nLater {n}."
        article_revise(article=article, body=body, by=editor, source="paste")
    # 1 session, 2 user, 3-4 permissions, 5 the article, 6 its claims, 7 their
    # attributions, 8 their sources, 9 open suggestions, 10 the newest
    # revisions (bodies left out) with who made them, 11 the last check for
    # updates with who asked, 12-13 the header's unread count and groups.
    with django_assert_num_queries(13):
        response = client.get(article.get_absolute_url())
    assert len(response.context["revisions"]) == 10
    assert response.context["revision_count"] == 27
    assert "The newest 10 of 27." in response.content.decode()


# -- the diff


def test_the_diff_marks_what_was_added_and_removed(client, article, nine_claims, editor):
    article_revise(article=article, body=corrected(article.body), by=editor, source="paste")
    client.force_login(editor)
    html = client.get(diff_url(article, 1)).content.decode()
    assert "What changed since revision 1" in html
    assert (
        "<ins>Update, May 25: PTI said on Sunday that no meeting had been scheduled.\n\n</ins>"
        in html
    )
    assert "<del>instruct</del><ins>ask</ins>" in html or (
        "<del>instructed</del><ins>asked</ins>" in html
    )
    assert "unchanged characters" in html


def test_the_diff_escapes_every_piece(client, editor):
    article = services.article_create(
        body="Intro. <script>alert(1)</script> said the minister.", by=editor
    ).article
    article_revise(
        article=article,
        body="Intro. <b onmouseover=x>bold</b> said the <i>minister</i>.",
        by=editor,
        source="paste",
    )
    client.force_login(editor)
    html = client.get(diff_url(article, 1)).content.decode()
    assert (
        "<script>alert" not in html and "<b onmouseover" not in html and "<i>minister" not in html
    )
    assert "<del>script&gt;alert(1)&lt;/script</del>" in html
    assert "<ins>b onmouseover=x&gt;bold&lt;/b</ins>" in html
    assert "<ins>&lt;i&gt;</ins>minister<ins>&lt;/i&gt;</ins>" in html


def test_the_diff_of_an_unknown_revision_is_not_found(client, article, editor):
    client.force_login(editor)
    assert client.get(diff_url(article, 9)).status_code == 404
    url = reverse("claims:article_revision_diff", args=[article.pk])
    assert client.get(url, {"revision": "x" * 50}).status_code == 404


def test_the_diff_page_runs_a_constant_number_of_queries(
    client, article, editor, django_assert_num_queries
):
    body = article.body
    for n in range(3):
        body = f"{body}\n\nParagraph {n} " + "added text " * 200
        article_revise(article=article, body=body, by=editor, source="paste")
    client.force_login(editor)
    # 1 session, 2 user, 3-4 permissions, 5 the article, 6 the earlier revision,
    # 7 the current one, 8-9 the header's unread count and groups.
    with django_assert_num_queries(9):
        assert client.get(diff_url(article, 1)).status_code == 200


def test_the_diff_keeps_only_the_context_of_long_unchanged_stretches():
    old = "A" * 5000 + " old words " + "B" * 5000
    new = "A" * 5000 + " new words " + "B" * 5000
    diff = text_diff(old, new)
    kinds = [piece.kind for piece in diff.pieces]
    assert kinds[0] == "skipped" and kinds[-1] == "skipped"
    shown = sum(len(piece.text) for piece in diff.pieces)
    assert shown < 2 * CONTEXT + 50
    assert diff.added == diff.removed == 3
    assert diff.pieces[0].skipped + sum(
        len(p.text) for p in diff.pieces if p.kind in ("same", "removed")
    ) + diff.pieces[-1].skipped == len(old)
    assert not text_diff(old, old).changed


# -- as it stood on


@pytest.fixture
def revised_over_days(editor):
    """The shared article imported on 24 May 2025, one claim captured; corrected on
    the 26th (a note above, the claim's quote corrected)."""
    with time_machine.travel(datetime(2025, 5, 24, 10, tzinfo=UTC), tick=False):
        article = import_article_file(ARTICLE_FILE, title="PTI dialogue").article
        claim = claim_at(article, INSTRUCTION, editor)
    with time_machine.travel(datetime(2025, 5, 26, 10, tzinfo=UTC), tick=False):
        article_revise(article=article, body=corrected(article.body), by=editor, source="paste")
    return claim


def test_the_claim_page_shows_the_article_as_it_stood_on_a_day(client, revised_over_days, editor):
    claim = revised_over_days
    client.force_login(editor)
    url = reverse("claims:claim_detail", args=[claim.pk])
    before = client.get(url, {"on": "2025-05-25"}).content.decode()
    assert "The article then:" in before and "revision 1</a>" in before
    assert f"<mark>{INSTRUCTION}</mark>" in before
    assert "Update, May 25" not in before
    after = client.get(url, {"on": "2025-05-27"}).content.decode()
    assert "revision 2</a>" in after
    assert f"<mark>{CORRECTED}</mark>" in after
    assert client.get(url).context["text_on"] is None


def test_the_span_as_it_stood_follows_the_claims_events(revised_over_days):
    claim = Claim.objects.select_related("article").get(pk=revised_over_days.pk)
    on_25th = datetime(2025, 5, 25, 12, tzinfo=UTC)
    start, end = claim.span_at(on_25th)
    assert (start, end - start) == (claim.start - len(UPDATE_NOTE), len(INSTRUCTION))
    assert claim.article.revision_at(on_25th).body[start:end] == INSTRUCTION
    assert claim.span_at(timezone.now()) == (claim.start, claim.end)


def test_a_claim_whose_words_were_gone_says_so_as_it_stood(client, editor):
    with time_machine.travel(datetime(2025, 5, 24, 10, tzinfo=UTC), tick=False):
        article = import_article_file(ARTICLE_FILE, title="PTI dialogue").article
        claim = claim_at(article, INSTRUCTION, editor)
    paragraph = next(p for p in article.body.split("\n\n") if INSTRUCTION in p)
    with time_machine.travel(datetime(2025, 5, 26, 10, tzinfo=UTC), tick=False):
        article_revise(
            article=article,
            body=article.body.replace("\n\n" + paragraph, ""),
            by=editor,
            source="paste",
        )
    client.force_login(editor)
    url = reverse("claims:claim_detail", args=[claim.pk])
    response = client.get(url, {"on": "2025-05-27"})
    html = response.content.decode()
    assert Claim.objects.get(pk=claim.pk).anchor == "gone", response.context["text_on"]
    assert "The claim's words were not in the article's text then." in html
    assert "of <a href" in client.get(url).content.decode()  # "characters … of revision 1"
