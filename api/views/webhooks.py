"""webhooks."""

urlpatterns: list = []
