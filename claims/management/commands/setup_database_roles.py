"""manage.py setup_database_roles — the app's PostgreSQL role, with least privilege.

The role that runs migrations owns the tables, and an owner can switch off or
drop the timeline's triggers. The web and worker processes therefore log in
as another role that owns nothing: it reads and writes the project's tables,
but may only read and append to the timeline, and may TRUNCATE nothing.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, transaction
from psycopg import sql

from claims.models import ClaimEvent
from vault.models import VaultAccess

TABLE_PRIVILEGES = sql.SQL("SELECT, INSERT, UPDATE, DELETE")
TIMELINE_PRIVILEGES = sql.SQL("SELECT, INSERT")
SEQUENCE_PRIVILEGES = sql.SQL("USAGE, SELECT")
ELEVATED = """
SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls FROM pg_roles WHERE rolname = %s
"""
# Append-only logs: the claim timeline and the source vault's access log.
APPEND_ONLY_TABLES = {ClaimEvent._meta.db_table, VaultAccess._meta.db_table}
NEW_ROLE = "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION"


class Command(BaseCommand):
    help = (
        "PostgreSQL only. Run as the owner of the tables (or a superuser, with --owner) "
        "after `migrate`: creates the application role if missing (LOGIN, no other "
        "attribute), lets it connect, use the schema, SELECT/INSERT/UPDATE/DELETE the "
        "project's tables and use their sequences, but only SELECT and INSERT on the claim "
        "timeline (claims_claimevent) and the source vault's access log "
        "(vault_vaultaccess); it gets no TRUNCATE and owns nothing. Default "
        "privileges give tables made by later migrations the same rights; re-run the command "
        "after migrating to re-apply the timeline restriction and pick up new tables. "
        "Idempotent: every run revokes and re-grants, so the result is the same."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", required=True, help="role the web and worker log in as")
        parser.add_argument("--owner", help="role migrations run as (default: the current user)")
        password = parser.add_mutually_exclusive_group()
        password.add_argument(
            "--app-password",
            help="set the app role's password (shows in `ps`; prefer --app-password-env)",
        )
        password.add_argument(
            "--app-password-env", metavar="VAR", help="set it from this environment variable"
        )

    def handle(
        self,
        *args: Any,
        app_role: str,
        owner: str | None,
        app_password: str | None,
        app_password_env: str | None,
        **options: Any,
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "setup_database_roles needs PostgreSQL: SQLite has no roles or privileges. "
                "Set DATABASE_URL to the owner's postgres:// URL."
            )
        password = read_password(app_password, app_password_env)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                owner = owner or fetch_one(cursor, "SELECT current_user")
                schema = fetch_one(cursor, "SELECT current_schema()")
                check_roles(cursor, owner=owner, app_role=app_role, schema=schema)
                for statement in plan(cursor, owner=owner, app=app_role, schema=schema):
                    cursor.execute(statement.as_string(cursor.connection))
                    self.stdout.write(statement.as_string(cursor.connection))
                if password is not None:
                    self.set_password(cursor, app_role, password)
        except DatabaseError as error:
            raise CommandError(f"PostgreSQL refused, nothing was changed: {error}") from error

    def set_password(self, cursor: Any, role: str, password: str) -> None:
        # Hashed here, as psql's \password does, so the clear text never
        # reaches the server's statement log.
        hashed = cursor.connection.pgconn.encrypt_password(password.encode(), role.encode())
        statement = sql.SQL("ALTER ROLE {} PASSWORD {}")
        cursor.execute(
            statement.format(sql.Identifier(role), sql.Literal(hashed.decode())).as_string(
                cursor.connection
            )
        )
        shown = statement.format(sql.Identifier(role), sql.SQL("'…' (hashed)"))
        self.stdout.write(shown.as_string(cursor.connection))


def read_password(password: str | None, variable: str | None) -> str | None:
    if variable is None:
        return password
    if not os.environ.get(variable):
        raise CommandError(f"--app-password-env: the environment variable {variable} is not set.")
    return os.environ[variable]


def fetch_one(cursor: Any, query: str, params: list[Any] | None = None) -> Any:
    cursor.execute(query, params)
    row = cursor.fetchone()
    return row[0] if row else None


def check_roles(cursor: Any, *, owner: str, app_role: str, schema: str) -> None:
    """Refuse set-ups in which the app role would keep the owner's powers."""
    timeline = ClaimEvent._meta.db_table
    table_owner = fetch_one(
        cursor,
        "SELECT tableowner FROM pg_tables WHERE schemaname = %s AND tablename = %s",
        [schema, timeline],
    )
    if table_owner is None:
        raise CommandError(f"There is no table {schema}.{timeline}: run `migrate` first.")
    if table_owner != owner:
        raise CommandError(f"{timeline} belongs to {table_owner}, not {owner}: pass --owner.")
    if app_role == owner:
        raise CommandError("The app role must not be the owner: it could disable the triggers.")
    elevated = fetch_one(cursor, ELEVATED, [app_role])
    if elevated:
        raise CommandError(
            f"The role {app_role} exists with SUPERUSER, CREATEDB, CREATEROLE or BYPASSRLS; "
            "the app needs none of them. Choose another name or drop those attributes."
        )
    if elevated is not None and fetch_one(
        cursor, "SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, owner]
    ):
        raise CommandError(f"The role {app_role} is a member of {owner}: it has its powers.")


