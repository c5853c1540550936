"""The claims list's column headers sort it, and say how it is sorted."""

import re

from django.urls import reverse

LIST_URL = reverse("claims:claim_list")


def header_links(html: str) -> dict[str, str]:
    return dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(r'<th scope="col"[^>]*><a href="([^"]+)">(\w+)', html)
    )


def test_each_sortable_column_links_to_its_sort_keeping_the_filters(client, viewer):
    client.force_login(viewer)
    html = client.get(LIST_URL, {"status": "new", "page": "2"}).content.decode()
    assert header_links(html) == {
        "Article": "?status=new&order=article_date",
        "Status": "?status=new&order=status",
        "Rating": "?status=new&order=rating",
        "Changed": "?status=new&order=changed",
    }


def test_the_sorted_column_says_so_and_its_link_reverses_it(client, viewer):
    client.force_login(viewer)
    html = client.get(LIST_URL, {"order": "status"}).content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?order=-status">Status ▲' in html
    html = client.get(LIST_URL, {"order": "-status"}).content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?order=status">Status ▼' in html


def test_unsorted_the_list_is_the_newest_changes_first(client, viewer):
    client.force_login(viewer)
    html = client.get(LIST_URL).content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?order=changed">Changed ▼' in html
