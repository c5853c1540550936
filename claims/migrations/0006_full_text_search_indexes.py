"""GIN indexes for full-text search on PostgreSQL (articles and claims lists).

Built from the same SearchVector expressions the filters query with
(claims.search), so the planner can use them. Other databases search with
plain containment and get no index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from claims.search import ARTICLE_SEARCH_FIELDS, CLAIM_SEARCH_FIELDS, search_vector

INDEXES = [
    ("Article", GinIndex(search_vector(ARTICLE_SEARCH_FIELDS), name="article_search_idx")),
    ("Claim", GinIndex(search_vector(CLAIM_SEARCH_FIELDS), name="claim_search_idx")),
]


def add_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for model, index in INDEXES:
            schema_editor.add_index(apps.get_model("claims", model), index)


def remove_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for model, index in INDEXES:
            schema_editor.remove_index(apps.get_model("claims", model), index)


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_event_version_and_article_fetch")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
