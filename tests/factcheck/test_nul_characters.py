"""A NUL character anywhere in a request is bad input (400), never a database error (500).

PostgreSQL refuses NUL in text, so before the middleware each of these ended
in a 500 on PostgreSQL; on SQLite they are refused the same way.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim, ClaimEvent, ExportJob, Status
from tests.conftest import advance

MESSAGE = b"Requests may not contain NUL characters."


def assert_refused(response) -> None:
    assert response.status_code == 400
    assert response.content == MESSAGE
    assert response["Content-Type"].startswith("text/plain")


def test_it_refuses_a_nul_in_a_query_value(client, editor):
    client.force_login(editor)
    assert_refused(client.get(reverse("claims:source_autocomplete"), {"source_name": "a\x00b"}))


def test_it_refuses_a_nul_in_a_query_key(client, editor):
    client.force_login(editor)
    assert_refused(client.get(reverse("claims:claim_list") + "?st%00atus=new"))


def test_it_refuses_a_nul_in_a_posted_value_and_queues_nothing(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("claims:export_job_new"), {"format": "csv", "query": "a\x00b"})
    assert_refused(response)
    assert not ExportJob.objects.exists()


def test_it_refuses_a_nul_in_an_admin_changelist_filter(client, reviewer, claim):
    client.force_login(reviewer)
    assert_refused(client.get(reverse("admin:claims_claim_changelist") + "?status__exact=%00"))


def test_it_refuses_a_nul_in_the_admin_actions_note(client, editor, reviewer, claim):
    advance(claim, (Status.RESEARCHING, editor), (Status.IN_REVIEW, editor))
    events = ClaimEvent.objects.count()
    client.force_login(reviewer)
    data = {
        "action": "send_back_selected",
        "_selected_action": [claim.pk],
        "apply": "yes",
        "note": "Find\x00 the statement",
    }
    assert_refused(client.post(reverse("admin:claims_claim_changelist"), data))
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW
    assert ClaimEvent.objects.count() == events


def test_it_refuses_a_nul_in_an_upload_field_name(client, editor, claim, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor)
    upload = SimpleUploadedFile("log.txt", b"Visitor log", content_type="text/plain")
    response = client.post(
        reverse("claims:evidence_add", args=[claim.pk]), {"title": "Log", "fi\x00le": upload}
    )
    assert_refused(response)
    assert not claim.evidence.exists()


def test_django_itself_drops_a_nul_from_an_uploaded_file_name(rf):
    upload = SimpleUploadedFile("log\x00.txt", b"Visitor log", content_type="text/plain")
    request = rf.post("/", {"file": upload})
    assert request.FILES["file"].name == "log.txt"


@pytest.mark.parametrize("path", ["/claims/%00/", "/sources/%00"])
def test_it_refuses_a_nul_in_the_path(client, editor, path):
    client.force_login(editor)
    assert_refused(client.get(path))


def test_ordinary_requests_pass(client, editor, saif):
    client.force_login(editor)
    response = client.get(reverse("claims:source_autocomplete"), {"source_name": "Saif"})
    assert response.status_code == 200
    assert saif.name in response.content.decode()


def test_it_refuses_a_nul_in_an_api_query_as_a_problem(client, viewer):
    from tests.api.conftest import token_client

    response = token_client(viewer).get("/api/v1/claims/", {"q": "a\x00b"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == MESSAGE.decode()
    assert "instance" not in response.json()
