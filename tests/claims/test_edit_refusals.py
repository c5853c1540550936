"""claim_update's refusals, word for word: they are shown to the person editing."""

import pytest

from claims import services
from claims.models import STATEMENT_MAX, Claim


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            {"status": "published", "assignee": None},
            "These fields cannot be edited here: assignee, status.",
        ),
        ({"statement": "  "}, "The statement cannot be empty."),
        (
            {"statement": "x" * (STATEMENT_MAX + 1)},
            f"The statement is too long: {STATEMENT_MAX + 1:,} characters, "
            f"at most {STATEMENT_MAX:,}.",
        ),
        ({"kind": "bogus"}, "“bogus” is not a kind of claim."),
    ],
    ids=["unknown-fields", "empty", "too-long", "kind"],
)
def test_it_refuses_with_a_message_and_changes_nothing(claim, editor, edit, message):
    with pytest.raises(services.ClaimDeskError) as refused:
        services.claim_update(claim=claim, by=editor, version=claim.version, **edit)

    assert str(refused.value) == message
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.statement, stored.kind, stored.version) == (claim.statement, claim.kind, 1)


def test_a_captured_statement_is_kept(article, editor):
    start = article.body.index("no formal negotiations")
    span = services.Span(start, start + 22, "no formal negotiations")

    claim = services.claim_capture(article=article, span=span, by=editor, statement="No talks")

    assert Claim.objects.get(pk=claim.pk).statement == "No talks"


def test_an_edit_records_the_old_and_the_new_statement(claim, editor):
    old = claim.statement

    services.claim_update(claim=claim, by=editor, version=claim.version, statement="Khan asked")

    assert claim.events.last().details == {"changed": {"statement": [old, "Khan asked"]}}
