"""Check the hand-annotated corpus in this folder.

Usage: python claims/extraction/corpus/check_corpus.py [FOLDER]

For every *.json: each span lies inside the article's text with start < end,
each span's recorded text equals the text at that span, sourcing is valid and
consistent with source/cue, and the article has the expected shape. Prints
one line per problem and a summary; exits 1 on any problem. Standard library
only. Conventions: README.md beside this file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SOURCINGS = {"named", "anonymous", None}
PRONOUNS = {"he", "she", "they", "i", "we", "it"}
UNATTRIBUTED_NOTE = "unattributed: the outlet's own assertion"
ORIGIN = "written for this corpus; not a real article"
MIN_WORDS, MAX_WORDS = 250, 600


def check_span(value: object, text: str, where: str, problems: list[str]) -> tuple[int, int] | None:
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )
    if not ok:
        problems.append(f"{where}: not a [start, end] pair of integers: {value!r}")
        return None
    start, end = value
    if not 0 <= start < end <= len(text):
        problems.append(f"{where}: span {value} out of bounds or empty ({len(text)} chars)")
        return None
    return start, end


def check_claim(i: int, claim: dict, text: str, name: str, problems: list[str]) -> None:
    where = f"{name} claim {i}"
    if not isinstance(claim, dict):
        problems.append(f"{where}: not an object")
        return
    recorded = claim.get("text")
    if not isinstance(recorded, dict):
        problems.append(f"{where}: missing 'text' object")
        recorded = {}
    sourcing = claim.get("sourcing", "missing")
    if sourcing not in SOURCINGS:
        problems.append(f"{where}: invalid sourcing {sourcing!r}")

    spans = {}
    for key in ("content", "source", "cue", "refers_to"):
        if key not in claim:
            if key != "refers_to":
                problems.append(f"{where}: missing key {key!r}")
            continue
        value = claim[key]
        if value is None:
            if key == "content" or (key == "refers_to"):
                problems.append(f"{where}: {key} is null")
            if key in recorded:
                problems.append(f"{where}: text.{key} given for a null span")
            continue
        span = check_span(value, text, f"{where} {key}", problems)
        if span is None:
            continue
        spans[key] = span
        if key not in recorded:
            problems.append(f"{where}: text.{key} missing")
        elif text[span[0] : span[1]] != recorded[key]:
            found = text[span[0] : span[1]]
            problems.append(
                f"{where}: {key} span {list(span)} is {found!r}, recorded {recorded[key]!r}"
            )

    attributed = "source" in spans or "cue" in spans
    if sourcing is None and attributed:
        problems.append(f"{where}: source/cue given but sourcing is null")
    if sourcing in ("named", "anonymous") and not ("source" in spans and "cue" in spans):
        problems.append(f"{where}: sourcing {sourcing!r} needs both source and cue spans")
    if sourcing is None and claim.get("note") is None:
        problems.append(f"{where}: unattributed claim without a note")
    if "refers_to" in spans:
        if "source" not in spans:
            problems.append(f"{where}: refers_to without a source")
        elif spans["refers_to"][1] > spans["source"][0]:
            problems.append(f"{where}: refers_to must point at an earlier mention")
    source_text = recorded.get("source")
    pronoun = isinstance(source_text, str) and source_text.lower() in PRONOUNS
    if pronoun and "refers_to" not in spans:
        problems.append(f"{where}: pronoun source {source_text!r} without refers_to")

    content = spans.get("content")
    if content:
        value = text[content[0] : content[1]]
        if value != value.strip():
            problems.append(f"{where}: content has leading/trailing whitespace")
        if value.rstrip().endswith((".", ",")):
            problems.append(f"{where}: content ends with its final full stop or comma")
        for key in ("source", "cue"):
            other = spans.get(key)
            if other and other[0] < content[1] and content[0] < other[1]:
                problems.append(f"{where}: {key} overlaps content")


def check_file(path: Path, problems: list[str], totals: dict[str, int]) -> None:
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problems.append(f"{name}: cannot read JSON: {error}")
        return
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        problems.append(f"{name}: expected an object with a 'claims' list")
        return
    if data.get("file") != path.stem + ".txt":
        problems.append(f"{name}: 'file' should be {path.stem + '.txt'!r}, is {data.get('file')!r}")
    if data.get("origin") != ORIGIN:
        problems.append(f"{name}: 'origin' should be {ORIGIN!r}")
    txt = path.parent / str(data.get("file"))
    try:
        with open(txt, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{name}: cannot read {txt.name}: {error}")
        return

    title, sep, body = text.partition("\n\n")
    if not sep or not title.strip() or "\n" in title:
        problems.append(f"{txt.name}: expected a title line, a blank line, then the body")
    words = len(body.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"{txt.name}: body has {words} words, expected {MIN_WORDS}-{MAX_WORDS}")

    totals["articles"] += 1
    for i, claim in enumerate(data["claims"]):
        check_claim(i, claim, text, name, problems)
        if not isinstance(claim, dict):
            continue
        totals["claims"] += 1
        sourcing = claim.get("sourcing")
        key = {"named": "named", "anonymous": "anonymous", None: "unattributed"}.get(sourcing)
        if key:
            totals[key] += 1
        source_text = (claim.get("text") or {}).get("source")
        if isinstance(source_text, str) and source_text.lower() in PRONOUNS:
            totals["pronoun sources"] += 1


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent
    files = sorted(folder.glob("*.json"))
    problems: list[str] = []
    totals = dict.fromkeys(
        ["articles", "claims", "named", "anonymous", "unattributed", "pronoun sources"], 0
    )
    if not files:
        problems.append(f"no *.json files in {folder}")
    for path in files:
        check_file(path, problems, totals)
    for problem in problems:
        print("PROBLEM", problem)
    summary = ", ".join(f"{key}: {value}" for key, value in totals.items())
    print(f"{'FAIL' if problems else 'OK'} {summary}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
