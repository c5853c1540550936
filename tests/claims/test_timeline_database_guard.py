"""The timeline holds against the database account, not only against the app.

As the tables' owner (the tests' own connection), PostgreSQL refuses
TRUNCATE, even when it would cascade from an article, and replica mode does
not silence the triggers. As the app role that ``setup_database_roles``
makes, the account cannot change the timeline or switch its guards off.
"""

import io
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from psycopg import errors, sql

from claims.models import Article, ClaimEvent

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and triggers exist on PostgreSQL only"
)


def refused_as_owner(statement: str) -> str:
    """PostgreSQL's refusal of ``statement`` from the owner, in replica mode.

    Replica mode silences every trigger not marked ENABLE ALWAYS. The savepoint
    keeps the refusal (and the mode) from spoiling the test's transaction.
    """
    with (
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(statement)
    return str(refusal.value)


@postgres_only
def test_it_refuses_truncating_the_timeline(claim):
    # CASCADE: notifications point at events, so without it PostgreSQL refuses
    # for the foreign key before the trigger is asked.
    assert "TRUNCATE refused" in refused_as_owner("TRUNCATE claims_claimevent CASCADE")
    assert claim.events.count() == 1


@postgres_only
def test_it_refuses_truncating_an_article_with_its_timeline(claim):
    refusal = refused_as_owner("TRUNCATE claims_article CASCADE")
    assert "TRUNCATE refused on claims_claimevent" in refusal
    assert Article.objects.filter(pk=claim.article_id).exists()
    assert claim.events.count() == 1


@postgres_only
def test_it_refuses_updates_in_replica_mode(claim):
    refusal = refused_as_owner("UPDATE claims_claimevent SET note = 'x'")
    assert "UPDATE refused" in refusal
    assert list(claim.events.values_list("note", flat=True)) == [""]


@pytest.fixture
def app_role(seed_data) -> Iterator[str]:
    """A fresh app role name; roles belong to the cluster, so it is dropped after."""
    name = f"claimdesk_app_test_{uuid.uuid4().hex[:12]}"
    yield name
    role = sql.Identifier(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if cursor.fetchone():
            cursor.execute(sql.SQL("DROP OWNED BY {}").format(role).as_string(cursor.connection))
            cursor.execute(sql.SQL("DROP ROLE {}").format(role).as_string(cursor.connection))


def connect_as(role: str) -> psycopg.Connection:
    """The test database, as ``role``; trust authentication needs no password."""
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], dbname=db["NAME"], user=role, autocommit=True
    )


def setup_roles(app_role: str) -> str:
    out = io.StringIO()
    call_command("setup_database_roles", app_role=app_role, stdout=out)
    return out.getvalue()


def privileges(role: str, table: str = "claims_claimevent") -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE',"
            " 'REFERENCES', 'TRIGGER']) p WHERE has_table_privilege(%s, %s, p)",
            [role, table],
        )
        return {row[0] for row in cursor.fetchall()}


ADD_NOTE = """
INSERT INTO claims_claimevent (claim_id, at, kind, from_status, to_status, note,
                               claim_version, details)
VALUES (%s, now(), 'note', 'new', 'new', 'added by the app role', 2, '{}')
"""

REFUSED_TO_THE_APP = [
    ("UPDATE claims_claimevent SET note = 'x'", "permission denied for table claims_claimevent"),
    ("DELETE FROM claims_claimevent", "permission denied for table claims_claimevent"),
    ("TRUNCATE claims_claimevent", "permission denied for table claims_claimevent"),
    ("ALTER TABLE claims_claimevent DISABLE TRIGGER ALL", "must be owner of table"),
    ("SET session_replication_role = replica", "permission denied to set parameter"),
]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_it_lets_the_app_role_append_to_the_timeline_and_nothing_more(app_role, claim):
    printed = setup_roles(app_role)
    assert f'GRANT SELECT, INSERT ON TABLE "public"."claims_claimevent" TO "{app_role}"' in printed
    with connect_as(app_role) as app:
        app.execute(ADD_NOTE, [claim.pk])
        for statement, message in REFUSED_TO_THE_APP:
            with pytest.raises(errors.InsufficientPrivilege, match=message):
                app.execute(statement)
        updated = app.execute(
            "UPDATE claims_claim SET statement = 'Reworded' WHERE id = %s", [claim.pk]
        )
        assert updated.rowcount == 1
    assert list(claim.events.order_by("id").values_list("note", flat=True)) == [
        "",
        "added by the app role",
    ]
    assert privileges(app_role) == {"SELECT", "INSERT"}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_it_restores_the_timeline_restriction_when_run_again(app_role, claim):
    setup_roles(app_role)
    # What a later migration rebuilding the table would get by default privileges.
    with connection.cursor() as cursor:
        grant = sql.SQL("GRANT ALL ON claims_claimevent TO {}").format(sql.Identifier(app_role))
        cursor.execute(grant.as_string(cursor.connection))
    assert "TRUNCATE" in privileges(app_role)
    setup_roles(app_role)
    assert privileges(app_role) == {"SELECT", "INSERT"}
    assert privileges(app_role, "claims_claim") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert ClaimEvent.objects.filter(claim=claim).count() == 1


@postgres_only
def test_it_gives_tables_of_later_migrations_the_same_rights(db):
    # Inside the test's transaction: the role and the table vanish with it.
    role = f"claimdesk_app_test_{uuid.uuid4().hex[:12]}"
    setup_roles(role)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE claims_later_migration (id bigint)")
    assert privileges(role, "claims_later_migration") == {"SELECT", "INSERT", "UPDATE", "DELETE"}


@postgres_only
def test_it_refuses_to_make_the_owner_the_app_role(db):
    with pytest.raises(CommandError, match="must not be the owner"):
        setup_roles(connection.settings_dict["USER"])


@postgres_only
def test_it_stores_the_password_from_the_environment_hashed(db, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_TEST_PASSWORD", "correct horse battery")
    role = f"claimdesk_app_test_{uuid.uuid4().hex[:12]}"
    out = io.StringIO()
    call_command(
        "setup_database_roles",
        app_role=role,
        app_password_env="CLAIMDESK_TEST_PASSWORD",
        stdout=out,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", [role])
        assert cursor.fetchone()[0].startswith("SCRAM-SHA-256$")
    assert "correct horse" not in out.getvalue()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="about the other databases")
def test_it_refuses_to_run_without_postgresql(db):
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        setup_roles("claimdesk_app")
