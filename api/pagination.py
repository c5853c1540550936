"""Lists page by cursor: no count, no OFFSET, so the millionth row costs what
the first does."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Field, QuerySet
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
        first = self.get_ordering(request, queryset, view)[0].lstrip("-")
        self.position_field: Field = queryset.model._meta.get_field(first)
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        """DRF checks a cursor's encoding, not its position: a forged one ("p=abc"
        for an id, a 13th month for a time, an id past the column's range) made a
        500 where the query ran. A position the column could not hold is a 404."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                self.position_field.clean(cursor.position, None)
            except ValidationError:
                raise NotFound(self.invalid_cursor_message) from None
        return cursor
