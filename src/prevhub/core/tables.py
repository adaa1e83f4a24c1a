"""Declarative tables for list pages and exports: a table lists columns; views do the rest.

Cells on the page are written for people (``core.formatting``: ``1,275``, ``15 Jan 2027,
22:56``, Yes/No); exports keep the values themselves (numbers as numbers, dates as dates) so a
spreadsheet can count and sort them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from prevhub.core import formatting


@dataclass(frozen=True)
class Column:
    """One column: where its value comes from, its heading, and whether it sorts and links."""

    accessor: str
    label: str
    sortable: bool = True
    link: bool = False
    value: Callable[[Any], Any] | None = None
    #: How the page writes the value (exports keep the value): words for an identifier, say.
    show: Callable[[Any], str] = formatting.value

    def resolve(self, obj: Any) -> Any:
        if self.value is not None:
            return self.value(obj)
        current: Any = obj
        for part in self.accessor.split("__"):
            if current is None:
                return ""
            display = getattr(current, f"get_{part}_display", None)
            current = display() if callable(display) else getattr(current, part, "")
            if isinstance(current, models.Manager):
                current = ", ".join(str(o) for o in current.all())
        return "" if current is None else current


class Table:
    """Subclass and set `columns`; `default_columns` is the subset shown when none is chosen."""

    columns: tuple[Column, ...] = ()
    default_columns: tuple[str, ...] | None = None

    def __init__(self, rows: Iterable[Any], *, sort: str | None = None) -> None:
        self.rows = rows
        self.sort = sort

    @classmethod
    def sortable_fields(cls) -> set[str]:
        return {c.accessor for c in cls.columns if c.sortable and c.value is None}

    def visible_columns(self) -> list[Column]:
        if self.default_columns is None:
            return list(self.columns)
        return [c for c in self.columns if c.accessor in self.default_columns]

    def header(self) -> list[dict[str, Any]]:
        out = []
        for c in self.visible_columns():
            direction = None
            if self.sort in (c.accessor, f"-{c.accessor}"):
                direction = "descending" if self.sort.startswith("-") else "ascending"
            next_sort = f"-{c.accessor}" if self.sort == c.accessor else c.accessor
            out.append({"column": c, "direction": direction, "next_sort": next_sort})
        return out

    def body(self) -> list[dict[str, Any]]:
        cols = self.visible_columns()
        return [
            {"object": obj, "cells": [(c, c.show(c.resolve(obj))) for c in cols]}
            for obj in self.rows
        ]

    def export_rows(self) -> tuple[list[str], list[list[Any]]]:
        """Every column (not just the visible ones), as plain values, for CSV/XLSX."""
        head = [c.label for c in self.columns]
        rows = [[_plain(c.resolve(obj)) for c in self.columns] for obj in self.rows]
        return head, rows


def _plain(value: Any) -> Any:
    """A value a spreadsheet understands: numbers, dates and (UK local, to the second)
    date-times as themselves; anything else as its text."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return local.replace(tzinfo=None, microsecond=0)
        return value
    return str(value)


def role_names(slugs: Iterable[str]) -> str:
    """A user's roles by their names (``Problem-solving coordinator``), not their slugs."""
    from prevhub.core.roles import ROLES

    names = {r.slug: r.label for r in ROLES}
    return ", ".join(sorted(names.get(s, formatting.label(s)) for s in slugs))


class AuditEntryTable(Table):
    columns = (
        Column("timestamp", "When", link=True),
        Column("username", "User"),
        Column("action", "Action"),
        Column("object_type", "Object type", show=formatting.label),
        Column("object_id", "Object id"),
        Column("object_repr", "Object", sortable=False),
        Column("source", "Channel"),
        Column("detail", "Detail", sortable=False),
        Column("request_id", "Request id", sortable=False),
    )
    default_columns = ("timestamp", "username", "action", "object_type", "object_id", "source")


class UserTable(Table):
    columns = (
        Column("username", "User name", link=True),
        Column("first_name", "First name"),
        Column("last_name", "Last name"),
        Column("organisation__name", "Organisation"),
        Column("roles", "Roles", sortable=False, value=lambda u: role_names(u.role_slugs)),
        Column("is_active", "Active"),
        Column("last_login", "Last sign-in"),
    )
