"""Print the mutation score of the last `mutmut run` (for `make mutation`).

mutmut 3 counts mutants but prints no rate; `mutmut export-cicd-stats`
writes the counts to mutants/mutmut-cicd-stats.json, read here. A mutant
that timed out was caught (the tests did not pass), so it counts as killed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

STATS = Path("mutants/mutmut-cicd-stats.json")


def report(stats: dict[str, int]) -> str:
    caught = stats["killed"] + stats["timeout"]
    total = stats["total"]
    rate = 100 * caught / total if total else 0.0
    return (
        f"Mutation score: {caught}/{total} killed ({rate:.1f}%): "
        f"{stats['killed']} failed a test, {stats['timeout']} timed out; "
        f"{stats['survived']} survived, {stats['no_tests']} had no test, "
        f"{stats['suspicious']} suspicious, {stats['skipped']} skipped."
    )


def main() -> int:
    if not STATS.exists():
        print(f"No {STATS}: run `mutmut run` and `mutmut export-cicd-stats` first.")
        return 1
    print(report(json.loads(STATS.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
