"""Every view: who may use it, who may not, and which methods it answers.

One table, so a new view without a row here is easy to spot (the last test
fails when a URL is missing from it).
"""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from claims import services
from claims.models import ArticleFetch, Attribution, ExportJob, Suggestion
from desk.models import SavedView

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
        "saved_view": SavedView.objects.create(
            name="Mine", query="status=new", owner=editor, shared=True
        ).pk,
    }


@dataclass(frozen=True)
class Redirect:
    """A redirect to the page of one of the objects (url name, argument)."""

    name: str
    argument: str


OK, BAD_INPUT, NOT_FOUND, STALE = 200, 400, 404, 409
TO_ARTICLE = Redirect("article_detail", "article")
TO_CLAIM = Redirect("claim_detail", "claim")
TO_JOB = Redirect("export_job", "job")
TO_LIST = Redirect("claim_list", None)

# (url name, argument, method, roles allowed, what an allowed user gets).
# POSTs carry no data: what they get is the view's answer to an empty form.
VIEWS = [
    ("dashboard", None, "get", READERS, OK),
    ("article_list", None, "get", READERS, OK),
    ("article_new", None, "get", WRITERS, OK),
    ("article_paste", None, "post", WRITERS, BAD_INPUT),
    ("article_upload", None, "post", WRITERS, BAD_INPUT),
    ("article_fetch_new", None, "post", WRITERS, BAD_INPUT),
    ("article_fetch", "fetch", "get", ["editor"], OK),  # only whoever asked for it
    ("article_detail", "article", "get", READERS, OK),
    ("claim_capture", "article", "post", WRITERS, TO_ARTICLE),  # with the refusal as a message
    # The article has no URL: back to it, with the refusal as a message.
    ("article_refetch", "article", "post", WRITERS, TO_ARTICLE),
    ("article_revision_new", "article", "post", WRITERS, BAD_INPUT),  # no text
    ("article_revision_diff", "article-revision-1", "get", READERS, OK),
    ("suggestion_reject", "suggestion", "post", WRITERS, TO_ARTICLE),
    ("suggestions_decide_all", "article-reject", "post", WRITERS, TO_ARTICLE),
    ("suggestions_preview", "article", "get", WRITERS, OK),
    # Nothing ticked: back to the article, with the refusal as a message.
    ("suggestions_accept_selected", "article", "post", WRITERS, TO_ARTICLE),
    ("claim_list", None, "get", READERS, OK),
    ("claim_detail", "claim", "get", READERS, OK),
    # Nothing selected: back to the list, with the refusal as a message.
    ("claim_bulk", None, "post", READERS, TO_LIST),
    # No version: refused as stale, with a message on the claim's page.
    ("claim_assign_me", "claim", "post", WRITERS, TO_CLAIM),
    ("claim_link_add", "claim", "post", WRITERS, TO_CLAIM),  # the refusal as a message
    ("claim_link_remove", "claim-no-link", "post", WRITERS, NOT_FOUND),
    # The capture panel's "Checked before?" fragment (nothing typed: an empty list).
    ("claims_similar", None, "get", READERS, OK),
    # No name: back to the list, with the refusal as a message.
    ("saved_view_new", None, "post", READERS, TO_LIST),
    ("saved_view_delete", "saved_view", "post", ["editor"], TO_LIST),  # only its owner
    ("claim_edit", "claim", "post", WRITERS, BAD_INPUT),
    # Not flagged: back to the claim, with the refusal as a message.
    ("claim_anchor_checked", "claim", "post", WRITERS, TO_CLAIM),
    # The service decides per move; an empty form goes back with a message.
    ("claim_transition", "claim", "post", READERS, TO_CLAIM),
    ("claim_rate", "claim", "post", WRITERS, BAD_INPUT),
    ("attribution_add", "claim", "post", WRITERS, BAD_INPUT),
    ("attribution_change", "attribution", "post", WRITERS, TO_CLAIM),
    ("attribution_remove", "attribution", "post", WRITERS, STALE),  # no version: stale
    ("evidence_add", "claim", "post", WRITERS, BAD_INPUT),
    ("evidence_file", "evidence", "get", READERS, OK),
    ("claim_export", "csv", "get", READERS, OK),
    ("export_job_new", None, "post", READERS, NOT_FOUND),  # no format: no such export
    ("export_job", "job", "get", ["editor"], OK),  # only whoever asked for it
    ("export_job_retry", "job", "post", ["editor"], TO_JOB),
    ("export_job_download", "job", "get", ["editor"], NOT_FOUND),  # queued: no file yet
    ("article_report", "article", "get", READERS, OK),
    ("article_report_pdf", "article", "get", READERS, OK),
    ("desk_report", None, "get", READERS, OK),
    ("desk_report_pdf", None, "get", READERS, OK),
    ("source_list", None, "get", READERS, OK),
    ("source_autocomplete", None, "get", READERS, OK),
    ("source_detail", "source", "get", READERS, OK),
    ("source_edit", "source", "post", ["reviewer"], BAD_INPUT),
    ("source_merge", "source", "post", ["reviewer"], BAD_INPUT),
]
PARAMETERS = ("name", "argument", "method", "allowed", "expected")


def url_of(name, argument, objects):
    if argument == "article-reject":
        return reverse(f"claims:{name}", args=[objects["article"], "reject-all"])
    if argument == "article-revision-1":  # the article's first revision against its text
        return reverse(f"claims:{name}", args=[objects["article"]]) + "?revision=1"
    if argument == "claim-no-link":  # the claim, and a link it does not have
        return reverse(f"claims:{name}", args=[objects["claim"], 999_999])
    args = [objects[argument]] if argument else []
    return reverse(f"claims:{name}", args=args)


@pytest.mark.parametrize(PARAMETERS, VIEWS)
def test_anonymous_users_are_sent_to_log_in(
    client, objects, name, argument, method, allowed, expected
):
    response = getattr(client, method)(url_of(name, argument, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(PARAMETERS, VIEWS)
def test_users_without_the_role_are_forbidden(
    client, objects, request, name, argument, method, allowed, expected
):
    for role in ["outsider", "viewer", "editor", "reviewer"]:
        if role in allowed:
            continue
        client.force_login(request.getfixturevalue(role))
        response = getattr(client, method)(url_of(name, argument, objects))
        assert response.status_code == 403, (role, name)


@pytest.mark.parametrize(PARAMETERS, VIEWS)
def test_allowed_users_get_the_views_answer(
    client, objects, request, name, argument, method, allowed, expected
):
    for role in allowed:
        client.force_login(request.getfixturevalue(role))
        response = getattr(client, method)(url_of(name, argument, objects))
        if isinstance(expected, Redirect):
            assert response.status_code == 302, (role, name, response.status_code)
            target = url_of(expected.name, expected.argument, objects)
            assert response["Location"] == target, (role, name)
        else:
            assert response.status_code == expected, (role, name, response.status_code)


@pytest.mark.parametrize(PARAMETERS, VIEWS)
def test_the_wrong_method_is_refused(
    client, objects, request, name, argument, method, allowed, expected
):
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
