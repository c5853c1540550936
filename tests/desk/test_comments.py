"""A claim's discussion: who comments, edits and deletes, and what it keeps."""

import pytest
from django.core.exceptions import PermissionDenied

from claims.errors import ClaimDeskError
from claims.models import Claim
from desk.models import COMMENT_MAX, Comment, CommentRevision, Notification
from desk.services.comments import (
    comment_add,
    comment_delete,
    comment_edit,
    mentioned_usernames,
)
from tests.conftest import advance


def test_it_adds_a_comment_without_touching_the_claim(claim, editor):
    before = Claim.objects.get(pk=claim.pk)
    comment = comment_add(claim=claim, by=editor, body="  Called the ministry; no answer yet. ")
    after = Claim.objects.get(pk=claim.pk)
    assert Comment.objects.get(pk=comment.pk).body == "Called the ministry; no answer yet."
    assert (after.version, after.updated_at, after.status) == (
        before.version,
        before.updated_at,
        before.status,
    )
    assert claim.events.count() == 1  # only "created": a comment is not an event


def test_it_allows_comments_on_a_published_claim(claim, editor, reviewer, ratings):
    advance(claim, ("researching", editor))
    advance(claim, ("in_review", editor), rating=ratings["half-true"], note="Half.")
    advance(claim, ("published", reviewer))
    version = Claim.objects.get(pk=claim.pk).version
    comment_add(claim=claim, by=reviewer, body="A reader wrote in about this one.")
    assert Claim.objects.get(pk=claim.pk).version == version
    assert Comment.objects.filter(claim=claim).count() == 1


def test_it_refuses_a_viewer_and_saves_nothing(claim, viewer):
    with pytest.raises(PermissionDenied):
        comment_add(claim=claim, by=viewer, body="I read it.")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_it_refuses_an_empty_comment(claim, editor, body):
    with pytest.raises(ClaimDeskError, match="empty"):
        comment_add(claim=claim, by=editor, body=body)
    assert not Comment.objects.exists()


def test_it_refuses_a_comment_past_the_limit(claim, editor):
    with pytest.raises(ClaimDeskError, match=f"at most {COMMENT_MAX:,}"):
        comment_add(claim=claim, by=editor, body="x" * (COMMENT_MAX + 1))
    assert not Comment.objects.exists()


def test_an_edit_keeps_the_earlier_wording(claim, editor):
    comment = comment_add(claim=claim, by=editor, body="First thoughts.")
    comment_edit(comment=comment, by=editor, body="Second thoughts.")
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.body == "Second thoughts." and stored.edited_at is not None
    assert list(CommentRevision.objects.values_list("body", "replaced_by")) == [
        ("First thoughts.", editor.pk)
    ]


def test_only_the_author_edits(claim, editor, other_editor, reviewer):
    comment = comment_add(claim=claim, by=editor, body="Mine.")
    for someone in (other_editor, reviewer):
        with pytest.raises(PermissionDenied):
            comment_edit(comment=comment, by=someone, body="Theirs.")
    assert Comment.objects.get(pk=comment.pk).body == "Mine."
    assert not CommentRevision.objects.exists()


def test_the_author_deletes_leaving_a_tombstone(claim, editor):
    comment = comment_add(claim=claim, by=editor, body="Wrong claim, sorry.")
    comment_delete(comment=comment, by=editor)
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.body, stored.deleted_by, stored.is_deleted) == ("", editor, True)
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["Wrong claim, sorry."]


def test_a_reviewer_deletes_anyones_comment(claim, editor, reviewer):
    comment = comment_add(claim=claim, by=editor, body="Off topic.")
    comment_delete(comment=comment, by=reviewer)
    assert Comment.objects.get(pk=comment.pk).deleted_by == reviewer


def test_another_editor_cannot_delete(claim, editor, other_editor):
    comment = comment_add(claim=claim, by=editor, body="Keep me.")
    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, by=other_editor)
    assert Comment.objects.get(pk=comment.pk).body == "Keep me."


def test_a_deleted_comment_cannot_be_edited(claim, editor):
    comment = comment_add(claim=claim, by=editor, body="Gone soon.")
    comment_delete(comment=comment, by=editor)
    with pytest.raises(ClaimDeskError, match="deleted"):
        comment_edit(comment=comment, by=editor, body="Back again?")
    assert Comment.objects.get(pk=comment.pk).body == ""


def test_deleting_twice_keeps_the_first_tombstone(claim, editor, reviewer):
    comment = comment_add(claim=claim, by=editor, body="Twice.")
    comment_delete(comment=comment, by=editor)
    comment_delete(comment=comment, by=reviewer)
    assert Comment.objects.get(pk=comment.pk).deleted_by == editor
    assert CommentRevision.objects.count() == 1


def test_it_reads_mentions_but_not_email_addresses():
    body = "@rafa and @rosa.k, see erin@example.org. Thanks @eddie."
    assert mentioned_usernames(body) == {"rafa", "rosa.k", "eddie"}


def test_a_mention_notifies_once_per_comment_and_person(claim, editor, reviewer, other_editor):
    comment = comment_add(claim=claim, by=editor, body="@rafa can you look? @rafa!")
    comment_edit(comment=comment, by=editor, body="@rafa can you look? Also @eddie.")
    comment_edit(comment=comment, by=editor, body="@rafa @eddie please, by noon.")
    rows = Notification.objects.filter(kind="mentioned").order_by("recipient__username")
    assert [(n.recipient.username, n.comment_id, n.claim_id) for n in rows] == [
        ("eddie", comment.pk, claim.pk),
        ("rafa", comment.pk, claim.pk),
    ]


def test_a_mention_of_oneself_an_unknown_or_an_inactive_user_notifies_nobody(
    claim, editor, other_editor
):
    other_editor.is_active = False
    other_editor.save()
    comment_add(claim=claim, by=editor, body="Note to @erin: ask @nobody or @eddie.")
    assert not Notification.objects.exists()


def test_a_mention_does_not_copy_the_comments_words_into_the_inbox(claim, editor, reviewer):
    comment = comment_add(claim=claim, by=editor, body="@rafa the minister lied, off the record.")
    comment_delete(comment=comment, by=editor)
    summary = Notification.objects.get().summary
    assert summary == f"erin mentioned you on claim #{claim.pk}: {claim.statement}"
    assert "off the record" not in summary
