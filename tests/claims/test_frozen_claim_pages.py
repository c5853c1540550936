"""A published claim stays as its reviewers approved it (statement, kind, sources)
until a reviewer reopens it; evidence, assignee and revisit date still change."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Attribution, Claim, ClaimEvent, Evidence, Source, Sourcing, Status
from tests.conftest import advance

REVIEWED = "Khan asked Saif to explore renewed dialogue"


def url(name: str, pk: int) -> str:
    return reverse(f"claims:{name}", args=[pk])


def reload(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def edit_data(claim: Claim, **changes) -> dict:
    return {
        "version": claim.version,
        "statement": claim.statement,
        "kind": claim.kind,
        "assignee": claim.assignee_id or "",
        "revisit_on": "",
        **changes,
    }


def frozen_edits(claim: Claim) -> list[ClaimEvent]:
    """EDITED events that touched statement or kind."""
    return [
        event
        for event in claim.events.filter(kind=ClaimEvent.Kind.EDITED)
        if {"statement", "kind"} & set(event.details["changed"])
    ]


@pytest.fixture
def published(claim, editor, reviewer, saif, ratings) -> Claim:
    """Reworded, attributed to Saif (named), rated by the editor, published by the reviewer."""
    services.claim_update(claim=claim, by=editor, version=claim.version, statement=REVIEWED)
    services.attribution_set(
        claim=claim, source=saif, sourcing=Sourcing.NAMED, by=editor, version=claim.version
    )
    advance(claim, (Status.RESEARCHING, editor))
    advance(claim, (Status.IN_REVIEW, editor), rating=ratings["true"], note="On the record")
    advance(claim, (Status.PUBLISHED, reviewer))
    return reload(claim)


def test_it_keeps_statement_and_kind_whatever_the_edit_form_posts(client, published, editor):
    client.force_login(editor)
    response = client.post(
        url("claim_edit", published.pk),
        edit_data(published, statement="Khan begged for talks", kind="opinion"),
        follow=True,
    )
    html = response.content.decode()
    assert REVIEWED in html
    assert "Khan begged for talks" not in html
    stored = reload(published)
    assert (stored.statement, stored.kind, stored.version) == (
        REVIEWED,
        Claim.Kind.FACTUAL,
        published.version,
    )
    # The one statement edit is the rewording before review.
    assert [e.pk for e in frozen_edits(stored)] == [e.pk for e in frozen_edits(published)]
    assert len(frozen_edits(stored)) == 1


def test_it_shows_the_statement_and_kind_disabled(client, published, editor):
    client.force_login(editor)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Published: the statement, kind, span and sources stay as reviewed" in html
    form = client.get(published.get_absolute_url()).context["edit_form"]
    assert form.fields["statement"].disabled and form.fields["kind"].disabled
    assert not form.fields["revisit_on"].disabled and not form.fields["assignee"].disabled


def test_it_refuses_the_service_changing_a_frozen_field(published, editor):
    with pytest.raises(services.ClaimDeskError, match="published: its statement and kind"):
        services.claim_update(
            claim=published, by=editor, version=published.version, statement="Other words"
        )
    assert reload(published).statement == REVIEWED
    assert len(frozen_edits(reload(published))) == 1


def test_it_refuses_a_new_attribution_and_makes_no_source(client, published, editor):
    client.force_login(editor)
    response = client.post(
        url("attribution_add", published.pk),
        {
            "version": published.version,
            "source_name": "Invented Minister",
            "source_kind": Source.Kind.PERSON,
            "sourcing": Sourcing.CONFIRMED,
        },
    )
    assert response.status_code == 400
    assert "This claim is published: its sources cannot change" in response.content.decode()
    stored = reload(published)
    assert [a.source.name for a in stored.attributions.all()] == ["Barrister Mohammad Ali Saif"]
    assert stored.sourcing == Sourcing.NAMED
    assert not Source.objects.filter(name="Invented Minister").exists()
    assert stored.version == published.version


def test_it_refuses_changing_or_removing_an_attribution(client, published, editor):
    attribution = published.attributions.get()
    client.force_login(editor)
    response = client.post(
        url("attribution_change", attribution.pk),
        {"version": published.version, "sourcing": Sourcing.CONFIRMED},
    )
    assert response.status_code == 400
    response = client.post(
        url("attribution_remove", attribution.pk), {"version": published.version}
    )
    assert response.status_code == 400
    assert "its sources cannot change" in response.content.decode()
    assert Attribution.objects.get(pk=attribution.pk).sourcing == Sourcing.NAMED
    assert reload(published).version == published.version


def test_it_still_takes_evidence(client, published, editor):
    client.force_login(editor)
    response = client.post(
        url("evidence_add", published.pk),
        {"title": "Jail visit log", "url": "https://example.org/log", "stance": "supports"},
    )
    assert response.status_code == 302
    assert list(Evidence.objects.filter(claim=published).values_list("title", flat=True)) == [
        "Jail visit log"
    ]


def test_it_still_takes_a_revisit_date_and_an_assignee(client, published, editor, other_editor):
    client.force_login(editor)
    response = client.post(
        url("claim_edit", published.pk),
        edit_data(published, revisit_on="2025-09-01", assignee=other_editor.pk),
    )
    assert response.status_code == 302
    stored = reload(published)
    assert (str(stored.revisit_on), stored.assignee, stored.statement) == (
        "2025-09-01",
        other_editor,
        REVIEWED,
    )
    assert [e.kind for e in stored.events.order_by("at", "id")][-2:] == ["edited", "assigned"]


def test_it_exports_the_reviewed_statement(client, published, editor):
    client.force_login(editor)
    client.post(url("claim_edit", published.pk), edit_data(published, statement="Rewritten"))
    body = b"".join(client.get(reverse("claims:claim_export", args=["claimreview"]))).decode()
    assert REVIEWED in body
    assert "Rewritten" not in body


def test_it_shows_no_attribution_controls(client, published, editor):
    attribution = published.attributions.get()
    client.force_login(editor)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Barrister Mohammad Ali Saif" in html
    assert url("attribution_add", published.pk) not in html
    assert url("attribution_change", attribution.pk) not in html
    assert url("attribution_remove", attribution.pk) not in html


def test_it_unfreezes_once_a_reviewer_reopens(client, published, editor, reviewer):
    client.force_login(reviewer)
    response = client.post(
        url("claim_transition", published.pk),
        {"to": Status.RESEARCHING, "version": published.version, "note": "New facts"},
    )
    assert response.status_code == 302
    reopened = reload(published)
    client.force_login(editor)
    html = client.get(reopened.get_absolute_url()).content.decode()
    assert "stay as reviewed" not in html
    assert url("attribution_add", reopened.pk) in html
    client.post(url("claim_edit", reopened.pk), edit_data(reopened, statement="Khan seeks talks"))
    client.post(
        url("attribution_add", reopened.pk),
        {
            "version": reload(reopened).version,
            "source_name": "Invented Minister",
            "source_kind": Source.Kind.PERSON,
            "sourcing": Sourcing.CONFIRMED,
        },
    )
    stored = reload(reopened)
    assert stored.statement == "Khan seeks talks"
    assert stored.sourcing == Sourcing.CONFIRMED
    assert stored.attributions.count() == 2


def test_it_shows_frozen_fields_read_only_in_the_admin(client, published, reviewer):
    client.force_login(reviewer)
    change = reverse("admin:claims_claim_change", args=[published.pk])
    response = client.get(change)
    html = response.content.decode()
    assert 'name="statement"' not in html and 'name="kind"' not in html
    assert REVIEWED in html
    assert 'name="revisit_on"' in html
    formsets = response.context["inline_admin_formsets"]
    inline = next(f for f in formsets if f.opts.model is Attribution)
    assert not inline.has_add_permission and not inline.has_delete_permission
    assert not inline.has_change_permission
    assert 'name="attributions-0-source"' not in html
    assert 'name="attributions-0-DELETE"' not in html


def test_it_ignores_a_statement_posted_to_the_admin(client, published, reviewer):
    client.force_login(reviewer)
    change = reverse("admin:claims_claim_change", args=[published.pk])
    data = {
        "statement": "Posted anyway",
        "kind": "opinion",
        "assignee": "",
        "revisit_on": "2025-10-01",
        "expected_version": published.version,
    }
    for prefix in ("attributions", "evidence", "evidence-2", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update({"attributions-TOTAL_FORMS": 1, "attributions-INITIAL_FORMS": 1})
    response = client.post(change, data)
    assert response.status_code == 302
    stored = reload(published)
    assert (stored.statement, stored.kind, str(stored.revisit_on)) == (
        REVIEWED,
        Claim.Kind.FACTUAL,
        "2025-10-01",
    )
    assert stored.attributions.count() == 1
