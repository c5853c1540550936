"""Every view: who may use it, who may not, and which methods it answers.

One table, so a new view without a row here is easy to spot (the last test
fails when a URL is missing from it).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from claims import services
from claims.models import ArticleFetch, Attribution, ExportJob, Suggestion

READERS = ["viewer", "editor", "reviewer"]
WRITERS = ["editor", "reviewer"]


@pytest.fixture
def objects(article, claim, editor, saif, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.attribution_set(claim=claim, source=saif, sourcing="named", by=editor, version=1)
    upload = SimpleUploadedFile("log.txt", b"Visitor log", content_type="text/plain")
    evidence = services.evidence_add(claim=claim, by=editor, title="Log", file=upload)
    fetch = ArticleFetch.objects.create(url="https://example.org/a", requested_by=editor)
    job = ExportJob.objects.create(format="csv", requested_by=editor)
    return {
        "article": article.pk,
        "claim": claim.pk,
        "attribution": Attribution.objects.get(claim=claim).pk,
        "evidence": evidence.pk,
        "fetch": fetch.pk,
        "job": job.pk,
        "suggestion": Suggestion.objects.create(
            article=article, start=0, end=7, quote="Efforts", score=0.5
        ).pk,
        "csv": "csv",
        "source": saif.pk,
    }


# (url name, argument, method, roles allowed)
VIEWS = [
    ("dashboard", None, "get", READERS),
    ("article_list", None, "get", READERS),
    ("article_new", None, "get", WRITERS),
    ("article_paste", None, "post", WRITERS),
    ("article_upload", None, "post", WRITERS),
    ("article_fetch_new", None, "post", WRITERS),
    ("article_fetch", "fetch", "get", ["editor"]),  # only whoever asked for it
    ("article_detail", "article", "get", READERS),
    ("claim_capture", "article", "post", WRITERS),
    ("suggestion_reject", "suggestion", "post", WRITERS),
    ("suggestions_decide_all", "article-reject", "post", WRITERS),
    ("claim_list", None, "get", READERS),
    ("claim_detail", "claim", "get", READERS),
    ("claim_edit", "claim", "post", WRITERS),
    ("claim_transition", "claim", "post", READERS),  # the service decides per move
    ("claim_rate", "claim", "post", WRITERS),
    ("attribution_add", "claim", "post", WRITERS),
    ("attribution_change", "attribution", "post", WRITERS),
    ("attribution_remove", "attribution", "post", WRITERS),
    ("evidence_add", "claim", "post", WRITERS),
    ("evidence_file", "evidence", "get", READERS),
    ("claim_export", "csv", "get", READERS),
    ("export_job_new", None, "post", READERS),
    ("export_job", "job", "get", ["editor"]),  # only whoever asked for it
    ("export_job_retry", "job", "post", ["editor"]),
    ("export_job_download", "job", "get", ["editor"]),
    ("article_report", "article", "get", READERS),
    ("article_report_pdf", "article", "get", READERS),
    ("desk_report", None, "get", READERS),
    ("desk_report_pdf", None, "get", READERS),
    ("source_list", None, "get", READERS),
    ("source_autocomplete", None, "get", READERS),
    ("source_detail", "source", "get", READERS),
]


def url_of(name, argument, objects):
    if argument == "article-reject":
        return reverse(f"claims:{name}", args=[objects["article"], "reject-all"])
    args = [objects[argument]] if argument else []
    return reverse(f"claims:{name}", args=args)


@pytest.mark.parametrize(("name", "argument", "method", "allowed"), VIEWS)
def test_anonymous_users_are_sent_to_log_in(client, objects, name, argument, method, allowed):
    response = getattr(client, method)(url_of(name, argument, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "argument", "method", "allowed"), VIEWS)
def test_users_without_the_role_are_forbidden(
    client, objects, request, name, argument, method, allowed
):
    for role in ["outsider", "viewer", "editor", "reviewer"]:
        if role in allowed:
            continue
        client.force_login(request.getfixturevalue(role))
        response = getattr(client, method)(url_of(name, argument, objects))
        assert response.status_code == 403, (role, name)


@pytest.mark.parametrize(("name", "argument", "method", "allowed"), VIEWS)
def test_allowed_users_get_an_answer(client, objects, request, name, argument, method, allowed):
    for role in allowed:
        client.force_login(request.getfixturevalue(role))
        response = getattr(client, method)(url_of(name, argument, objects))
        # A POST without data is refused as bad input (400, or 409 for a missing
        # version), redirected back with a message, or finds nothing yet (404: a
        # job with no file); never forbidden.
        assert response.status_code in (200, 302, 400, 404, 409), (role, name, response.status_code)


@pytest.mark.parametrize(("name", "argument", "method", "allowed"), VIEWS)
def test_the_wrong_method_is_refused(client, objects, request, name, argument, method, allowed):
    client.force_login(request.getfixturevalue(allowed[0]))
    wrong = "post" if method == "get" else "get"
    response = getattr(client, wrong)(url_of(name, argument, objects))
    assert response.status_code == 405


def test_every_view_is_in_the_table():
    names = {
        pattern.name for pattern in get_resolver().url_patterns[-1].url_patterns if pattern.name
    }
    assert names == {name for name, *_ in VIEWS}


def test_evidence_files_have_no_public_url(settings):
    # Uploads are served only by the evidence_file view, which checks permissions.
    assert settings.MEDIA_URL in ("", "/")
    assert not any("media" in str(p.pattern) for p in get_resolver().url_patterns)
