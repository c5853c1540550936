"""Speed: python -m claims.extraction.benchmark [MEGABYTES] — characters per second.

Builds a large corpus from the annotated articles (repeated, with their
numbers and names varied so that nothing is cached by accident) and times
``extract`` over it on one core.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from claims.extraction import extract, learned

HERE = Path(__file__).resolve().parent
SOURCES = [*sorted((HERE / "corpus").glob("*.txt")), *sorted((HERE.parent / "demo").glob("*.txt"))]


def corpus(megabytes: float) -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in SOURCES]
    wanted, size, documents, copy = int(megabytes * 1_000_000), 0, [], 0
    while size < wanted:
        for text in texts:
            varied = text.replace("2025", str(1990 + copy % 35))
            documents.append(f"Copy {copy}. {varied}")
            size += len(documents[-1])
        copy += 1
    return documents


# One paragraph as dense with cues, quotes, asides and names as news gets,
# repeated into a single text: the time must grow with its length, not faster.
DENSE = (
    "“We are done,” said Reyes. ''The count is wrong,'' Mr. Ruiz said on Tuesday, adding "
    "that “nobody,” as officials, who spoke\xa0on condition of anonymity, said, “knew”. "
    "According to two people familiar with the talks, the deal — which Khan, Smith and "
    'Vartanian said was close — collapsed; the minister told reporters: "It is over." '
)


def dense_text(characters: int) -> str:
    return DENSE * (characters // len(DENSE))


def timed(text: str) -> float:
    started = time.perf_counter()
    extract(text)
    return time.perf_counter() - started


def model_cost(documents: list[str], rounds: int = 5) -> tuple[float, float]:
    """CPU seconds (best of ``rounds``) to read ``documents`` with the rules
    alone and with the rules and the unnamed-source model, taken in turns so
    that both see the same load on a shared machine."""
    model = learned.model()
    best = {None: float("inf"), model: float("inf")}
    for _ in range(rounds):
        for which in best:
            started = time.process_time()
            for document in documents:
                extract(document, which)
            best[which] = min(best[which], time.process_time() - started)
    return best[None], best[model]


def main(argv: list[str]) -> int:
    megabytes = float(argv[0]) if argv else 5.0
    documents = corpus(megabytes)
    characters = sum(map(len, documents))
    started = time.perf_counter()
    found = sum(len(extract(document)) for document in documents)
    elapsed = time.perf_counter() - started
    print(f"{characters:,} characters in {len(documents):,} articles: {elapsed:.2f} s")
    print(f"{characters / elapsed / 1e6:.2f} million characters per second, {found:,} candidates")
    small, large = timed(dense_text(100_000)), timed(dense_text(1_000_000))
    print(
        f"one dense text of 100 KB: {small:.2f} s; of 1 MB: {large:.2f} s "
        f"({large / small:.1f} times as long for 10 times the text)"
    )
    if learned.model() is not None:
        sample = corpus(1.0)
        size = sum(map(len, sample))
        rules, both = model_cost(sample)
        print(
            f"CPU time for {size:,} characters, best of 5: rules alone {rules:.3f} s "
            f"({size / rules / 1e6:.2f} M/s), rules + model {both:.3f} s "
            f"({size / both / 1e6:.2f} M/s): the model adds {both / rules - 1:+.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
