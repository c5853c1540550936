"""The dates the workbench accepts, in every date filter and date field.

Python's dates run from year 1 to 9999, but a filter turns a date into an
aware datetime and steps a day or a month from it (``until + 1 day``, ``until
- 30 days``), which overflows at either end, and converting an edge date to
UTC can overflow too. Dates a thousand years inside those limits leave room
for all of that, in any time zone, on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import DateRangeField

EARLIEST = date(1000, 1, 1)
LATEST = date(9998, 12, 31)


def within_accepted_dates(value: date | None) -> None:
    """Validator: refuse a date the filters cannot compute with."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            "Enter a date from %(earliest)s to %(latest)s.",
            code="date_out_of_range",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


class AcceptedDateField(forms.DateField):
    """A date field that accepts only dates between EARLIEST and LATEST."""

    default_validators = [within_accepted_dates]


class AcceptedDateRangeField(DateRangeField):
    """django-filter's from/to date range, each end between EARLIEST and LATEST."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields:
            field.validators.append(within_accepted_dates)
