"""The 403 page: the app's layout, and which role may do what was refused."""

from django.urls import reverse

from claims.models import Source

NEEDS = "can do this: it needs the permission"


def test_it_says_which_role_may_edit_a_source(client, editor):
    source = Source.objects.create(name="Barrister Saif")
    client.force_login(editor)
    response = client.post(reverse("claims:source_edit", args=[source.pk]), {"version": 1})
    assert response.status_code == 403
    page = response.content.decode()
    assert f"Reviewers {NEEDS} “Can send back and reopen claims”." in page
    assert '<header class="topbar">' in page
    assert "in Editors" in page


def test_it_names_every_role_that_may_when_several_do(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("claims:article_new"))
    assert response.status_code == 403
    assert f"Editors or Reviewers {NEEDS} “Can add article”." in response.content.decode()


def test_a_user_with_no_role_is_told_so(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("claims:claim_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert f"Editors, Reviewers or Viewers {NEEDS} “Can view claim”." in page
    assert "with no role yet" in page
