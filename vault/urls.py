from django.urls import path

from vault import views

app_name = "vault"

urlpatterns = [
    path("sources/<int:source_id>/vault/", views.record_page, name="record"),
    path("sources/<int:source_id>/vault/open/", views.record_open, name="open"),
    path("sources/<int:source_id>/vault/edit/", views.record_edit, name="edit"),
]
