"""claims.extraction.learned: the unnamed-source model beside the rules.

The weights shipped were trained on PolNeAR train's tuning part; these tests
use only text written here.
"""

import json

import pytest

from claims.extraction import (
    SHIPPED,
    attribution,
    body_start,
    extract,
    learned,
    polnear,
    quotes_as_straight,
    training,
)
from claims.extraction.benchmark import SOURCES
from claims.extraction.lexicon import CUE_FIRST_WORDS, WORDS
from claims.extraction.sentences import sentences
from tests.extraction.test_polnear import write_article

# "spoke about" is a saying the rules do not read; the model does.
SPOKE = "Senior officials spoke about the talks only on condition of anonymity."


def said(text, model=SHIPPED):
    found = extract(text, model)
    return [
        (text[c.source[0] : c.source[1]], text[c.cue[0] : c.cue[1]], c.sourcing)
        for c in found
        if c.cue
    ]


def test_the_model_finds_an_unnamed_saying_the_rules_miss():
    assert said(SPOKE, None) == []
    assert said(SPOKE) == [("Senior officials", "spoke", "anonymous")]


def test_what_the_rules_found_is_kept():
    text = "Two officials at the ministry said the bridge will reopen on Monday."
    assert said(text) == said(text, None)
    assert said(text) == [("Two officials at the ministry", "said", "anonymous")]


def test_the_model_reads_only_sentences_the_rules_attributed_to_no_one():
    # Beside the rules' own attributions it found more false unnamed sources
    # than true ones on the unseen tuning folds.
    text = (
        "Mayor Ana Ruiz said the bridge is safe, while senior officials spoke about "
        "delays only on condition of anonymity."
    )
    assert said(text) == said(text, None) == [("Mayor Ana Ruiz", "said", "named")]


def test_without_its_weights_the_extractor_is_the_rules_alone(monkeypatch, tmp_path):
    monkeypatch.setattr(learned, "WEIGHTS", tmp_path / "absent.json")
    learned.model.cache_clear()
    try:
        assert learned.model() is None
        assert extract(SPOKE) == extract(SPOKE, None)
    finally:
        monkeypatch.undo()
        learned.model.cache_clear()


def test_the_weights_file_holds_numbers_only():
    data = json.loads(learned.WEIGHTS.read_text(encoding="utf-8"))
    assert set(data) == {"about", "threshold", "buckets", "weights"}
    assert all(isinstance(b, int) and 0 <= b < learned.BUCKETS for b in data["buckets"])
    assert all(isinstance(w, float | int) for w in data["weights"])
    assert len(data["buckets"]) == len(data["weights"]) == len(set(data["buckets"]))
    assert 0 < data["threshold"] < 1


ARTICLE = (
    "Senior officials spoke about the plan on Monday. Mayor Ana Ruiz said the repairs cost "
    "$4 million. Two aides said the work was rushed. The mayor praised the engineers."
)


@pytest.fixture
def folder(tmp_path):
    train = tmp_path / "data" / "train"
    write_article(
        train,
        "bridge",
        ARTICLE,
        [
            ("Senior officials", "spoke about", "the plan"),
            ("Mayor Ana Ruiz", "said", "the repairs cost $4 million"),
            ("Two aides", "said", "the work was rushed"),
        ],
    )
    return tmp_path


def test_training_labels_unnamed_sayings_and_is_deterministic(folder, tmp_path):
    articles = list(polnear.articles(folder, "all"))
    examples = training.examples(articles)
    # (officials, spoke) and (aides, said) are positive; the mayor is named, and
    # officials/aides with another sentence's verb are not pairs at all.
    assert sum(label for _, label in examples) == 2
    assert training.train(examples) == training.train(examples)
    path = tmp_path / "weights.json"
    training.save(training.train(examples, epochs=20), 0.5, path)
    model = learned.Model.load(path)
    assert said("Two aides said the work was rushed.", model)[0][2] == "anonymous"


def words(text):
    return WORDS.findall(text)


def test_the_first_look_reads_words_as_written():
    assert learned.worth_reading(words("Two GPs in the town said it was busy."))
    assert learned.worth_reading(words("OFFICIALS SAY THE BRIDGE WILL REOPEN"))
    assert learned.worth_reading(words("Some argue the count is wrong."))
    assert not learned.worth_reading(words("The bridge will reopen on Monday, Ruiz said."))
    assert not learned.worth_reading(words("Officials reopened the bridge on Monday."))


def test_an_acronym_in_the_plural_is_the_same_people():
    text = "Two GPs spoke about the vaccine only on condition of anonymity."
    assert said(text) == [("Two GPs", "spoke", "anonymous")]


def test_every_sentence_with_a_cue_passes_the_first_look():
    # The rules skip a sentence none of whose words a cue starts with: that
    # must never be a sentence in which they would have found one.
    checked = 0
    for path in SOURCES:
        text = quotes_as_straight(path.read_text(encoding="utf-8"))
        for start, end in sentences(text, body_start(text)):
            if attribution.find_all(text, start, end):
                checked += 1
                assert not CUE_FIRST_WORDS.isdisjoint(WORDS.findall(text, start, end))
    assert checked > 100
    for form in ("said", "Said", "SAID", "According", "told"):
        assert form in CUE_FIRST_WORDS
