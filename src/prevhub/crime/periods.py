"""Months and periods: the one grammar the hub reads them with.

Every part of the hub that takes a month or a period from a person (the CLI's ``--period`` and
``--from``/``--to``, the Measure and Find pages, the problem-solving forms, the safeguarding
measures) parses it here, so "2024-13" is refused with the same words everywhere and a period
means the same months in the CLI as on a page.

The grammar:

* a **month** is ``YYYY-MM``: four ASCII digits, a hyphen, ``01`` to ``12`` (``2024-03``);
* a **period** is ``FROM:TO``, both months included (``2024-01:2024-12``), or one month alone
  (``2024-03`` is ``2024-03:2024-03``); ``FROM`` must not be after ``TO``;
* a **baseline** is ``previous`` (as many months, just before the period), ``last-year`` (the
  same months a year earlier) or a period ``FROM:TO`` that does not overlap the period.

Months are strings throughout (``"2024-03"``): they sort as they should and are what the
crime store holds. Arithmetic goes through :func:`month_index`, months since the start of
year 0.

Examples
--------
>>> parse_period("2024-01:2024-12")
('2024-01', '2024-12')
>>> resolve_baseline(("2024-01", "2024-12"), "previous")
('2023-01', '2023-12')
>>> resolve_baseline(("2024-03", "2024-05"), "last-year")
('2023-03', '2023-05')
>>> months_in(("2023-11", "2024-02"))
['2023-11', '2023-12', '2024-01', '2024-02']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from prevhub.errors import PrevhubError

#: An inclusive (first month, last month) pair, both ``YYYY-MM``.
Period = tuple[str, str]

PREVIOUS = "previous"
LAST_YEAR = "last-year"
#: The named baselines, in the order pages offer them.
BASELINES = (PREVIOUS, LAST_YEAR)

#: A month as a regular expression (Python's ``re`` and DuckDB's RE2 read it alike, so the
#: ingest checks the CSV's Month column in SQL with it). ASCII digits only: ``\d`` would also
#: accept other scripts' digits (``٢٠٢٤-٠١``).
MONTH_PATTERN = r"[0-9]{4}-(?:0[1-9]|1[0-2])"
_MONTH = re.compile(MONTH_PATTERN)

MONTH_INVALID = "{value!r} is not a month: write it as YYYY-MM, e.g. 2024-03"
PERIOD_INVALID = "{value!r} is not a period: write it as FROM:TO, e.g. 2024-01:2024-12"
PERIOD_ORDER = "the period {first}:{last} ends before it starts"
BASELINE_INVALID = (
    "{value!r} is not a baseline: write previous, last-year or a period FROM:TO "
    "(e.g. 2023-01:2023-12)"
)
BASELINE_OVERLAP = "the baseline {first}:{last} overlaps the period {start}:{end}"


class PeriodError(PrevhubError):
    """A month, period or baseline not written in the hub's grammar (the message says how)."""


def parse_month(value: str) -> str:
    """A checked ``YYYY-MM`` month (surrounding spaces removed).

    >>> parse_month(" 2024-03 ")
    '2024-03'
    >>> parse_month("2024-13")
    Traceback (most recent call last):
    ...
    prevhub.crime.periods.PeriodError: '2024-13' is not a month: write it as YYYY-MM, e.g. 2024-03
    """
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not _MONTH.fullmatch(text):
        raise PeriodError(MONTH_INVALID.format(value=value))
    return text


def is_month(value: object) -> bool:
    """Whether ``value`` is a month exactly as written (no spaces): for validating forms."""
    return isinstance(value, str) and _MONTH.fullmatch(value) is not None


def month_parts(month: str) -> tuple[int, int]:
    """``"2024-03"`` -> ``(2024, 3)``.

    >>> month_parts("2024-03")
    (2024, 3)
    """
    text = parse_month(month)
    return int(text[:4]), int(text[5:])


def month_index(month: str) -> int:
    """Months since January of year 0, for arithmetic on months.

    >>> month_index("2024-01") - month_index("2023-12")
    1
    """
    year, number = month_parts(month)
    return year * 12 + number - 1


