"""claims.extraction.naming: kinds, title-less names and roles for the sources found.

Most tests hand ``name_sources`` candidates built here, so that they test the
naming whatever the extractor's rules find; a few go through ``extract``.
"""

import pytest

from claims.extraction import Candidate, extract
from claims.extraction.naming import name_sources


def span_of(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return (start, start + len(words))


def said(text: str, source: str, *, sourcing: str = "named", after: int = 0, refers_to=None):
    """A candidate whose source is the first ``source`` in ``text`` from ``after``."""
    span = span_of(text, source, after)
    return Candidate((0, 1), span, None, sourcing, 0.8, refers_to)


def naming(text: str, *candidates: Candidate) -> list[tuple]:
    return [(c.source_kind, c.source_name, c.descriptor) for c in name_sources(text, candidates)]


@pytest.mark.parametrize(
    ("source", "name", "role"),
    [
        ("Opposition councillor Farhan Qureshi", "Farhan Qureshi", "Opposition councillor"),
        ("Finance Minister Tomas Brandt", "Tomas Brandt", "Finance Minister"),
        ("Governor Halvard Ness", "Halvard Ness", "Governor"),
        ("Dr. Amira Haddad", "Amira Haddad", "Dr."),
        ("Bank of England Governor Andrew Bailey", "Andrew Bailey", "Bank of England Governor"),
        (
            "Amira Haddad, a hydrologist at the university",
            "Amira Haddad",
            "a hydrologist at the university",
        ),
        ("the country's top diplomat, Anna Berg", "Anna Berg", "the country's top diplomat"),
        ("Ursula von der Leyen", "Ursula von der Leyen", ""),
        ("Mr. Farhan Qureshi", "Farhan Qureshi", ""),
        ("U.S. Secretary of State Antony Blinken", "Antony Blinken", "U.S. Secretary of State"),
        ("Chief of Staff Reince Priebus", "Reince Priebus", "Chief of Staff"),
        ("Vice President Joseph R. Biden", "Joseph R. Biden", "Vice President"),
    ],
)
def test_it_files_people_under_their_names_without_titles(source, name, role):
    text = f"{source} said the dam leaks."
    assert naming(text, said(text, source)) == [("person", name, role)]


def test_it_resolves_mr_and_a_bare_surname_to_the_full_name_named_earlier():
    text = (
        "Governor Halvard Ness said the plan was sound. Mr. Ness said money was set aside. "
        "Ness said more."
    )
    candidates = [
        said(text, "Governor Halvard Ness"),
        said(text, "Mr. Ness"),
        said(text, "Ness", after=text.index("Ness said more")),
    ]
    assert naming(text, *candidates) == [("person", "Halvard Ness", "Governor")] * 3


def test_it_finds_the_full_name_in_a_sentence_that_attributes_nothing():
    text = "Governor Halvard Ness opened the dam on Monday. Ms. Ness said it cost 20 million."
    assert naming(text, said(text, "Ms. Ness")) == [("person", "Halvard Ness", "Governor")]


def test_a_surname_shared_by_two_people_named_earlier_stays_a_surname():
    text = "Halvard Ness said one thing. Maria Ness said another. Mr. Ness said a third."
    candidates = [said(text, "Halvard Ness"), said(text, "Maria Ness"), said(text, "Mr. Ness")]
    assert naming(text, *candidates)[2] == ("person", "Ness", "")


def test_a_surname_named_in_full_only_later_stays_a_surname():
    text = "Ms. Reyes said the money is coming. Later, Carla Reyes said it came."
    assert naming(text, said(text, "Ms. Reyes")) == [("person", "Reyes", "")]


def test_a_pronoun_is_filed_under_the_name_it_refers_to_without_its_title():
    text = (
        "Finance Minister Tomas Brandt said the state would pay. He added that it would take years."
    )
    minister = span_of(text, "Finance Minister Tomas Brandt")
    he = said(text, "He", refers_to=minister)
    assert naming(text, said(text, "Finance Minister Tomas Brandt"), he)[1] == (
        "person",
        "Tomas Brandt",
        "Finance Minister",
    )


def test_a_pronoun_that_refers_to_no_one_is_unclear_never_guessed():
    text = "He said the state would pay."
    assert naming(text, said(text, "He")) == [("person", "", "")]


def test_the_minister_after_a_named_minister_is_that_minister():
    text = (
        "Finance Minister Tomas Brandt said the state would pay. Governor Halvard Ness agreed. "
        "The minister said the work would take years."
    )
    candidates = [
        said(text, "Finance Minister Tomas Brandt"),
        said(text, "Governor Halvard Ness"),
        said(text, "The minister"),
    ]
    assert naming(text, *candidates)[2] == ("person", "Tomas Brandt", "Finance Minister")


def test_the_minister_with_no_minister_named_before_is_unclear():
    text = "Governor Halvard Ness agreed. The minister said the work would take years."
    candidates = [said(text, "Governor Halvard Ness"), said(text, "The minister")]
    assert naming(text, *candidates)[1] == ("person", "", "the minister")


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("the State Department", "State Department"),
        ("Morvania's foreign ministry", "Morvania's foreign ministry"),
        ("the Clinton campaign", "Clinton campaign"),
        ("Reuters", "Reuters"),
        ("NATO", "NATO"),
        ("the Association of School Leaders", "Association of School Leaders"),
        ("Acme Holdings Ltd", "Acme Holdings Ltd"),
    ],
)
def test_it_types_organisations(source, name):
    text = f"Yesterday {source} said the dam leaks."
    assert naming(text, said(text, source)) == [("organization", name, "")]


