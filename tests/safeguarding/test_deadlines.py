"""Legal time limits against dates worked out by hand (calendar and statute side by side).

Hand workings, 2026 (England and Wales bank holidays from gov.uk: Good Friday 3 April, Easter
Monday 6 April, Christmas Day Friday 25 December, Boxing Day substitute Monday 28 December):
the 48 hours of a DVPN/DAPN leave out Sundays, Christmas Day, Good Friday and bank holidays
(CSA 2010 s.27; DAA 2021 s.29).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from prevhub.safeguarding import bank_holidays, deadlines
from prevhub.safeguarding.bank_holidays import CalendarNotCovered
from prevhub.safeguarding.choices import OrderKind
from tests.safeguarding.helpers import at


@pytest.mark.parametrize(
    ("served", "deadline", "working"),
    [
        # Tuesday morning, nothing left out: exactly 48 hours.
        (at(2026, 11, 10, 9, 15), at(2026, 11, 12, 9, 15), "Tue 09:15 + 48h"),
        # Thursday before Easter: Thu 6h, Good Friday out, Sat 24h, Sun and Easter Monday out,
        # Tue 18h -> Tuesday 7 April 18:00.
        (at(2026, 4, 2, 18), at(2026, 4, 7, 18), "Thu 6h + Sat 24h + Tue 18h"),
        # Easter Saturday 14:00: Sat 10h, Sun and Mon out, Tue 24h, Wed 14h.
        (at(2026, 4, 4, 14), at(2026, 4, 8, 14), "Sat 10h + Tue 24h + Wed 14h"),
        # Friday evening, ordinary weekend: Fri 4h, Sat 24h, Sunday out, Mon 20h.
        (at(2026, 11, 20, 20), at(2026, 11, 23, 20), "Fri 4h + Sat 24h + Mon 20h"),
        # Served on a Sunday: the clock starts at Monday 00:00; Mon 24h + Tue 24h.
        (at(2026, 11, 8, 22), at(2026, 11, 11, 0), "Mon 24h + Tue 24h"),
        # Christmas Eve noon: Thu 12h, Christmas Day out, Saturday 26th counts (Boxing Day's
        # bank holiday is Monday 28th), Sun out, Mon 28th out, Tue 12h.
        (at(2026, 12, 24, 12), at(2026, 12, 29, 12), "Thu 12h + Sat 24h + Tue 12h"),
    ],
)
def test_notice_hearing_deadline_leaves_out_sundays_and_holidays(
    served: dt.datetime, deadline: dt.datetime, working: str
) -> None:
    assert deadlines.notice_hearing_deadline(served) == deadline, working


def test_a_deadline_needing_an_uncovered_year_is_refused_not_guessed() -> None:
    with pytest.raises(CalendarNotCovered, match="2028"):
        deadlines.notice_hearing_deadline(at(2027, 12, 31, 12))


def _order(**fields: Any) -> SimpleNamespace:
    base = dict(
        kind=OrderKind.DVPN,
        served_at=None,
        made_on=None,
        ends_on=None,
        until_further_order=False,
        ended_at=None,
        hearing_adjourned=False,
        replaces_interim=False,
        notification_exempt=False,
    )
    return SimpleNamespace(**{**base, **fields})


def test_dvpn_expires_at_its_hearing_deadline_unless_adjourned_or_decided() -> None:
    limits = deadlines.order_limits(_order(served_at=at(2026, 4, 2, 18)))
    assert limits.hearing_deadline == at(2026, 4, 7, 18)
    assert limits.expires_at == at(2026, 4, 7, 18)
    adjourned = deadlines.order_limits(_order(served_at=at(2026, 4, 2, 18), hearing_adjourned=True))
    assert adjourned.hearing_deadline == at(2026, 4, 7, 18) and adjourned.expires_at is None
    decided = deadlines.order_limits(
        _order(served_at=at(2026, 4, 2, 18), ended_at=at(2026, 4, 4, 11))
    )
    assert decided.expires_at == at(2026, 4, 4, 11)


def test_dapn_follows_the_same_48_hour_rule() -> None:
    limits = deadlines.order_limits(_order(kind=OrderKind.DAPN, served_at=at(2026, 4, 4, 14)))
    assert limits.hearing_deadline == at(2026, 4, 8, 14)


def test_dvpo_lasts_14_to_28_days_counting_the_day_it_is_made() -> None:
    made = dt.date(2026, 6, 10)
    # 14 days beginning with 10 June: 10..23 June, ends at midnight starting 24 June.
    assert deadlines.dvpo_problem(made, dt.date(2026, 6, 23)) is None
    assert deadlines.dvpo_problem(made, dt.date(2026, 7, 7)) is None  # 28 days
    assert "13 days" in (deadlines.dvpo_problem(made, dt.date(2026, 6, 22)) or "")
    assert "29 days" in (deadlines.dvpo_problem(made, dt.date(2026, 7, 8)) or "")
    limits = deadlines.order_limits(
        _order(kind=OrderKind.DVPO, made_on=made, ends_on=dt.date(2026, 6, 23))
    )
    assert limits.expires_at == at(2026, 6, 24)


def test_spo_earliest_end_is_two_years_beginning_with_the_day_made() -> None:
    # Made 10 March 2026: two years beginning that day run to the end of 9 March 2028.
    assert deadlines.spo_earliest_last_day(dt.date(2026, 3, 10)) == dt.date(2028, 3, 9)
    assert deadlines.spo_earliest_end(dt.date(2026, 3, 10)) == at(2028, 3, 10)
    assert deadlines.spo_problem(dt.date(2026, 3, 10), dt.date(2028, 3, 9)) is None
    assert "2028-03-09" in (deadlines.spo_problem(dt.date(2026, 3, 10), dt.date(2028, 3, 8)) or "")
    # Made on 29 February 2024: there is no 29 February 2026; the period runs to 28 February.
    assert deadlines.spo_earliest_last_day(dt.date(2024, 2, 29)) == dt.date(2026, 2, 28)


def test_spo_notification_is_due_within_three_days_of_service_weekend_included() -> None:
    # Served Friday 13 March 2026: 3 days beginning that day are Fri, Sat, Sun.
    limits = deadlines.order_limits(
        _order(
            kind=OrderKind.SPO,
            made_on=dt.date(2026, 3, 12),
            ends_on=dt.date(2028, 3, 11),
            served_at=at(2026, 3, 13, 15),
        )
    )
    assert limits.notification_deadline == at(2026, 3, 16)
    assert limits.earliest_end == at(2028, 3, 12)
    assert limits.expires_at == at(2028, 3, 12)
    replacing = deadlines.order_limits(
        _order(kind=OrderKind.SPO, served_at=at(2026, 3, 13, 15), replaces_interim=True)
    )
    assert replacing.notification_deadline is None


def test_dapo_notification_runs_from_the_day_the_order_is_made() -> None:
    limits = deadlines.order_limits(
        _order(kind=OrderKind.DAPO, made_on=dt.date(2026, 11, 25), until_further_order=True)
    )
    assert limits.notification_deadline == at(2026, 11, 28)
    assert limits.expires_at is None


def _easter(year: int) -> dt.date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the table."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


@pytest.mark.parametrize("year", range(bank_holidays.FIRST_YEAR, bank_holidays.LAST_YEAR + 1))
def test_bank_holiday_table_is_consistent_with_the_calendar(year: int) -> None:
    days = sorted(d for d in bank_holidays.BANK_HOLIDAYS if d.year == year)
    easter = _easter(year)
    assert easter - dt.timedelta(days=2) in days  # Good Friday
    assert easter + dt.timedelta(days=1) in days  # Easter Monday
    assert bank_holidays.GOOD_FRIDAYS[year] == easter - dt.timedelta(days=2)
    assert all(d.weekday() < 5 for d in days)  # substitutes never fall at a weekend
    assert len(days) >= 8
