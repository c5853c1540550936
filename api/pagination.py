"""Lists page by cursor: no count, no OFFSET, so the millionth row costs what
the first does."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class NewestFirstCursor(CursorPagination):
    """Newest first by id: unique, indexed, never changes, so no row is skipped
    or seen twice while rows are added between pages."""

    ordering = "-id"
    page_size_query_param = "page_size"

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list[Any] | None:
        # Read for each request, not at import: settings may change. (DRF
        # assigns self.page_size here, so these cannot be read-only properties.)
        self.page_size = settings.API_PAGE_SIZE
        self.max_page_size = settings.API_PAGE_SIZE_MAX
        return super().paginate_queryset(queryset, request, view)
