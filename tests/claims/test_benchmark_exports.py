"""manage.py benchmark_exports: two tiny desks in SQL, each export timed beside its COPY."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from claims.management.commands import benchmark_exports

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the benchmark builds scratch PostgreSQL databases (CREATE DATABASE, COPY)",
)


def test_the_scratch_databases_are_named_after_the_configured_one(db, settings):
    name = settings.DATABASES["default"]["NAME"]
    assert benchmark_exports.scratch_name(100_000) == f"{name}_exports_100k"
    assert benchmark_exports.scratch_name(1_000_000) == f"{name}_exports_1m"


def test_it_times_both_exports_at_both_sizes(db, tmp_path, capsys):
    output = tmp_path / "benchmark-exports.txt"
    call_command("benchmark_exports", "--sizes=200,400", "--repeat=1", f"--output={output}")
    text = output.read_text()
    rows = [line.split(" | ") for line in text.splitlines() if " | " in line][1:]
    assert [(row[0].strip(), row[1].strip()) for row in rows] == [
        ("200", "csv"),
        ("200", "jsonl"),
        ("400", "csv"),
        ("400", "jsonl"),
    ]
    for row in rows:
        assert row[5].strip() in ("yes", "NO")
        assert float(row[8])  # the job wrote every claim (else the cell says why not)
    assert capsys.readouterr().out.startswith("size ")
    with connection.cursor() as cursor:  # without --reuse, both are dropped at the end
        names = [benchmark_exports.scratch_name(size) for size in (200, 400)]
        cursor.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", [names])
        assert cursor.fetchall() == []
