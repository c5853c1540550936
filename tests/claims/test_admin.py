"""The review desk in the admin: access per role, actions, forms, query counts."""

from collections import defaultdict
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import admin as claims_admin
from claims.models import Attribution, Claim, ClaimEvent, Outlet, Rating, Source, Status
from claims.search import claim_vector_changes
from claims.views import common
from tests.conftest import make_user

CHANGELIST = reverse("admin:claims_claim_changelist")


@pytest.fixture
def demo(db) -> dict[str, User]:
    call_command("load_demo", "--force", stdout=StringIO())
    return {user.username: user for user in User.objects.all()}


def change_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# -- who may open what


@pytest.mark.parametrize("username", ["reviewer", "editor", "viewer"])
def test_each_role_can_open_the_review_desk(client, demo, username):
    client.force_login(demo[username])
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 9


def test_a_staff_user_without_a_role_is_forbidden(client, demo):
    client.force_login(make_user("nobody", None))
    assert client.get(CHANGELIST).status_code == 403


def test_a_non_staff_user_is_sent_to_the_admin_login(client, demo):
    user = demo["editor"]
    user.is_staff = False
    user.save()
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_only_reviewers_are_offered_the_review_actions(client, demo):
    offered = {}
    for username in ("reviewer", "editor", "viewer"):
        client.force_login(demo[username])
        action_form = client.get(CHANGELIST).context["action_form"]
        choices = action_form.fields["action"].choices if action_form else []
        offered[username] = {name for name, _ in choices if name}
    exports = {"export_csv", "export_jsonl", "export_claimreview"}
    assert offered["reviewer"] == {"publish_selected", "send_back_selected"} | exports
    assert offered["editor"] == exports
    assert offered["viewer"] == exports


def test_an_editor_cannot_run_the_publish_action(client, demo):
    from claims import services

    in_review = Claim.objects.get(status=Status.IN_REVIEW)
    # Re-submitted by the chief, so that four eyes would not stop the editor:
    # only the missing permission does.
    chief = demo["chief"]
    services.claim_transition(
        claim=in_review, to=Status.RESEARCHING, by=chief, version=in_review.version, note="Redo"
    )
    services.claim_transition(
        claim=in_review, to=Status.IN_REVIEW, by=chief, version=in_review.version
    )
    client.force_login(demo["editor"])
    response = client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [in_review.pk], "apply": "yes"},
        follow=True,
    )
    assert "No action selected." in messages_of(response)  # publishing is not offered
    assert Claim.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_a_viewer_cannot_change_a_claim(client, demo):
    claim = Claim.objects.first()
    client.force_login(demo["viewer"])
    response = client.post(change_url(claim), {"statement": "changed"})
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).statement == claim.statement


def test_nobody_can_add_or_delete_claims_or_change_events_here(client, demo):
    client.force_login(demo["reviewer"])
    claim = Claim.objects.first()
    event = ClaimEvent.objects.first()
    assert client.get(reverse("admin:claims_claim_add")).status_code == 403
    assert client.post(reverse("admin:claims_claim_delete", args=[claim.pk])).status_code == 403
    event_change = reverse("admin:claims_claimevent_change", args=[event.pk])
    assert client.post(event_change, {"note": "rewritten"}).status_code == 403
    event_delete = reverse("admin:claims_claimevent_delete", args=[event.pk])
    assert client.post(event_delete, {"post": "yes"}).status_code == 403
    assert ClaimEvent.objects.get(pk=event.pk).note == event.note


# -- the changelist


