"""Lists page by cursor: no count, no OFFSET, so the millionth row costs what
the first does."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
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
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        """DRF checks the cursor's offset but filters by its position as sent: a
        forged position ("abc" for an id) would fail in the query, a 500."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        return cursor._replace(position=self.checked_position(cursor.position))

    def checked_position(self, position: str) -> Any:
        ordering = self.ordering if isinstance(self.ordering, str) else self.ordering[0]
        field = self.model._meta.get_field(ordering.lstrip("-"))
        try:
            return field.to_python(position)
        except ValidationError:
            raise NotFound(self.invalid_cursor_message) from None
