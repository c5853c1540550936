"""CSV and JSON Lines built by PostgreSQL: every line as text, in one COPY.

Building rows in Python was most of an export's time (benchmark_exports), so
on PostgreSQL one statement writes every line, already quoted, neutralised
and escaped, and COPY streams them out. The bytes are those of
the Python generators in claims.exports, which SQLite keeps using; a test
proves the two equal on hostile values (tests/claims/test_export_sql.py).
What each SQL expression mirrors:

- csv.writer (the excel dialect): a cell is quoted when it holds a comma, a
  double quote, CR or LF, with its quotes doubled; None is an empty cell;
  lines end with CRLF.
- json.dumps(..., ensure_ascii=False): PostgreSQL's to_json escapes a string
  exactly as Python does (\\" \\\\ \\b \\f \\n \\r \\t, other control
  characters as lowercase \\u00xx, nothing else). Objects are concatenated
  by hand, because PostgreSQL writes "key" : value (json) or reorders the
  keys (jsonb); Python writes "key": value in the order given.
- datetime.isoformat(): microseconds only when there are any, and +00:00
  (Django reads timestamps in UTC).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.db.models import QuerySet

from claims.exports import CHUNK, CSV_HEADER, FORMULA_STARTS, Progress, csv_lines
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

# -- SQL expressions for one value; each takes and returns SQL text. Any "%"
# is doubled: the statement is bound with the filters' parameters.


def literal(text: str) -> str:
    """``text`` as an SQL string literal (for labels and keys written into the query)."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def _char(character: str) -> str:
    return f"chr({ord(character)})"


FORMULA_CHARS = ", ".join(_char(c) for c in FORMULA_STARTS)


def needs_quotes(value: str) -> str:
    """Whether csv.writer quotes the value: it holds its delimiter, its quote or a line
    end (four strpos are several times faster than one regular expression)."""
    return "(" + " OR ".join(f"strpos({value}, {_char(c)}) > 0" for c in ',"\r\n') + ")"


def csv_cell(value: str) -> str:
    """A text value as csv.writer writes it (NULL as an empty cell)."""
    return (
        f"(CASE WHEN {needs_quotes(value)} "
        f"THEN '\"' || replace({value}, '\"', '\"\"') || '\"' ELSE coalesce({value}, '') END)"
    )


def plain_cell(value: str) -> str:
    """A number or date, which never needs quoting (NULL as an empty cell)."""
    return f"coalesce({value}::text, '')"


def iso_date(value: str) -> str:
    return f"to_char({value}, 'YYYY-MM-DD')"


def iso_datetime(value: str) -> str:
    """datetime.isoformat() of a timestamp read in UTC."""
    text = f"to_char({value} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
    return f"(replace({text}, '.000000', '') || '+00:00')"


def json_value(value: str) -> str:
    """A string or number as JSON; NULL as null."""
    return f"coalesce(to_json({value})::text, 'null')"


def json_string(value: str) -> str:
    """Text that is never NULL, as a JSON string."""
    return f"to_json({value}::text)::text"


def json_object(members: list[tuple[str, str]]) -> str:
    """{"name": value, …} in this order, from (name, SQL JSON text) pairs."""
    parts = []
    for index, (name, value) in enumerate(members):
        separator = "{" if index == 0 else ", "
        parts += [literal(separator + json.dumps(name, ensure_ascii=False) + ": "), value]
    return "(" + " || ".join([*parts, "'}'"]) + ")"


def json_list(aggregate: str) -> str:
    """A JSON array from string_agg(element, ', ') (NULL when there are none)."""
    return f"('[' || coalesce({aggregate}, '') || ']')"


def python_str(value: str) -> str:
    """str() of a JSON value as Django decodes it: None, True, False, or the text."""
    return (
        f"(CASE jsonb_typeof({value}) WHEN 'null' THEN 'None' "
        f"WHEN 'boolean' THEN initcap(({value})::text) ELSE {value} #>> '{{}}' END)"
    )


