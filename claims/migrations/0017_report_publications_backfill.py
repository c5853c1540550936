"""Fill the desk report's projection from the timeline: one INSERT … SELECT.

The statement is the one the services and the benchmark generator run
(claims.services.publications.PUBLICATIONS_SQL); check_record compares the
rows with it afterwards.
"""

from django.db import migrations

from claims.services.publications import ALL_PUBLICATIONS_SQL


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_report_indexes")]

    operations = [
        migrations.RunSQL(ALL_PUBLICATIONS_SQL, reverse_sql="DELETE FROM claims_verdictpublication")
    ]
