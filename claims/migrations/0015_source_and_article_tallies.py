"""Tallies beside sources and articles, kept by the services from now on.

Each source's claims (all, anonymous, published) and its record (published
claims per verdict), and each article's claims, so that the sources and
articles lists read a column instead of counting a million rows. They are
filled here from the rows, one grouped statement a tally
(``claims.tallies.store_counts``, which the benchmark's generator and
``check_record`` share): seconds at a million claims, on either database.
An article's tally has a table of its own (``ArticleTally``): writing the
article's own row would re-index its whole body for search.

The index on the articles' tallies is built after the fill, not row by row.
"""

import django.db.models.deletion
from django.db import migrations, models


def store_counts(apps, schema_editor) -> None:
    # Today's tallies module: it names only tables and columns this migration
    # leaves in place. Should it ever count something newer, copy today's
    # statements here instead.
    from claims.tallies import store_counts

    with schema_editor.connection.cursor() as cursor:
        store_counts(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0014_claim_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="claim_count",
            field=models.PositiveIntegerField(
                default=0, db_default=0, editable=False, verbose_name="claims attributed"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="anonymous_count",
            field=models.PositiveIntegerField(
                default=0,
                db_default=0,
                editable=False,
                verbose_name="claims attributed anonymously",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="published_count",
            field=models.PositiveIntegerField(
                default=0, db_default=0, editable=False, verbose_name="published claims"
            ),
        ),
        migrations.CreateModel(
            name="ArticleTally",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="claims.article",
                    ),
                ),
                ("claim_count", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="SourceVerdictTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("n", models.PositiveIntegerField(default=0)),
                (
                    "rating",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="source_tallies",
                        to="claims.rating",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verdict_tallies",
                        to="claims.source",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "rating"), name="verdict_tally_source_rating"
                    )
                ],
            },
        ),
        migrations.RunPython(store_counts, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="articletally",
            index=models.Index(fields=["claim_count", "article"], name="article_tally_count_idx"),
        ),
        migrations.AddIndex(
            model_name="attribution",
            index=models.Index(fields=["source", "claim"], name="attribution_source_claim_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["title", "id"], name="article_title_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["status", "article"], name="claim_status_article_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["created_at", "id"], name="article_created_idx"),
        ),
    ]
