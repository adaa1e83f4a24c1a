"""Template filters for the Measure page: months and periods in words."""

from __future__ import annotations

from typing import Any

from django import template

from prevhub.insights import selectors

register = template.Library()


@register.filter
def month_name(value: str | None) -> str:
    """'2024-01' -> 'Jan 2024'."""
    return selectors.month_name(value)


@register.filter
def period_words(value: Any) -> str:
    """A (from, to) pair or {'from', 'to'} mapping -> 'Jan 2024 to Mar 2024'."""
    return selectors.period_words(value)


@register.filter
def month_list(value: list[str]) -> str:
    """['2023-12', '2024-01'] -> 'Dec 2023 and Jan 2024'."""
    return selectors.month_list(value)
