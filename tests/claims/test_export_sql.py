"""On PostgreSQL the CSV and JSON Lines are built by SQL: byte for byte what Python writes."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import export_sql, exports
from claims.models import (
    Article,
    Attribution,
    Claim,
    ClaimEvent,
    Outlet,
    Rating,
    Source,
    Sourcing,
    Status,
)
from claims.services.export_jobs import claims_for_query

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps the Python path, which is the yardstick"
)

# Formulas, quotes, commas, line ends, control characters, non-ASCII and
# emptiness, at the start, inside and at the end of a value.
HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    '+1-2, said "he"',
    "-3\r\n",
    "@SUM(A1)",
    "\tcmd",
    "\r=1",
    'a "quoted", comma\nand line',
    "négociations «en cours» — 東京 🙂",
    "\x01\x07\x08\x0b\x0c\x1b\x1f\x7f",
    'back\\slash \\" and \u2028 \u2029',
    " ",
    "'already quoted",
    "x" * 119 + "é" * 5,
]


def python_bytes(name: str, claims: QuerySet[Claim]) -> str:
    if name == "csv":
        return "".join(exports.csv_lines(exports.csv_rows(claims)))
    return "".join(exports.jsonl_lines(exports.json_records(claims)))


def sql_bytes(name: str, claims: QuerySet[Claim]) -> str:
    return "".join(export_sql.sql_lines(name, claims))


def at(day: int, micro: int = 0) -> datetime:
    return datetime(2025, 3, day, 9, 30, 15, micro, tzinfo=UTC)


def hostile_desk(texts: list[str]) -> list[Claim]:
    """Three claims whose every typed value comes from ``texts`` (used in turn)."""
    words = iter(texts * 4)

    def text() -> str:
        return next(words)

    outlet = Outlet.objects.create(name=text() + "|outlet")
    title, url = text(), text() + "|url"
    article = Article.objects.create(
        outlet=outlet, title=title, url=url, published_on=date(2025, 3, 1), body_hash=url
    )
    bare = Article.objects.create(title=text(), url=None, body_hash=url + "|bare")
    assignee = User.objects.create(username=text()[:140] + "|a")
    actor = User.objects.create(username=text()[:140] + "|b")
    rating = Rating.objects.create(name=text()[:90] + "|r", slug="hostile-rating", value=None)
    scaled = Rating.objects.filter(value__isnull=False).first()
    claims = [
        Claim.objects.create(
            article=article,
            start=0,
            end=1,
            quote=text(),
            statement=text(),
            sourcing=Sourcing.ANONYMOUS,
            status=Status.PUBLISHED,
            rating=rating,
            assignee=assignee,
            revisit_on=date(2026, 1, 2),
        ),
        Claim.objects.create(article=bare, start=3, end=9, quote=text(), statement=text()),
        Claim.objects.create(
            article=article, start=2, end=4, quote="=1+2", statement=text(), rating=scaled
        ),
    ]
    first = claims[0]
    # Attribution order is by mention_start, then id (NULLs last): the one
    # made first comes last.
    sources = [Source.objects.create(name=f"{text()[:280]}|{n}") for n in range(3)]
    Attribution.objects.create(
        claim=first,
        source=sources[0],
        sourcing="anonymous",
        mention=text(),
        mention_start=50,
        mention_end=55,
        cue=text(),
        descriptor=text(),
        count=2,
    )
    Attribution.objects.create(
        claim=first,
        source=sources[1],
        sourcing="named",
        mention="",
        mention_start=10,
        mention_end=12,
        cue="said",
        cue_start=13,
        cue_end=17,
    )
    Attribution.objects.create(claim=first, source=sources[2], sourcing="confirmed")
    Attribution.objects.create(claim=claims[2], source=sources[2], sourcing="named")
    events = [
        ("created", "", "new", None, None, {"statement": text(), "kind": "factual"}),
        (
            "sourcing_changed",
            "new",
            "new",
            None,
            None,
            {"source": text(), "source_id": 1, "from": None, "to": "anonymous"},
        ),
        (
            "sourcing_changed",
            "new",
            "new",
            None,
            None,
            {"source": text(), "source_id": 1, "from": "named", "to": None},
        ),
        (
            "source_merged",
            "new",
            "new",
            None,
            None,
            {"source": text(), "source_id": 2, "into": text(), "into_id": 1, "sourcing": "named"},
        ),
        ("assigned", "new", "new", None, None, {"from": None, "to": None}),
        ("assigned", "new", "new", None, None, {"from": None, "to": text()}),
        (
            "evidence_added",
            "new",
            "new",
            None,
            None,
            {"evidence_id": 1, "title": text(), "stance": "refutes"},
        ),
        (
            "edited",
            "new",
            "new",
            None,
            None,
            {
                "changed": {
                    "statement": ["old", text() * 30],
                    "revisit_on": [None, "2026-01-02"],
                    "kind": ["factual", "opinion"],
                    "x": [1, None],
                }
            },
        ),
        ("status_changed", "new", "researching", None, None, {}),
        ("rating_changed", "researching", "researching", None, rating, {}),
        ("status_changed", "in_review", "published", rating, rating, {}),
        ("status_changed", "published", "published", rating, scaled, {}),
    ]
    for n, (kind, from_status, to_status, from_rating, to_rating, details) in enumerate(events):
        ClaimEvent.objects.create(
            claim=first,
            actor=actor if n % 3 else None,
            at=at(1 + n // 2, micro=n % 2 * 1500),
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            from_rating=from_rating,
            to_rating=to_rating,
            note=text() if n % 2 else "",
            details=details,
        )
    return claims


@pytest.mark.parametrize("name", ["csv", "jsonl"])
def test_it_writes_python_s_bytes_for_hostile_values(db, name):
    hostile_desk(HOSTILE)
    claims = Claim.objects.all()
    written = sql_bytes(name, claims)
    assert written == python_bytes(name, claims)
    if name == "csv":  # and no cell people typed into starts a formula
        cells = [row for row in csv.DictReader(io.StringIO(written, newline=""))]
        typed = [row[column] for row in cells for column in exports.TEXT_NAMES]
        assert len(cells) == 3 and any(cell.startswith("'=HYPERLINK") for cell in typed)
        assert not [cell for cell in typed if cell.startswith(exports.FORMULA_STARTS)]
    else:
        records = [json.loads(line) for line in written.split("\n")[:-1]]
        assert [r["statement"] for r in records] == [c.statement for c in claims.order_by("pk")]


@pytest.mark.parametrize("name", ["csv", "jsonl"])
def test_it_follows_the_lists_filters_across_chunks(db, name, monkeypatch):
    monkeypatch.setattr(export_sql, "CHUNK", 2)
    monkeypatch.setattr(export_sql, "SPAN", 3)
    for shift in range(3):
        hostile_desk(HOSTILE[shift:] + HOSTILE[:shift])
        Rating.objects.filter(slug="hostile-rating").update(
            slug=f"hostile-{Rating.objects.count()}"
        )
    for query in ["", "status=new", "sourcing=anonymous_only", "q=quoted"]:
        claims = claims_for_query(query)
        assert sql_bytes(name, claims) == python_bytes(name, claims), query


@pytest.mark.parametrize("name", ["csv", "jsonl"])
def test_nothing_to_export_is_a_header_or_nothing(db, name):
    hostile_desk(HOSTILE)
    none = Claim.objects.filter(statement="no such statement")
    header = "".join(exports.csv_lines([])) if name == "csv" else ""
    assert sql_bytes(name, none) == python_bytes(name, none) == header


# A value: a leading character that spreadsheets or parsers care about,
# then anything but NUL (which PostgreSQL's text cannot hold) and surrogates.
LEADS = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "'", " ", "\\"])
BODIES = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
VALUES = st.lists(st.builds(str.__add__, LEADS, BODIES), min_size=8, max_size=8)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=VALUES)
def test_any_strings_come_out_the_same(db, texts):
    with transaction.atomic():
        hostile_desk(texts)
        claims = Claim.objects.all()
        for name in ("csv", "jsonl"):
            assert sql_bytes(name, claims) == python_bytes(name, claims)
        transaction.set_rollback(True)


def test_render_builds_the_lines_in_sql_on_postgresql(db):
    hostile_desk(HOSTILE)
    with CaptureQueriesContext(connection) as queries:
        text = "".join(exports.FORMATS["jsonl"].render(Claim.objects.all()))
    assert text == python_bytes("jsonl", Claim.objects.all())
    # The bound of the first span of SPAN claims (there is none: one span),
    # then one COPY in a transaction of its own (a savepoint here) without JIT.
    statements = [query["sql"].split()[:2] for query in queries]
    assert statements == [
        ["SELECT", '"claims_claim"."id"'],
        ["SAVEPOINT", statements[1][1]],
        ["SET", "LOCAL"],
        ["COPY", "(SELECT"],
        ["RELEASE", "SAVEPOINT"],
    ]
