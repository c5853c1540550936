"""Lists page by cursor: no count, no OFFSET, so the millionth row costs what
the first does."""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import CursorPagination


class NewestFirstCursor(CursorPagination):
    """Newest first by id: unique, indexed, never changes, so no row is skipped
    or seen twice while rows are added between pages."""

    ordering = "-id"
    page_size_query_param = "page_size"

    @property
    def page_size(self) -> int:  # type: ignore[override]
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.API_PAGE_SIZE_MAX