def test_the_ministry_after_a_named_ministry_is_that_ministry():
    text = "Morvania's foreign ministry said no. Later the ministry said yes."
    candidates = [said(text, "Morvania's foreign ministry"), said(text, "the ministry")]
    assert naming(text, *candidates)[1] == ("organization", "Morvania's foreign ministry", "")


@pytest.mark.parametrize(
    ("source", "name", "role"),
    [
        ("A spokesperson for the State Department", "State Department", "spokesperson"),
        ("A Kingsbridge Police spokesman", "Kingsbridge Police", "spokesman"),
        ("The Liberal group's finance spokesman", "Liberal group", "finance spokesman"),
        ("The president's spokesman", "", "the president's spokesman"),
    ],
)
def test_a_spokesperson_speaks_for_the_organisation(source, name, role):
    text = f"{source} said the dam leaks."
    assert naming(text, said(text, source)) == [("organization", name, role)]


def test_a_named_spokesperson_is_a_person():
    text = "Ministry spokesman Ivan Petrov said the dam leaks."
    source = "Ministry spokesman Ivan Petrov"
    assert naming(text, said(text, source)) == [("person", "Ivan Petrov", "Ministry spokesman")]


@pytest.mark.parametrize(
    ("source", "named"),
    [
        (
            "chief economist at Northfield Bank",
            ("person", "", "chief economist at Northfield Bank"),
        ),
        ("Two GPs in the town", ("person", "", "two GPs in the town")),
        (
            "general secretary of the Retail Workers Together union",
            ("person", "", "general secretary of the Retail Workers Together union"),
        ),
        (
            "researchers at the University of Eastbridge",
            ("person", "", "researchers at the University of Eastbridge"),
        ),
        ("The Justice Reform Network", ("organization", "Justice Reform Network", "")),
        ("the Global Climate Monitor", ("organization", "Global Climate Monitor", "")),
    ],
)
def test_capitals_that_name_something_else_do_not_make_a_person(source, named):
    text = f"Yesterday {source} said the dam leaks."
    assert naming(text, said(text, source)) == [named]


def test_her_ministry_is_the_ministry_named_before():
    text = "Morvania's foreign ministry said no. Her ministry said yes."
    candidates = [said(text, "Morvania's foreign ministry"), said(text, "Her ministry")]
    assert naming(text, *candidates)[1] == ("organization", "Morvania's foreign ministry", "")


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("an internal report seen by this newspaper", "an internal report seen by this newspaper"),
        ("court papers", "court papers"),
        ("Court papers", "court papers"),
        ("a statement from the ministry", "a statement from the ministry"),
        (
            "figures published by the statistics office",
            "figures published by the statistics office",
        ),
        ("the poll", "the poll"),
        ("the Mueller report", "the Mueller report"),
    ],
)
def test_it_types_documents_and_files_them_under_their_description(source, name):
    text = f"According to {source}, the dam leaks."
    assert naming(text, said(text, source)) == [("document", name, "")]


def test_an_anonymous_group_is_filed_under_its_description_without_clauses():
    text = (
        "Two senior officials at the water utility, who spoke on condition of anonymity "
        "because they were not authorized to discuss the matter, said the rise was approved."
    )
    source = text[: text.index(", said")]
    described = "two senior officials at the water utility"
    assert naming(text, said(text, source, sourcing="anonymous")) == [
        ("anonymous_group", described, described)
    ]


def test_the_outlets_own_assertion_has_no_source():
    text = "The dam leaks 40 percent of its water."
    assert naming(text, Candidate((0, len(text)), None, None, None, 0.9)) == [(None, "", "")]


def test_extract_names_the_sources_it_finds_and_as_dict_carries_them():
    text = (
        "Opposition councillor Farhan Qureshi said the utility lost 40 percent of its water. "
        "Reuters reported that the utility missed two payments."
    )
    found = [c.as_dict() for c in extract(text)]
    assert [(c["source_kind"], c["source_name"], c["descriptor"]) for c in found] == [
        ("person", "Farhan Qureshi", "Opposition councillor"),
        ("organization", "Reuters", ""),
    ]


def test_a_surname_with_two_full_names_before_it_stays_a_surname_even_one_named_only_in_text():
    text = (
        "Halvard Ness said the dam leaks. His daughter, Maria Ness, runs the farm. "
        "Ms. Ness said the farm is dry."
    )
    first, second = naming(text, said(text, "Halvard Ness"), said(text, "Ms. Ness"))
    assert first[1] == "Halvard Ness"
    assert second[1] == "Ness"  # which Ness the text does not settle


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Yesterday Governor Halvard Ness opened the dam. Ness said it holds.", "Governor"),
        ("In Boston Mayor Carla Reyes opened a park. Reyes said it was cheap.", "Mayor"),
    ],
)
def test_a_role_read_off_the_text_is_the_title_not_the_words_before_it(text, role):
    surname = text.split(". ")[1].split()[0]
    [(kind, name, descriptor)] = naming(text, said(text, surname, after=text.index(". ")))
    assert (kind, descriptor) == ("person", role)
    assert len(name.split()) == 2
