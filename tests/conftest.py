"""Shared fixtures: the three roles plus an outsider, and the sample article.

The article is the real one from shared/data, as copied into claims/demo/.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection

from claims import services
from claims.models import (
    Article,
    ArticleTally,
    Claim,
    ClaimEvent,
    Outlet,
    Rating,
    Source,
    SourceVerdictTally,
)
from claims.search import claim_vector_changes
from claims.services.imports import import_article_file
from claims.tallies import store_counts

DEMO_DIR = Path(__file__).resolve().parent.parent / "claims" / "demo"
ARTICLE_FILE = DEMO_DIR / "pti-dialogue-2025-05-24.txt"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def make_user(username: str, group: str | None) -> User:
    user = User.objects.create_user(username, password="pw-" + username, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def editor(db) -> User:
    return make_user("erin", "Editors")


@pytest.fixture
def other_editor(db) -> User:
    return make_user("eddie", "Editors")


@pytest.fixture
def reviewer(db) -> User:
    return make_user("rafa", "Reviewers")


@pytest.fixture
def other_reviewer(db) -> User:
    return make_user("rosa", "Reviewers")


@pytest.fixture
def viewer(db) -> User:
    return make_user("vera", "Viewers")


@pytest.fixture
def outsider(db) -> User:
    """Logged in, but in no group: may see nothing."""
    return make_user("otto", None)


@pytest.fixture
def article(db) -> Article:
    return import_article_file(ARTICLE_FILE, title="PTI dialogue").article


@pytest.fixture
def demo_claims() -> list[dict]:
    return json.loads((DEMO_DIR / "pti-dialogue-2025-05-24.claims.json").read_text())["claims"]


@pytest.fixture
def ratings(db) -> dict[str, Rating]:
    return {rating.slug: rating for rating in Rating.objects.all()}


@pytest.fixture
def saif(db) -> Source:
    return Source.objects.create(
        name="Barrister Mohammad Ali Saif", kind=Source.Kind.PERSON, aliases="Barrister Saif"
    )


@pytest.fixture
def party_sources(db) -> Source:
    return Source.objects.create(name="PTI party sources", kind=Source.Kind.ANONYMOUS_GROUP)


def claim_at(article: Article, text: str, by: User, **kwargs) -> Claim:
    """A claim on the first occurrence of ``text`` in the article."""
    start = article.body.index(text)
    return services.claim_create(
        article=article, start=start, end=start + len(text), quote=text, by=by, **kwargs
    )


def recount_tallies() -> None:
    """The sources' and articles' tallies counted afresh, as the migration that added
    them did: for tests that write claims or articles behind the services' back."""
    Source.objects.update(claim_count=0, anonymous_count=0, published_count=0)
    ArticleTally.objects.all().delete()
    SourceVerdictTally.objects.all().delete()
    with connection.cursor() as cursor:
        store_counts(cursor)


def rewrite_claim_row(claim: Claim, **fields) -> None:
    """Change a claim's columns behind the services' back, its stored search vector
    kept in line with its text, so that only the rule a test means to break breaks."""
    vector = claim_vector_changes(Claim.objects.db, **fields)
    Claim.objects.filter(pk=claim.pk).update(**fields, **vector)


def span_of(article: Article, text: str) -> services.Span:
    start = article.body.index(text)
    return services.Span(start, start + len(text), text)


NO_FORMAL_TALKS = "no formal negotiations are underway yet"
INSTRUCTION = "Imran Khan instructed Barrister Saif to explore possibilities for renewed dialogue"


@pytest.fixture
def claim(article, editor) -> Claim:
    return claim_at(article, INSTRUCTION, editor)


def advance(claim: Claim, *steps: tuple[str, User], **kwargs) -> Claim:
    """Walk a claim through ``steps`` of (status, user), each through the service."""
    for to, user in steps:
        services.claim_transition(claim=claim, to=to, by=user, version=claim.version, **kwargs)
    return claim


# A second outlet's article, so that the outlet filters have something to
# leave out, and so that "any anonymous source" and "anonymous sources only"
# can differ (the demo article has one outlet and no claim of mixed sourcing).
SECOND_OUTLET_BODY = (
    "The finance ministry said the budget deficit widened to 7 percent of output. "
    "Officials familiar with the talks said the IMF would release the next tranche in July. "
    "Finance Minister Muhammad Aurangzeb said revenue rose 30 percent this year, "
    "and two officials speaking on condition of anonymity repeated the figure."
)


@dataclass
class SecondOutlet:
    outlet: Outlet
    article: Article
    named: Claim  # attributed to a named source only
    anonymous: Claim  # attributed to an anonymous source only

    @property
    def claim_ids(self) -> set[int]:
        return {self.named.pk, self.anonymous.pk}


def attribute(claim: Claim, name: str, kind: str, sourcing: str, by: User) -> None:
    """Attribute ``claim`` through the services, on the claim as stored now."""
    source = services.source_find_or_create(name=name, kind=kind, by=by)
    claim.refresh_from_db()
    services.attribution_set(
        claim=claim, source=source, sourcing=sourcing, by=by, version=claim.version
    )
    claim.refresh_from_db()