def python_or(value: str, default: str) -> str:
    """``value or default`` for a JSON string value (None and "" are false)."""
    return f"coalesce(nullif({value}, ''), {literal(default)})"


# -- the tables

USER = get_user_model()._meta.db_table
CLAIM, ARTICLE = Claim._meta.db_table, Article._meta.db_table
OUTLET, RATING = Outlet._meta.db_table, Rating._meta.db_table
ATTRIBUTION, SOURCE = Attribution._meta.db_table, Source._meta.db_table
EVENT = ClaimEvent._meta.db_table

# Every table is read for one span of the exported claims only: the span's
# id range (range scans of the claim_id indexes) and, for a filtered export,
# "<column> IN (<the list's filtered queryset>)". One statement a span of
# SPAN claims, grouped per table, beats both a lateral subquery per claim
# and a query per few thousand claims two to three times over: PostgreSQL
# plans it once and joins sorted or hashed tables.
EXPORTED = "IN_SPAN({0})"
FILTERED_COLUMNS = ["c.id", "at.claim_id", "e.claim_id"]
SPAN = 50_000

CLAIM_JOINS = f"""
FROM {CLAIM} c
JOIN {ARTICLE} a ON a.id = c.article_id
LEFT JOIN {OUTLET} o ON o.id = a.outlet_id
LEFT JOIN {RATING} r ON r.id = c.rating_id
LEFT JOIN {USER} u ON u.id = c.assignee_id"""
CLAIM_WHERE = "WHERE " + EXPORTED.format("c.id")

ANONYMOUS = literal(Sourcing.ANONYMOUS)
PUBLISHED = literal(Status.PUBLISHED)
PUBLISHING = f"e.to_status = {PUBLISHED} AND e.from_status <> {PUBLISHED}"
# claims.exports.published_at, for the CSV.
PUBLISHED_AT = f"""LEFT JOIN (
    SELECT e.claim_id, max(e.at) AS published_at FROM {EVENT} e
    WHERE {EXPORTED.format("e.claim_id")} AND {PUBLISHING}
    GROUP BY e.claim_id
) p ON p.claim_id = c.id"""


def lists_join(
    alias: str, rows: str, order: str, lists: dict[str, str], *more: str, columns: str = ""
) -> str:
    """A LEFT JOIN giving each exported claim ``lists``: each a string_agg of its
    element (an SQL expression) over the claim's ``rows`` in ``order``, "; " or ", " apart.

    The rows come sorted from a subquery and are aggregated without ORDER BY:
    PostgreSQL 15 runs a sort of its own for every group of an ordered
    aggregate, which cost most of the export's time; aggregating input that
    is already sorted keeps its order (the tests compare every byte).
    """
    elements = "".join(f", {expression} AS {name}" for name, expression in lists.items())
    separators = {name: "'; '" if name == "sources" else "', '" for name in lists}
    aggregates = ", ".join(f"string_agg({name}, {separators[name]}) AS {name}" for name in lists)
    return f"""LEFT JOIN (
    SELECT claim_id, {", ".join([aggregates, *more])}
    FROM (SELECT {alias}.claim_id{elements}{columns}
          {rows}
          WHERE {EXPORTED.format(alias + ".claim_id")}
          ORDER BY {alias}.claim_id, {order}) {alias}
    GROUP BY claim_id
) {alias} ON {alias}.claim_id = c.id"""


ATTRIBUTION_ROWS = f"FROM {ATTRIBUTION} at JOIN {SOURCE} s ON s.id = at.source_id"
ATTRIBUTION_ORDER = "at.mention_start, at.id"
SOURCE_TEXT = "s.name || ' (' || at.sourcing || ')'"  # _sources_by_claim

# -- CSV: the columns of CSV_HEADER, in its order (_csv_cells)


