"""The legal time limits of protection notices and orders, each rule encoded once, here.

Every rule names its source (docs/safeguarding.md quotes them). All times are local time in
England and Wales (Europe/London); "a period of N days beginning with day D" includes D, so it
ends at midnight at the end of day D + N - 1. Functions take plain dates and datetimes so they
can be checked against hand-worked dates without a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from prevhub.safeguarding.bank_holidays import GOOD_FRIDAYS, CalendarNotCovered, is_bank_holiday
from prevhub.safeguarding.choices import OrderKind

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC

#: Crime and Security Act 2010 s.27(3)-(4) (DVPN) and Domestic Abuse Act 2021 s.29(2)-(3)
#: (DAPN): the application must be heard not later than 48 hours after the notice was served
#: (given), disregarding Sundays, Christmas Day, Good Friday and bank holidays.
NOTICE_HEARING_HOURS = 48
#: Crime and Security Act 2010 s.28(10): a DVPO is in force for no fewer than 14 and no more than
#: 28 days beginning with the day on which it is made.
DVPO_MIN_DAYS, DVPO_MAX_DAYS = 14, 28
#: Stalking Protection Act 2019 s.3: a fixed period must be at least 2 years beginning with
#: the day on which the order is made.
SPO_MIN_YEARS = 2
#: Stalking Protection Act 2019 s.9(1) (3 days beginning with the date of service) and Domestic
#: Abuse Act 2021 s.41(2) (3 days beginning with the day on which the order is made).
NOTIFICATION_DAYS = 3

DVPO_PERIOD_OUT_OF_RANGE = (
    "A DVPO is in force for no fewer than 14 and no more than 28 days beginning with the day it "
    "is made (Crime and Security Act 2010 s.28(10)); this one would last {days} days."
)
SPO_PERIOD_TOO_SHORT = (
    "A stalking protection order for a fixed period must last at least 2 years beginning with "
    "the day it is made (Stalking Protection Act 2019 s.3): its last day can be no earlier "
    "than {earliest}."
)


def local(moment: dt.datetime) -> dt.datetime:
    """The moment in England and Wales local time (naive datetimes are taken as local)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON)


def when(moment: dt.datetime | None) -> str:
    """A moment as officers read it, the hub's one format (``core.formatting.datetime``):
    local date and time ("24 Dec 2026, 10:00"), or a dash."""
    from prevhub.core.formatting import datetime as hub_datetime

    return hub_datetime(local(moment)) if moment else "—"


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=LONDON)


def end_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the end of `day` (the start of the next), local time."""
    return start_of_day(day + dt.timedelta(days=1))


def end_of_period(first_day: dt.date, days: int) -> dt.datetime:
    """The end of a period of `days` days beginning with `first_day` (which counts)."""
    return end_of_day(first_day + dt.timedelta(days=days - 1))


def anniversary(day: dt.date, years: int) -> dt.date:
    """The same date `years` later; 29 February falls on 1 March in a common year (the later
    reading, so a minimum period is never cut short)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def disregarded_for_notice_hearing(day: dt.date) -> bool:
    """Days left out of a notice's 48 hours: any Sunday, Christmas Day, Good Friday, and any bank
    holiday in England and Wales (CSA 2010 s.27(4); DAA 2021 s.29(3))."""
    if day.weekday() == 6 or (day.month, day.day) == (12, 25):
        return True
    return is_bank_holiday(day) or GOOD_FRIDAYS.get(day.year) == day


def add_counted_hours(start: dt.datetime, hours: int) -> dt.datetime:
    """`start` plus `hours` elapsed hours, counting only time on days not disregarded.

    Arithmetic is done in UTC so a clock change counts real hours; days are judged in local
    time. If the clock starts on a disregarded day it starts counting at the next counted
    midnight.
    """
    remaining = dt.timedelta(hours=hours)
    moment = local(start)
    while True:
        day = moment.date()
        next_midnight = end_of_day(day)
        if disregarded_for_notice_hearing(day):
            moment = next_midnight
            continue
        available = next_midnight.astimezone(UTC) - moment.astimezone(UTC)
        if remaining <= available:
            return (moment.astimezone(UTC) + remaining).astimezone(LONDON)
        remaining -= available
        moment = next_midnight


def notice_hearing_deadline(served_at: dt.datetime) -> dt.datetime:
    """Latest start of the DVPO/DAPO hearing after a DVPN/DAPN (CSA 2010 s.27; DAA 2021 s.29)."""
    return add_counted_hours(served_at, NOTICE_HEARING_HOURS)


def dvpo_days(made_on: dt.date, last_day: dt.date) -> int:
    """The length of a DVPO in days, counting the day it is made."""
    return (last_day - made_on).days + 1


