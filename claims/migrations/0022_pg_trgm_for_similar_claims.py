"""pg_trgm, for ranking similar claims by trigram similarity (claims.similar).

CREATE EXTENSION needs a role that may create it (a superuser, or the
database's owner for a trusted extension such as pg_trgm since PostgreSQL 13).
Where the role may not, the migration says so and carries on: similar claims
are then ranked by full-text rank instead (claims.similar.trigram_available),
and a superuser can run ``CREATE EXTENSION pg_trgm`` later. Nothing on SQLite.

No trigram index: measured at a million claims (benchmark_pages' data), a
GIN trigram index on statement answered ``statement % …`` in 11.7 s (1.0 s
with the threshold at 0.6), every statement sharing most of its trigrams
with a fifth of the table; the candidates come from the full-text GIN index
instead, and similarity only ranks those few hundred.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)


def create_extension(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning(
            "pg_trgm not created (%s): similar claims are ranked by full-text rank "
            "until a superuser runs CREATE EXTENSION pg_trgm.",
            error,
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0021_claim_links")]

    # Kept on the way back: other databases' objects may use the extension.
    operations = [migrations.RunPython(create_extension, migrations.RunPython.noop)]
