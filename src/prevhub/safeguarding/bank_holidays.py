"""Bank holidays in England and Wales, as a packaged table (no network at run time).

The statutes this register applies (Crime and Security Act 2010 s.27; Domestic Abuse Act 2021
s.29) disregard "any day which is a bank holiday in England and Wales under the Banking and
Financial Dealings Act 1971". Under that Act a day is a bank holiday in England and Wales:

- by **Schedule 1, paragraph 1** (text read on legislation.gov.uk, ukpga/1971/80/schedule/1):
  Easter Monday; the last Monday in May; the last Monday in August; "26th December, if it be
  not a Sunday"; "27th December in a year in which 25th or 26th December is a Sunday". A
  Saturday 26 December is therefore itself a bank holiday. 1 January is **not** in paragraph 1
  (the New Year entries of the Schedule are Scotland's, paragraph 2);
- by **royal proclamation under s.1(3)** ("a special day … a bank holiday under this Act"): New
  Year's Day (or its substitute), the early May bank holiday, substitute days such as Monday 28
  December when 26 December is a Saturday, and one-off days (8 May 2023). A s.1(3) day is in
  addition to the Schedule 1 day, not instead of it (only a proclamation under s.1(2) moves a
  Schedule 1 day; e.g. the proclamation of 24 June 1998 appointed Monday 28 December 1998 under
  s.1(3), with Saturday 26 December 1998 remaining a Schedule 1 bank holiday). The proclaimed
  days here are those published at https://www.gov.uk/bank-holidays (England and Wales); no
  s.1(2) proclamation moving a Schedule 1 day in 2023-2027 is known.

Christmas Day and Good Friday are common-law holidays, not bank holidays under the Act; the
statutes name them separately (deadlines.py). gov.uk's list shows them, so they are kept here as
``COMMON_LAW_HOLIDAYS`` and excluded from :data:`BANK_HOLIDAYS`.

Years covered: 2023 to 2027. A deadline that needs a day outside these years is refused
(:class:`CalendarNotCovered`) rather than guessed: proclaimed days cannot be derived from a rule.
Add the next year here when it is proclaimed, and extend the tests that check the table.
"""

from __future__ import annotations

import datetime as dt

SOURCE = (
    "Banking and Financial Dealings Act 1971 Sch 1 para 1, and the days proclaimed under s.1(3) "
    "as listed at https://www.gov.uk/bank-holidays (England and Wales)"
)

#: Banking and Financial Dealings Act 1971 Schedule 1 paragraph 1 (England and Wales).
SCHEDULE_1: dict[int, tuple[str, ...]] = {
    2023: ("04-10", "05-29", "08-28", "12-26"),
    2024: ("04-01", "05-27", "08-26", "12-26"),
    2025: ("04-21", "05-26", "08-25", "12-26"),
    # 26 December 2026 is a Saturday: "26th December, if it be not a Sunday".
    2026: ("04-06", "05-25", "08-31", "12-26"),
    # 26 December 2027 is a Sunday: not a bank holiday; 27 December is ("… in a year in which
    # 25th or 26th December is a Sunday").
    2027: ("03-29", "05-31", "08-30", "12-27"),
}

#: Appointed by royal proclamation under s.1(3), as published on gov.uk (England and Wales).
PROCLAIMED: dict[int, tuple[str, ...]] = {
    # Sunday 1 January 2023: Monday 2 January proclaimed; 8 May 2023, the coronation.
    2023: ("01-02", "05-01", "05-08"),
    2024: ("01-01", "05-06"),
    2025: ("01-01", "05-05"),
    # Monday 28 December 2026, "Boxing Day (substitute day)", in addition to Saturday 26th.
    2026: ("01-01", "05-04", "12-28"),
    # Monday 27 December 2027 is already a Schedule 1 day; Tuesday 28th is proclaimed.
    2027: ("01-01", "05-03", "12-28"),
}

#: Good Friday of each covered year (a common-law holiday the statutes name; not in the Act).
GOOD_FRIDAYS: dict[int, dt.date] = {
    2023: dt.date(2023, 4, 7),
    2024: dt.date(2024, 3, 29),
    2025: dt.date(2025, 4, 18),
    2026: dt.date(2026, 4, 3),
    2027: dt.date(2027, 3, 26),
}

COMMON_LAW_HOLIDAYS: frozenset[dt.date] = frozenset(
    {*GOOD_FRIDAYS.values(), *(dt.date(year, 12, 25) for year in GOOD_FRIDAYS)}
)


def _dates(table: dict[int, tuple[str, ...]]) -> frozenset[dt.date]:
    return frozenset(
        dt.date.fromisoformat(f"{year}-{day}") for year, days in table.items() for day in days
    )


BANK_HOLIDAYS: frozenset[dt.date] = _dates(SCHEDULE_1) | _dates(PROCLAIMED)
FIRST_YEAR, LAST_YEAR = min(SCHEDULE_1), max(SCHEDULE_1)

NOT_COVERED = (
    "No England and Wales bank holiday table for {year} (covered: {first}–{last}); the legal "
    "deadline cannot be computed safely. Add the year from {source} to "
    "prevhub/safeguarding/bank_holidays.py."
)


class CalendarNotCovered(ValueError):
    """A date outside the packaged bank holiday table: refused, never guessed."""


def is_bank_holiday(day: dt.date) -> bool:
    """Whether `day` is a bank holiday in England and Wales under the Banking and Financial
    Dealings Act 1971 (Schedule 1 or proclaimed); refuses uncovered years."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarNotCovered(
            NOT_COVERED.format(year=day.year, first=FIRST_YEAR, last=LAST_YEAR, source=SOURCE)
        )
    return day in BANK_HOLIDAYS