def test_the_changelist_shows_the_review_columns(client, demo):
    client.force_login(demo["reviewer"])
    html = client.get(CHANGELIST).content.decode()
    for heading in (
        "Article",
        "Statement",
        "Sourcing",
        "Status",
        "Rating",
        "Assignee",
        "Updated at",
    ):
        assert heading in html
    assert html.count("⚠ Anonymous only") == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"sourcing": "anonymous_only"}, 4),
        ({"sourcing": "confirmed"}, 1),
        ({"sourcing": "unattributed"}, 2),
        ({"status__exact": "published"}, 2),
        ({"rating__id__exact": "half-true"}, 2),
        ({"kind__exact": "opinion"}, 1),
        # The claim that quotes his full name; his three claims as a source are on
        # his source page (the admin searches statements and quotes only).
        ({"q": "Barrister Mohammad Ali Saif"}, 1),
        # The article's title: not searched here either.
        ({"q": "edge back towards dialogue"}, 0),
        ({"q": "Adiala"}, 1),
        ({"q": "negotiations"}, 2),
        (
            {"article__published_on__gte": "2025-05-24", "article__published_on__lt": "2025-05-25"},
            9,
        ),
    ],
)
def test_filters_and_search_narrow_the_list(client, demo, query, expected):
    if "rating__id__exact" in query:
        query["rating__id__exact"] = Rating.objects.get(slug=query["rating__id__exact"]).pk
    client.force_login(demo["reviewer"])
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == expected


def listed_ids(response) -> set[int]:
    assert response.status_code == 200
    return {claim.pk for claim in response.context["cl"].result_list}


def test_the_outlet_filter_lists_exactly_that_outlets_claims(client, demo, second_outlet_claims):
    client.force_login(demo["reviewer"])
    demo_outlet = Outlet.objects.exclude(pk=second_outlet_claims.outlet.pk).get()
    demo_ids = set(Claim.objects.filter(article__outlet=demo_outlet).values_list("pk", flat=True))
    assert len(demo_ids) == 9
    by_outlet = "article__outlet__id__exact"
    assert listed_ids(client.get(CHANGELIST, {by_outlet: demo_outlet.pk})) == demo_ids
    second = listed_ids(client.get(CHANGELIST, {by_outlet: second_outlet_claims.outlet.pk}))
    assert second == second_outlet_claims.claim_ids
    assert listed_ids(client.get(CHANGELIST)) == demo_ids | second_outlet_claims.claim_ids


def test_any_anonymous_lists_mixed_sourcing_and_anonymous_only_does_not(
    client, demo, second_outlet_claims, mixed_sourcing_claim
):
    # From the attributions themselves, not from the claims' sourcing column.
    sourcings = defaultdict(set)
    for claim_id, sourcing in Attribution.objects.values_list("claim_id", "sourcing"):
        sourcings[claim_id].add(sourcing)
    all_anonymous = {pk for pk, levels in sourcings.items() if levels == {"anonymous"}}
    some_anonymous = {pk for pk, levels in sourcings.items() if "anonymous" in levels}
    # The demo's four, the second outlet's anonymous claim, and the mixed one.
    assert len(all_anonymous) == 5 and some_anonymous == all_anonymous | {mixed_sourcing_claim.pk}
    client.force_login(demo["reviewer"])
    assert listed_ids(client.get(CHANGELIST, {"sourcing": "anonymous_only"})) == all_anonymous
    assert listed_ids(client.get(CHANGELIST, {"sourcing": "any_anonymous"})) == some_anonymous


def test_the_changelist_query_count_does_not_grow_with_claims(
    client, demo, django_assert_num_queries
):
    client.force_login(demo["reviewer"])
    client.get(CHANGELIST)  # warm the content-type cache

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST).status_code == 200
        return len(captured)

    nine = count_queries()
    article = Claim.objects.first().article
    for _ in range(60):
        Claim.objects.create(article=article, start=0, end=7, quote="Efforts", statement="Efforts")
    # 1 session, 2 user, 3-4 the user's permissions (user and group), 5
    # ratings for the rating filter, 6 outlets for the outlet filter, 7 users
    # for the assignee filter, 8 the count (on PostgreSQL one statement: the
    # planner's row estimate on a big table, else an exact COUNT), 9 the page
    # of claims with article, rating and assignee.
    with django_assert_num_queries(9):
        response = client.get(CHANGELIST)
    assert nine == 9
    assert response.context["cl"].result_count == Claim.objects.count()  # small: exact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates come from pg_class")
