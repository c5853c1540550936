"""sources."""

urlpatterns: list = []
