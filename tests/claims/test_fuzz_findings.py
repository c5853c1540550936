"""What the request fuzz (tests/fuzz/) found, each pinned by a focused test.

Every one of these was a server error (500) before its fix.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, Outlet, Status
from claims.search import SEARCH_MAX_CHARS

# Past SQLite's limit of 50,000 bytes for a LIKE pattern ("pattern too complex").
TOO_LONG = "x" * 100_000


@pytest.fixture
def demo(db) -> dict[str, User]:
    call_command("load_demo", "--force", stdout=StringIO())
    return {user.username: user for user in User.objects.all()}


@pytest.mark.parametrize("name", ["claim_list", "article_list", "source_list"])
def test_it_refuses_a_search_longer_than_anyone_types_on_the_lists(client, demo, name):
    client.force_login(demo["editor"])
    response = client.get(reverse(f"claims:{name}"), {"q": TOO_LONG})
    assert response.status_code == 200
    assert response.context["filter"].errors["q"]
    assert list(response.context["page"]) == []


def test_it_refuses_exporting_with_a_search_longer_than_anyone_types(client, demo):
    client.force_login(demo["viewer"])
    response = client.get(reverse("claims:claim_export", args=["csv"]), {"q": TOO_LONG})
    assert response.status_code == 400
    assert f"at most {SEARCH_MAX_CHARS} characters" in response.content.decode()


def test_it_offers_no_source_for_a_name_longer_than_anyone_types(client, demo):
    client.force_login(demo["editor"])
    url = reverse("claims:source_autocomplete")
    assert "PTI party sources" in client.get(url, {"source_name": "party"}).content.decode()
    response = client.get(url, {"source_name": "party " + TOO_LONG})
    assert response.status_code == 200
    assert response.context["sources"] == []


@pytest.mark.parametrize("model", ["claim", "article", "source", "outlet"])
def test_the_admin_refuses_a_search_longer_than_anyone_types(client, demo, model):
    client.force_login(User.objects.create_superuser("root", password="pw-root"))
    response = client.get(reverse(f"admin:claims_{model}_changelist"), {"q": TOO_LONG})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [f"Nothing found: search for at most {SEARCH_MAX_CHARS} characters."]


def test_the_admin_refuses_an_action_on_a_selection_that_is_not_ids(client, demo):
    in_review = Claim.objects.get(status=Status.IN_REVIEW)
    client.force_login(demo["reviewer"])
    data = {"action": "publish_selected", "_selected_action": [in_review.pk, "%"], "apply": "yes"}
    response = client.post(reverse("admin:claims_claim_changelist"), data, follow=True)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["The selection was not understood; nothing was done."]
    assert Claim.objects.get(pk=in_review.pk).status == Status.IN_REVIEW


def test_the_admin_refuses_deleting_a_selection_that_is_not_ids(client, demo):
    client.force_login(User.objects.create_superuser("root", password="pw-root"))
    data = {"action": "delete_selected", "_selected_action": ["1e309"], "post": "yes"}
    response = client.post(reverse("admin:claims_outlet_changelist"), data)
    assert response.status_code == 302
    assert Outlet.objects.exists()
