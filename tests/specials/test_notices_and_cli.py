"""Staged attendance notices, and the CLI's alerts and import commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import override_settings
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.specials import services
from prevhub.specials.models import AttendanceNotice, Officer
from tests.specials.helpers import at, make_duty, make_officer

pytestmark = pytest.mark.django_db


@override_settings(PREVHUB_SPECIALS_MINIMUM_RULE="month", PREVHUB_SPECIALS_MINIMUM_HOURS=16)
def test_notices_go_up_a_stage_each_time_and_skip_officers_who_met_the_minimum() -> None:
    low = make_officer(joined_on=dt.date(2020, 1, 1))
    fine = make_officer(joined_on=dt.date(2020, 1, 1))
    make_duty(low, starts_at=at(2026, 3, 2, 10), hours=4)  # 4 h in March: below 16
    make_duty(fine, starts_at=at(2026, 3, 2, 10), hours=16)  # exactly 16: meets
    make_duty(fine, starts_at=at(2026, 4, 2, 10), hours=20)  # and 20 in April; low: 0 in April
    first = services.attendance_notices_issue(month="2026-03", today=dt.date(2026, 4, 1))
    assert [(n.officer_id, n.stage, n.hours) for n in first] == [(low.pk, 1, 4.0)]
    # Ten days later: under the 28-day gap, so nothing new.
    assert services.attendance_notices_issue(month="2026-03", today=dt.date(2026, 4, 11)) == []
    second = services.attendance_notices_issue(month="2026-04", today=dt.date(2026, 5, 2))
    assert [(n.officer_id, n.stage) for n in second] == [(low.pk, 2)]
    assert AttendanceNotice.objects.filter(officer=fine).count() == 0


def test_the_alerts_command_lists_collar_numbers_not_names() -> None:
    make_officer(
        collar_number="ALERT1", given_name="Secret", vetting_expires_on=dt.date(2027, 1, 1)
    )
    result = CliRunner().invoke(
        app, ["specials", "alerts", "--on", "2026-12-02", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "ALERT1" in result.output and "Secret" not in result.output
    assert "30 days" in result.output  # 30 days left: the 30-day alert


def test_the_import_command_refuses_a_bad_roster_naming_line_and_field(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text("collar_number,given_name,family_name,team,joined_on\nZ1,A,B,T,soon\n")
    result = CliRunner().invoke(app, ["specials", "import", str(roster)])
    assert result.exit_code != 0
    assert "team.csv, line 2, joined_on: 'soon' is not a date" in str(result.exception)
    assert not Officer.objects.exists()


def test_the_start_page_panel_lists_expiries_and_audits_the_read(client) -> None:  # type: ignore[no-untyped-def]
    from prevhub.core import roles
    from prevhub.core.models import AuditEntry
    from prevhub.core.testing import make_user

    soon = dt.date.today() + dt.timedelta(days=20)
    officer = make_officer(collar_number="SOON1", vetting_expires_on=soon)
    client.force_login(make_user(roles.SPECIALS))
    page = client.get("/").content.decode()
    assert "Specials: vetting and qualifications expiring" in page and "SOON1" in page
    assert AuditEntry.objects.filter(
        object_type="specials.officer", object_id=str(officer.pk), detail="start page expiry alerts"
    ).exists()
    client.force_login(make_user(roles.ANALYST))
    assert "SOON1" not in client.get("/").content.decode()
