"""Close the two ways around the timeline's row trigger (0002).

TRUNCATE fires no row trigger, so a statement trigger refuses it; PostgreSQL
fires it for tables reached through CASCADE too, so truncating an article
cannot take its claims' history with it. And a superuser's
``SET session_replication_role = replica`` silences every trigger that is not
``ENABLE ALWAYS``, so both timeline triggers are marked that way.

The table's owner can still disable or drop a trigger: that is why the app
runs as a role that owns nothing (``manage.py setup_database_roles``). The
test suite, which owns its throwaway database, lifts this trigger around its
own TRUNCATE (tests/conftest.py). Other databases rely on the model's guard.
"""

from django.db import migrations

# tests/conftest.py reads this name to lift the trigger around the test flush.
TRUNCATE_TRIGGER = "claims_event_refuses_truncate"

CREATE = f"""
CREATE TRIGGER {TRUNCATE_TRIGGER}
    BEFORE TRUNCATE ON claims_claimevent
    FOR EACH STATEMENT EXECUTE FUNCTION claims_event_append_only();

ALTER TABLE claims_claimevent ENABLE ALWAYS TRIGGER {TRUNCATE_TRIGGER};
ALTER TABLE claims_claimevent ENABLE ALWAYS TRIGGER claims_event_append_only;
"""

DROP = f"""
DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON claims_claimevent;
ALTER TABLE claims_claimevent ENABLE TRIGGER claims_event_append_only;
"""


def create_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_claim_suggestions")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
