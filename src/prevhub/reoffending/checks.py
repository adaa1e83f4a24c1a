"""Checks every write of the register passes, page, API or import alike: dates in range and in
order, numbers in range, each refusal naming the field. One place, so a form, a serializer and
an import never disagree (the substances register uses the same machinery).

A model lists its checks in ``checks`` (a :class:`Checks`); :func:`problems` returns
``{field: message}`` for a record's values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

MIN_YEAR, MAX_YEAR = 1900, 2100
YEAR_OUT_OF_RANGE = f"The year must be between {MIN_YEAR} and {MAX_YEAR}."
NOT_BEFORE = "{later} cannot be before {earlier}."
IN_FUTURE = "{label} cannot be in the future."
OUT_OF_RANGE = "{label} must be between {low} and {high}."
ABOVE = "{part} cannot be more than {whole}."


@dataclass(frozen=True)
class Checks:
    """``order``: (earlier, later) field pairs; ``not_future``: fields recording something that
    has happened; ``ranges``: field -> callable returning (low, high) (settings may change)."""

    order: tuple[tuple[str, str], ...] = ()
    not_future: tuple[str, ...] = ()
    ranges: Mapping[str, Callable[[], tuple[int, int]]] = field(default_factory=dict)
    #: (part, whole) count pairs: a part may not exceed its whole (positives of tests done).
    not_above: tuple[tuple[str, str], ...] = ()


def _label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a form-only field
        return name.replace("_", " ").capitalize()


def problems(model: Any, values: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with these values of a `model` record, by field (empty: nothing)."""
    checks: Checks = getattr(model, "checks", Checks())
    found: dict[str, str] = {}
    today = timezone.localdate()
    for name, value in values.items():
        if isinstance(value, dt.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
            found[name] = YEAR_OUT_OF_RANGE
    for name in checks.not_future:
        value = values.get(name)
        if name in found or value is None:
            continue
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(day, dt.date) and day > today:
            found[name] = IN_FUTURE.format(label=_label(model, name))
    for earlier, later in checks.order:
        a, b = values.get(earlier), values.get(later)
        if a is None or b is None or earlier in found or later in found:
            continue
        if b < a:
            found[later] = NOT_BEFORE.format(
                later=_label(model, later), earlier=_label(model, earlier).lower()
            )
    for name, bounds in checks.ranges.items():
        value = values.get(name)
        if value is None:
            continue
        low, high = bounds()
        if not low <= value <= high:
            found[name] = OUT_OF_RANGE.format(label=_label(model, name), low=low, high=high)
    for part, whole in checks.not_above:
        a, b = values.get(part), values.get(whole)
        if a is not None and b is not None and part not in found and a > b:
            found[part] = ABOVE.format(part=_label(model, part), whole=_label(model, whole).lower())
    return found


def record_values(instance: Any, changes: Mapping[str, Any]) -> dict[str, Any]:
    """A record's stored field values overlaid with `changes` (what it would be after a write)."""
    values: dict[str, Any] = {}
    if instance is not None and instance.pk is not None:
        values = {f.name: getattr(instance, f.name, None) for f in instance._meta.concrete_fields}
    values.update(changes)
    return values


class CheckedForm:
    """A model form whose clean() asks :func:`problems` (errors land on their fields)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        model = self._meta.model  # type: ignore[attr-defined]
        values = record_values(self.instance, data)  # type: ignore[attr-defined]
        for name, message in problems(model, values).items():
            target = name if name in self.fields else None  # type: ignore[attr-defined]
            if target is not None and target in self.errors:  # type: ignore[attr-defined]
                continue
            self.add_error(target, message)  # type: ignore[attr-defined]
        return data


class CheckedSerializer:
    """A model serializer whose validate() asks :func:`problems` (400 naming the field)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        from rest_framework import serializers

        attrs = super().validate(attrs)  # type: ignore[misc]
        model = self.Meta.model  # type: ignore[attr-defined]
        found = problems(model, record_values(self.instance, attrs))  # type: ignore[attr-defined]
        if found:
            raise serializers.ValidationError({k: [v] for k, v in found.items()})
        return attrs
