"""Article pages: the list, the page with its highlighted claims, escaping."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Outlet, Source
from tests.conftest import INSTRUCTION, claim_at


@pytest.fixture
def pages(article, claim) -> list[str]:
    return [
        reverse("claims:article_list"),
        reverse("claims:article_detail", args=[article.pk]),
        reverse("claims:claim_detail", args=[claim.pk]),
    ]


def test_every_page_requires_login(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["viewer", "editor", "reviewer"])
def test_every_role_can_read(client, pages, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in pages:
        assert client.get(url).status_code == 200


def test_a_user_without_a_role_is_forbidden(client, pages, outsider):
    client.force_login(outsider)
    for url in pages:
        assert client.get(url).status_code == 403


def test_the_pages_are_read_only(client, pages, editor):
    client.force_login(editor)
    for url in pages:
        assert client.post(url).status_code == 405


def test_the_article_page_highlights_each_claim_and_its_sourcing(
    client, article, editor, party_sources
):
    claim = claim_at(article, INSTRUCTION, editor)
    services.attribution_set(
        claim=claim, source=party_sources, sourcing="anonymous", by=editor, version=1
    )
    client.force_login(editor)
    html = client.get(reverse("claims:article_detail", args=[article.pk])).content.decode()
    assert f'data-claims="{claim.pk}"' in html
    assert f'data-markers="{claim.pk}">{INSTRUCTION}</span>' in html
    assert 'class="run claim status-new anon"' in html
    assert "<strong>1</strong> resting on anonymous sources only" in html


def test_overlapping_claims_are_cut_into_runs(client, article, editor):
    outer = claim_at(article, INSTRUCTION, editor)
    inner = claim_at(article, "Barrister Saif to explore", editor)
    client.force_login(editor)
    html = client.get(reverse("claims:article_detail", args=[article.pk])).content.decode()
    assert f'data-claims="{outer.pk}"' in html
    assert f'data-claims="{outer.pk} {inner.pk}"' in html
    assert ">Barrister Saif to explore</span>" in html


def test_the_article_list_runs_a_constant_number_of_queries(
    client, editor, django_assert_num_queries
):
    outlet = Outlet.objects.create(name="Dawn")
    for n in range(30):
        services.article_create(
            body=f"Article number {n}. Prices rose {n}%.", by=editor, outlet=outlet
        )
    client.force_login(editor)
    # 1 session, 2 user, 3-4 the user's permissions (user and group), 5 the
    # capped count for the paginator, 6 the page of articles with outlets, 7
    # the claim counts of that page's articles, 8 outlets for the filter form,
    # 9 the header's unread count, 10 the user's groups in the header.
    with django_assert_num_queries(10):
        response = client.get(reverse("claims:article_list"))
    assert len(response.context["page"]) == 25
    assert response.context["page"].paginator.num_pages == 2


def test_the_claim_page_shows_the_state_on_a_past_date(client, claim, editor):
    client.force_login(editor)
    url = reverse("claims:claim_detail", args=[claim.pk])
    assert (
        "did not exist yet on 1 January 2020"
        in client.get(url, {"on": "2020-01-01"}).content.decode()
    )
    today = claim.created_at.date().isoformat()
    assert "<strong>New</strong>" in client.get(url, {"on": today}).content.decode()


def test_user_text_is_escaped_everywhere(client, editor):
    script = "<script>alert(1)</script>"
    body = f"Intro. {script} said the minister."
    article = services.article_create(body=body, title=f"Title {script}", by=editor).article
    claim = claim_at(article, script, editor, statement=f"Statement {script}")
    source = Source.objects.create(name=f"Minister {script}")
    services.attribution_set(claim=claim, source=source, sourcing="named", by=editor, version=1)
    client.force_login(editor)
    for url in (
        reverse("claims:dashboard"),
        reverse("claims:article_list"),
        reverse("claims:article_detail", args=[article.pk]),
        reverse("claims:claim_detail", args=[claim.pk]),
        reverse("claims:claim_list"),
        reverse("claims:source_list"),
        reverse("claims:source_detail", args=[source.pk]),
        reverse("claims:source_autocomplete") + "?source_name=Minister",
    ):
        html = client.get(url).content.decode()
        assert script not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
