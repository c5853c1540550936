"""Sources are unique by their folded name, at the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_backfill_verdict_authors_and_source_keys")]

    operations = [
        migrations.AlterField(
            model_name="source",
            name="name_key",
            field=models.CharField(editable=False, max_length=300, unique=True),
        ),
    ]
