"""Query parameters of the register's pages and API (work queue days, measure months), parsed
strictly and once: bad input is refused with a message naming the parameter (API: 400; pages:
the form shows the error), never guessed and never a server error."""

from __future__ import annotations

import re
from typing import Any

from prevhub.crime import periods

MIN_DAYS, MAX_DAYS = 1, 90
#: The measures recompute every month of the range: a bound keeps a request cheap.
MAX_MONTHS = 60
#: Dates the register accepts anywhere (forms, API): a year outside is a typing mistake, and
#: the deadline arithmetic must never run off the calendar.
MIN_YEAR, MAX_YEAR = 1900, 2100

DAYS_INVALID = f"A whole number of days from {MIN_DAYS} to {MAX_DAYS}."
MONTH_INVALID = f"A month as YYYY-MM (01 to 12), year {MIN_YEAR} to {MAX_YEAR}."
MONTH_ORDER = "The first month must not be after the last."
MONTH_SPAN = f"At most {MAX_MONTHS} months at a time."
YEAR_OUT_OF_RANGE = f"The year must be between {MIN_YEAR} and {MAX_YEAR}."


class ParameterError(ValueError):
    """A refused parameter: ``errors`` maps each parameter name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def days(value: str | None, default: int) -> int:
    """Days ahead for the work queue: 1 to 90 (the default when not given)."""
    if value is None or value == "":
        return default
    if not re.fullmatch(r"\d{1,3}", value.strip()):
        raise ParameterError({"days": DAYS_INVALID})
    number = int(value)
    if not MIN_DAYS <= number <= MAX_DAYS:
        raise ParameterError({"days": DAYS_INVALID})
    return number


def month(value: str, name: str) -> str:
    """A YYYY-MM month in the hub's grammar (:mod:`prevhub.crime.periods`), year in range."""
    try:
        parsed = periods.parse_month(value)
    except periods.PeriodError:
        raise ParameterError({name: MONTH_INVALID}) from None
    if not MIN_YEAR <= periods.month_parts(parsed)[0] <= MAX_YEAR:
        raise ParameterError({name: MONTH_INVALID})
    return parsed


def month_count(first: str, last: str) -> int:
    """Months from first to last, both included."""
    return periods.month_count(first, last)


def month_range(first: str, last: str) -> tuple[str, str]:
    """A strict YYYY-MM range, first not after last, at most MAX_MONTHS months."""
    errors: dict[str, str] = {}
    parsed: dict[str, str] = {}
    for name, value in (("from", first), ("to", last)):
        try:
            parsed[name] = month(value, name)
        except ParameterError as exc:
            errors.update(exc.errors)
    if errors:
        raise ParameterError(errors)
    count = month_count(parsed["from"], parsed["to"])
    if count < 1:
        raise ParameterError({"from": MONTH_ORDER})
    if count > MAX_MONTHS:
        raise ParameterError({"to": MONTH_SPAN})
    return parsed["from"], parsed["to"]


def year_problem(value: Any) -> str | None:
    """Why a date or datetime is out of the accepted range, or None."""
    year = getattr(value, "year", None)
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return YEAR_OUT_OF_RANGE
    return None
