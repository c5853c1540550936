"""The load test cannot rot silently: its locustfile imports, its paths are the
app's, and the forms it builds from the real pages are the ones the app accepts.

Locust patches the standard library when imported, so the locustfile is
imported in a child process; the forms come from loadtest.pages, which the
locustfile uses and which needs no Locust.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import resolve, reverse

from claims import services
from claims.management.commands import loadtest
from claims.models import Claim, Status
from loadtest import pages
from tests.conftest import claim_at

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = ROOT / "loadtest" / "locustfile.py"


def test_the_locustfile_imports_and_defines_the_editor():
    script = (
        "import json, runpy, sys; ns = runpy.run_path(sys.argv[1]); "
        "print(json.dumps(sorted(t.__name__ for t in ns['Editor'].tasks)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(LOCUSTFILE)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    tasks = json.loads(done.stdout.strip().splitlines()[-1])
    assert "capture_then_research" in tasks
    assert "research_a_new_claim" in tasks
    assert "claims_list" in tasks


@pytest.mark.parametrize("name", sorted(pages.PATHS))
def test_each_path_is_the_url_of_its_view(name):
    ids = {"id": 7} if "{id}" in pages.PATHS[name] else {}
    assert resolve(pages.path(name, **ids)).view_name == name
    assert pages.path(name, **ids) == reverse(name, args=list(ids.values()))


def test_the_login_form_logs_the_editor_in(editor):
    client = Client(enforce_csrf_checks=True)
    page = client.get(pages.path("login")).content.decode()
    response = client.post(pages.path("login"), pages.login_form(page, "erin", "pw-erin"))
    assert response.status_code == 302
    assert client.get(pages.path("claims:dashboard")).status_code == 200


def test_the_capture_built_from_the_article_page_makes_the_claim(article, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(pages.path("claims:article_detail", id=article.pk)).content.decode()
    form, headers = pages.capture_form(page, nth_from_last=1)
    response = client.post(pages.path("claims:claim_capture", id=article.pk), form, headers=headers)
    assert response.status_code == 200
    claim_id = pages.captured_claim(response.headers.get("HX-Trigger-After-Settle"))
    claim = Claim.objects.get(pk=claim_id)
    assert claim.created_by == editor
    assert claim.quote == form["quote"] == article.body[claim.start : claim.end]
    assert claim.quote.endswith(".")
    assert claim.sourcing == "named"


def test_the_research_form_moves_the_claim_with_the_version_shown(article, editor, saif):
    claim = claim_at(article, "no formal negotiations are underway yet", editor)
    services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=claim.version
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(pages.path("claims:claim_detail", id=claim.pk)).content.decode()
    form = pages.research_form(page)
    assert form["version"] == "2"
    response = client.post(pages.path("claims:claim_transition", id=claim.pk), form)
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Status.RESEARCHING
    page = client.get(pages.path("claims:claim_detail", id=claim.pk)).content.decode()
    assert pages.research_form(page) is None  # not offered twice


def test_the_dashboard_links_the_static_files_a_browser_fetches(editor):
    client = Client()
    client.force_login(editor)
    urls = pages.static_urls(client.get(pages.path("claims:dashboard")).content.decode())
    assert any(url.endswith(".css") for url in urls)
    assert any(url.endswith(".js") for url in urls)


def many_articles(count: int) -> list:
    return [
        services.article_create(
            body=f"Story {n}. Growth was {n} percent, he said.", by=None
        ).article
        for n in range(count)
    ]


def test_each_editor_gets_articles_and_new_claims_no_other_has(editor):
    articles = many_articles(8)
    on_fourth = claim_at(articles[3], "Growth was 3 percent", editor)
    handout = loadtest.handout(editors=2, articles_each=3)
    first, second = handout["editors"]
    assert not set(first["articles"]) & set(second["articles"])
    assert len(first["articles"]) == len(second["articles"]) == 3
    assert all(article_id > 2 for article_id in first["articles"] + second["articles"])
    owners = [e for e in (first, second) if articles[3].pk in e["articles"]]
    assert [e["new_claims"] for e in owners] == [[on_fourth.pk]]
    user = User.objects.get(username=first["username"])
    assert user.check_password(first["password"])
    assert user.has_perm("claims.research_claim") and user.has_perm("claims.add_claim")
    assert handout["last_claim"] == on_fourth.pk


def test_a_second_handout_leaves_out_articles_load_editors_captured_on(editor):
    articles = many_articles(8)
    first = loadtest.handout(editors=1, articles_each=3)["editors"][0]
    load_editor = User.objects.get(username=first["username"])
    used = next(a for a in articles if a.pk == first["articles"][0])
    claim_at(used, "Growth was", load_editor)
    again = loadtest.handout(editors=1, articles_each=3)["editors"][0]
    assert used.pk not in again["articles"]
    assert again["username"] == first["username"]
    assert again["password"] != first["password"]


def result(*, failed=0, stale=0, captures=(3, 0), moves=(2, 0), found=(3, 2), record=0):
    requests = {
        loadtest.CAPTURE: {"count": captures[0], "failed": captures[1]},
        loadtest.MOVE: {"count": moves[0], "failed": moves[1]},
    }
    failures = [(loadtest.MOVE, "stale version (409), refused as designed", stale)] if stale else []
    return {
        "total": {"failed": failed},
        "requests": requests,
        "failures": failures,
        "found": {"captured": found[0], "moved": found[1]},
        "check_record": (record, ""),
    }


def test_a_run_passes_with_every_acknowledged_write_found():
    assert loadtest.passed(result())


def test_a_write_acknowledged_but_not_in_the_record_fails_the_run():
    assert not loadtest.passed(result(found=(3, 1)))


def test_a_stale_refusal_is_counted_apart_from_errors():
    stale = result(failed=1, stale=1, moves=(3, 1))
    assert loadtest.errors(stale) == 0
    assert loadtest.passed(stale)
    assert not loadtest.passed(result(failed=1, moves=(3, 1)))


def test_a_broken_record_fails_the_run():
    assert not loadtest.passed(result(record=1))


def test_server_times_leave_out_the_health_probe_and_name_the_slowest(tmp_path):
    log = tmp_path / "w1-access.log"
    lines = ["GET /healthz? 200 900000000", "GET /claims/?q=zeugma 200 9100000"]
    lines += [f"GET /claims/{n}/? 200 {1000 * n}" for n in range(1, 99)]
    log.write_text("\n".join(lines) + "\n")
    times = loadtest.server_times(log)
    assert times["50"] == 50
    assert times["slowest"][0] == (9100.0, "GET /claims/?q=zeugma")
    assert times["slowest"][1] == (98.0, "GET /claims/98/")
