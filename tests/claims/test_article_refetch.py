"""Checking an article for updates: by hand ("Check for updates") and on a schedule.

The pages come from the local pages server: ``pti-dialogue`` is the shared
article as imported, ``pti-dialogue-revised`` the outlet's update of it (a
note inserted above the claims, one quote corrected).
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.management.commands.load_demo import create_demo_claim
from claims.models import Anchoring, Article, ArticleFetch, ArticleRevision, Claim, ClaimEvent
from claims.record import check_record
from claims.services import refetches
from claims.services.refetches import article_refetch_request, articles_refetch_due
from tests.conftest import advance, claim_at


@pytest.fixture
def at_url(article, editor, pages_url, fetch_private):
    """Point the shared article at a page of the local server."""

    def point(page: str) -> Article:
        article.url = f"{pages_url}/{page}"
        services.article_update(article=article, by=editor)
        return article

    return point


@pytest.fixture
def check_now(django_capture_on_commit_callbacks):
    """Ask for a check and let its task run, as a worker would once committed."""

    def check(article, by):
        with django_capture_on_commit_callbacks(execute=True):
            fetch = article_refetch_request(article=article, by=by)
        return ArticleFetch.objects.get(pk=fetch.pk)

    return check


@pytest.fixture
def nine_claims(article, editor, demo_claims) -> list[Claim]:
    return [create_demo_claim(article, entry, editor) for entry in demo_claims]


def test_a_changed_page_becomes_a_revision_and_the_claims_follow(
    at_url, nine_claims, editor, check_now
):
    article = at_url("pti-dialogue-revised")
    fetch = check_now(article, editor)
    assert (fetch.state, fetch.reason) == ("done", "revised")
    assert fetch.message == "Revision 2: 8 moved, 1 changed, 0 gone."
    assert (fetch.purpose, fetch.requested_by, fetch.article) == ("update", editor, article)
    revision = ArticleRevision.objects.get(article=article, number=2)
    assert fetch.revision == revision and revision.source == "url"
    assert revision.created_by == editor
    article.refresh_from_db()
    assert article.body.startswith("Update, May 25:") and article.body == revision.body
    changed = Claim.objects.get(anchor=Anchoring.CHANGED)
    assert changed.quote.startswith("Imran Khan asked Barrister Saif")
    assert ClaimEvent.objects.filter(kind="anchor_moved").count() == 8
    assert check_record() == []


def test_the_same_text_stores_nothing_and_says_so(at_url, nine_claims, editor, check_now):
    article = at_url("pti-dialogue")
    fetch = check_now(article, editor)
    assert (fetch.state, fetch.reason, fetch.message) == (
        "done",
        "unchanged",
        "No change since revision 1.",
    )
    assert fetch.revision is None
    assert ArticleRevision.objects.filter(article=article).count() == 1
    assert not ClaimEvent.objects.filter(kind__startswith="anchor").exists()


def test_a_page_that_fails_changes_nothing(at_url, nine_claims, editor, check_now):
    article = at_url("no-such-page")
    body = article.body
    fetch = check_now(article, editor)
    assert (fetch.state, fetch.reason) == ("failed", "http_error")
    article.refresh_from_db()
    assert article.body == body and article.revisions.count() == 1


def test_private_addresses_stay_refused_for_checks_too(article, editor, pages_url, check_now):
    article.url = f"{pages_url}/pti-dialogue-revised"
    services.article_update(article=article, by=editor)
    fetch = check_now(article, editor)
    assert (fetch.state, fetch.reason) == ("failed", "forbidden_address")
    assert article.revisions.count() == 1


def test_a_second_request_while_one_is_queued_is_the_same_check(at_url, editor, reviewer):
    article = at_url("pti-dialogue")
    first = article_refetch_request(article=article, by=editor)
    again = article_refetch_request(article=article, by=reviewer)
    assert again.pk == first.pk
    assert ArticleFetch.objects.filter(purpose="update").count() == 1


def test_it_refuses_an_article_without_a_url_and_a_viewer(article, editor, viewer):
    with pytest.raises(services.ClaimDeskError, match="no URL"):
        article_refetch_request(article=article, by=editor)
    article.url = "https://news.example.com/story"
    services.article_update(article=article, by=editor)
    with pytest.raises(PermissionDenied):
        article_refetch_request(article=article, by=viewer)
    assert not ArticleFetch.objects.exists()


def test_a_task_delivered_twice_revises_once(at_url, nine_claims, editor, check_now):
    article = at_url("pti-dialogue-revised")
    fetch = check_now(article, editor)
    again = refetches.article_refetch_run(fetch_id=fetch.pk)
    assert again.message == fetch.message
    assert article.revisions.count() == 2
    assert ClaimEvent.objects.filter(kind="anchor_changed").count() == 1


# -- the page


def test_check_for_updates_shows_how_it_went(
    client, at_url, nine_claims, editor, django_capture_on_commit_callbacks
):
    article = at_url("pti-dialogue-revised")
    client.force_login(editor)
    url = reverse("claims:article_refetch", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    response = client.get(response["Location"], follow=True)
    fetch = ArticleFetch.objects.get(purpose="update")
    assert response.request["PATH_INFO"] == fetch.get_absolute_url()
    html = response.content.decode()
    assert "Checking an article for updates" in html
    assert "Revision 2: 8 moved, 1 changed, 0 gone." in html
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Last checked for updates on" in page and "by erin" in page
    assert "Revision 2: 8 moved, 1 changed, 0 gone." in page


def test_a_colleague_may_follow_a_check_an_import_stays_private(client, at_url, editor, reviewer):
    article = at_url("pti-dialogue")
    check = article_refetch_request(article=article, by=editor)
    imported = ArticleFetch.objects.create(url="https://example.org/x", requested_by=editor)
    client.force_login(reviewer)
    assert client.get(check.get_absolute_url()).status_code == 200
    assert client.get(imported.get_absolute_url()).status_code == 403


def test_an_article_without_a_url_offers_no_check(client, article, editor):
    client.force_login(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Check for updates" not in html
    response = client.post(reverse("claims:article_refetch", args=[article.pk]), follow=True)
    assert "This article has no URL to check for updates." in response.content.decode()


# -- the schedule


def open_article(n: int, editor, pages_url: str, page: str = "pti-dialogue") -> Article:
    made = services.article_create(
        body=f"Article {n}. The minister said prices rose {n} percent.",
        by=editor,
        url=f"{pages_url}/{page}?n={n}",
    ).article
    claim_at(made, f"prices rose {n} percent", editor)
    return made


def age(article: Article, hours: float) -> None:
    Article.objects.filter(pk=article.pk).update(checked_at=timezone.now() - timedelta(hours=hours))


def test_the_schedule_picks_articles_with_a_url_and_open_claims_not_checked_lately(
    editor, reviewer, other_reviewer, pages_url, fetch_private, settings
):
    settings.ARTICLE_REFETCH_HOURS = 24
    due = open_article(1, editor, pages_url)
    age(due, 25)
    recent = open_article(2, editor, pages_url)
    age(recent, 23)
    closed = open_article(3, editor, pages_url)
    age(closed, 25)
    claim = closed.claims.get()
    advance(claim, ("not_checkable", editor), note="An opinion.")
    no_url = services.article_create(body="No address. Prices rose.", by=editor).article
    claim_at(no_url, "Prices rose", editor)
    age(no_url, 25)
    no_claims = services.article_create(
        body="Nothing yet.", by=editor, url=f"{pages_url}/x"
    ).article
    age(no_claims, 25)
    fetches = articles_refetch_due()
    assert [fetch.article_id for fetch in fetches] == [due.pk]
    assert fetches[0].requested_by is None and fetches[0].purpose == "update"
    due.refresh_from_db()
    assert due.checked_at > timezone.now() - timedelta(minutes=1)
    assert articles_refetch_due() == []  # checked now: not due again


def test_the_schedule_takes_a_bounded_batch_longest_unchecked_first(
    editor, pages_url, fetch_private
):
    articles = [open_article(n, editor, pages_url) for n in range(5)]
    for hours, article in zip([30, 50, 40, 26, 60], articles, strict=True):
        age(article, hours)
    fetches = articles_refetch_due(limit=3)
    assert [f.article_id for f in fetches] == [articles[4].pk, articles[1].pk, articles[2].pk]
    assert [f.article_id for f in articles_refetch_due(limit=3)] == [
        articles[0].pk,
        articles[3].pk,
    ]


def test_one_failure_does_not_stop_the_batch(
    editor, pages_url, fetch_private, django_capture_on_commit_callbacks, monkeypatch
):
    broken = open_article(1, editor, pages_url, page="no-such-page")
    exploding = open_article(2, editor, pages_url)
    fine = open_article(3, editor, pages_url, page="pti-dialogue-revised")
    for hours, article in zip([50, 40, 30], [broken, exploding, fine], strict=True):
        age(article, hours)
    real_request = refetches.article_refetch_request

    def request(*, article, by):
        if article.pk == exploding.pk:
            raise RuntimeError("a bug")
        return real_request(article=article, by=by)

    monkeypatch.setattr(refetches, "article_refetch_request", request)
    with django_capture_on_commit_callbacks(execute=True):
        fetches = articles_refetch_due()
    assert [f.article_id for f in fetches] == [broken.pk, fine.pk]
    states = {f.article_id: (f.state, f.reason) for f in ArticleFetch.objects.all()}
    assert states[broken.pk] == ("failed", "http_error")
    assert states[fine.pk] == ("done", "revised")
    fine.refresh_from_db()
    assert fine.body.startswith("Update, May 25:")


@pytest.mark.django_db(transaction=True)
def test_the_command_checks_in_process_without_a_broker(seed_data, at_url, nine_claims):
    """Committed for real (no test transaction around it): each check's task runs
    as its request commits, before the command reports."""
    article = at_url("pti-dialogue-revised")
    age(article, 48)
    out = StringIO()
    call_command("refetch_articles", "--limit", "5", stdout=out)
    assert f"article #{article.pk}" in out.getvalue()
    assert "Revision 2: 8 moved, 1 changed, 0 gone." in out.getvalue()
    assert "1 article(s) checked for updates." in out.getvalue()
    revision = article.revisions.get(number=2)
    assert revision.created_by is None and revision.source == "url"
    assert ClaimEvent.objects.get(kind="anchor_changed").actor is None


def test_beat_runs_the_periodic_check():
    entry = settings.CELERY_BEAT_SCHEDULE["article-refetch"]
    from factcheck.celery import app

    assert entry["task"] == "claims.tasks.refetch_due_articles"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
