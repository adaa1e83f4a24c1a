"""How the hub writes numbers, dates and labels for people: one place, so pages agree.

Pages, tables and exports call these (templates through the filters of the same names in
``core.templatetags.hub``): thousands separators on every count, dates the British way in words
(``15 Jan 2027``), times on the 24-hour clock (``22:56``), never a machine timestamp.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

DASH = "—"
DATE_FORMAT = "%-d %b %Y"  # 15 Jan 2027
DATETIME_FORMAT = "%-d %b %Y, %H:%M"  # 15 Jan 2027, 22:56


def number(value: Any, places: int | None = None) -> str:
    """A count or measure with thousands separators: 1,275,004; 0.94 with `places=2`.

    Whole numbers print without decimals unless `places` asks for them; None prints a dash.
    """
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int) and places is None:
        return f"{value:,}"
    number_ = float(value) if not isinstance(value, Decimal) else value
    if places is None:
        if float(number_).is_integer():
            return f"{int(number_):,}"
        places = 2
    return f"{number_:,.{places}f}"


def date(value: Any) -> str:
    """A date (or the local date of a date-time) as ``15 Jan 2027``."""
    if value is None or value == "":
        return DASH
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime(DATE_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def datetime(value: Any) -> str:
    """A date-time in local (UK) time as ``15 Jan 2027, 22:56``; a plain date as ``date``."""
    if value is None or value == "":
        return DASH
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime(DATETIME_FORMAT)
    return date(value)


def label(value: Any) -> str:
    """An identifier in words for a heading or a cell: ``victim-based`` → ``Victim based``.

    Apps with a proper name for a value (choices' labels, crime classes) use it instead; this is
    the fallback so that no page shows a raw slug or ``app.model`` string.
    """
    if value is None or value == "":
        return DASH
    text = str(value)
    if "." in text and " " not in text:  # app_label.modelname
        from django.apps import apps

        try:
            name = str(apps.get_model(text)._meta.verbose_name)
            return name[:1].upper() + name[1:]  # "TOTP device" keeps its capitals
        except (LookupError, ValueError):
            pass
    words = text.replace("_", " ").replace("-", " ").replace(".", " ").strip()
    return words[:1].upper() + words[1:]


def value(stored: Any) -> str:
    """Any stored value for reading in a table cell or on a detail page: counts with
    separators, dates and date-times as ``date``/``datetime``, Yes/No, lists joined by commas,
    a dash for nothing."""
    if stored is None or stored == "":
        return DASH
    if isinstance(stored, bool):
        return "Yes" if stored else "No"
    if isinstance(stored, int | float | Decimal):
        return number(stored)
    if isinstance(stored, dt.datetime):
        return datetime(stored)
    if isinstance(stored, dt.date):
        return date(stored)
    if isinstance(stored, list | tuple):
        return ", ".join(value(v) for v in stored) or DASH
    if callable(getattr(stored, "get_full_name", None)):  # a hub user: by name, not login
        return stored.get_full_name() or stored.get_username()
    return str(stored)
