"""claimreview."""

urlpatterns: list = []
