"""Indexes for each filter and order of the claims list, and the copies they read.

The copies (each claim's outlet and rating value) are filled before the
indexes are built, so that the updates maintain none of them.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Each claim's copies of its article's outlet and its rating's value, in one
# pass over the table (correlated subqueries: SQLite runs it too).
COPY_OUTLETS_AND_RATING_VALUES = """
UPDATE claims_claim SET
    outlet_id = (SELECT outlet_id FROM claims_article WHERE id = claims_claim.article_id),
    rating_value = (SELECT value FROM claims_rating WHERE id = claims_claim.rating_id)
"""


def copy_outlets_and_rating_values(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            # The new outlet key is checked at each statement's end rather than
            # at commit: a table with pending checks cannot be indexed.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(COPY_OUTLETS_AND_RATING_VALUES)
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_source_and_article_tallies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_updated_idx",
        ),
        migrations.AddField(
            model_name="claim",
            name="outlet",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="claims.outlet",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="rating_value",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_outlets_and_rating_values, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="attribution",
            index=models.Index(
                condition=models.Q(("sourcing", "anonymous")),
                fields=["claim"],
                name="attribution_anonymous_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-updated_at", "-id"], name="claim_updated_id_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["rating_value", "-updated_at", "-id"], name="claim_rating_value_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["revisit_on", "-updated_at", "-id"], name="claim_revisit_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["outlet", "-updated_at", "-id"], name="claim_outlet_updated_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["article", "-updated_at", "-id"], name="claim_article_updated_idx"
            ),
        ),
    ]
