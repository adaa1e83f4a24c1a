"""Bank holidays in England and Wales, as a packaged table (no network at run time).

Source: the UK Government's list at https://www.gov.uk/bank-holidays (England and Wales
division), which publishes the days appointed under the Banking and Financial Dealings Act 1971
and by royal proclamation, substitute days included. Years covered: 2023 to 2027. A deadline
that needs a day outside these years is refused (:class:`CalendarNotCovered`) rather than
guessed: a one-off bank holiday (such as 8 May 2023) cannot be derived from a rule. Add the next
year here when gov.uk publishes it, and extend the test that checks the table.
"""

from __future__ import annotations

import datetime as dt

SOURCE = "https://www.gov.uk/bank-holidays (England and Wales)"

_TABLE: dict[int, tuple[str, ...]] = {
    2023: ("01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"),
    2024: ("01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"),
    2025: ("01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"),
    2026: ("01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"),
    2027: ("01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"),
}

#: Good Friday of each covered year (in the table above too; named because statutes name it).
GOOD_FRIDAYS: dict[int, dt.date] = {
    2023: dt.date(2023, 4, 7),
    2024: dt.date(2024, 3, 29),
    2025: dt.date(2025, 4, 18),
    2026: dt.date(2026, 4, 3),
    2027: dt.date(2027, 3, 26),
}

BANK_HOLIDAYS: frozenset[dt.date] = frozenset(
    dt.date.fromisoformat(f"{year}-{day}") for year, days in _TABLE.items() for day in days
)
FIRST_YEAR, LAST_YEAR = min(_TABLE), max(_TABLE)

NOT_COVERED = (
    "No England and Wales bank holiday table for {year} (covered: {first}–{last}); the legal "
    "deadline cannot be computed safely. Add the year from {source} to "
    "prevhub/safeguarding/bank_holidays.py."
)


class CalendarNotCovered(ValueError):
    """A date outside the packaged bank holiday table: refused, never guessed."""


def is_bank_holiday(day: dt.date) -> bool:
    """Whether `day` is a bank holiday in England and Wales (refuses uncovered years)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarNotCovered(
            NOT_COVERED.format(year=day.year, first=FIRST_YEAR, last=LAST_YEAR, source=SOURCE)
        )
    return day in BANK_HOLIDAYS