def text_cell(value: str) -> str:
    """A text column as _csv_cells writes it: claims.exports.neutralise (a leading
    formula character gets a quote, which is not one that makes csv.writer
    quote the cell), then csv_cell."""
    guard = f"(CASE WHEN left({value}, 1) IN ({FORMULA_CHARS}) THEN '''' ELSE '' END)"
    return (
        f"(CASE WHEN {needs_quotes(value)} "
        f"THEN '\"' || {guard} || replace({value}, '\"', '\"\"') || '\"' "
        f"ELSE coalesce({guard} || {value}, '') END)"
    )


CSV_CELLS = {
    "claim_id": "c.id::text",
    "article_id": "c.article_id::text",
    "article_title": text_cell("a.title"),
    "article_url": text_cell("a.url"),
    "outlet": text_cell("o.name"),
    "article_published_on": plain_cell(iso_date("a.published_on")),
    "start": "c.start::text",
    "end": 'c."end"::text',
    "quote": text_cell("c.quote"),
    "statement": text_cell("c.statement"),
    "kind": csv_cell("c.kind"),
    "status": csv_cell("c.status"),
    "rating": csv_cell("r.name"),
    "rating_value": plain_cell("r.value"),
    "sourcing": csv_cell("c.sourcing"),
    "anonymous_only": f"CASE WHEN c.sourcing = {ANONYMOUS} THEN 'yes' ELSE 'no' END",
    "sources": text_cell("at.sources"),
    "assignee": text_cell("u.username"),
    "revisit_on": plain_cell(iso_date("c.revisit_on")),
    "published_at": plain_cell(iso_datetime("p.published_at")),
    "updated_at": iso_datetime("c.updated_at"),
}
assert list(CSV_CELLS) == CSV_HEADER, "the CSV's columns are a contract"
CSV_LINE = " || ',' || ".join(CSV_CELLS.values()) + " || chr(13) || chr(10)"
CSV_FROM = (
    lists_join("at", ATTRIBUTION_ROWS, ATTRIBUTION_ORDER, {"sources": SOURCE_TEXT})
    + "\n"
    + PUBLISHED_AT
)

# -- JSON Lines: json_record, attribution_record and event_record


def json_span(start: str, end: str) -> str:
    return (
        f"(CASE WHEN {start} IS NOT NULL AND {end} IS NOT NULL "
        f"THEN '[' || {start} || ', ' || {end} || ']' ELSE 'null' END)"
    )


ATTRIBUTION_JSON = json_object(
    [
        ("source", json_string("s.name")),
        ("source_kind", json_string("s.kind")),
        ("sourcing", json_string("at.sourcing")),
        ("mention", json_value("nullif(at.mention, '')")),
        ("mention_span", json_span("at.mention_start", "at.mention_end")),
        ("cue", json_value("nullif(at.cue, '')")),
        ("cue_span", json_span("at.cue_start", "at.cue_end")),
        ("descriptor", json_value("nullif(at.descriptor, '')")),
        ("count", json_value("at.count")),
    ]
)

STATUS_LABEL = (
    "CASE {} "
    + " ".join(f"WHEN {literal(value)} THEN {literal(label)}" for value, label in Status.choices)
    + " END"
)


