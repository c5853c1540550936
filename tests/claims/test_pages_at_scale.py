"""Pages whose cost must not grow with the tables: indexes, capped counts, capped tables."""

import html
import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from claims import models, reports
from claims.models import Claim, ClaimEvent, Status
from claims.views import claim_pages, common
from claims.views import exports as exports_views
from tests.conftest import claim_at, make_user

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="about PostgreSQL's planner"
)


def plan_nodes(plan: dict) -> list[dict]:
    return [plan, *(node for child in plan.get("Plans", []) for node in plan_nodes(child))]


@postgres_only
def test_it_reads_the_dashboards_recent_activity_through_the_event_time_index(claim, editor):
    start = timezone.now() - timedelta(days=30)
    ClaimEvent.objects.bulk_create(
        ClaimEvent(claim=claim, actor=editor, at=start + timedelta(minutes=n), kind="note")
        for n in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claimevent")
        recent = ClaimEvent.objects.order_by("-at", "-id")[:15]
        sql, params = recent.query.sql_with_params()
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        explained = cursor.fetchone()[0]
    if isinstance(explained, str):
        explained = json.loads(explained)
    nodes = plan_nodes(explained[0]["Plan"])
    scans = {(node["Node Type"], node.get("Index Name")) for node in nodes}
    assert ("Index Scan", "event_at_idx") in scans
    assert not any(node["Node Type"] == "Seq Scan" for node in nodes)


def test_the_desk_report_counts_every_verdict_but_lists_only_the_first(
    client, db, django_assert_num_queries, monkeypatch
):
    call_command("load_demo", "--force", stdout=StringIO())
    monkeypatch.setattr(reports, "DESK_TABLE_ROWS", 1)
    client.force_login(make_user("desk", "Viewers"))
    widest = {"published_after": "2000-01-01", "published_before": "2100-12-31"}
    client.get(reverse("claims:desk_report"), widest)  # warm the content-type cache
    # 1 session, 2 user, 3-4 the user's permissions (user and group), 5 the
    # verdicts per outlet, rating and sourcing, 6 the table's first verdicts,
    # 7 the ratings, 8 the verdicts changed; 9-11 the filter form's choices
    # (ratings, outlets, assignees), 12 the header's unread count, 13 the
    # user's groups in the app's header. On PostgreSQL the verdicts changed
    # are counted without parallel workers: a savepoint, SET LOCAL, its release.
    with django_assert_num_queries(16 if connection.vendor == "postgresql" else 13):
        response = client.get(reverse("claims:desk_report"), widest)
    assert response.context["total"] == 2  # the demo's published claims
    assert len(response.context["claims"]) == 1
    page = response.content.decode()
    assert "The first 1 of 2 verdicts" in page
    assert sum(bar.value for bar in response.context["by_rating"]) == 2
    # The rest are a link away: the claims list, same period, published now.
    link = re.search(r'href="([^"]*)">All 2 in the claims list', page).group(1)
    listed = client.get(html.unescape(link))
    assert {claim.pk for claim in listed.context["page"]} == set(
        Claim.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True)
    )


def test_the_desk_reports_pdf_lists_more_than_its_page(client, db, monkeypatch):
    call_command("load_demo", "--force", stdout=StringIO())
    monkeypatch.setattr(reports, "DESK_TABLE_ROWS", 1)
    client.force_login(make_user("desk", "Viewers"))
    widest = {"published_after": "2000-01-01", "published_before": "2100-12-31"}
    reported = []

    def observed(*args):  # the real report, its result kept for the assertion
        reported.append(reports.desk_report(*args))
        return reported[-1]

    monkeypatch.setattr(exports_views, "desk_report", observed)
    response = client.get(reverse("claims:desk_report_pdf"), widest)
    assert response["Content-Type"] == "application/pdf"
    assert len(reported[0]["claims"]) == 2  # up to DESK_PDF_ROWS, not the page's 1


def test_a_long_list_says_more_than_its_counted_total(client, article, editor, monkeypatch):
    monkeypatch.setattr(claim_pages, "CLAIMS_PER_PAGE", 1)
    monkeypatch.setattr(common, "COUNT_AHEAD", 1)  # page 1 counts up to 2 rows
    for text in ("Efforts to resume", "negotiations", "Imran Khan"):
        claim_at(article, text, editor)
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list"), {"page": "1"})
    page = response.context["page"]
    assert page.paginator.capped and page.has_next()
    assert "more than" in response.content.decode()


def test_a_short_list_gives_its_exact_total(client, article, editor):
    for text in ("Efforts to resume", "negotiations"):
        claim_at(article, text, editor)
    client.force_login(editor)
    page = client.get(reverse("claims:claim_list")).context["page"]
    assert not page.paginator.capped and page.paginator.count == 2


@postgres_only
def test_the_dashboard_estimates_status_counts_on_a_big_table(client, claim, editor, monkeypatch):
    monkeypatch.setattr(models, "ESTIMATE_STATUS_COUNTS_ABOVE", 0)
    Claim.objects.bulk_create(
        Claim(article=claim.article, start=0, end=7, quote="Efforts", statement="Efforts")
        for _ in range(19)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    Claim.objects.filter(pk=claim.pk).update(status="researching")  # after the statistics
    counts, estimated = Claim.objects.count_by_status()
    assert estimated and counts == {"new": 20}
    client.force_login(editor)
    assert "about 20" in client.get(reverse("claims:dashboard")).content.decode()


def test_the_dashboard_counts_a_small_table_exactly(claim):
    assert Claim.objects.count_by_status() == ({"new": 1}, False)


def test_a_page_number_past_any_table_shows_the_last_page(client, article, editor):
    claim_at(article, "negotiations", editor)
    client.force_login(editor)
    response = client.get(reverse("claims:claim_list"), {"page": "1" + "0" * 40})
    assert response.status_code == 200 and response.context["page"].number == 1


def test_an_article_search_counts_less_far_ahead_than_the_list(client, article, editor):
    from claims.views import articles as article_views

    client.force_login(editor)
    listed = client.get(reverse("claims:article_list"))
    searched = client.get(reverse("claims:article_list"), {"q": article.title.split()[0]})
    assert listed.context["page"].paginator.reach == 25 + common.COUNT_AHEAD
    assert searched.context["page"].paginator.reach == 25 + article_views.SEARCH_COUNT_AHEAD
    assert article in searched.context["page"].object_list
