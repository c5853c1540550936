"""docs/openapi.yaml, the API's published description, stays in step with the code.

The schema is generated without a request (no host name in it), names no
date, and reads no setting that differs between the SQLite and PostgreSQL
runs: the same file is right on both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def generated_schema(tmp_path: Path) -> str:
    """What ``make openapi`` writes, validated and failing on any warning."""
    out = tmp_path / "openapi.yaml"
    # Warnings counted by an earlier generation in this process are not this one's.
    GENERATOR_STATS.reset()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return out.read_text()


def test_it_generates_a_valid_schema_without_a_warning(tmp_path):
    schema = generated_schema(tmp_path)

    assert schema.startswith("openapi: 3.")
    assert not GENERATOR_STATS, "drf-spectacular warned while generating the schema"


def test_it_keeps_the_committed_schema_in_step_with_the_code(tmp_path):
    schema = generated_schema(tmp_path)

    if schema != COMMITTED.read_text():
        pytest.fail(
            "docs/openapi.yaml is not the schema the code describes: run make openapi "
            "and commit docs/openapi.yaml."
        )


def test_it_names_no_host_in_the_schema():
    assert "servers:" not in COMMITTED.read_text()
    assert "127.0.0.1" not in COMMITTED.read_text()