def change_phrases() -> str:
    """claims.models.event_changes, as the comma-separated JSON strings of a list."""
    status = (
        f"CASE WHEN e.from_status <> '' AND e.from_status <> e.to_status THEN "
        f"{STATUS_LABEL.format('e.from_status')} || ' → ' || {STATUS_LABEL.format('e.to_status')}"
        " END"
    )
    rating = (
        "CASE WHEN fr.name IS DISTINCT FROM tr.name THEN 'rating ' || "
        f"{python_or('fr.name', 'none')} || ' → ' || {python_or('tr.name', 'none')} END"
    )
    details = "e.details"
    sourcing = (
        f"{python_str(details + ' -> ' + literal('source'))} || ': ' || "
        f"{python_or(details + ' ->> ' + literal('from'), 'not attributed')} || ' → ' || "
        f"{python_or(details + ' ->> ' + literal('to'), 'attribution removed')}"
    )
    assigned = f"'assigned to ' || {python_or(details + ' ->> ' + literal('to'), 'nobody')}"
    merged = (
        f"{python_str(details + ' -> ' + literal('source'))} || ' merged into ' || "
        f"{python_str(details + ' -> ' + literal('into'))} || ' (' || "
        f"{python_str(details + ' -> ' + literal('sourcing'))} || ')'"
    )
    evidence = (
        f"'“' || {python_str(details + ' -> ' + literal('title'))} || '” (' || "
        f"{python_str(details + ' -> ' + literal('stance'))} || ')'"
    )
    # jsonb_each walks the keys in jsonb's order, which is the order of the
    # jsonb's text, which is the order Django's JSONField decodes them in.
    edited = (
        "(SELECT string_agg(to_json(changed.key || ' → “' || "
        f"left({python_str('changed.value -> 1')}, 120) || '”')::text, ', ' "
        "ORDER BY changed.n) FROM jsonb_each(e.details -> 'changed') "
        "WITH ORDINALITY AS changed(key, value, n))"
    )
    kinds = ClaimEvent.Kind
    by_kind = (
        f"CASE e.kind WHEN {literal(kinds.SOURCING_CHANGED)} THEN to_json({sourcing})::text "
        f"WHEN {literal(kinds.ASSIGNED)} THEN to_json({assigned})::text "
        f"WHEN {literal(kinds.SOURCE_MERGED)} THEN to_json({merged})::text "
        f"WHEN {literal(kinds.EVIDENCE_ADDED)} THEN to_json({evidence})::text "
        f"WHEN {literal(kinds.EDITED)} THEN {edited} END"
    )
    return f"concat_ws(', ', to_json({status})::text, to_json({rating})::text, {by_kind})"


EVENT_JSON = json_object(
    [
        ("at", f"'\"' || {iso_datetime('e.at')} || '\"'"),
        ("by", json_value("actor.username")),
        ("kind", json_string("e.kind")),
        ("from_status", json_value("nullif(e.from_status, '')")),
        ("to_status", json_string("e.to_status")),
        ("from_rating", json_value("fr.name")),
        ("to_rating", json_value("tr.name")),
        ("note", json_value("nullif(e.note, '')")),
        ("changes", f"'[' || {change_phrases()} || ']'"),
    ]
)
HISTORY_JOIN = lists_join(
    "e",
    f"""FROM {EVENT} e
          LEFT JOIN {USER} actor ON actor.id = e.actor_id
          LEFT JOIN {RATING} fr ON fr.id = e.from_rating_id
          LEFT JOIN {RATING} tr ON tr.id = e.to_rating_id""",
    "e.at, e.id",
    {"history": EVENT_JSON},
    f"max(e.at) FILTER (WHERE {PUBLISHING}) AS published_at",
    columns=", e.at, e.to_status, e.from_status",
)


def json_date(value: str) -> str:
    return f"coalesce('\"' || {iso_date(value)} || '\"', 'null')"


def json_datetime(value: str) -> str:
    return f"coalesce('\"' || {iso_datetime(value)} || '\"', 'null')"


