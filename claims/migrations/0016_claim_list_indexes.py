"""Indexes for each filter and order of the claims list, and the copies they read.

The copies (each claim's outlet and rating value) are filled before the
indexes are built, so that the updates maintain none of them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from claims.services.articles import COPY_OUTLETS_SQL
from claims.services.ratings import COPY_RATING_VALUES_SQL


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_event_time_and_revisit_due_indexes"),
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
        migrations.AlterField(
            model_name="claim",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="claims.article",
            ),
        ),
        migrations.RunSQL(COPY_OUTLETS_SQL, migrations.RunSQL.noop),
        migrations.RunSQL(COPY_RATING_VALUES_SQL, migrations.RunSQL.noop),
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
