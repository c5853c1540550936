"""exports."""

urlpatterns: list = []