def dvpo_problem(made_on: dt.date, last_day: dt.date) -> str | None:
    days = dvpo_days(made_on, last_day)
    if DVPO_MIN_DAYS <= days <= DVPO_MAX_DAYS:
        return None
    return DVPO_PERIOD_OUT_OF_RANGE.format(days=days)


def spo_earliest_last_day(made_on: dt.date) -> dt.date:
    """The earliest last day of a fixed-period SPO: the day before the second anniversary."""
    return anniversary(made_on, SPO_MIN_YEARS) - dt.timedelta(days=1)


def spo_earliest_end(made_on: dt.date) -> dt.datetime:
    """The earliest moment a fixed-period SPO can end (Stalking Protection Act 2019 s.3)."""
    return end_of_day(spo_earliest_last_day(made_on))


def spo_problem(made_on: dt.date, last_day: dt.date) -> str | None:
    earliest = spo_earliest_last_day(made_on)
    if last_day >= earliest:
        return None
    return SPO_PERIOD_TOO_SHORT.format(earliest=earliest.isoformat())


def notification_deadline(first_day: dt.date) -> dt.datetime:
    """The end of the 3 days (beginning with `first_day`) to notify name and home address."""
    return end_of_period(first_day, NOTIFICATION_DAYS)


@dataclass(frozen=True)
class OrderLimits:
    """The computed legal limits of one notice or order (None: not applicable or not yet known).

    expires_at: when it stops having effect (None while it runs until further order, or until a
    hearing that has been adjourned). hearing_deadline: notices only. notification_deadline:
    SPO, interim SPO and DAPO. earliest_end: the SPO two-year minimum.
    """

    expires_at: dt.datetime | None = None
    hearing_deadline: dt.datetime | None = None
    notification_deadline: dt.datetime | None = None
    earliest_end: dt.datetime | None = None
    #: Why a limit could not be computed (a date outside the bank holiday table): shown and
    #: queued as a warning rather than guessed.
    calendar_problem: str | None = None


def order_limits(order: Any) -> OrderLimits:
    """The limits of `order` from its recorded dates (any object with the order's attributes:
    kind, served_at, made_on, ends_on, until_further_order, ended_at, hearing_adjourned,
    replaces_interim, notification_exempt)."""
    kind = order.kind
    ended_at = local(order.ended_at) if order.ended_at else None
    fixed_end = end_of_day(order.ends_on) if order.ends_on else None
    if kind in (OrderKind.DVPN, OrderKind.DAPN):
        try:
            hearing = notice_hearing_deadline(order.served_at) if order.served_at else None
        except CalendarNotCovered as exc:
            return OrderLimits(expires_at=ended_at, calendar_problem=str(exc))
        # The notice lasts until the application is determined; if the hearing is adjourned it
        # continues in effect until then (CSA 2010 s.27(8); DAA 2021 s.29(7)).
        expires = ended_at or (None if order.hearing_adjourned else hearing)
        return OrderLimits(expires_at=expires, hearing_deadline=hearing)
    if kind == OrderKind.DVPO:
        return OrderLimits(expires_at=_earliest(ended_at, fixed_end))
    if kind in (OrderKind.SPO, OrderKind.INTERIM_SPO):
        notify = None
        replaces = kind == OrderKind.SPO and order.replaces_interim
        if order.served_at and not order.notification_exempt and not replaces:
            notify = notification_deadline(local(order.served_at).date())
        earliest = None
        if kind == OrderKind.SPO and order.made_on and not order.until_further_order:
            earliest = spo_earliest_end(order.made_on)
        expires = None if order.until_further_order else fixed_end
        return OrderLimits(
            expires_at=_earliest(ended_at, expires),
            notification_deadline=notify,
            earliest_end=earliest,
        )
    if kind == OrderKind.DAPO:
        notify = None
        if order.made_on and not order.notification_exempt:
            notify = notification_deadline(order.made_on)
        expires = None if order.until_further_order else fixed_end
        return OrderLimits(expires_at=_earliest(ended_at, expires), notification_deadline=notify)
    expires = None if order.until_further_order else fixed_end
    return OrderLimits(expires_at=_earliest(ended_at, expires))


def period_problems(order: Any) -> list[str]:
    """Statutory limits a recorded period breaks (DVPO 14-28 days, SPO at least 2 years)."""
    if not (order.made_on and order.ends_on) or order.until_further_order:
        return []
    if order.kind == OrderKind.DVPO:
        problem = dvpo_problem(order.made_on, order.ends_on)
    elif order.kind == OrderKind.SPO:
        problem = spo_problem(order.made_on, order.ends_on)
    else:
        problem = None
    return [problem] if problem else []


def _earliest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [m for m in moments if m is not None]
    return min(known) if known else None
