"""claims.anchoring: spans found again on a revised text (pure: no database)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.anchoring import CONTEXT, Outcome, Reanchorer, TextQuote, map_position

FIRST = "The minister said revenue rose 30 percent this year."
SECOND = "Officials familiar with the talks said the IMF would release the next tranche."
THIRD = "Opposition leaders called the figures a fiction."
OLD = f"{FIRST} {SECOND}\n\n{THIRD}"


def span(text: str, words: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def reanchor(old: str, new: str, words: str, occurrence: int = 0):
    return Reanchorer(old, new).reanchor(*span(old, words, occurrence))


def test_it_keeps_a_span_of_an_unchanged_text_where_it_was():
    anchor = reanchor(OLD, OLD, SECOND)
    assert (anchor.outcome, anchor.start, anchor.text) == (Outcome.MOVED, OLD.index(SECOND), SECOND)


def test_it_moves_a_span_after_an_insertion_before_it():
    added = "A new first paragraph, added after publication.\n\n"
    new = added + OLD
    anchor = reanchor(OLD, new, THIRD)
    assert anchor.outcome == Outcome.MOVED
    assert new[anchor.start : anchor.end] == THIRD
    assert anchor.start == OLD.index(THIRD) + len(added)


def test_it_reports_a_change_when_words_are_inserted_inside_the_span():
    new = OLD.replace("would release", "would, officials hoped, release")
    anchor = reanchor(OLD, new, SECOND)
    assert anchor.outcome == Outcome.CHANGED
    assert anchor.text == SECOND.replace("would release", "would, officials hoped, release")
    assert new[anchor.start : anchor.end] == anchor.text


def test_it_finds_the_new_extent_of_a_corrected_quote():
    corrected = FIRST.replace("30 percent", "25 percent")
    new = "Updated: figures corrected.\n\n" + OLD.replace(FIRST, corrected)
    anchor = reanchor(OLD, new, FIRST)
    assert (anchor.outcome, anchor.text) == (Outcome.CHANGED, corrected)
    assert new[anchor.start : anchor.end] == corrected


def test_it_finds_a_corrected_quote_whose_first_and_last_words_changed():
    corrected = "Minister Aurangzeb said revenue rose 30 percent this financial year!"
    new = OLD.replace(FIRST, corrected)
    anchor = reanchor(OLD, new, FIRST)
    assert (anchor.outcome, anchor.text) == (Outcome.CHANGED, corrected)


def test_it_ignores_text_inserted_at_the_edges_of_a_span():
    new = OLD.replace(SECOND, f"Meanwhile, {SECOND} Nothing else.")
    anchor = reanchor(OLD, new, SECOND)
    assert (anchor.outcome, anchor.text) == (Outcome.MOVED, SECOND)


def test_it_follows_a_moved_paragraph():
    filler = "\n\n".join(f"Paragraph {n} says nothing new, at some length." for n in range(8))
    moved = f"{FIRST} {SECOND}"
    old = f"{filler}\n\n{moved}\n\n{THIRD}"
    new = f"{moved}\n\n{filler}\n\n{THIRD}"
    for sentence in (FIRST, SECOND):
        anchor = reanchor(old, new, sentence)
        assert (anchor.outcome, anchor.start) == (Outcome.MOVED, new.index(sentence))


def test_it_does_not_take_the_same_sentence_elsewhere_for_a_corrected_one():
    repeated = "The talks will resume on Monday in Islamabad."
    old = f"{FIRST} {repeated} {SECOND}\n\n{THIRD} Later: {repeated} End of story."
    new = old.replace(
        f"{FIRST} {repeated}", f"{FIRST} The talks will resume on Tuesday in Islamabad."
    )
    anchor = reanchor(old, new, repeated)
    assert (anchor.outcome, anchor.text) == (
        Outcome.CHANGED,
        "The talks will resume on Tuesday in Islamabad.",
    )


def test_it_reports_a_span_in_a_removed_paragraph_as_gone():
    new = f"{THIRD}"
    old = f"{FIRST}\n\n{SECOND}\n\n{THIRD}"
    anchor = reanchor(old, new, SECOND)
    assert (anchor.outcome, anchor.start, anchor.end) == (Outcome.GONE, None, None)


def test_it_reports_a_span_whose_sentence_was_rewritten_beyond_recognition_as_gone():
    new = OLD.replace(SECOND, "The talks were postponed.")
    assert reanchor(OLD, new, SECOND).outcome == Outcome.GONE


def test_it_counts_offsets_in_code_points():
    old = "Imran Khan’s release is a priority 🇵🇰. Khyber Pakhtunkhwa’s adviser said so."
    new = "Ünïcode 👍🏽 first. " + old.replace("adviser said", "adviser said today")
    anchor = reanchor(old, new, "Khyber Pakhtunkhwa’s adviser said so.")
    assert anchor.outcome == Outcome.CHANGED
    assert anchor.text == "Khyber Pakhtunkhwa’s adviser said today so."
    assert new[anchor.start : anchor.end] == anchor.text
    moved = reanchor(old, new, "priority 🇵🇰")
    assert new[moved.start : moved.end] == "priority 🇵🇰"


def test_it_tells_two_identical_sentences_apart_by_their_surroundings():
    repeated = "Talks will resume."
    old = f"On Monday the party said: {repeated} On Friday the minister said: {repeated} End."
    new = "Inserted above, long enough to shift everything. " + old
    first = reanchor(old, new, repeated, occurrence=0)
    second = reanchor(old, new, repeated, occurrence=1)
    assert first.start == new.index(repeated)
    assert second.start == new.rindex(repeated)


def test_it_tells_identical_sentences_with_identical_surroundings_apart_by_position():
    old = ("x. Same sentence here. " * 6).strip()
    new = "Top. " + old
    for occurrence in range(6):
        start, _ = span(old, "Same sentence here.", occurrence)
        anchor = Reanchorer(old, new).reanchor(start, start + len("Same sentence here."))
        assert anchor.start == start + len("Top. ")


def test_it_finds_the_right_copy_when_one_of_two_identical_sentences_is_removed():
    repeated = "Talks will resume."
    old = f"Monday: {repeated} Friday: {repeated} End."
    new = f"Friday: {repeated} End."
    anchor = reanchor(old, new, repeated, occurrence=1)
    assert (anchor.outcome, anchor.start) == (Outcome.MOVED, new.index(repeated))


def test_it_handles_quotes_longer_than_match_mains_pattern_limit():
    long_quote = " ".join(f"word{n}" for n in range(200))
    old = f"Before. {long_quote} After."
    new = "Intro. " + old.replace("word100", "WORD100")
    anchor = reanchor(old, new, long_quote)
    assert anchor.outcome == Outcome.CHANGED
    assert anchor.text == long_quote.replace("word100", "WORD100")


def test_the_selector_keeps_context_on_each_side():
    quote = TextQuote.of(OLD, *span(OLD, SECOND))
    assert quote.exact == SECOND
    assert quote.prefix == OLD[: OLD.index(SECOND)][-CONTEXT:]
    assert quote.suffix == OLD[OLD.index(SECOND) + len(SECOND) :][:CONTEXT]


def test_positions_map_around_insertions_and_deletions():
    diffs = [(0, "ab"), (1, "XY"), (0, "cd"), (-1, "ef"), (0, "g")]
    assert map_position(diffs, 2, before_insertions=False) == 4  # a start: after "XY"
    assert map_position(diffs, 2, before_insertions=True) == 2  # an end: before "XY"
    assert map_position(diffs, 5, before_insertions=False) == 6  # inside the deletion
    assert map_position(diffs, 7, before_insertions=False) == 7  # "g" itself


WORDS = st.sampled_from(["said", "the", "minister", "talks", "said.", "He", "added", "\n\n"])
TEXTS = st.lists(WORDS, min_size=2, max_size=60).map(" ".join)


class WithoutShortcut(Reanchorer):
    def _undisturbed_at(self, quote: TextQuote, at: int) -> bool:
        return False


@settings(max_examples=200, deadline=None)
@given(old=TEXTS, inserted=TEXTS, data=st.data())
def test_the_shortcut_at_the_hint_finds_what_scoring_every_occurrence_finds(old, inserted, data):
    """Spans of repeated words ("said") are taken at their hint when all their
    context is there; that must be the occurrence full scoring would pick."""
    at = data.draw(st.integers(0, len(old)))
    new = old[:at] + inserted + old[at:]
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    assert Reanchorer(old, new).reanchor(start, end) == WithoutShortcut(old, new).reanchor(
        start, end
    )
