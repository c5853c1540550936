"""suggestions."""

urlpatterns: list = []