def test_a_big_unfiltered_changelist_skips_the_full_count(client, demo, monkeypatch):
    monkeypatch.setattr(claims_admin, "ESTIMATE_COUNTS_ABOVE", 5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    article = Claim.objects.first().article
    for _ in range(3):  # not yet in the planner's statistics
        Claim.objects.create(article=article, start=0, end=7, quote="Efforts", statement="Efforts")
    client.force_login(demo["reviewer"])
    response = client.get(CHANGELIST)
    assert Claim.objects.count() == 12
    assert response.context["cl"].result_count == 9  # the estimate, as of ANALYZE
    assert "about 9 claims" in response.content.decode()


def test_a_filtered_changelist_counts_only_so_far_past_its_page(
    client, demo, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(common, "COUNT_AHEAD", 5)  # page 1 of 50 counts up to 55 rows
    article = Claim.objects.first().article
    for n in range(60):
        Claim.objects.create(article=article, start=0, end=7, quote="Efforts", statement=f"E{n}")
    new = list(Claim.objects.filter(status="new").order_by("-updated_at", "-id"))
    assert len(new) == 64
    client.force_login(demo["reviewer"])
    response = client.get(CHANGELIST, {"status__exact": "new"})
    changelist = response.context["cl"]
    assert changelist.paginator.capped and changelist.result_count == 55
    assert "more than 55 claims (not counted further)" in response.content.decode()
    # The second page: counted to the end (64 < 105), and only its own rows
    # read, after the ids of the 50 before them (a subquery of the same query).
    with django_assert_num_queries(9):
        response = client.get(CHANGELIST, {"status__exact": "new", "p": 2})
    changelist = response.context["cl"]
    assert not changelist.paginator.capped and changelist.result_count == 64
    assert [c.pk for c in changelist.result_list] == [c.pk for c in new[50:]]


# -- actions


def publish(client, *claims: Claim) -> list[str]:
    response = client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [c.pk for c in claims], "apply": "yes"},
        follow=True,
    )
    return messages_of(response)


def test_publishing_asks_for_confirmation_first(client, demo):
    in_review = Claim.objects.get(status=Status.IN_REVIEW)
    client.force_login(demo["reviewer"])
    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [in_review.pk]}
    )
    assert "Claims to be published" in response.content.decode()
    assert Claim.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_the_publish_action_uses_the_service_and_reports_each_refusal(client, demo):
    in_review = Claim.objects.get(status=Status.IN_REVIEW)
    not_in_review = Claim.objects.filter(status=Status.NEW).first()
    client.force_login(demo["reviewer"])
    messages = publish(client, in_review, not_in_review)
    assert Claim.objects.get(pk=in_review.pk).status == Status.PUBLISHED
    assert Claim.objects.get(pk=not_in_review.pk).status == Status.NEW
    assert f"Claim #{not_in_review.pk}" in " ".join(messages)
    assert "it is New, not In review" in " ".join(messages)
    assert "1 claim(s) published." in messages
    event = in_review.events.order_by("at", "id").last()
    assert (event.actor.username, event.to_status) == ("reviewer", Status.PUBLISHED)


def test_four_eyes_hold_in_the_admin(client, demo):
    in_review = Claim.objects.get(status=Status.IN_REVIEW)
    # The reviewer sends back and re-submits it, so now they may not publish it.
    from claims import services

    reviewer = demo["reviewer"]
    services.claim_transition(
        claim=in_review, to=Status.RESEARCHING, by=reviewer, version=in_review.version, note="More"
    )
    services.claim_transition(
        claim=in_review, to=Status.IN_REVIEW, by=reviewer, version=in_review.version
    )
    client.force_login(reviewer)
    messages = publish(client, in_review)
    assert any("Four eyes" in m for m in messages)
    assert Claim.objects.get(pk=in_review.pk).status == Status.IN_REVIEW
    client.force_login(demo["chief"])
    publish(client, in_review)
    assert Claim.objects.get(pk=in_review.pk).status == Status.PUBLISHED


