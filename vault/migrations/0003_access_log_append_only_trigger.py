"""Make the vault's access log append-only inside PostgreSQL itself.

As for the claim timeline (claims 0002 and 0009): the model refuses to
change or delete a row, and this trigger refuses UPDATE and DELETE for
everyone else (raw SQL, psql), marked ENABLE ALWAYS so that
``session_replication_role = replica`` cannot silence it. TRUNCATE is not
guarded here (the test runner's flush uses it); the app's database role
owns nothing and may not truncate (``manage.py setup_database_roles``).
Other databases rely on the model's guard.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION vault_access_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the vault access log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER vault_access_append_only
    BEFORE UPDATE OR DELETE ON vault_vaultaccess
    FOR EACH ROW EXECUTE FUNCTION vault_access_append_only();

ALTER TABLE vault_vaultaccess ENABLE ALWAYS TRIGGER vault_access_append_only;
"""

DROP = """
DROP TRIGGER IF EXISTS vault_access_append_only ON vault_vaultaccess;
DROP FUNCTION IF EXISTS vault_access_append_only();
"""


def create_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("vault", "0002_source_vault_group")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
