"""articles."""

urlpatterns: list = []
