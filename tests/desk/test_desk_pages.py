"""The desk's pages: the discussion's forms, the inbox, the header count, settings.

Each view: allowed, forbidden, and the wrong method.
"""

import pytest
from django.urls import reverse

from claims import services
from desk.models import Comment, CommentRevision, DeskProfile, Notification
from desk.services.comments import comment_add, comment_delete


def url(name, *args):
    return reverse(f"desk:{name}", args=args)


def assign(claim, to, by):
    services.claim_assign(claim=claim, assignee=to, by=by, version=claim.version)
    claim.refresh_from_db()


# The discussion on the claim page.


def test_an_editor_comments_from_the_claim_page(client, claim, editor, reviewer):
    client.force_login(editor)
    response = client.post(url("comment_new", claim.pk), {"body": "Over to you, @rafa."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"/claims/{claim.pk}/#comment-{comment.pk}"
    assert Notification.objects.get().recipient == reviewer
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "Over to you, @rafa." in page
    assert f'id="comment-{comment.pk}"' in page


def test_the_timeline_shows_comments_in_time_order_with_the_events(client, claim, editor):
    comment_add(claim=claim, by=editor, body="Starting on this.")
    services.claim_transition(claim=claim, to="researching", by=editor, version=claim.version)
    client.force_login(editor)
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    created, commented, moved = (
        page.index("<strong>Created</strong>"),
        page.index("Starting on this."),
        page.index("<strong>Status changed</strong>"),
    )
    assert created < commented < moved


def test_a_comment_is_shown_escaped(client, claim, editor):
    comment_add(claim=claim, by=editor, body='<script>alert("x")</script>')
    client.force_login(editor)
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_viewer_reads_the_discussion_but_cannot_comment(client, claim, editor, viewer):
    comment_add(claim=claim, by=editor, body="For the desk.")
    client.force_login(viewer)
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "For the desk." in page
    assert url("comment_new", claim.pk) not in page
    assert client.post(url("comment_new", claim.pk), {"body": "Me too"}).status_code == 403
    assert Comment.objects.count() == 1


def test_an_outsider_cannot_comment(client, claim, outsider):
    client.force_login(outsider)
    assert client.post(url("comment_new", claim.pk), {"body": "Hi"}).status_code == 403
    assert not Comment.objects.exists()


def test_commenting_by_get_is_refused(client, claim, editor):
    client.force_login(editor)
    assert client.get(url("comment_new", claim.pk)).status_code == 405


def test_an_empty_comment_is_refused_with_a_message(client, claim, editor):
    client.force_login(editor)
    response = client.post(url("comment_new", claim.pk), {"body": "   "}, follow=True)
    assert "Comment not saved" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_author_edits_and_the_page_offers_the_earlier_wording(client, claim, editor):
    comment = comment_add(claim=claim, by=editor, body="Draft wording.")
    client.force_login(editor)
    response = client.post(url("comment_change", comment.pk), {"body": "Final wording."})
    assert response.status_code == 302
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "Final wording." in page and "Earlier wording" in page and "Draft wording." in page


def test_another_editor_may_not_edit_and_is_not_offered_to(client, claim, editor, other_editor):
    comment = comment_add(claim=claim, by=editor, body="Mine.")
    client.force_login(other_editor)
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert url("comment_change", comment.pk) not in page
    assert url("comment_remove", comment.pk) not in page
    assert client.post(url("comment_change", comment.pk), {"body": "Ours."}).status_code == 403
    assert client.post(url("comment_remove", comment.pk)).status_code == 403
    assert Comment.objects.get().body == "Mine."


def test_editing_by_get_is_refused(client, claim, editor):
    comment = comment_add(claim=claim, by=editor, body="Mine.")
    client.force_login(editor)
    assert client.get(url("comment_change", comment.pk)).status_code == 405
    assert client.get(url("comment_remove", comment.pk)).status_code == 405


def test_a_reviewer_deletes_and_the_page_shows_the_tombstone(client, claim, editor, reviewer):
    comment = comment_add(claim=claim, by=editor, body="Libellous aside.")
    client.force_login(reviewer)
    assert client.post(url("comment_remove", comment.pk)).status_code == 302
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "Deleted by rafa" in page
    assert "Libellous aside." not in page
    assert CommentRevision.objects.get().body == "Libellous aside."


def test_a_viewer_cannot_delete(client, claim, editor, viewer):
    comment = comment_add(claim=claim, by=editor, body="Stays.")
    client.force_login(viewer)
    assert client.post(url("comment_remove", comment.pk)).status_code == 403
    assert not Comment.objects.get().is_deleted


# The inbox.


def test_the_inbox_lists_ones_own_notifications_newest_first(
    client, claim, editor, other_editor, reviewer
):
    assign(claim, other_editor, editor)
    comment_add(claim=claim, by=editor, body="@eddie see the log.")
    comment_add(claim=claim, by=editor, body="@rafa for you.")
    client.force_login(other_editor)
    page = client.get(url("inbox")).content.decode()
    assert page.index("erin mentioned you") < page.index("erin assigned you")
    assert "for you." not in page  # rafa's


def test_the_inbox_filters_unread_and_read(client, claim, editor, other_editor):
    assign(claim, other_editor, editor)
    comment_add(claim=claim, by=editor, body="@eddie see the log.")
    mention = Notification.objects.get(kind="mentioned")
    client.force_login(other_editor)
    client.post(url("inbox_open", mention.pk))
    unread = client.get(url("inbox"), {"show": "unread"}).content.decode()
    read = client.get(url("inbox"), {"show": "read"}).content.decode()
    assert "assigned you" in unread and "mentioned you" not in unread
    assert "mentioned you" in read and "assigned you" not in read


def test_opening_one_marks_it_read_and_goes_to_its_claim(client, claim, editor, other_editor):
    assign(claim, other_editor, editor)
    notification = Notification.objects.get()
    client.force_login(other_editor)
    response = client.post(url("inbox_open", notification.pk))
    assert response.status_code == 302 and response.url == claim.get_absolute_url()
    assert Notification.objects.get().read_at is not None


def test_nobody_opens_someone_elses(client, claim, editor, other_editor, reviewer):
    assign(claim, other_editor, editor)
    notification = Notification.objects.get()
    client.force_login(reviewer)
    assert client.post(url("inbox_open", notification.pk)).status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_all_read_marks_only_ones_own(client, claim, editor, other_editor, reviewer):
    assign(claim, other_editor, editor)
    comment_add(claim=claim, by=editor, body="@eddie and @rafa.")
    client.force_login(other_editor)
    response = client.post(url("inbox_read_all"), follow=True)
    assert "2 notifications marked read." in response.content.decode()
    unread = Notification.objects.filter(read_at__isnull=True)
    assert list(unread.values_list("recipient__username", flat=True)) == ["rafa"]


def test_the_inbox_refuses_an_outsider_and_the_wrong_method(client, outsider, viewer):
    client.force_login(outsider)
    assert client.get(url("inbox")).status_code == 403
    assert client.post(url("inbox_read_all")).status_code == 403
    assert client.post(url("inbox_open", 1)).status_code == 403
    client.force_login(viewer)
    assert client.post(url("inbox")).status_code == 405
    assert client.get(url("inbox_read_all")).status_code == 405
    assert client.get(url("inbox_open", 1)).status_code == 405


def test_the_inbox_asks_anonymous_visitors_to_log_in(client):
    assert client.get(url("inbox")).url.startswith(reverse("login"))


def test_the_inbox_runs_a_fixed_number_of_queries(
    client, article, editor, other_editor, django_assert_num_queries
):
    from tests.conftest import claim_at

    def notify(n):
        for i in range(n):
            comment_add(claim=claim, by=editor, body=f"@eddie number {i}")

    claim = claim_at(article, "Barrister Saif", editor)
    notify(2)
    client.force_login(other_editor)
    client.get(url("inbox"))
    notify(30)
    # 1 session, 2 user, 3-4 permissions, 5 count (capped), 6 the page's
    # notifications with their claims and actors, 7 the header's unread count,
    # 8 the user's groups in the header.
    with django_assert_num_queries(8):
        response = client.get(url("inbox"))
    assert response.content.decode().count('class="notification unread"') == 25


# The header's count.


def test_the_header_counts_unread_notifications(client, claim, editor, other_editor):
    client.force_login(other_editor)
    assert 'id="unread-count"' not in client.get(url("inbox")).content.decode()
    assign(claim, other_editor, editor)
    comment_add(claim=claim, by=editor, body="@eddie, look.")
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert '<span class="unread-count" id="unread-count">2</span>' in page


# Settings.


def test_settings_turn_email_on_and_off(client, viewer):
    client.force_login(viewer)
    assert "Also send my notifications by email" in client.get(url("settings")).content.decode()
    client.post(url("settings"), {"email_notifications": "on"})
    assert DeskProfile.objects.get(user=viewer).email_notifications is True
    client.post(url("settings"), {})
    assert DeskProfile.objects.get(user=viewer).email_notifications is False


def test_the_settings_page_runs_a_fixed_number_of_queries(
    client, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    client.get(url("settings"))  # warm the content-type cache
    # 1 session, 2 user, 3-4 permissions (user, group), 5 the desk profile, 6
    # the header's unread count, 7 the user's groups in the header.
    with django_assert_num_queries(7):
        assert client.get(url("settings")).status_code == 200


def test_settings_refuse_an_outsider_and_the_wrong_method(client, outsider, viewer):
    client.force_login(outsider)
    assert client.get(url("settings")).status_code == 403
    assert client.post(url("settings"), {"email_notifications": "on"}).status_code == 403
    assert not DeskProfile.objects.exists()
    client.force_login(viewer)
    assert client.delete(url("settings")).status_code == 405


@pytest.mark.parametrize("name", ["comment_change", "comment_remove"])
def test_a_comment_that_does_not_exist_is_not_found(client, editor, name):
    client.force_login(editor)
    assert client.post(url(name, 999), {"body": "x"}).status_code == 404


def test_deleted_then_edited_by_service_is_refused_by_the_page_too(client, claim, editor):
    comment = comment_add(claim=claim, by=editor, body="Going.")
    comment_delete(comment=comment, by=editor)
    client.force_login(editor)
    response = client.post(url("comment_change", comment.pk), {"body": "Back"}, follow=True)
    assert "deleted; it cannot be edited" in response.content.decode()
