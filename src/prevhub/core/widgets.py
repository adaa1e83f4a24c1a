"""The hub's one date widget and one date-time widget.

Browsers accept only ISO values in ``<input type="date">`` (``2027-01-15``) and
``<input type="datetime-local">`` (``2027-01-15T09:30``). Django renders a date input with the
first of the locale's input formats, which for ``en-gb`` is ``15/01/2027``: the browser drops
that value, the field arrives empty, and saving an unchanged form erased the date. These
widgets always write ISO, whatever the locale; dates for *reading* go through
``prevhub.core.formatting`` instead. ``core.forms.HubFormMixin`` puts them on every date and
date-time field of every form, so an app cannot forget.

Times are local (``TIME_ZONE``, Europe/London): Django's ``DateTimeField`` shows an aware value
in the current time zone and reads a submitted one back in it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
ISO_DATETIME_SECONDS = "%Y-%m-%dT%H:%M:%S"

#: What the fields read back: ISO first (what the widgets send), then what a person types
#: into a browser without date inputs.
DATE_INPUT_FORMATS = [ISO_DATE, "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [
    ISO_DATETIME,
    ISO_DATETIME_SECONDS,
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M",
]


class DateInput(forms.DateInput):
    """``<input type="date">`` holding ``YYYY-MM-DD``."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` holding ``YYYY-MM-DDTHH:MM`` in local time.

    A value with seconds keeps them (``…T09:30:15``, with ``step="1"`` so the browser shows and
    sends them): saving an unchanged form must not move a recorded time.
    """

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATETIME)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.datetime):
            pattern = ISO_DATETIME_SECONDS if value.second else ISO_DATETIME
            return value.strftime(pattern)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if isinstance(value, dt.datetime) and value.second:
            context["widget"]["attrs"].setdefault("step", "1")
        return context
