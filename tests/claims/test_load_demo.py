"""manage.py load_demo: users, the sample article broken into claims, a history."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from claims.models import Article, Claim, ClaimEvent, Sourcing, Status


def load() -> str:
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def test_it_prints_users_whose_passwords_work(db, rf):
    out = load()
    for username, group in [
        ("editor", "Editors"),
        ("reviewer", "Reviewers"),
        ("viewer", "Viewers"),
    ]:
        password = f"claimdesk-{username}"
        assert f"{username}" in out and password in out
        # With the request, as a log-in page asks: the throttling backend needs it.
        request = rf.post("/accounts/login/")
        user = authenticate(request, username=username, password=password)
        assert user is not None and user.groups.filter(name=group).exists()


def test_it_breaks_the_article_into_nine_claims_four_anonymous_only(db, demo_claims):
    load()
    article = Article.objects.get()
    claims = list(article.claims.order_by("start"))
    assert len(claims) == 9
    assert [c.quote for c in claims] == [entry["content"] for entry in demo_claims]
    anonymous_only = [c for c in claims if c.sourcing == Sourcing.ANONYMOUS]
    assert len(anonymous_only) == 4
    assert {a.mention for c in anonymous_only for a in c.attributions.all()} == {
        "reliable party sources",
        "Sources",
        "PTI leaders",
        "sources familiar with the matter",
    }
    saif_claims = Claim.objects.filter(attributions__source__name="Barrister Mohammad Ali Saif")
    assert saif_claims.count() == 3
    assert sorted(saif_claims.values_list("attributions__mention", flat=True)) == [
        "Barrister Saif",
        "He",
        "He",
    ]


def test_the_instruction_claim_is_published_by_someone_else(db):
    load()
    claim = Claim.objects.get(quote__startswith="Imran Khan instructed")
    steps = [
        (e.to_status, e.actor.username)
        for e in claim.events.filter(kind="status_changed").order_by("at", "id")
    ]
    assert steps == [
        (Status.RESEARCHING, "editor"),
        (Status.IN_REVIEW, "editor"),
        (Status.PUBLISHED, "reviewer"),
    ]
    assert claim.status == Status.PUBLISHED and claim.rating.slug == "half-true"
    assert claim.evidence.count() == 2


def test_running_it_twice_changes_nothing(db):
    load()
    counts = (Article.objects.count(), Claim.objects.count(), ClaimEvent.objects.count())
    load()
    assert (Article.objects.count(), Claim.objects.count(), ClaimEvent.objects.count()) == counts


def test_it_refuses_to_run_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create demo users"):
        call_command("load_demo", stdout=StringIO())
    assert not Article.objects.exists()


def test_it_adds_a_discussion_with_mentions_once(db):
    from desk.models import Comment, Notification

    load()
    load()
    assert list(Comment.objects.values_list("author__username", flat=True)) == [
        "editor",
        "reviewer",
    ]
    mentioned = Notification.objects.filter(kind="mentioned")
    assert sorted(mentioned.values_list("recipient__username", flat=True)) == [
        "chief",
        "editor",
        "reviewer",
    ]
    assert Comment.objects.values("claim__status").distinct().get() == {
        "claim__status": "in_review"
    }


@pytest.mark.skipif(bool(settings.CELERY_BROKER_URL), reason="a broker is configured")
def test_it_logs_nothing_from_celery_without_a_broker(
    db, caplog, django_capture_on_commit_callbacks
):
    """No "No hostname was supplied" from kombu, no "Task … succeeded" per task."""
    caplog.set_level("DEBUG", logger="kombu")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load()
    assert callbacks, "the demo enqueues its suggestions task"
    noise = [r.getMessage() for r in caplog.records if r.name.startswith(("kombu", "celery"))]
    assert noise == []


def test_make_run_takes_another_port():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "PORT ?= 8000" in makefile
    assert "runserver 127.0.0.1:$(PORT)" in makefile
