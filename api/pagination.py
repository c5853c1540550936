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

    def __init__(self) -> None:
        # Read per paginator, so that settings changed in tests apply; plain
        # attributes, as CursorPagination assigns page_size while it pages.
        self.page_size = settings.API_PAGE_SIZE
        self.max_page_size = settings.API_PAGE_SIZE_MAX
