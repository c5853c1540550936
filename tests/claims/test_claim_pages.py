"""Working a claim in the browser: edit, workflow, attributions, evidence."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import services
from claims.models import Attribution, Claim, Evidence, Status
from desk.services.comments import comment_add, comment_edit
from tests.conftest import advance


def url(name, pk):
    return reverse(f"claims:{name}", args=[pk])


def reload(claim):
    return Claim.objects.get(pk=claim.pk)


def edit_data(claim, **changes):
    return {
        "version": claim.version,
        "statement": claim.statement,
        "kind": claim.kind,
        "assignee": claim.assignee_id or "",
        "revisit_on": "",
        **changes,
    }


def test_an_edit_is_saved_with_its_event(client, claim, editor, other_editor):
    client.force_login(editor)
    response = client.post(
        url("claim_edit", claim.pk),
        edit_data(
            claim,
            statement="Khan told Saif to seek talks",
            assignee=other_editor.pk,
            revisit_on="2025-06-01",
        ),
    )
    assert response.status_code == 302
    stored = reload(claim)
    assert (stored.statement, stored.assignee, str(stored.revisit_on)) == (
        "Khan told Saif to seek talks",
        other_editor,
        "2025-06-01",
    )
    assert [e.kind for e in stored.events.order_by("at", "id")][-2:] == ["edited", "assigned"]


def test_a_stale_edit_is_refused_showing_what_changed(client, claim, editor, other_editor):
    opened = edit_data(claim, statement="Editor two's wording")
    services.claim_update(claim=claim, by=editor, version=1, statement="Editor one's wording")
    client.force_login(other_editor)
    response = client.post(url("claim_edit", claim.pk), opened)
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by erin after you opened it" in html
    assert "erin: statement → “Editor one&#x27;s wording”" in html
    assert "Editor two&#x27;s wording" in html  # their input is kept to reapply
    assert f'name="version" value="{reload(claim).version}"' in html
    assert reload(claim).statement == "Editor one's wording"


def test_the_workflow_buttons_follow_the_role(client, claim, editor, reviewer, viewer, ratings):
    detail = url("claim_detail", claim.pk)
    client.force_login(viewer)
    html = client.get(detail).content.decode()
    for control in ("Start research", "Save changes", "Add evidence", "Attribute"):
        assert control not in html
    client.force_login(editor)
    assert "Start research" in client.get(detail).content.decode()
    advance(claim, (Status.RESEARCHING, editor))
    advance(claim, (Status.IN_REVIEW, editor), rating=ratings["false"], note="Records")
    assert "Publish" not in client.get(detail).content.decode()
    client.force_login(reviewer)
    html = client.get(detail).content.decode()
    assert "Publish" in html and "Send back" in html


def claim_in(status, claim, editor, reviewer, ratings):
    """``claim`` walked to ``status`` through the services: an editor works and
    sends it (with a verdict), a reviewer publishes."""
    if status == Status.NOT_CHECKABLE:
        return advance(claim, (Status.NOT_CHECKABLE, editor), note="An opinion")
    if status != Status.NEW:
        advance(claim, (Status.RESEARCHING, editor))
    if status in (Status.IN_REVIEW, Status.PUBLISHED):
        advance(claim, (Status.IN_REVIEW, editor), rating=ratings["false"], note="Records")
    if status == Status.PUBLISHED:
        advance(claim, (Status.PUBLISHED, reviewer))
    return claim


@pytest.mark.parametrize(
    ("status", "role", "shown"),
    [
        (Status.NEW, "viewer", False),
        (Status.NEW, "editor", False),
        (Status.NEW, "reviewer", False),
        (Status.RESEARCHING, "viewer", False),
        (Status.RESEARCHING, "editor", True),
        (Status.RESEARCHING, "reviewer", True),
        (Status.IN_REVIEW, "viewer", False),
        (Status.IN_REVIEW, "editor", False),  # in review only a reviewer sets the verdict
        (Status.IN_REVIEW, "reviewer", True),
        (Status.PUBLISHED, "viewer", False),
        (Status.PUBLISHED, "editor", False),
        (Status.PUBLISHED, "reviewer", False),
        (Status.NOT_CHECKABLE, "viewer", False),
        (Status.NOT_CHECKABLE, "editor", False),
        (Status.NOT_CHECKABLE, "reviewer", False),
    ],
)
def test_the_verdict_form_is_shown_only_where_a_verdict_may_be_set(
    client, request, claim, editor, reviewer, ratings, status, role, shown
):
    claim_in(status, claim, editor, reviewer, ratings)
    assert reload(claim).status == status
    client.force_login(request.getfixturevalue(role))
    html = client.get(url("claim_detail", claim.pk)).content.decode()
    verdict_form = f'action="{url("claim_rate", claim.pk)}"'
    assert (verdict_form in html) is shown
    assert ("Set verdict" in html) is shown


def test_a_reviewer_publishes_from_the_page(client, claim, editor, reviewer, ratings):
    advance(claim, (Status.RESEARCHING, editor))
    advance(claim, (Status.IN_REVIEW, editor), rating=ratings["false"], note="Records")
    client.force_login(reviewer)
    data = {"to": "published", "version": reload(claim).version, "note": "", "rating": ""}
    response = client.post(url("claim_transition", claim.pk), data)
    assert response.status_code == 302
    assert reload(claim).status == Status.PUBLISHED


def test_four_eyes_hold_on_the_page(client, claim, reviewer, ratings):
    advance(claim, (Status.RESEARCHING, reviewer))
    advance(claim, (Status.IN_REVIEW, reviewer), rating=ratings["false"], note="Records")
    client.force_login(reviewer)
    data = {"to": "published", "version": reload(claim).version, "note": "", "rating": ""}
    response = client.post(url("claim_transition", claim.pk), data)
    assert response.status_code == 400
    assert "Four eyes" in response.content.decode()
    assert reload(claim).status == Status.IN_REVIEW


def test_a_verdict_needs_a_note(client, claim, editor, ratings):
    advance(claim, (Status.RESEARCHING, editor))
    client.force_login(editor)
    data = {"version": reload(claim).version, "rating": ratings["false"].pk, "note": ""}
    response = client.post(url("claim_rate", claim.pk), data)
    assert response.status_code == 400
    assert reload(claim).rating is None
    data["note"] = "Jail records contradict it"
    client.post(url("claim_rate", claim.pk), data)
    assert reload(claim).rating == ratings["false"]


def test_an_attribution_is_added_by_its_words(client, article, claim, editor):
    client.force_login(editor)
    data = {
        "version": claim.version,
        "source_name": "Sources familiar with the matter",
        "source_kind": "anonymous_group",
        "sourcing": "anonymous",
        "mention": "sources familiar with the matter",
        "cue": "According to",
        "descriptor": "",
        "count": "",
    }
    assert client.post(url("attribution_add", claim.pk), data).status_code == 302
    attribution = Attribution.objects.get(claim=claim)
    # The "According to" nearest the claim, not the article's first one.
    assert article.body[attribution.cue_start : attribution.cue_end] == "According to"
    assert attribution.cue_start == article.body.index("According to sources familiar")


def test_words_that_are_not_in_the_article_are_refused(client, claim, editor):
    client.force_login(editor)
    data = {
        "version": claim.version,
        "source_name": "A minister",
        "source_kind": "person",
        "sourcing": "named",
        "mention": "the minister",
        "cue": "",
    }
    response = client.post(url("attribution_add", claim.pk), data)
    assert response.status_code == 400
    assert "does not occur in the article" in response.content.decode()
    assert not Attribution.objects.exists()


def test_a_change_of_sourcing_is_on_the_timeline(client, claim, editor, saif):
    attribution = services.attribution_set(
        claim=claim, source=saif, sourcing="anonymous", by=editor, version=1
    )
    client.force_login(editor)
    client.post(url("attribution_change", attribution.pk), {"version": 2, "sourcing": "confirmed"})
    stored = reload(claim)
    assert stored.sourcing == "confirmed"
    html = client.get(url("claim_detail", claim.pk)).content.decode()
    assert f"{saif.name}: anonymous → confirmed" in html


def test_removing_an_attribution(client, claim, editor, saif):
    attribution = services.attribution_set(
        claim=claim, source=saif, sourcing="named", by=editor, version=1
    )
    client.force_login(editor)
    client.post(url("attribution_remove", attribution.pk), {"version": 2})
    assert not Attribution.objects.exists()
    assert reload(claim).sourcing == "unattributed"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_evidence_file_is_uploaded_and_downloaded_with_permission(
    client, claim, editor, viewer, outsider, media
):
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.7 jail records", content_type="application/pdf")
    client.force_login(editor)
    data = {"title": "Jail records", "stance": "refutes", "file": pdf, "url": "", "note": ""}
    assert client.post(url("evidence_add", claim.pk), data).status_code == 302
    evidence = Evidence.objects.get()
    client.force_login(viewer)
    response = client.get(url("evidence_file", evidence.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 jail records"
    client.force_login(outsider)
    assert client.get(url("evidence_file", evidence.pk)).status_code == 403


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>\x00", "is not a PDF, PNG"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "is not a PDF, PNG"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(client, claim, editor, media, content, message):
    upload = SimpleUploadedFile("x.pdf", content, content_type="application/pdf")
    client.force_login(editor)
    data = {"title": "Doc", "stance": "context", "file": upload, "url": "", "note": ""}
    response = client.post(url("evidence_add", claim.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    assert not list(media.rglob("*.pdf"))


def test_evidence_over_the_size_limit_is_refused(client, claim, editor, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"a" * 1001, content_type="text/plain")
    client.force_login(editor)
    data = {"title": "Doc", "stance": "context", "file": upload, "url": "", "note": ""}
    response = client.post(url("evidence_add", claim.pk), data)
    assert "evidence files may be at most 1000" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_claim_page_runs_a_bounded_number_of_queries(
    client, claim, editor, saif, django_assert_max_num_queries
):
    for n in range(5):
        services.evidence_add(claim=claim, by=editor, title=f"E{n}", url="https://example.org")
    services.attribution_set(claim=claim, source=saif, sourcing="named", by=editor, version=1)
    client.force_login(editor)
    with django_assert_max_num_queries(25):
        client.get(url("claim_detail", claim.pk))


def test_a_far_future_date_does_not_break_the_page(client, claim, editor):
    client.force_login(editor)
    response = client.get(url("claim_detail", claim.pk), {"on": "9999-12-31"})
    assert response.status_code == 200
    assert "<strong>New</strong>" in response.content.decode()


def test_a_bad_as_it_stood_on_date_says_so(client, claim, editor):
    client.force_login(editor)
    response = client.get(url("claim_detail", claim.pk), {"on": "2025-13-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "“2025-13-01” is not a date (YYYY-MM-DD): showing the claim as it is now." in html
    assert response.context["state_on"] is None


def test_the_claim_page_runs_a_fixed_number_of_queries(
    client, claim, editor, saif, party_sources, django_assert_num_queries
):
    def add_rows(n):
        for i in range(n):
            services.evidence_add(claim=claim, by=editor, title=f"E{i}", url="https://example.org")

    def add_comments(n):
        for i in range(n):
            comment = comment_add(claim=claim, by=editor, body=f"Comment {i}")
            comment_edit(comment=comment, by=editor, body=f"Comment {i}, reworded")

    add_rows(2)
    add_comments(1)
    services.attribution_set(claim=claim, source=saif, sourcing="named", by=editor, version=1)
    client.force_login(editor)
    client.get(url("claim_detail", claim.pk))
    add_rows(6)
    add_comments(5)
    services.attribution_set(
        claim=claim, source=party_sources, sourcing="anonymous", by=editor, version=2
    )
    # 1 session, 2 user, 3-4 permissions, 5 the claim with article, outlet,
    # rating and people, 6 events with actors and ratings, 7 comments with their
    # authors and deleters, 8 the comments' earlier wordings, 9 the header's
    # unread count, 10 the user's groups in the header, 11 users for the
    # assignee field, 12 attributions with sources, 13 evidence with who
    # added it, 14 the claim's links either way with the other claims and
    # their ratings, 15 the similar claims with their ratings (on PostgreSQL,
    # whether pg_trgm is installed is asked once per process: the warm-up
    # request above). (A new claim has no verdict form.)
    with django_assert_num_queries(15):
        client.get(url("claim_detail", claim.pk))


def test_a_named_attribution_keeps_its_role_but_no_head_count(client, article, editor):
    from tests.conftest import NO_FORMAL_TALKS, span_of

    span = span_of(article, NO_FORMAL_TALKS)
    data = {
        "start": span.start,
        "end": span.end,
        "quote": span.text,
        "kind": "factual",
        "source_name": "Barrister Saif",
        "sourcing": "named",
        "descriptor": "PTI spokesman",
        "count": 3,
    }
    client.force_login(editor)
    client.post(reverse("claims:claim_capture", args=[article.pk]), data)
    attribution = Attribution.objects.get()
    # The role is shown in the panel for every source; the count only for anonymous ones.
    assert (attribution.descriptor, attribution.count) == ("PTI spokesman", None)
