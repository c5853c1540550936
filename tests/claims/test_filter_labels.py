"""Filter forms read "Any" for no choice; the desk report sits in the app's layout."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

EMPTY_OPTION = re.compile(r'<option value="(?:|unknown)"[^>]*>([^<]*)</option>')


@pytest.mark.parametrize("page", ["claim_list", "article_list", "source_list", "desk_report"])
def test_every_filter_select_reads_any_when_nothing_is_chosen(client, viewer, page):
    client.force_login(viewer)
    html = client.get(reverse(f"claims:{page}")).content.decode()
    filters = html[html.index('class="filters"') :]
    filters = filters[: filters.index("</form>")]
    labels = set(EMPTY_OPTION.findall(filters))
    assert labels, "the form has selects"
    assert labels <= {"Any"}, labels
    assert "---------" not in filters
    assert "Unknown" not in filters


def test_the_desk_report_has_the_apps_header_and_a_laid_out_filter_form(client, viewer):
    client.force_login(viewer)
    html = client.get(reverse("claims:desk_report")).content.decode()
    assert '<header class="topbar">' in html
    assert '<nav aria-label="Main">' in html
    assert '<form method="get" class="filters" aria-label="Report period and filters">' in html
    assert '<label for="period-from">Published from</label>' in html


def test_the_pdf_keeps_the_newsrooms_page_without_the_apps_header(client, viewer, monkeypatch):
    printed = []

    def print_html(template, context, request):
        printed.append(render_to_string(template, {**context, "for_pdf": True}, request=request))
        return b"%PDF-"

    monkeypatch.setattr("claims.views.exports.render_pdf", print_html)
    client.force_login(viewer)
    client.get(reverse("claims:desk_report_pdf"))
    [html] = printed
    assert '<p class="newsroom">' in html
    assert "topbar" not in html
    assert "<form" not in html
