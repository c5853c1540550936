"""The desk's pages: a claim's discussion, the inbox, one's notification settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims.errors import ClaimDeskError
from claims.models import Claim
from claims.views.common import page, role_view
from desk.forms import CommentForm, DeskSettingsForm
from desk.models import Comment, Notification
from desk.services.comments import comment_add, comment_delete, comment_edit
from desk.services.notifications import notification_open, notifications_mark_all_read
from desk.services.profiles import desk_profile_of, desk_profile_save

NOTIFICATIONS_PER_PAGE = 25
# The inbox's filter: ?show=all (the default), unread or read.
SHOWN = {
    "unread": {"read_at__isnull": True},
    "read": {"read_at__isnull": False},
    "all": {},
}


def _discussion_url(claim: Claim) -> str:
    return f"{claim.get_absolute_url()}#discussion"


def _comment_form_refused(request: HttpRequest, form: CommentForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"Comment not saved: {error}")


@role_view("claims.view_claim", "desk.add_comment", methods=("POST",))
def comment_new(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        _comment_form_refused(request, form)
        return redirect(_discussion_url(claim))
    try:
        comment = comment_add(claim=claim, by=request.user, body=form.cleaned_data["body"])
    except ClaimDeskError as error:
        messages.error(request, f"Comment not saved: {error}")
        return redirect(_discussion_url(claim))
    messages.success(request, "Comment added.")
    return redirect(f"{claim.get_absolute_url()}#comment-{comment.pk}")


def _comment(comment_id: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("claim"), pk=comment_id)


@role_view("claims.view_claim", "desk.change_comment", methods=("POST",))
def comment_change(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author rewords a comment (the service refuses anyone else)."""
    comment = _comment(comment_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        _comment_form_refused(request, form)
        return redirect(_discussion_url(comment.claim))
    try:
        comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
    except ClaimDeskError as error:
        messages.error(request, f"Comment not saved: {error}")
        return redirect(_discussion_url(comment.claim))
    messages.success(request, "Comment edited; the earlier wording is kept.")
    return redirect(f"{comment.claim.get_absolute_url()}#comment-{comment.pk}")


@role_view("claims.view_claim", "desk.view_comment", methods=("POST",))
def comment_remove(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author or a reviewer deletes a comment (the service checks which)."""
    comment = _comment(comment_id)
    comment_delete(comment=comment, by=request.user)
    messages.success(request, "Comment deleted.")
    return redirect(f"{comment.claim.get_absolute_url()}#comment-{comment.pk}")


@role_view("claims.view_claim")
def inbox(request: HttpRequest) -> HttpResponse:
    """One's own notifications, newest first (notification_inbox_idx)."""
    show = request.GET.get("show", "all")
    if show not in SHOWN:
        show = "all"
    rows = (
        Notification.objects.filter(recipient=request.user, **SHOWN[show])
        .select_related("actor", "claim")
        .order_by("-created_at", "-id")
    )
    context = {
        "page": page(request, rows, NOTIFICATIONS_PER_PAGE),
        "show": show,
        "filters": [("all", "All"), ("unread", "Unread"), ("read", "Read")],
        "query": f"show={show}",  # kept by the pagination's links
    }
    return render(request, "desk/inbox.html", context)


@role_view("claims.view_claim", methods=("POST",))
def inbox_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go to what it is about."""
    notification = get_object_or_404(
        Notification.objects.select_related("claim", "export_job"),
        pk=notification_id,
        recipient=request.user,
    )
    notification_open(notification=notification, by=request.user)
    target = notification.claim or notification.export_job
    return redirect(target if target is not None else "desk:inbox")


@role_view("claims.view_claim", methods=("POST",))
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(by=request.user)
    messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked read.")
    return redirect("desk:inbox")


@role_view("claims.view_claim", methods=("GET", "HEAD", "POST"))
def desk_settings(request: HttpRequest) -> HttpResponse:
    """One's own choices: notifications by email too, or the inbox only."""
    profile = desk_profile_of(request.user)
    if request.method != "POST":
        form = DeskSettingsForm(instance=profile)
        return render(request, "desk/settings.html", {"form": form})
    # An unticked checkbox posts nothing: an empty form is "off", and valid.
    form = DeskSettingsForm(request.POST, instance=profile)
    form.full_clean()
    desk_profile_save(
        user=request.user, email_notifications=form.cleaned_data["email_notifications"]
    )
    messages.success(request, "Settings saved.")
    return redirect("desk:settings")