JSON_MEMBERS = {
    "claim_id": "c.id::text",
    "article_id": "c.article_id::text",
    "article_title": json_string("a.title"),
    "article_url": json_value("a.url"),
    "outlet": json_value("o.name"),
    "article_published_on": json_date("a.published_on"),
    "start": "c.start::text",
    "end": 'c."end"::text',
    "quote": json_string("c.quote"),
    "statement": json_string("c.statement"),
    "kind": json_string("c.kind"),
    "status": json_string("c.status"),
    "rating": json_value("r.name"),
    "rating_value": json_value("r.value"),
    "sourcing": json_string("c.sourcing"),
    "anonymous_only": f"CASE WHEN c.sourcing = {ANONYMOUS} THEN 'true' ELSE 'false' END",
    "sources": json_value("at.sources"),
    "assignee": json_value("u.username"),
    "revisit_on": json_date("c.revisit_on"),
    "published_at": json_datetime("e.published_at"),
    "updated_at": json_datetime("c.updated_at"),
    "attributions": json_list("at.attributions"),
    "history": json_list("e.history"),
}
assert list(JSON_MEMBERS)[: len(CSV_HEADER)] == CSV_HEADER, "the same names as the CSV"
JSONL_LINE = json_object(list(JSON_MEMBERS.items())) + " || chr(10)"
JSONL_FROM = (
    lists_join(
        "at",
        ATTRIBUTION_ROWS,
        ATTRIBUTION_ORDER,
        {"sources": SOURCE_TEXT, "attributions": ATTRIBUTION_JSON},
    )
    + "\n"
    + HISTORY_JOIN
)

LINES = {"csv": (CSV_LINE, CSV_FROM), "jsonl": (JSONL_LINE, JSONL_FROM)}


# -- running it


def export_sql(name: str, claims: QuerySet[Claim], after: int, last: int | None) -> str:
    """COPY of the export ``name`` of ``claims`` with ids in (after, last], a line a row,
    in claim order; bound as Django binds parameters (COPY takes none)."""
    line, joins = LINES[name]
    sql = f"COPY (SELECT {line}\n{CLAIM_JOINS}\n{joins}\n{CLAIM_WHERE}\nORDER BY c.id) TO STDOUT"
    ids, params = claims.values_list("pk").order_by().query.sql_with_params()
    filtered = bool(claims.query.where)  # else every claim in the range, none to look up
    for column in FILTERED_COLUMNS:
        span = f"{column} > {int(after)}" + ("" if last is None else f" AND {column} <= {last}")
        sql = sql.replace(EXPORTED.format(column), span + (f" AND {column} IN ({ids})" * filtered))
    database = connections[claims.db]
    return database.ops.compose_sql(sql, list(params) * (len(FILTERED_COLUMNS) * filtered))


def spans(claims: QuerySet[Claim]) -> Iterator[tuple[int, int | None]]:
    """(after, last) id bounds of SPAN claims each; the last span is open-ended."""
    ids = claims.order_by("pk").values_list("pk", flat=True)
    after = 0
    while (last := next(iter(ids.filter(pk__gt=after)[SPAN - 1 : SPAN]), None)) is not None:
        yield after, last
        after = last
    yield after, None


def sql_lines(
    name: str, claims: QuerySet[Claim], progress: Progress | None = None
) -> Iterator[str]:
    """The export ``name`` ("csv" or "jsonl") of ``claims``, CHUNK lines at a time.

    A COPY a span of claims streams the lines (binary, because the text format
    would escape their backslashes and line ends): memory stays flat however
    many there are, no statement runs for the whole export, and between two
    spans the connection is free for ``progress`` (an export job records it).
    While a piece is out, its COPY holds the connection: a consumer that
    queried the database on it then would wait for itself.
    """
    if name == "csv":
        yield from csv_lines([])  # the header, written by the csv module itself
    done = 0
    for after, last in spans(claims):
        for lines in _copied(export_sql(name, claims, after, last), claims.db):
            done += len(lines)
            yield "".join(lines)
        if progress:
            progress(done)


def _copied(sql: str, using: str) -> Iterator[list[str]]:
    """The rows of a COPY … TO STDOUT of one text column, CHUNK at a time."""
    lines: list[str] = []
    # JIT-compiling this many expressions takes longer than running them.
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        with cursor.copy(sql.replace("TO STDOUT", "TO STDOUT (FORMAT binary)")) as copy:
            copy.set_types(["text"])
            for (line,) in copy.rows():
                lines.append(line)
                if len(lines) == CHUNK:
                    yield lines
                    lines = []
    if lines:
        yield lines
