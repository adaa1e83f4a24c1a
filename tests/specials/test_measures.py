"""Hours and retention figures against hand counts (the working is in each comment)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from prevhub.specials import selectors
from tests.specials.helpers import at, make_duty, make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster() -> dict[str, Any]:
    """Three officers, January-March 2026.

    A (City Centre, joined 2020): worked 10 h in Jan (6 + 4), 20 h in Feb, 18 h in Mar, plus a
      booked (not worked) 8 h duty in Mar that must not count.
    B (County North, joined 2020, left 2026-02-15): 16 h in Jan (a night patrol 22:00-02:00 on
      31 Jan counted in January, the month it started, + 12 h), nothing after.
    C (City Centre, joined 2026-01-10): 5 h admin in Feb.
    """
    a = make_officer(team="City Centre", joined_on=dt.date(2020, 1, 1))
    b = make_officer(team="County North", joined_on=dt.date(2020, 1, 1))
    c = make_officer(
        team="City Centre",
        joined_on=dt.date(2026, 1, 10),
        status="training",
        independent_since=None,
    )
    make_duty(a, starts_at=at(2026, 1, 5, 10), hours=6, district="City")
    make_duty(a, starts_at=at(2026, 1, 20, 10), hours=4, district="City")
    make_duty(a, starts_at=at(2026, 2, 3, 10), hours=20, district="City")
    make_duty(a, starts_at=at(2026, 3, 3, 10), hours=18, district="Gedling")
    make_duty(a, starts_at=at(2026, 3, 9, 10), hours=8, status="booked")
    make_duty(b, starts_at=at(2026, 1, 31, 22), hours=4, district="Mansfield")
    make_duty(b, starts_at=at(2026, 1, 10, 8), hours=12, district="Mansfield")
    make_duty(c, starts_at=at(2026, 2, 4, 9), hours=5, duty_type="admin", patrol_mode="")
    b.status, b.left_on = "left", dt.date(2026, 2, 15)
    b.save()
    return {"a": a, "b": b, "c": c}


@override_settings(PREVHUB_SPECIALS_MINIMUM_RULE="month", PREVHUB_SPECIALS_MINIMUM_HOURS=16)
def test_hours_by_month_team_type_and_area_equal_the_hand_count(roster: dict[str, Any]) -> None:
    m = selectors.hours_measures(first="2026-01", last="2026-03")
    # Jan: A 6+4=10, B 4+12=16 -> 26. Feb: A 20, C 5 -> 25. Mar: A 18 (booked 8 left out) -> 18.
    assert [(r["month"], r["hours"]) for r in m.monthly] == [
        ("2026-01", 26.0),
        ("2026-02", 25.0),
        ("2026-03", 18.0),
    ]
    assert m.total_hours == 69.0  # 26 + 25 + 18
    # Teams: City Centre A 48 + C 5 = 53; County North B 16.
    assert m.by_team == [
        {"team": "City Centre", "hours": 53.0},
        {"team": "County North", "hours": 16.0},
    ]
    # Types: admin 5 (C); patrol 64 (the rest).
    assert m.by_type == [
        {"duty_type": "Admin", "hours": 5.0},
        {"duty_type": "Patrol", "hours": 64.0},
    ]
    # Areas: City 30 (6+4+20), Gedling 18, Mansfield 16, no district 5 (C's admin).
    assert m.by_area == [
        {"area": "(no district)", "hours": 5.0},
        {"area": "City", "hours": 30.0},
        {"area": "Gedling", "hours": 18.0},
        {"area": "Mansfield", "hours": 16.0},
    ]
    # Meeting 16 h, month rule. Counted = joined before the month began and not left by its end.
    # Jan: A (10, no), B (16, yes); C joined 10 Jan: not counted -> 1 of 2.
    # Feb: A (20, yes); B left 15 Feb: not counted; C (5, no) -> 1 of 2.
    # Mar: A (18, yes); C (0, no) -> 1 of 2.
    assert [(r["officers_meeting"], r["officers_counted"]) for r in m.monthly] == [
        (1, 2),
        (1, 2),
        (1, 2),
    ]
    # Joiners: C in Jan. Leavers: B in Feb.
    assert [(r["joiners"], r["leavers"]) for r in m.monthly] == [(1, 0), (0, 1), (0, 0)]
    # Retention: serving on 1 Jan = A, B (C joined later); still serving after 31 Mar = A -> 1/2.
    assert (m.serving_at_start, m.retained_at_end, m.retention) == (2, 1, 0.5)


@override_settings(PREVHUB_SPECIALS_MINIMUM_RULE="average", PREVHUB_SPECIALS_AVERAGE_MONTHS=3)
def test_the_three_month_average_rule_and_rolling_average_equal_the_hand_count(
    roster: dict[str, Any],
) -> None:
    m = selectors.hours_measures(first="2026-03", last="2026-03")
    # March, 16 h on average over Jan-Mar (months the officer was counted in):
    # A (10 + 20 + 18) / 3 = 16.0 -> meets; C counted in Feb and Mar only: (5 + 0) / 2 = 2.5 -> no;
    # B left in Feb: not counted in March.
    row = m.monthly[0]
    assert (row["officers_meeting"], row["officers_counted"]) == (1, 2)
    # Rolling 3-month average hours per counted officer-month, Jan-Mar:
    # hours 26 + 25 + 18 = 69; officer-months Jan 2 (A, B) + Feb 2 (A, C) + Mar 2 (A, C) = 6
    # -> 69 / 6 = 11.5.
    assert row["rolling_average"] == pytest.approx(11.5)


@override_settings(PREVHUB_SPECIALS_HOURLY_VALUE=20)
def test_the_hours_value_and_deployments_to_problems_and_cells(roster: dict[str, Any]) -> None:
    from prevhub.core.testing import make_user
    from prevhub.problems.models import Problem

    problem = Problem.objects.create(title="Night-time economy", owner=make_user("coordinator"))
    make_duty(roster["a"], starts_at=at(2026, 3, 20, 20), hours=3, problem=problem)
    make_duty(roster["a"], starts_at=at(2026, 3, 21, 20), hours=2, hotspot_cell="E457250N339750")
    m = selectors.hours_measures(first="2026-03", last="2026-03")
    assert m.total_hours == 23.0  # 18 + 3 + 2
    assert m.value == 460.0  # 23 h x £20
    assert (m.problem_hours, m.hotspot_hours) == (3.0, 2.0)
    from prevhub.core.registry import registry

    shown = registry().problem_deployments(None, problem)
    assert [(d.label, d.hours, d.source) for d in shown] == [("Patrol, 1 officer", 3.0, "Specials")]


def test_team_figures_suppress_percentages_of_fewer_than_five_officers(
    roster: dict[str, Any],
) -> None:
    from django.apps import apps

    figures = apps.get_app_config("specials").team_figures(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 4, 1)
    )
    labels = {f.label: f.value for f in figures}
    assert labels["Special constables' hours worked"] == 69.0
    assert "Officers meeting the minimum hours" not in labels  # 2 counted < 5: suppressed


def test_expiry_alerts_at_90_60_30_days() -> None:
    today = dt.date(2026, 12, 2)
    make_officer(collar_number="V1", vetting_expires_on=today + dt.timedelta(days=75))
    make_officer(collar_number="V2", vetting_expires_on=today + dt.timedelta(days=30))
    make_officer(collar_number="V3", vetting_expires_on=today - dt.timedelta(days=1))
    make_officer(collar_number="V4", vetting_expires_on=today + dt.timedelta(days=91))
    found = {
        (a.collar_number, a.stage, a.expired)
        for a in selectors.expiry_alerts(today=today)
        if a.what.startswith("Vetting")
    }
    # 75 days left: the 90-day alert; 30: the 30-day alert; expired yesterday; 91 days: none yet.
    assert found == {("V1", 90, False), ("V2", 30, False), ("V3", None, True)}
