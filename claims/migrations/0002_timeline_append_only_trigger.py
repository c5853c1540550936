"""Make the claim timeline append-only inside PostgreSQL itself.

The model and the admin already refuse to change events, but a raw SQL
statement, a psql session or another program would not go through them.
This trigger refuses UPDATE and DELETE on the events table for everyone.
(TRUNCATE, used only by the test runner to empty its throwaway database,
fires no row trigger.) Other databases rely on the model's guard.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION claims_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'claim events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_event_append_only
    BEFORE UPDATE OR DELETE ON claims_claimevent
    FOR EACH ROW EXECUTE FUNCTION claims_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS claims_event_append_only ON claims_claimevent;
DROP FUNCTION IF EXISTS claims_event_append_only();
"""


def create_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial_schema")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
