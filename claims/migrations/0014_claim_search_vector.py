"""Stored search vectors for claims and articles: the columns, then (PostgreSQL
only) their backfill, GIN indexes and statistics.

They replace the expression indexes of 0006 (claim_search_idx,
article_search_idx), dropped before the backfill so the UPDATEs do not
maintain them. Each backfill is one UPDATE over the table, with the
expression the services write and ``check_record`` compares (claims.search).

Statistics: the planner guesses a word missing from a column's list of most
common words at half the rarest word on that list. At the default target
(100) the claims' list stops at words in about 0.1 % of claims, so a word in
five claims of a million was guessed at hundreds, enough to prefer walking
the ``updated_at`` index. A larger target keeps rarer words on the list and
lowers that guess (for claims to 85; articles, whose every body holds the
common words, keep a higher guess: see CappedCountPaginator.page). ANALYZE
runs here so the first search after the migration is planned with them.
"""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from claims.search import ARTICLE_SEARCH_FIELDS, CLAIM_SEARCH_FIELDS, search_vector

STATISTICS_TARGET = 1000
# (model, fields, new index on the column, the expression index it replaces)
VECTORS = [
    (
        "Claim",
        CLAIM_SEARCH_FIELDS,
        GinIndex(fields=["search_vector"], name="claim_search_vector_idx"),
        GinIndex(search_vector(CLAIM_SEARCH_FIELDS), name="claim_search_idx"),
    ),
    (
        "Article",
        ARTICLE_SEARCH_FIELDS,
        GinIndex(fields=["search_vector"], name="article_search_vector_idx"),
        GinIndex(search_vector(ARTICLE_SEARCH_FIELDS), name="article_search_idx"),
    ),
]


def fill_vectors(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, fields, index, expression_index in VECTORS:
        model = apps.get_model("claims", name)
        schema_editor.remove_index(model, expression_index)
        model.objects.update(search_vector=search_vector(fields))
        schema_editor.add_index(model, index)
    for table in ("claims_claim", "claims_article"):
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN search_vector SET STATISTICS {STATISTICS_TARGET}"
        )
        schema_editor.execute(f"ANALYZE {table} (search_vector)")


def restore_expression_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _fields, index, expression_index in VECTORS:
        model = apps.get_model("claims", name)
        schema_editor.remove_index(model, index)
        schema_editor.add_index(model, expression_index)


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_event_time_and_revisit_due_indexes")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_vectors, restore_expression_indexes),
    ]
