from django.urls import path

from desk import views

app_name = "desk"

urlpatterns = [
    path("claims/<int:claim_id>/comments/", views.comment_new, name="comment_new"),
    path("comments/<int:comment_id>/edit/", views.comment_change, name="comment_change"),
    path("comments/<int:comment_id>/delete/", views.comment_remove, name="comment_remove"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:notification_id>/open/", views.inbox_open, name="inbox_open"),
    path("inbox/read/", views.inbox_read_all, name="inbox_read_all"),
    path("settings/", views.desk_settings, name="settings"),
]