def test_sending_back_needs_a_note(client, demo):
    in_review = Claim.objects.get(status=Status.IN_REVIEW)
    client.force_login(demo["reviewer"])
    data = {"action": "send_back_selected", "_selected_action": [in_review.pk], "apply": "yes"}
    messages = messages_of(client.post(CHANGELIST, data, follow=True))
    assert any("note is required" in m for m in messages)
    assert Claim.objects.get(pk=in_review.pk).status == Status.IN_REVIEW
    client.post(CHANGELIST, {**data, "note": "Find the PTI statement first"})
    claim = Claim.objects.get(pk=in_review.pk)
    assert claim.status == Status.RESEARCHING
    assert claim.events.order_by("at", "id").last().note == "Find the PTI statement first"


# -- the change form


def form_data(claim: Claim, **overrides) -> dict:
    data = {
        "statement": claim.statement,
        "kind": claim.kind,
        "assignee": claim.assignee_id or "",
        "revisit_on": "",
        "expected_version": claim.version,
    }
    for prefix, count in (("attributions", claim.attributions.count()), ("evidence", 0)):
        data.update({f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count})
    for i, attribution in enumerate(claim.attributions.all()):
        data.update(
            {
                f"attributions-{i}-id": attribution.pk,
                f"attributions-{i}-claim": claim.pk,
                f"attributions-{i}-source": attribution.source_id,
                f"attributions-{i}-sourcing": attribution.sourcing,
                f"attributions-{i}-mention": attribution.mention,
                f"attributions-{i}-mention_start": attribution.mention_start or "",
                f"attributions-{i}-mention_end": attribution.mention_end or "",
                f"attributions-{i}-cue": attribution.cue,
                f"attributions-{i}-cue_start": attribution.cue_start or "",
                f"attributions-{i}-cue_end": attribution.cue_end or "",
                f"attributions-{i}-descriptor": attribution.descriptor,
                f"attributions-{i}-count": attribution.count or "",
            }
        )
    data.update({"evidence-2-TOTAL_FORMS": 0, "evidence-2-INITIAL_FORMS": 0})
    data.update({"events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0})
    data.update(overrides)
    return data


def test_the_change_page_shows_the_timeline_read_only(client, demo):
    claim = Claim.objects.get(quote__startswith="Imran Khan instructed")
    client.force_login(demo["reviewer"])
    html = client.get(change_url(claim)).content.decode()
    assert "Timeline" in html
    assert "Agreed: half true until someone goes on the record" in html
    assert 'name="events-0-note"' not in html


def test_an_edit_in_the_admin_goes_through_the_service(client, demo):
    claim = Claim.objects.get(status=Status.NEW, start=0)
    last_event = claim.events.order_by("id").last().pk
    client.force_login(demo["editor"])
    response = client.post(change_url(claim), form_data(claim, statement="PTI talks gain pace"))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.statement == "PTI talks gain pace"
    assert stored.version == claim.version + 1
    new_events = stored.events.filter(pk__gt=last_event)
    assert [(e.kind, e.actor.username, e.details) for e in new_events] == [
        ("edited", "editor", {"changed": {"statement": [claim.statement, "PTI talks gain pace"]}})
    ]


def test_a_stale_admin_form_is_refused_and_changes_nothing(client, demo):
    claim = Claim.objects.get(status=Status.NEW, start=0)
    stale = form_data(claim, statement="My wording")
    from claims import services

    services.claim_update(claim=claim, by=demo["chief"], version=claim.version, statement="Theirs")
    client.force_login(demo["editor"])
    response = client.post(change_url(claim), stale, follow=True)
    # The same refusal as the claim page's, from the same service.
    assert any(
        m.startswith("Nothing was saved: This claim was changed by chief after you opened it")
        for m in messages_of(response)
    )
    assert Claim.objects.get(pk=claim.pk).statement == "Theirs"


def test_an_attribution_added_in_the_admin_is_recorded(client, demo):
    claim = Claim.objects.get(status=Status.NEW, start=0)
    source = Source.objects.create(name="Dawn newsroom", kind=Source.Kind.ORGANIZATION)
    data = form_data(claim)
    data.update(
        {
            "attributions-TOTAL_FORMS": 1,
            "attributions-0-claim": claim.pk,
            "attributions-0-source": source.pk,
            "attributions-0-sourcing": "named",
        }
    )
    last_event = claim.events.order_by("id").last().pk
    client.force_login(demo["editor"])
    response = client.post(change_url(claim), data)
    assert response.status_code == 302
    attribution = Attribution.objects.get(claim=claim)
    assert attribution.source == source
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.sourcing == "named"
    new_events = stored.events.filter(pk__gt=last_event)
    details = {"source": "Dawn newsroom", "source_id": source.pk, "from": None, "to": "named"}
    assert [(e.kind, e.actor.username, e.details) for e in new_events] == [
        ("sourcing_changed", "editor", details)
    ]


def test_an_attribution_span_that_does_not_match_is_refused(client, demo):
    claim = Claim.objects.get(status=Status.NEW, start=0)
    source = Source.objects.create(name="Dawn newsroom", kind=Source.Kind.ORGANIZATION)
    data = form_data(claim)
    data.update(
        {
            "attributions-TOTAL_FORMS": 1,
            "attributions-0-claim": claim.pk,
            "attributions-0-source": source.pk,
            "attributions-0-sourcing": "named",
            "attributions-0-mention": "Dawn",
            "attributions-0-mention_start": 0,
            "attributions-0-mention_end": 4,
        }
    )
    client.force_login(demo["editor"])
    response = client.post(change_url(claim), data)
    assert response.status_code == 200
    assert "mention does not match the article" in response.content.decode()
    assert not Attribution.objects.filter(claim=claim).exists()


def test_a_refused_inline_undoes_the_whole_save(client, demo):
    claim = Claim.objects.get(status=Status.NEW, start=0)
    anonymous = Source.objects.create(name="Officials", kind=Source.Kind.ANONYMOUS_GROUP)
    data = form_data(claim, statement="An edit that must not survive")
    data.update(
        {
            "attributions-TOTAL_FORMS": 1,
            "attributions-0-claim": claim.pk,
            "attributions-0-source": anonymous.pk,
            "attributions-0-sourcing": "anonymous",
            "attributions-0-count": 0,
        }
    )
    events_before = list(claim.events.values_list("pk", flat=True))
    client.force_login(demo["editor"])
    response = client.post(change_url(claim), data, follow=True)
    messages = messages_of(response)
    assert any("Nothing was saved: The number of anonymous sources" in m for m in messages)
    assert not any("was changed successfully" in m for m in messages)
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.statement, stored.version) == (claim.statement, claim.version)
    assert not Attribution.objects.filter(claim=claim).exists()
    assert list(stored.events.values_list("pk", flat=True)) == events_before


def test_bulk_actions_are_capped(client, demo, monkeypatch):
    monkeypatch.setattr(claims_admin, "MAX_CLAIMS_PER_ACTION", 2)
    client.force_login(demo["reviewer"])
    ids = list(Claim.objects.values_list("pk", flat=True)[:3])
    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": ids}, follow=True
    )
    assert "Select at most 2 claims at a time" in " ".join(messages_of(response))


def test_a_second_page_of_search_results_lists_the_rest(client, demo):
    article = Claim.objects.first().article
    for n in range(60):
        # Written behind the services' back, so the search vector is written here too.
        fields = {"quote": "Efforts", "statement": f"Q{n}"}
        vector = claim_vector_changes(Claim.objects.db, **fields)
        Claim.objects.create(article=article, start=0, end=7, **fields, **vector)
    client.force_login(demo["reviewer"])
    first = client.get(CHANGELIST, {"q": "Efforts"})
    second = client.get(CHANGELIST, {"q": "Efforts", "p": 2})
    made = set(Claim.objects.filter(statement__startswith="Q").values_list("pk", flat=True))
    assert len(listed_ids(first)) == 50 and not listed_ids(first) & listed_ids(second)
    assert made <= listed_ids(first) | listed_ids(second)