@pytest.fixture
def second_outlet_claims(db, editor) -> SecondOutlet:
    """Dawn's article with a named-source claim and an anonymous-source claim."""
    outlet = services.outlet_find_or_create("Dawn", domain="dawn.com")
    article = services.article_create(
        body=SECOND_OUTLET_BODY,
        by=editor,
        title="Deficit widens as IMF tranche nears",
        outlet=outlet,
        published_on=date(2025, 6, 2),
    ).article
    named = claim_at(article, "the budget deficit widened to 7 percent of output", editor)
    attribute(named, "Finance ministry", Source.Kind.ORGANIZATION, "named", editor)
    anonymous = claim_at(article, "the IMF would release the next tranche in July", editor)
    attribute(
        anonymous,
        "Officials familiar with the talks",
        Source.Kind.ANONYMOUS_GROUP,
        "anonymous",
        editor,
    )
    return SecondOutlet(outlet=outlet, article=article, named=named, anonymous=anonymous)


@pytest.fixture
def mixed_sourcing_claim(second_outlet_claims, editor) -> Claim:
    """A claim on the second outlet's article with one named and one anonymous source.

    Its sourcing is "named" (the strongest), so "anonymous sources only" must
    leave it out while "any anonymous source" must list it.
    """
    claim = claim_at(second_outlet_claims.article, "revenue rose 30 percent this year", editor)
    attribute(claim, "Muhammad Aurangzeb", Source.Kind.PERSON, "named", editor)
    attribute(claim, "Two finance officials", Source.Kind.ANONYMOUS_GROUP, "anonymous", editor)
    assert claim.sourcing == "named"
    return claim


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # PBKDF2's deliberate slowness buys nothing in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """Tasks run eagerly in tests, even when CI configures a broker.

    The one test that needs a real worker (tests/worker/) turns this off.
    """
    from factcheck.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def pages_url():
    from tests.pages_server import pages_server

    with pages_server() as url:
        yield url


@pytest.fixture
def fetch_private(settings):
    """Let URL imports reach the local fixture server."""
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def seed_data(transactional_db) -> None:
    """Put back what the data migrations seed (roles, ratings).

    Live-server tests run in transactions that really commit, so the database
    is emptied after each of them, seed data included. (Django's
    serialized_rollback cannot restore it here: Playwright's greenlets give
    the test another connection object than the one holding the snapshot.)
    """
    for migration, function in (
        ("claims.migrations.0003_seed_rating_scale", "seed"),
        ("claims.migrations.0004_create_roles", "create_roles"),
        ("desk.migrations.0002_grant_desk_permissions", "grant_desk_permissions"),
    ):
        getattr(importlib.import_module(migration), function)(apps, None)


@pytest.fixture(scope="session", autouse=True)
def flush_lifts_the_truncate_guard() -> Iterator[None]:
    """Let the flush after transactional tests TRUNCATE the timeline.

    The timeline's trigger refuses TRUNCATE for everyone, and the production
    trigger has no escape hatch. The test database is the tests' own and they
    connect as its owner, who may disable a trigger (the app role may not):
    so the flush disables it around its TRUNCATE and puts it back as it was.
    Patched on the class, as Playwright's greenlets get their own connection.
    """
    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush
    migration = importlib.import_module("claims.migrations.0009_timeline_refuses_truncate")
    table = ClaimEvent._meta.db_table
    alter = f"ALTER TABLE {table} %s TRIGGER {migration.TRUNCATE_TRIGGER};"

    def sql_flush(self, style, tables, **options) -> list[str]:
        statements = original(self, style, tables, **options)
        if not statements or table not in tables:
            return statements
        return [alter % "DISABLE", *statements, alter % "ENABLE ALWAYS"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def fresh_content_type_cache() -> None:
    """Content types are cached per process, by id; a test database made by an
    earlier pytest session in the same process (mutmut runs several) has other
    ids, so each test starts from an empty cache."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


# Tests whose outcome cannot depend on the database: the extractor works on text
# alone, and the settings tests run manage.py in a process of its own with the
# database variables removed. CI runs the suite on PostgreSQL, then on SQLite;
# the second run leaves these out (`-m "not database_independent"`, .ci/run).
DATABASE_INDEPENDENT = (
    "tests/extraction/",
    "tests/factcheck/test_settings.py",
    "tests/factcheck/test_static_and_storage_settings.py",
    "tests/api/test_openapi_file.py",
)


# The long randomised explorations (a minute or so each): CI runs them once, on
# PostgreSQL, the production database; its SQLite run leaves them out too.
EXPLORATORY = (
    "tests/fuzz/test_fuzz_requests.py",
    "tests/claims/test_record_stateful.py",
    "tests/api/test_schemathesis.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(config.rootpath)
    for item in items:
        where = Path(item.fspath).relative_to(root).as_posix()
        if where.startswith(DATABASE_INDEPENDENT):
            item.add_marker(pytest.mark.database_independent)
        if where.startswith(EXPLORATORY):
            item.add_marker(pytest.mark.exploratory)
