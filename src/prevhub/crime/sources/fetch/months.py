"""Months as the fetch writes them: ``YYYY-MM``, and inclusive ranges of them."""

from __future__ import annotations

from prevhub.errors import PrevhubError


def parse_month(text: str) -> tuple[int, int]:
    """``"2024-03"`` -> ``(2024, 3)``; anything else is a user error."""
    try:
        year_text, month_text = text.split("-")
        year, month = int(year_text), int(month_text)
    except ValueError:
        raise PrevhubError(f"Months are written YYYY-MM, e.g. 2024-03; got {text!r}.") from None
    if len(year_text) != 4 or not 1 <= month <= 12:
        raise PrevhubError(f"Months are written YYYY-MM, e.g. 2024-03; got {text!r}.")
    return year, month


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive, as ``YYYY-MM``."""
    y, m = parse_month(first)
    end = parse_month(last)
    if (y, m) > end:
        raise PrevhubError(f"--from {first} is after --to {last}.")
    months = []
    while (y, m) <= end:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def month_index(month: str) -> int:
    y, m = parse_month(month)
    return y * 12 + m - 1


def month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
