"""Saved views of the claims list: saved normalised, for oneself or the desk,
in the list's menu, deleted by their owner, counted on the desk."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims.errors import ClaimDeskError
from claims.models import Claim, Outlet, Status
from claims.views import saved_views as saved_view_pages
from desk.models import SavedView
from desk.services.saved_views import normalised_query, saved_view_create, saved_view_delete
from tests.conftest import INSTRUCTION, advance, claim_at

LIST_URL = reverse("claims:claim_list")


def test_it_keeps_only_the_lists_filters_in_a_stable_order(db):
    query = "status=new&page=3&utm_source=mail&q=dialogue&order=-status&kind=&ids=4,5"
    assert normalised_query(query) == "order=-status&q=dialogue&status=new"


def test_it_drops_filters_left_at_any(db):
    query = "revisit_due=unknown&status=&published_after=&published_before=&kind=opinion"
    assert normalised_query(query) == "kind=opinion"


def test_it_keeps_both_ends_of_a_date_range(db):
    query = "published_before=2025-02-01&published_after=2025-01-01"
    assert normalised_query(query) == "published_after=2025-01-01&published_before=2025-02-01"


def test_it_refuses_filters_that_cannot_run(editor):
    with pytest.raises(ClaimDeskError, match="Status: Select a valid choice"):
        saved_view_create(name="Done", query="status=done", shared=False, by=editor)
    assert not SavedView.objects.exists()


def test_it_refuses_a_second_view_of_the_same_name_whatever_the_case(editor, other_editor):
    saved_view_create(name="In review", query="status=in_review", shared=False, by=editor)
    with pytest.raises(ClaimDeskError, match="already have a view named “in REVIEW”"):
        saved_view_create(name="in REVIEW", query="", shared=False, by=editor)
    # Another person's view may have the same name.
    saved_view_create(name="In review", query="", shared=False, by=other_editor)
    assert SavedView.objects.count() == 2


def test_it_refuses_a_view_without_a_name(editor):
    with pytest.raises(ClaimDeskError, match="Give the view a name"):
        saved_view_create(name="   ", query="", shared=False, by=editor)


def test_only_its_owner_deletes_a_view(editor, other_editor):
    view = saved_view_create(name="Mine", query="", shared=True, by=editor)
    with pytest.raises(PermissionDenied):
        saved_view_delete(saved_view=view, by=other_editor)
    assert SavedView.objects.filter(pk=view.pk).exists()
    saved_view_delete(saved_view=view, by=editor)
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_saving_from_the_list_keeps_its_filters_and_returns_to_them(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:saved_view_new"),
        {"name": "New ones", "query": "status=new&page=2", "shared": "on"},
    )
    assert response["Location"] == f"{LIST_URL}?status=new"
    view = SavedView.objects.get()
    assert (view.name, view.query, view.shared, view.owner) == (
        "New ones",
        "status=new",
        True,
        editor,
    )


def test_a_shared_view_is_in_everyones_menu_a_private_one_only_in_its_owners(
    client, editor, viewer
):
    saved_view_create(name="Desk triage", query="status=new", shared=True, by=editor)
    saved_view_create(name="My corner", query="kind=opinion", shared=False, by=editor)
    client.force_login(viewer)
    page = client.get(LIST_URL).content.decode()
    assert 'href="/claims/?status=new">Desk triage</a>' in page
    assert "shared by erin" in page
    assert "My corner" not in page
    # Not the viewer's to delete.
    assert "Delete the view Desk triage" not in page
    client.force_login(editor)
    page = client.get(LIST_URL).content.decode()
    assert "My corner" in page and "Delete the view Desk triage" in page


def test_deleting_another_persons_view_is_forbidden(client, editor, other_editor):
    view = saved_view_create(name="Mine", query="", shared=True, by=editor)
    client.force_login(other_editor)
    response = client.post(reverse("claims:saved_view_delete", args=[view.pk]))
    assert response.status_code == 403
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_the_desk_counts_the_claims_each_view_finds(client, article, editor, viewer):
    for n in range(3):
        claim_at(article, INSTRUCTION, editor, statement=f"C{n}")
    advance(Claim.objects.first(), ("researching", editor))
    saved_view_create(name="New", query="status=new", shared=True, by=editor)
    saved_view_create(name="Researching", query="status=researching", shared=False, by=viewer)
    client.force_login(viewer)
    response = client.get(reverse("claims:dashboard"))
    counts = {item.view.name: item.count for item in response.context["view_counts"]}
    assert counts == {"New": 2, "Researching": 1}
    assert "<strong>2</strong> claims" in response.content.decode()


def test_the_desk_says_more_than_past_the_counts_reach(client, article, editor, monkeypatch):
    monkeypatch.setattr(saved_view_pages, "COUNT_REACH", 2)
    for n in range(3):
        claim_at(article, INSTRUCTION, editor, statement=f"C{n}")
    saved_view_create(name="All new", query="status=new", shared=False, by=editor)
    client.force_login(editor)
    html = client.get(reverse("claims:dashboard")).content.decode()
    assert "<strong>more than 2</strong> claims" in html


def test_a_view_whose_filters_no_longer_apply_says_so(client, editor):
    outlet = Outlet.objects.create(name="Gone")
    saved_view_create(name="Gone's", query=f"outlet={outlet.pk}", shared=False, by=editor)
    outlet.delete()
    client.force_login(editor)
    html = client.get(reverse("claims:dashboard")).content.decode()
    assert "its filters no longer apply" in html


def test_the_desk_counts_at_most_ten_views_in_a_bounded_number_of_queries(
    client, article, editor, django_assert_num_queries
):
    claim_at(article, INSTRUCTION, editor)
    statuses = list(Status)
    for n in range(12):
        saved_view_create(
            name=f"View {n:02}", query=f"status={statuses[n % 5]}", shared=False, by=editor
        )
    client.force_login(editor)
    client.get(reverse("claims:dashboard"))  # warm the content-type cache
    # 1 session, 2 user, 3-4 permissions, 5 counts by status, 6 the first ten
    # saved views, 7-16 one capped count for each, 17 the header's unread
    # count, 18 the user's groups, 19 assigned, 20 revisit due, 21 recent
    # events (an editor reviews nothing: no query for the review card).
    with django_assert_num_queries(21):
        response = client.get(reverse("claims:dashboard"))
    counted = response.context["view_counts"]
    assert [item.view.name for item in counted] == [f"View {n:02}" for n in range(10)]
    assert counted[0].count == 1 and counted[1].count == 0  # new, researching


def test_ones_own_views_come_before_the_desks_however_many_are_shared(editor, other_editor):
    from claims.views.saved_views import DESK_VIEWS_MOST, menu_views, views_for

    for n in range(DESK_VIEWS_MOST + 2):
        saved_view_create(name=f"A shared {n:02}", query="status=new", shared=True, by=other_editor)
    saved_view_create(name="Zed, mine", query="kind=opinion", shared=False, by=editor)
    assert views_for(editor)[:DESK_VIEWS_MOST][0].name == "Zed, mine"
    assert menu_views(editor)[0].name == "Zed, mine"
    assert [v.name for v in menu_views(other_editor)][:2] == ["A shared 00", "A shared 01"]