def month_from_index(index: int) -> str:
    """The month :func:`month_index` numbers ``index``.

    >>> month_from_index(month_index("2024-01") - 1)
    '2023-12'
    """
    if not 0 <= index < 10_000 * 12:
        raise PeriodError(f"month number {index} is outside the years 0000 to 9999")
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def add_months(month: str, count: int) -> str:
    """The month ``count`` months after ``month`` (before it when negative).

    >>> add_months("2024-11", 3)
    '2025-02'
    >>> add_months("2024-03", -12)
    '2023-03'
    """
    return month_from_index(month_index(month) + count)


def month_count(first: str, last: str) -> int:
    """Months from ``first`` to ``last``, both included (0 or less when ``last`` is earlier).

    >>> month_count("2023-11", "2024-02")
    4
    """
    return month_index(last) - month_index(first) + 1


def iter_months(first: str, last: str) -> Iterator[str]:
    """Every month from ``first`` to ``last`` inclusive, in order (none if ``last`` is earlier)."""
    for index in range(month_index(first), month_index(last) + 1):
        yield month_from_index(index)


def months_in(period: Sequence[str] | str) -> list[str]:
    """Every month of a period, in order.

    >>> months_in("2024-11:2025-01")
    ['2024-11', '2024-12', '2025-01']
    """
    first, last = parse_period(period)
    return list(iter_months(first, last))


def period_length(period: Sequence[str] | str) -> int:
    """How many months a period holds.

    >>> period_length("2024-01:2024-12")
    12
    """
    first, last = parse_period(period)
    return month_count(first, last)


def parse_period(value: str | Sequence[str]) -> Period:
    """``"2024-01:2024-12"``, ``"2024-03"`` or a pair -> ``(first, last)``, checked.

    >>> parse_period("2024-03")
    ('2024-03', '2024-03')
    >>> parse_period(["2023-11", "2024-02"])
    ('2023-11', '2024-02')
    >>> parse_period("2024-12:2024-01")
    Traceback (most recent call last):
    ...
    prevhub.crime.periods.PeriodError: the period 2024-12:2024-01 ends before it starts
    """
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) == 1:
            parts = [parts[0], parts[0]]
        if len(parts) != 2:
            raise PeriodError(PERIOD_INVALID.format(value=value))
    else:
        parts = list(value)
        if len(parts) != 2:
            raise PeriodError(PERIOD_INVALID.format(value=value))
    first, last = parse_month(parts[0]), parse_month(parts[1])
    if first > last:
        raise PeriodError(PERIOD_ORDER.format(first=first, last=last))
    return first, last


def format_period(period: Sequence[str]) -> str:
    """The period written back in the grammar: ``('2024-01', '2024-12')`` -> ``2024-01:2024-12``.

    >>> format_period(("2024-01", "2024-12"))
    '2024-01:2024-12'
    """
    first, last = parse_period(period)
    return f"{first}:{last}"


def resolve_baseline(period: Sequence[str] | str, baseline: str | Sequence[str]) -> Period:
    """The baseline period of ``period``: ``previous``, ``last-year`` or an explicit period.

    ``previous`` is as many months as the period, ending the month before it starts;
    ``last-year`` is the same months twelve months earlier, refused when the period is longer
    than a year (the two would overlap); an explicit baseline must not overlap the period.

    >>> resolve_baseline("2024-01:2024-03", "previous")
    ('2023-10', '2023-12')
    >>> resolve_baseline("2024-01:2024-03", "2023-01:2023-03")
    ('2023-01', '2023-03')
    """
    first, last = parse_period(period)
    length = month_count(first, last)
    if isinstance(baseline, str) and baseline.strip() == PREVIOUS:
        return add_months(first, -length), add_months(first, -1)
    if isinstance(baseline, str) and baseline.strip() == LAST_YEAR:
        resolved = add_months(first, -12), add_months(last, -12)
    else:
        try:
            resolved = parse_period(baseline)
        except PeriodError:
            if isinstance(baseline, str) and ":" not in baseline and not is_month(baseline):
                raise PeriodError(BASELINE_INVALID.format(value=baseline)) from None
            raise
    if not (resolved[1] < first or resolved[0] > last):
        raise PeriodError(
            BASELINE_OVERLAP.format(first=resolved[0], last=resolved[1], start=first, end=last)
        )
    return resolved
