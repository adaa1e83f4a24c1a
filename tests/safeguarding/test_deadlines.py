"""Legal time limits against dates worked out by hand (calendar and statute side by side).

Hand workings, 2026: Good Friday 3 April; Easter Monday 6 April (Banking and Financial Dealings
Act 1971 Sch 1); Christmas Day Friday 25 December; Saturday 26 December is itself a bank holiday
(Sch 1: "26th December, if it be not a Sunday") and Monday 28 December is proclaimed in addition
(s.1(3), gov.uk's "Boxing Day (substitute day)"). 2027: Christmas Day Saturday 25 December,
Sunday 26th, Monday 27th (Sch 1: "27th December in a year in which 25th or 26th December is a
Sunday"), Tuesday 28th proclaimed. The 48 hours of a DVPN/DAPN leave out Sundays, Christmas Day,
Good Friday and bank holidays (CSA 2010 s.27; DAA 2021 s.29).
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
        # Christmas Eve noon: Thu 12h; Fri 25 (Christmas Day), Sat 26 (Sch 1 bank holiday),
        # Sun 27 and Mon 28 (proclaimed) out; Tue 24h; Wed 12h.
        (at(2026, 12, 24, 12), at(2026, 12, 30, 12), "Thu 12h + Tue 24h + Wed 12h"),
        # Christmas Eve 2027 noon: Fri 12h; Sat 25 (Christmas Day), Sun 26, Mon 27 (Sch 1) and
        # Tue 28 (proclaimed) out; Wed 29 24h; Thu 30 12h.
        (at(2027, 12, 24, 12), at(2027, 12, 30, 12), "Fri 12h + Wed 24h + Thu 12h"),
    ],
)
def test_notice_hearing_deadline_leaves_out_sundays_and_holidays(
    served: dt.datetime, deadline: dt.datetime, working: str
) -> None:
    assert deadlines.notice_hearing_deadline(served) == deadline, working


def test_dvpn_served_on_christmas_eve_2026_skips_saturday_26_december() -> None:
    # Thu 24 Dec 10:00: Thu 14h; Fri 25, Sat 26, Sun 27, Mon 28 out; Tue 29 24h (38h);
    # Wed 30 10h (48h).
    served = at(2026, 12, 24, 10)
    limits = deadlines.order_limits(_order(kind=OrderKind.DVPN, served_at=served))
    assert limits.hearing_deadline == at(2026, 12, 30, 10)
    assert limits.expires_at == at(2026, 12, 30, 10)


def test_dapn_given_late_on_23_december_2026() -> None:
    # Wed 23 Dec 23:00: Wed 1h; Thu 24 24h (25h); Fri 25 to Mon 28 out; Tue 29 23h (48h).
    given = at(2026, 12, 23, 23)
    limits = deadlines.order_limits(_order(kind=OrderKind.DAPN, served_at=given))
    assert limits.hearing_deadline == at(2026, 12, 29, 23)


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


def _schedule_1(year: int) -> set[dt.date]:
    """Banking and Financial Dealings Act 1971 Sch 1 para 1, worked from its words."""

    def last_monday(month: int) -> dt.date:
        day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
        return day - dt.timedelta(days=day.weekday())

    days = {_easter(year) + dt.timedelta(days=1), last_monday(5), last_monday(8)}
    boxing, christmas = dt.date(year, 12, 26), dt.date(year, 12, 25)
    if boxing.weekday() != 6:  # "26th December, if it be not a Sunday"
        days.add(boxing)
    if 6 in (christmas.weekday(), boxing.weekday()):  # "27th December in a year in which …"
        days.add(dt.date(year, 12, 27))
    return days


@pytest.mark.parametrize("year", range(bank_holidays.FIRST_YEAR, bank_holidays.LAST_YEAR + 1))
def test_bank_holiday_table_is_consistent_with_the_calendar(year: int) -> None:
    days = {d for d in bank_holidays.BANK_HOLIDAYS if d.year == year}
    schedule = {d for d in bank_holidays._dates(bank_holidays.SCHEDULE_1) if d.year == year}
    proclaimed = days - schedule
    assert schedule == _schedule_1(year)
    assert _schedule_1(year) <= days
    easter = _easter(year)
    assert bank_holidays.GOOD_FRIDAYS[year] == easter - dt.timedelta(days=2)
    # Good Friday and Christmas Day are common-law holidays, not bank holidays under the Act.
    assert bank_holidays.GOOD_FRIDAYS[year] not in days
    assert dt.date(year, 12, 25) not in days
    assert all(d.weekday() < 5 for d in proclaimed)  # proclaimed days are weekdays
    assert len(proclaimed) >= 2  # New Year's Day (or substitute) and early May


def test_weekend_christmas_and_new_year_days_2023_to_2027() -> None:
    """25/26 December and 1 January on weekends, each year checked by hand."""
    is_bh = bank_holidays.is_bank_holiday
    assert is_bh(dt.date(2026, 12, 26))  # Saturday: Sch 1 "if it be not a Sunday"
    assert is_bh(dt.date(2026, 12, 28))  # Monday: proclaimed in addition (s.1(3))
    assert not is_bh(dt.date(2026, 12, 27))  # Sunday
    assert not is_bh(dt.date(2027, 12, 26))  # Sunday: not a bank holiday
    assert is_bh(dt.date(2027, 12, 27))  # Sch 1: 26th is a Sunday
    assert is_bh(dt.date(2027, 12, 28))  # proclaimed
    assert not is_bh(dt.date(2023, 1, 1))  # Sunday; 1 January is not in Sch 1 para 1
    assert is_bh(dt.date(2023, 1, 2))  # proclaimed
    for year in (2024, 2025, 2026, 2027):  # 1 January on a weekday: proclaimed
        assert is_bh(dt.date(year, 1, 1))
