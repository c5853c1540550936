"""The fuzz's world: the demo desk, an outsider, one of every object a URL names.

Kept here rather than in tests/conftest.py: only the fuzz needs all of it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from claims import fetching, services
from claims.models import (
    Article,
    ArticleFetch,
    Attribution,
    Claim,
    ClaimEvent,
    ClaimLink,
    Evidence,
    ExportJob,
    Source,
    Status,
    Suggestion,
)
from claims.services.export_jobs import export_job_request
from claims.services.links import claim_link
from desk.models import Comment, Notification, SavedView
from tests.conftest import make_user


@dataclass(frozen=True)
class World:
    """Real ids of each kind of object the URLs take, and the users by role."""

    users: dict[str, User | None]
    ids: dict[str, list[int]]


@pytest.fixture
def offline(monkeypatch) -> None:
    """URL imports never reach the network: every host is refused as unknown."""

    def refuse(target: object, limits: object) -> list[str]:
        raise fetching.FetchRefused("connection_failed", "The fuzz runs offline.")

    monkeypatch.setattr(fetching, "_resolve", refuse)


@pytest.fixture
def quiet_request_log() -> Iterator[None]:
    """Thousands of refused requests would each log a line; the fuzz reports its own."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def world(db, settings, tmp_path, offline) -> World:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--force", stdout=StringIO())
    users = {user.username: user for user in User.objects.all()}
    editor = users["editor"]
    claim = Claim.objects.exclude(status=Status.PUBLISHED).order_by("pk").first()
    upload = SimpleUploadedFile("log.txt", b"Visitor log", content_type="text/plain")
    services.evidence_add(claim=claim, by=editor, title="Log", file=upload)
    # A link between two claims, for the "Checked before?" card's remove button.
    claim_link(
        claim=claim, other=Claim.objects.exclude(pk=claim.pk).first(), kind="same_as", by=editor
    )
    ArticleFetch.objects.create(url="https://example.org/a", requested_by=editor)
    export_job_request(format="csv", query="status=published", by=editor)
    ExportJob.objects.create(format="jsonl", requested_by=editor, state=ExportJob.State.FAILED)
    article = Article.objects.get()
    Suggestion.objects.create(article=article, start=0, end=7, quote=article.body[:7], score=0.5)
    SavedView.objects.create(name="In review", query="status=in_review", owner=editor, shared=True)
    roles = {
        "anonymous": None,
        "outsider": make_user("outsider", None),
        "viewer": users["viewer"],
        "editor": editor,
        "reviewer": users["reviewer"],
    }
    return World(users=roles, ids=_ids())


def _ids() -> dict[str, list[int]]:
    def pks(model: type) -> list[int]:
        return list(model.objects.order_by("pk").values_list("pk", flat=True))

    return {
        "article": pks(Article),
        "claim": pks(Claim),
        "attribution": pks(Attribution),
        "evidence": pks(Evidence),
        "link": pks(ClaimLink),
        "suggestion": pks(Suggestion),
        "job": pks(ExportJob),
        "source": pks(Source),
        "fetch": pks(ArticleFetch),
        "event": pks(ClaimEvent),
        "comment": pks(Comment),
        "notification": pks(Notification),
        "saved_view": pks(SavedView),
    }
