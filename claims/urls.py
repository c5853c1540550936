from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("articles/<int:article_id>/", views.article_detail, name="article_detail"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
]
