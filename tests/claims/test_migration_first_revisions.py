"""Migration 0024 makes each existing article's text its first revision, and undoes it."""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("claims", "0023_article_revisions_and_claim_anchors")]
AFTER = [("claims", "0024_first_article_revisions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema(transactional_db) -> Iterator[None]:
    """Leave the database as the tests after these expect it: fully migrated."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_it_makes_and_removes_the_first_revisions():
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Article = apps.get_model("claims", "Article")
    importer = User.objects.create(username="importer")
    for n in range(3):
        Article.objects.create(
            title=f"T{n}", body=f"Text {n}.", body_hash=f"h{n}", created_by=importer
        )
    apps = migrate(AFTER)
    Revision = apps.get_model("claims", "ArticleRevision")
    rows = Revision.objects.order_by("article_id").values_list(
        "article__title", "number", "body", "body_hash", "source", "created_by__username"
    )
    assert list(rows) == [
        (f"T{n}", 1, f"Text {n}.", f"h{n}", "import", "importer") for n in range(3)
    ]
    apps = migrate(BEFORE)
    assert apps.get_model("claims", "ArticleRevision").objects.count() == 0
