"""manage.py benchmark_pages: builds two tiny desks in SQL and times every page on both."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from claims.management.commands import benchmark_pages

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the benchmark builds scratch PostgreSQL databases (CREATE DATABASE, generate_series)",
)


def test_the_scratch_databases_are_named_after_the_configured_one(db, settings):
    name = settings.DATABASES["default"]["NAME"]
    assert benchmark_pages.scratch_name(10_000) == f"{name}_pages_10k"
    assert benchmark_pages.scratch_name(1_000_000) == f"{name}_pages_1m"
    assert benchmark_pages.scratch_name(400) == f"{name}_pages_400"


def test_it_times_every_page_at_both_sizes_without_an_error(db, tmp_path, capsys):
    output = tmp_path / "benchmark-pages.txt"
    call_command("benchmark_pages", "--sizes=200,400", "--repeat=1", f"--output={output}")
    lines = output.read_text().splitlines()
    rows = {line.split(" | ")[0].strip(): line.split(" | ") for line in lines if " | " in line}
    labels = [page.label for page in benchmark_pages.pages(benchmark_pages.Targets(hot_claim=1))]
    assert set(labels) <= set(rows)
    assert len(rows) == len(labels) + 1  # and the header
    for label in labels:
        *_, passed = rows[label]
        assert passed.strip() in ("yes", "NO"), f"{label}: {passed.strip()}"
    assert "check_record on 201 sampled claims: 0 breaks" in output.read_text()
    assert capsys.readouterr().out.startswith("page ")
    with connection.cursor() as cursor:  # without --reuse, both are dropped at the end
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname = ANY(%s)",
            [[benchmark_pages.scratch_name(200), benchmark_pages.scratch_name(400)]],
        )
        assert cursor.fetchall() == []
