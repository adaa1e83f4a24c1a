"""Alerts: DBS checks and safeguarding training due for renewal (90, 60 and 30 days ahead by
default; renewal every 3 years), cadets who reach the leaving age (18), children still on an
ended Mini Police cohort; the start-page panel and the daily command."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from typer.testing import CliRunner

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.youth import selectors
from prevhub.youth.choices import UnitKind
from tests.youth.helpers import (
    make_cadet,
    make_coordinator,
    make_leader,
    make_unit,
    make_unit_leader,
)

pytestmark = pytest.mark.django_db


def test_renewals_are_alerted_from_90_days_ahead() -> None:
    today = dt.date(2026, 12, 2)
    # Checked 1 Mar 2024 -> lapses 1 Mar 2027: 89 days ahead -> the 90-day alert.
    due = make_leader(
        dbs_checked_on=dt.date(2024, 3, 1), safeguarding_trained_on=dt.date(2026, 1, 1)
    )
    # Checked 2 Mar 2024 -> lapses 2 Mar 2027: 90 days ahead, inside the window.
    edge = make_leader(
        dbs_checked_on=dt.date(2024, 3, 2), safeguarding_trained_on=dt.date(2026, 1, 1)
    )
    # Checked 3 Mar 2024 -> 91 days ahead: not yet.
    make_leader(dbs_checked_on=dt.date(2024, 3, 3), safeguarding_trained_on=dt.date(2026, 1, 1))
    # Training of 1 Dec 2023 lapsed on 1 Dec 2026: overdue.
    lapsed = make_leader(
        dbs_checked_on=dt.date(2026, 1, 1), safeguarding_trained_on=dt.date(2023, 12, 1)
    )
    alerts = selectors.renewal_alerts(today)
    assert [(a.reference, a.kind, a.overdue) for a in alerts] == [
        (lapsed.reference, "training", True),
        (due.reference, "dbs", False),
        (edge.reference, "dbs", False),
    ]
    assert "(89 days; 90-day alert)" in alerts[1].text


def test_a_cadet_reaching_18_is_flagged_to_leave_or_become_an_adult_volunteer(client: Any) -> None:
    unit = make_unit()
    eighteen = make_cadet(unit, date_of_birth=dt.date(2008, 1, 10), joined_on=dt.date(2022, 1, 10))
    make_cadet(unit, date_of_birth=dt.date(2010, 1, 10), joined_on=dt.date(2024, 1, 10))
    found = selectors.children_alerts(make_coordinator(), dt.date(2026, 1, 10))
    assert [(a.kind, a.reference) for a in found] == [("leaving age", eighteen.reference)]
    assert selectors.children_alerts(make_coordinator(), dt.date(2026, 1, 9)) == []
    # A leader of another unit is not told about this child.
    assert selectors.children_alerts(make_unit_leader(make_unit()), dt.date(2026, 1, 10)) == []


def test_children_on_an_ended_mini_police_cohort_are_flagged() -> None:
    cohort = make_unit(UnitKind.MINI_POLICE, school_year=2025)  # ends 31 Jul 2026
    child = make_cadet(cohort, date_of_birth=dt.date(2016, 1, 1), joined_on=dt.date(2025, 9, 10))
    found = selectors.children_alerts(make_coordinator(), dt.date(2026, 12, 2))
    assert [(a.kind, a.reference) for a in found] == [("cohort ended", child.reference)]


def test_the_start_page_panel_and_the_alerts_command(client: Any, monkeypatch: Any) -> None:
    from prevhub.cli import app

    leader = make_leader(dbs_checked_on=dt.date(2023, 12, 1))  # lapsed 1 Dec 2026
    user = make_user(roles.YOUTH)
    client.force_login(user)
    home = client.get("/").content.decode()
    assert (
        "Youth: renewals and children to act on" in home and f"{leader}: enhanced DBS check" in home
    )
    assert "enhanced DBS check lapsed" in client.get("/youth/").content.decode()
    monkeypatch.setattr("prevhub.cli.platform.django_setup", lambda: None)
    out = CliRunner().invoke(app, ["youth", "alerts", "--format", "csv"])
    assert out.exit_code == 0 and f"dbs,{leader.reference}" in out.output
    client.force_login(make_user(roles.ANALYST))
    assert "Youth: renewals" not in client.get("/").content.decode()