def plan(cursor: Any, *, owner: str, app: str, schema: str) -> list[sql.Composable]:
    """The statements that give ``app`` its rights, in order; all of them idempotent."""
    role = sql.Identifier(app)
    exists = fetch_one(cursor, "SELECT 1 FROM pg_roles WHERE rolname = %s", [app])
    database = sql.Identifier(fetch_one(cursor, "SELECT current_database()"))
    steps: list[sql.Composable] = [] if exists else [sql.SQL(NEW_ROLE).format(role)]
    steps += [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, role),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), role),
    ]
    steps += table_grants(schema, role)
    steps += sequence_grants(schema, role)
    steps += default_privileges(sql.Identifier(owner), sql.Identifier(schema), role)
    return steps


def table_grants(schema: str, role: sql.Identifier) -> list[sql.Composable]:
    # Revoking first makes a re-run converge: a timeline table rebuilt by a
    # later migration (full rights by default privileges) or a right granted
    # by hand goes back to exactly this.
    steps: list[sql.Composable] = []
    for name in sorted(connection.introspection.django_table_names(only_existing=True)):
        table = sql.Identifier(schema, name)
        rights = TIMELINE_PRIVILEGES if name in APPEND_ONLY_TABLES else TABLE_PRIVILEGES
        steps.append(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(table, role))
        steps.append(sql.SQL("GRANT {} ON TABLE {} TO {}").format(rights, table, role))
    return steps


def sequence_grants(schema: str, role: sql.Identifier) -> list[sql.Composable]:
    steps: list[sql.Composable] = []
    for name in sorted(sequence["name"] for sequence in connection.introspection.sequence_list()):
        sequence = sql.Identifier(schema, name)
        steps.append(sql.SQL("REVOKE ALL ON SEQUENCE {} FROM {}").format(sequence, role))
        steps.append(
            sql.SQL("GRANT {} ON SEQUENCE {} TO {}").format(SEQUENCE_PRIVILEGES, sequence, role)
        )
    return steps


def default_privileges(
    owner: sql.Identifier, schema: sql.Identifier, role: sql.Identifier
) -> list[sql.Composable]:
    """What tables and sequences that ``owner`` creates later will grant ``role``."""
    alter = "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON {} TO {}"
    return [
        sql.SQL(alter).format(owner, schema, TABLE_PRIVILEGES, sql.SQL("TABLES"), role),
        sql.SQL(alter).format(owner, schema, SEQUENCE_PRIVILEGES, sql.SQL("SEQUENCES"), role),
    ]
