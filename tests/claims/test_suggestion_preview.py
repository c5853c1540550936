"""'Accept all named': the preview of what it will create, then only the ticked ones."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from claims import services
from claims.models import Attribution, Claim, Source, Suggestion
from claims.services import suggestions as suggesting
from tests.claims.test_concurrency import ACCEPTED, race
from tests.conftest import make_user

WORKBENCH_ARTICLE = (
    "He said the reservoir had been emptied twice.\n\n"
    "Opposition councillor Farhan Qureshi said the utility had lost 40 percent of its water "
    "to leaks.\n\n"
    "Governor Halvard Ness said the plan would cost 20 million euros. "
    "Mr. Ness said the state had already set aside 12 million euros.\n\n"
    "The State Department said it had sent 3 engineers on Monday. "
    "Reuters reported that the utility had missed two payments in March.\n\n"
    "Ms. Reyes said the pipes were 80 years old.\n\n"
    "According to an internal report seen by this newspaper, repairs will take 3 years."
)


def make_article(editor, body=WORKBENCH_ARTICLE, title="Water utility"):
    return services.article_create(body=body, by=editor, title=title).article


@pytest.fixture
def article(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(editor)


def preview(article, by):
    return suggesting.suggestions_accept_preview(article=article, by=by)


def lines(rows):
    """Each row as (filed under, kind, ticked, why not ticked)."""
    return [
        (
            row.source.name if row.source else row.suggestion.attributed_to,
            row.source.kind if row.source else row.suggestion.filed_kind,
            row.ticked,
            row.doubt,
        )
        for row in rows
    ]


def test_it_previews_what_accept_all_named_will_create_and_writes_nothing(article, editor):
    assert lines(preview(article, editor)) == [
        ("", "person", False, "unclear who"),
        ("Farhan Qureshi", "person", True, ""),
        ("Halvard Ness", "person", True, ""),
        ("Halvard Ness", "person", True, ""),
        ("State Department", "organization", True, ""),
        ("Reuters", "organization", True, ""),
        ("Reyes", "person", False, "surname only"),
        (
            "an internal report seen by this newspaper",
            "document",
            False,
            "a description, not a name",
        ),
    ]
    assert not Claim.objects.exists() and not Source.objects.exists()
    assert article.suggestions.open().count() == article.suggestions.count()


def test_it_creates_only_the_ticked_ones_with_their_kinds_and_roles(article, editor):
    ticked = [row.suggestion.pk for row in preview(article, editor) if row.ticked]
    accepted, refused = suggesting.suggestions_accept_selected(
        article=article, by=editor, suggestion_ids=ticked
    )
    assert (accepted, refused) == (5, [])
    assert set(Source.objects.values_list("name", "kind")) == {
        ("Farhan Qureshi", "person"),
        ("Halvard Ness", "person"),
        ("State Department", "organization"),
        ("Reuters", "organization"),
    }
    ness = Attribution.objects.filter(source__name="Halvard Ness")
    assert sorted(ness.values_list("mention", "descriptor")) == [
        ("Governor Halvard Ness", "Governor"),
        ("Mr. Ness", "Governor"),
    ]
    unticked = article.suggestions.exclude(pk__in=ticked).filter(sourcing="named")
    assert set(unticked.values_list("state", flat=True)) == {"open"}
    assert Claim.objects.count() == 5


def test_it_matches_existing_sources_by_name_titled_name_and_alias(article, editor):
    governor = Source.objects.create(name="Governor Halvard Ness")  # stored with its title
    qureshi = Source.objects.create(name="F. Qureshi", aliases="Farhan Qureshi\nQureshi")
    reyes = Source.objects.create(name="Reyes")  # a surname already known: no doubt
    rows = {row.suggestion.source: row for row in preview(article, editor)}
    assert rows["Governor Halvard Ness"].source == governor
    assert rows["Mr. Ness"].source == governor
    assert rows["Opposition councillor Farhan Qureshi"].source == qureshi
    assert (rows["Ms. Reyes"].source, rows["Ms. Reyes"].ticked) == (reyes, True)
    suggesting.suggestions_accept_selected(
        article=article, by=editor, suggestion_ids=[row.suggestion.pk for row in rows.values()]
    )
    assert not Source.objects.filter(name__in=["Halvard Ness", "Farhan Qureshi"]).exists()
    assert Attribution.objects.filter(source=governor).count() == 2
    assert Attribution.objects.filter(source=qureshi).count() == 1


def test_a_decision_taken_since_the_preview_is_not_lost(article, editor, other_editor):
    rows = preview(article, editor)
    qureshi = next(row.suggestion for row in rows if row.suggestion.source.endswith("Qureshi"))
    suggesting.suggestion_reject(suggestion=qureshi, by=other_editor)
    accepted, refused = suggesting.suggestions_accept_selected(
        article=article, by=editor, suggestion_ids=[row.suggestion.pk for row in rows if row.ticked]
    )
    assert accepted == 4
    assert refused == [f"“{qureshi.quote[:60]}”: someone has already decided on this suggestion."]
    stored = Suggestion.objects.get(pk=qureshi.pk)
    assert (stored.state, stored.decided_by, stored.claim) == ("rejected", other_editor, None)
    assert not Claim.objects.filter(start=qureshi.start).exists()


def test_an_unclear_source_ticked_anyway_is_refused_and_leaves_nothing(article, editor):
    unclear = next(row.suggestion for row in preview(article, editor) if row.doubt == "unclear who")
    accepted, refused = suggesting.suggestions_accept_selected(
        article=article, by=editor, suggestion_ids=[unclear.pk]
    )
    assert (accepted, refused) == (0, [f"“{unclear.quote[:60]}”: Name the source."])
    assert not Claim.objects.exists()
    assert Suggestion.objects.get(pk=unclear.pk).state == "open"


def test_ids_of_other_articles_and_anonymous_suggestions_are_refused_and_said_so(article, editor):
    other = make_article(editor, "Officials said 40 percent of the water was lost.", "Other")
    suggesting.suggestions_refresh(article=other)
    anonymous = other.suggestions.get()
    assert anonymous.sourcing == "anonymous"
    accepted, refused = suggesting.suggestions_accept_selected(
        article=article, by=editor, suggestion_ids=[anonymous.pk, 10**12]
    )
    assert (accepted, refused) == (
        0,
        ["2 of the ticked suggestions are not open named ones here."],
    )
    assert not Claim.objects.exists()
    assert Suggestion.objects.get(pk=anonymous.pk).state == "open"


def test_a_span_captured_by_hand_meanwhile_is_refused_with_the_reason(article, editor):
    row = next(row for row in preview(article, editor) if not row.doubt)
    suggestion = row.suggestion
    services.claim_capture(
        article=article,
        span=services.Span(suggestion.start, suggestion.end, suggestion.quote),
        by=editor,
    )
    accepted, refused = suggesting.suggestions_accept_selected(
        article=article, by=editor, suggestion_ids=[suggestion.pk]
    )
    assert accepted == 0
    assert refused == [f"“{suggestion.quote[:60]}”: this span has been captured by hand already."]
    assert Claim.objects.count() == 1  # the hand-made one only
    assert Suggestion.objects.get(pk=suggestion.pk).state == "open"


def test_a_viewer_is_refused_the_preview_and_the_acceptance(article, viewer):
    with pytest.raises(PermissionDenied):
        preview(article, viewer)
    ids = list(article.suggestions.values_list("pk", flat=True))
    with pytest.raises(PermissionDenied):
        suggesting.suggestions_accept_selected(article=article, by=viewer, suggestion_ids=ids)
    assert not Claim.objects.exists()


def test_the_preview_reads_the_same_few_rows_for_thirty_suggestions(
    editor, django_assert_num_queries, django_capture_on_commit_callbacks
):
    body = " ".join(
        f"Councillor Person{n} Example{n} said the pumps lost {n} percent of the water."
        for n in range(30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(editor, body, "Thirty")
    Source.objects.create(name="Someone", aliases="Person3 Example3")
    assert article.suggestions.filter(sourcing="named").count() == 30
    editor.has_perm("claims.add_claim")  # permissions are read once per user, not per preview
    # 1 the spans captured already, 2 the open named suggestions, 3 sources by
    # name, 4 sources whose aliases may hold one of the names.
    with django_assert_num_queries(4):
        rows = preview(article, editor)
    assert len(rows) == 30 and sum(row.ticked for row in rows) == 30
    assert rows[3].source.name == "Someone"


# -- the pages


def test_the_preview_page_lists_each_suggestion_with_a_box_ticked_unless_uncertain(
    client, article, editor
):
    client.force_login(editor)
    url = reverse("claims:suggestions_preview", args=[article.pk])
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert html.count('type="checkbox" name="suggestion"') == 8
    assert html.count(" checked>") == 5
    assert "unclear who" in html and "surname only" in html
    assert "<html" not in html  # a fragment for htmx
    page = client.get(url).content.decode()
    assert "<html" in page and page.count(" checked>") == 5
    assert not Claim.objects.exists()


def test_the_preview_escapes_what_the_article_says(
    client, editor, django_capture_on_commit_callbacks
):
    body = "Mayor Anna <b>Bold</b> Smith said the <script>x</script> pumps lost 40 percent."
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(editor, body, "Escaping")
    client.force_login(editor)
    html = client.get(reverse("claims:suggestions_preview", args=[article.pk])).content.decode()
    assert "<script>x</script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_accepting_through_the_page_creates_the_ticked_and_says_so(client, article, editor):
    ticked = [row.suggestion.pk for row in preview(article, editor) if row.ticked][:2]
    client.force_login(editor)
    url = reverse("claims:suggestions_accept_selected", args=[article.pk])
    response = client.post(url, {"suggestion": ticked})
    assert response.status_code == 302
    assert Claim.objects.count() == 2
    assert set(article.suggestions.filter(state="accepted").values_list("pk", flat=True)) == set(
        ticked
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Tick at least one suggestion."),
        ({"suggestion": "x1"}, "by their numbers"),
        ({"suggestion": "-3"}, "by their numbers"),
        ({"suggestion": str(10**20)}, "by their numbers"),  # past any database id
        ({"suggestion": str(10**12)}, "Nothing was accepted."),  # no such suggestion here
    ],
)
def test_a_bad_choice_changes_nothing_and_says_why(client, article, editor, data, message):
    client.force_login(editor)
    url = reverse("claims:suggestions_accept_selected", args=[article.pk])
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_the_preview_and_the_acceptance_refuse_a_viewer_and_the_wrong_method(
    client, article, viewer, editor
):
    client.force_login(viewer)
    preview_url = reverse("claims:suggestions_preview", args=[article.pk])
    accept_url = reverse("claims:suggestions_accept_selected", args=[article.pk])
    assert client.get(preview_url).status_code == 403
    ids = list(article.suggestions.values_list("pk", flat=True))
    assert client.post(accept_url, {"suggestion": ids}).status_code == 403
    client.force_login(editor)
    assert client.post(preview_url).status_code == 405
    assert client.get(accept_url).status_code == 405
    assert not Claim.objects.exists()


# -- at once, on PostgreSQL's row locks


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_accepting_and_rejecting_one_suggestion_at_once_leaves_one_decision(seed_data):
    erin, eddie = make_user("erin", "Editors"), make_user("eddie", "Editors")
    for trial in range(6):
        article = make_article(erin, f"{WORKBENCH_ARTICLE} Copy {trial}.", f"Trial {trial}")
        suggesting.suggestions_refresh(article=article)
        target = article.suggestions.get(source="Reuters")

        def accept(article=article, target=target):
            return suggesting.suggestions_accept_selected(
                article=article, by=erin, suggestion_ids=[target.pk]
            )

        def reject(target=target):
            return suggesting.suggestion_reject(suggestion=target, by=eddie)

        accepted, rejected = race(accept, reject)
        stored = Suggestion.objects.get(pk=target.pk)
        claims = Claim.objects.filter(article=article, start=target.start)
        if stored.state == "accepted":
            assert accepted == (ACCEPTED, (1, [])) and "already decided" in str(rejected)
            assert (claims.get(), stored.decided_by) == (stored.claim, erin)
        else:
            assert rejected == (ACCEPTED, None) and accepted[1][0] == 0
            assert (stored.state, stored.decided_by, claims.exists()) == ("rejected", eddie, False)


def test_the_preview_page_runs_the_same_queries_for_thirty_suggestions(
    client, editor, django_assert_num_queries, django_capture_on_commit_callbacks
):
    body = " ".join(
        f"Councillor Person{n} Example{n} said the pumps lost {n} percent of the water."
        for n in range(30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(editor, body, "Thirty")
    client.force_login(editor)
    url = reverse("claims:suggestions_preview", args=[article.pk])
    # 1 session, 2 user, 3-4 permissions, 5 the article with its outlet, then
    # the preview's four: 6 captured spans, 7 open named suggestions, 8
    # sources by name, 9 sources by alias.
    with django_assert_num_queries(9):
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.content.decode().count('name="suggestion"') == 30


def test_a_suggestion_stored_before_kinds_were_suggested_is_left_unticked(article, editor):
    older = article.suggestions.get(source="Reuters")
    Suggestion.objects.filter(pk=older.pk).update(source_kind="", source_name="", descriptor="")
    row = next(row for row in preview(article, editor) if row.suggestion.pk == older.pk)
    # Filed as it always was: under the words, as a person, but not ticked.
    assert (row.suggestion.attributed_to, row.suggestion.filed_kind) == ("Reuters", "person")
    assert (row.ticked, row.doubt) == (False, "kind not suggested")
