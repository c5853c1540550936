"""The claims list sorted by status in workflow order: an index on the
expression it sorts by (claims.models.STATUS_RANK)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0019_source_version_and_merge_events"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                models.Case(
                    models.When(status="new", then=models.Value(0)),
                    models.When(status="researching", then=models.Value(1)),
                    models.When(status="in_review", then=models.Value(2)),
                    models.When(status="published", then=models.Value(3)),
                    models.When(status="not_checkable", then=models.Value(4)),
                    default=models.Value(5),
                    output_field=models.IntegerField(),
                ),
                models.OrderBy(models.F("updated_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="claim_status_rank_idx",
            ),
        ),
    ]
