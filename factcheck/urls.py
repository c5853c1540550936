from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck.health import healthz

admin.site.site_header = "Claim desk review"
admin.site.site_title = "Claim desk"
admin.site.index_title = "Review desk"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("settings/api-tokens/", include("api.pages")),
    path("", include("desk.urls")),
    path("", include("vault.urls")),
    path("", include("claims.urls")),
]
