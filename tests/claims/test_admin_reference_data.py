"""Outlets, sources, ratings and articles edited in the admin go through the services."""

import pytest
from django.urls import reverse

from claims.models import Article, Outlet, Rating, Source


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def source_form(source: Source, **changes) -> dict:
    data = {
        "name": source.name,
        "kind": source.kind,
        "role": source.role,
        "affiliation": source.affiliation,
        "aliases": source.aliases,
        "same_as": source.same_as,
        "notes": source.notes,
    }
    return {**data, **changes}


def test_it_refuses_renaming_a_source_onto_another_by_folded_name(client, reviewer, saif):
    other = Source.objects.create(name="Gohar Ali Khan")
    client.force_login(reviewer)
    url = reverse("admin:claims_source_change", args=[other.pk])
    response = client.post(
        url, source_form(other, name="  BARRISTER mohammad ali  saif "), follow=True
    )
    assert "Nothing was saved: Another source is already called “Barrister Mohammad Ali Saif”." in (
        messages_of(response)
    )
    assert Source.objects.get(pk=other.pk).name == "Gohar Ali Khan"


def test_a_renamed_source_keeps_its_key_in_step(client, reviewer, saif):
    client.force_login(reviewer)
    url = reverse("admin:claims_source_change", args=[saif.pk])
    client.post(url, source_form(saif, name="Mohammad  Ali Saif"))
    stored = Source.objects.get(pk=saif.pk)
    assert (stored.name, stored.name_key) == ("Mohammad Ali Saif", "mohammad ali saif")


def test_it_saves_an_outlet_through_the_service(client, reviewer):
    outlet = Outlet.objects.create(name="Dawn")
    client.force_login(reviewer)
    url = reverse("admin:claims_outlet_change", args=[outlet.pk])
    client.post(url, {"name": "  Dawn   News ", "domain": "dawn.example"})
    assert Outlet.objects.get(pk=outlet.pk).name == "Dawn News"


def test_a_viewer_cannot_change_an_outlet(client, viewer):
    outlet = Outlet.objects.create(name="Dawn")
    client.force_login(viewer)
    url = reverse("admin:claims_outlet_change", args=[outlet.pk])
    assert client.post(url, {"name": "Renamed", "domain": ""}).status_code == 403
    assert Outlet.objects.get(pk=outlet.pk).name == "Dawn"


@pytest.mark.parametrize("url", ["https://example.org/other", "javascript:alert(1)"])
def test_an_article_url_is_checked_by_the_service(client, reviewer, article, url):
    Article.objects.filter(pk=article.pk).update(url=None)
    other = Article.objects.create(
        title="Other", body="Other text.", body_hash="x" * 64, url="https://example.org/other"
    )
    client.force_login(reviewer)
    change = reverse("admin:claims_article_change", args=[article.pk])
    data = {"title": "PTI dialogue", "url": url, "byline": "", "language": "en", "outlet": ""}
    client.post(change, data, follow=True)
    assert Article.objects.get(pk=article.pk).url is None
    assert Article.objects.get(pk=other.pk).url == "https://example.org/other"


def test_a_rating_on_the_scale_keeps_its_value_unique(client, reviewer, ratings):
    client.force_login(reviewer)
    misleading = ratings["misleading"]
    url = reverse("admin:claims_rating_change", args=[misleading.pk])
    client.post(url, {"name": "Misleading", "slug": "misleading", "value": 3, "description": ""})
    assert Rating.objects.get(pk=misleading.pk).value is None
