"""claims.extraction.polnear: the PolNeAR scorer, on a brat folder written here.

PolNeAR's own text never enters this repository; these articles are invented
in its format (text/NAME.txt, attributions/NAME_ANNOTATOR.ann).
"""

import subprocess
import sys
from pathlib import Path

import pytest

from claims.extraction import polnear

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = (
    "Bridge to reopen.\n\n"
    "The bridge will reopen on Monday, two officials at the transport ministry said. "
    "Mayor Ana Ruiz said the repairs cost $4 million. "
    "Critics believe the work was rushed."
)


def brat_line(index: int, label: str, text: str, phrase: str, after: int = 0) -> str:
    start = text.index(phrase, after)
    return f"T{index}\t{label} {start} {start + len(phrase)}\t{phrase}"


def write_article(folder: Path, name: str, text: str, relations: list[tuple]) -> None:
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "attributions").mkdir(parents=True, exist_ok=True)
    (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    lines, index = [], 1
    for number, (source, cue, content) in enumerate(relations, start=1):
        ids, source_at = {}, text.index(source)  # the cue is the first one after its source
        for role, phrase in (("Source", source), ("Cue", cue), ("Content", content)):
            lines.append(brat_line(index, role, text, phrase, source_at if role == "Cue" else 0))
            ids[role] = f"T{index}"
            index += 1
        lines.append(brat_line(index, "Attribution", text, cue, source_at))
        relation = f"Attribution:T{index} Content:{ids['Content']} Cue:{ids['Cue']}"
        lines.append(f"E{number}\t{relation} Source:{ids['Source']}")
        index += 1
    ann = folder / "attributions" / f"{name}_ab12.ann"
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    write_article(
        tmp_path / "data" / "train",
        "bridge",
        ARTICLE,
        [
            (
                "two officials at the transport ministry",
                "said",
                "The bridge will reopen on Monday",
            ),
            ("Mayor Ana Ruiz", "said", "the repairs cost $4 million"),
            # Thought, not speech: PolNeAR's, but not scored.
            ("Critics", "believe", "the work was rushed"),
        ],
    )
    return tmp_path


def test_brat_files_are_read_with_their_spans(folder):
    [article] = polnear.articles(folder, "all")
    assert [ARTICLE[g.cue[0][0] : g.cue[0][1]] for g in article.attributions] == [
        "said",
        "said",
        "believe",
    ]
    assert [g.sourcing for g in article.attributions] == ["anonymous", "named", "anonymous"]


def test_only_reporting_verb_attributions_are_scored(folder):
    report = polnear.evaluate(folder, "all")
    assert report.articles == 1
    assert (report.cue.gold, report.cue.hits) == (2, 2)
    assert (report.source.hits, report.content.hits) == (2, 2)
    assert (report.anonymous.gold, report.anonymous.hits) == (1, 1)


def test_a_wrong_source_is_a_miss(folder, monkeypatch):
    from claims.extraction import Candidate

    def wrong(text):
        said = text.index("said")
        return [Candidate((0, 5), (said - 8, said - 1), (said, said + 4), "named", 0.9)]

    monkeypatch.setattr(polnear, "extract", wrong)
    report = polnear.evaluate(folder, "all")
    assert (report.cue.hits, report.source.hits, report.content.hits) == (1, 1, 0)
    assert report.anonymous.scores() == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("two senior officials at the water utility", "anonymous"),
        ("people familiar with the talks", "anonymous"),
        ("Clinton aides", "anonymous"),
        ("a campaign spokesman", "named"),
        ("Mayor Ana Ruiz", "named"),
        ("The State Department", "named"),
        ("he", None),
        ("who", None),
        ("a Carrier executive", "anonymous"),
        ("the official", "anonymous"),
        ("the Wisconsin Republican", "named"),
        ("researchers at the University of Eastbridge", "named"),
        ("Business Insider", "named"),
        ("Hawkins and others", "named"),
        ("Her advisers and allies", "anonymous"),
        ("half of GOP primary voters", "named"),
        ("Former House speaker Newt Gingrich, a Trump ally,", "named"),
        ("Some Democrats", "anonymous"),
        # A name after a preposition or in a clause is someone else's.
        ("one longtime adviser to Bill Clinton", "anonymous"),
        ("Republicans on Capitol Hill", "anonymous"),
        ("Sen. Ted Cruz of Texas", "named"),
        # Why a source is unnamed outweighs the capitals around it.
        ("One attendee, who spoke on the condition of anonymity", "anonymous"),
        ("officials in Chappaqua, N.Y., speaking on condition of anonymity", "anonymous"),
        # Capitals before the head modify it; they do not name whom it speaks for.
        ("Fox News executives", "anonymous"),
        ("The Vermont senators", "named"),
        ("Clinton economic advisers like Gene Sperling", "named"),
        ("Hillary Clinton's right-hand woman", "named"),
        ("Cummings's staff", "anonymous"),
    ],
)
def test_gold_sourcing_reads_the_annotated_phrase(phrase, expected):
    assert polnear.gold_sourcing(phrase) == expected


def test_the_held_back_part_is_a_stable_fifth():
    names = [f"outlet_2016-01-{day:02d}_story-{n}" for day in range(1, 29) for n in range(30)]
    held = [n for n in names if polnear.held_back(n)]
    assert 0.15 < len(held) / len(names) < 0.25
    assert held == [n for n in names if polnear.held_back(n)]


def test_the_command_prints_the_figures(folder):
    result = subprocess.run(
        [sys.executable, "-m", "claims.extraction.polnear", str(folder), "--part", "all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 articles" in result.stdout
    assert "anonymous sources" in result.stdout


def test_a_folder_without_polnear_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="no text/ and attributions/"):
        list(polnear.articles(tmp_path, "all"))
