"""Properties of ``extract`` that hold for any text, news-like or not.

Hypothesis builds articles from fragments a desk meets every day: quotes
(curly, straight, doubled apostrophes), non-breaking spaces, "said", "told
reporters", "according to", asides between commas and dashes, abbreviations
("Mr.", "U.S."), Title Case headlines, run-on sentences, empty lines; and
plain ``st.text()`` besides. Examples are derandomized so CI sees the same
ones every run.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract

EXAMPLES = 300
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Properties that extract twice or more per example see fewer, to keep the
# file near 15 s on the shared machine.
FEWER = settings(SETTINGS, max_examples=EXAMPLES // 2)
SOURCE_KINDS = {"person", "organization", "document", "anonymous_group"}

# ---------------------------------------------------------------- fragments

SOURCES = [
    "Officials", "officials", "Mr. Khan", "Ms. Okafor", "the U.S. Embassy", "He", "he", "She",
    "she", "They", "they", "It", "Imran Khan", "Dr. J. R. Smith", "a senior official",
    "a senior official who asked not to be named", "two people familiar with the talks",
    "the ministry", "The Post", "Fox News", "Sen. Marco Rubio, R-Fla.", "Reyes",
    "Ines Vartanian, its leader,", "the party's spokeswoman", "Some", "Others", "who",
    "police", "The U.N. report", "Gov. Halvard Ness", "one commenter", "Trump's campaign manager",
]  # fmt: skip
CUES = [
    "said", "says", "told reporters", "told the Ledger", "told him", "added", "added that",
    "wrote", "writes", "insisted", "warned", "noted", "claimed", "reported", "argued",
    "said on Monday", "said in a statement", "said privately that", "went on to say",
    "has said", "was told", "saying", "adding that", "declined to say", "called",
]  # fmt: skip
CLAUSES = [
    "the bridge will reopen on Monday", "the dam leaks", "we are not there yet",
    "the money is coming", "the vote was rigged", "prices rose 4.5 percent in May",
    "the U.S. economy grew by 2 percent", "Mr. Smith was not available", "it was a mistake",
    "there were 5,000 people at the rally", "nothing has changed", "he would not resign",
    "the plan is dead, and nobody will revive it", "inflation fell (slightly) in March",
    "the talks — which began in Jan. — had stalled", "crime is up 30% since 2019",
    "the thought that he said anything is absurd", "I never said that",
]  # fmt: skip
QUOTES = [('"', '"'), ("“", "”"), ("''", "''"), ("``", "''"), ("‘", "’"), ("«", "»"), ("“", '"')]
# Unicode spaces too: French news sets a narrow no-break space before ":" and "»".
SPACES = [" ", " ", " ", "\xa0", "  ", "\t", "\u202f", "\u2009", "\u3000", "\x0c"]
BREAKS = [" ", " ", "\n", "\n\n", "\n \n", "\n\n\n"]
ENDINGS = [".", ".", "!", "?", "…", "", ".)", '."', "”", "."]
ODDS_AND_ENDS = [
    ",", ", ", " — ", " – ", " - ", "(", ")", ":", ";", "'", "’", '"', "“", "”", "''", "...",
    "U.S.", "Mr.", "a.m.", "p.m.", "No.", "e.g.", "3.5", "Jan.", "ORLANDO, Fla. — ", "\u200b",
    "é", "日本", "🙂", "\ufeff", "date 2024-05-01 ", "According to", "according to", "said",
    "told", "that", "who", "and", "but", "Saying", "\r", "\x00", "\u2028", "\x85", "\u202f",
    "\u2009", "\u3000", "\xa0", "!", "?", "—", "--", "…", "(AP) — ", "[", "]", "*", "• ",
]  # fmt: skip

spaces = st.sampled_from(SPACES)
sources = st.sampled_from(SOURCES)
cues = st.sampled_from(CUES)
quotes = st.sampled_from(QUOTES)
endings = st.sampled_from(ENDINGS)


@st.composite
def clauses(draw) -> str:
    """One clause, or several run together with commas: a very long sentence."""
    parts = draw(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=8))
    joint = draw(st.sampled_from([", ", ", and ", " — ", "; ", ", ", " "]))
    return joint.join(parts)


@st.composite
def quoted(draw, inner) -> str:
    opening, closing = draw(quotes)
    return f"{opening}{inner}{closing}"


@st.composite
def sentence(draw) -> str:
    """An attributed or plain sentence, in one of the shapes news prints."""
    src, cue, what = draw(sources), draw(cues), draw(clauses())
    sp, end = draw(spaces), draw(endings)
    opening, closing = draw(quotes)
    shapes = [
        f"{src}{sp}{cue}{sp}{what}{end}",
        f"{src}{sp}{cue}:{sp}{opening}{what}.{closing}",
        f"{opening}{what},{closing}{sp}{cue}{sp}{src}{end}",
        f"{opening}{what},{closing}{sp}{src}{sp}{cue}{end}",
        f"{opening}{what},{closing} {cue} {src}, {opening}{draw(clauses())}.{closing}",
        f"{what},{sp}{src}{sp}{cue}{end}",
        f"According to {src},{sp}{what}{end}",
        f"{what},{sp}according to {src}{end}",
        f"{src}{sp}{cue}{end}",
        f"{cue.capitalize()} {src}, {opening}{what}{closing}{end}",
        f"{what}{end}",
        f"{src}, {draw(sources)}, {cue} {what}{end}",
        f"{what} {opening}{draw(clauses())}{closing}, {src} {cue}{end}",
    ]
    return draw(st.sampled_from(shapes))


@st.composite
def headline(draw) -> str:
    words = f"{draw(sources)} {draw(cues)} {draw(st.sampled_from(CLAUSES))}".split()
    return " ".join(w[:1].upper() + w[1:] for w in words)


@st.composite
def article(draw) -> str:
    pieces = draw(st.lists(st.one_of(sentence(), sentence(), headline()), min_size=1, max_size=8))
    text = ""
    for piece in pieces:
        text += piece + draw(st.sampled_from(BREAKS))
    return text


@st.composite
def soup(draw) -> str:
    """Fragments in any order: the sentence shapes broken apart."""
    tokens = st.one_of(
        sources, cues, st.sampled_from(CLAUSES), st.sampled_from(ODDS_AND_ENDS), endings, spaces,
        st.sampled_from(BREAKS),
    )  # fmt: skip
    return "".join(draw(st.lists(tokens, max_size=40)))


@st.composite
def damaged_article(draw) -> str:
    """An article with stray fragments dropped in anywhere: broken quotes,
    a cue where none belongs, a line break mid-sentence."""
    text = draw(article())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODDS_AND_ENDS + CUES + SOURCES)) + text[at:]
    return text


news_text = st.one_of(
    article(), damaged_article(), damaged_article(), soup(), soup(), st.text(max_size=200)
)


# ---------------------------------------------------------------- properties


@SETTINGS
@given(news_text)
def test_spans_lie_inside_the_text_and_are_not_empty(text):
    for candidate in extract(text):
        for span in (candidate.content, candidate.source, candidate.cue, candidate.refers_to):
            if span is not None:
                start, end = span
                assert 0 <= start < end <= len(text), (span, candidate)
        assert 0.0 <= candidate.score <= 1.0


@SETTINGS
@given(news_text)
def test_content_is_more_than_whitespace(text):
    for candidate in extract(text):
        assert text[candidate.content[0] : candidate.content[1]].strip(), candidate


@SETTINGS
@given(news_text)
def test_a_cue_has_a_source_beside_it_and_no_cue_means_the_outlets_own_word(text):
    for candidate in extract(text):
        if candidate.cue is None:
            assert candidate.source is None and candidate.sourcing is None, candidate
            assert candidate.refers_to is None and candidate.source_kind is None, candidate
            continue
        assert candidate.source is not None, candidate
        assert candidate.sourcing in ("named", "anonymous"), candidate
        assert candidate.source_kind in SOURCE_KINDS, candidate
        (source_start, source_end), (cue_start, cue_end) = candidate.source, candidate.cue
        assert source_end <= cue_start or cue_end <= source_start, candidate  # no overlap


@SETTINGS
@given(news_text)
def test_candidates_come_in_document_order(text):
    found = extract(text)
    starts = [c.cue[0] if c.cue is not None else c.content[0] for c in found]
    assert starts == sorted(starts), found


@FEWER
@given(news_text, news_text)
def test_extract_is_deterministic(text, other):
    first = extract(text)
    extract(other)  # nothing carries over from one article to the next
    assert extract(text) == first


@FEWER
@given(news_text)
def test_a_non_breaking_space_and_a_curly_quote_read_as_their_plain_forms(text):
    plain = text.replace("\xa0", " ").replace("“", '"').replace("”", '"')
    assert extract(plain) == extract(text)


def _shift(span, offsets):
    return None if span is None else (offsets[span[0]], offsets[span[1]])


@FEWER
@given(news_text)
def test_windows_line_endings_give_the_same_spans(text):
    text = text.replace("\r", "")
    crlf = text.replace("\n", "\r\n")
    # offsets[i]: where text[i] sits in crlf.
    offsets, position = [], 0
    for char in text:
        offsets.append(position)
        position += 2 if char == "\n" else 1
    offsets.append(position)
    expected = [
        (_shift(c.content, offsets), _shift(c.source, offsets), _shift(c.cue, offsets), c.sourcing)
        for c in extract(text)
    ]
    actual = [(c.content, c.source, c.cue, c.sourcing) for c in extract(crlf)]
    assert actual == expected


# ---------------------------------------------------------------- regressions
# Minimal inputs Hypothesis found (fixed in b462bef); the derandomized runs
# above need not meet them again, so they are pinned here.

EMPTY_CONTENT = [
    # One root cause: attribution.strip_quotes trimmed a span of punctuation
    # only to nothing, and nobody checked. When trim had already emptied it,
    # text[start:start + 1] == "" even counted as an opening quotation mark
    # ("" in '“"' is True): the span then ended before it started, and could
    # start past the end of the text.
    # "X said." / "X writes:" take the sentence before / after as content:
    ". Weaver said.",
    "!\nwe said",
    '"\n\nWeaver said.',
    "Hewitt writes:\n...",  # content (19, 18) in a text of 18 characters
    # A quotation of punctuation only passes _content_after's length check
    # before its quotation marks are stripped, in each pattern:
    'Officials said: "..."',
    'He said "?!"',
    "He said ''...''",
    '"," said Reyes.',
    'Said Comey, "..."',
    'According to officials, "...".',
    'Khan blasted the plan, saying ".."',
    'he was "," The Post reported.',
]


@pytest.mark.parametrize("text", EMPTY_CONTENT)
def test_known_inputs_give_content_with_words(text):
    for candidate in extract(text):
        start, end = candidate.content
        assert 0 <= start < end <= len(text) and text[start:end].strip(), candidate
