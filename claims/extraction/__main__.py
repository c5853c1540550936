"""python -m claims.extraction FILE… — one JSON object per candidate, per line."""

from __future__ import annotations

import json
import sys

from claims.extraction import extract


def main(paths: list[str]) -> int:
    if not paths:
        print("usage: python -m claims.extraction FILE...", file=sys.stderr)
        return 2
    for path in paths:
        # newline="": offsets count a file's "\r\n" as the two characters it is.
        with open(path, encoding="utf-8", newline="") as file:
            text = file.read()
        for candidate in extract(text):
            print(json.dumps({"file": path, **candidate.as_dict()}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
