"""The register's measures: cohort members' offender references keyed with the store's salt,
custody spells from the register, figures equal to the hand count of the library's extract
(tests/crime/test_reoffending.py, where each row's window is worked out in comments); small
cells suppressed on the page; the hub lead sees the measures and no record."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.crime.store import CrimeStore
from prevhub.reoffending import selectors
from prevhub.reoffending.models import CustodySpell
from tests.crime.test_reoffending import ROWS
from tests.reoffending.helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    extract = tmp_path / "extract.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["crime_reference", "recorded_date", "offence_code", "offender_id"])
        writer.writerows(ROWS)
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as writer_store:
        writer_store.ingest_recorded_crime(extract, force="nottinghamshire")
    monkeypatch.setenv("PREVHUB_STORE", str(path))
    return path


@pytest.fixture
def cohort(db: Any) -> None:
    a = make_member(offender_reference="OFF-A", selected_on=dt.date(2024, 1, 1))
    CustodySpell.objects.create(
        member=a, started_on=dt.date(2024, 3, 1), released_on=dt.date(2024, 5, 1)
    )
    make_member(offender_reference="OFF-B", selected_on=dt.date(2024, 6, 1))
    make_member(offender_reference="OFF-C", selected_on=dt.date(2025, 9, 1))


def test_register_figures_equal_the_hand_count(store: Path, cohort: None) -> None:
    report = selectors.measures_report()
    before, year1, year2 = report.groups["cohort"].windows
    # The hand count of tests/crime/test_reoffending.py: before 3 people, 6 offences, 1006.5
    # harm days; year 1: 2 people (C not yet followed up), 1 reoffender, 2 offences, 7 days.
    assert (before.people, before.offences, before.harm_days) == (3, 6, 1006.5)
    assert (year1.people, year1.incomplete, year1.reoffenders, year1.offences) == (2, 1, 1, 2)
    assert year1.harm_days == 7.0 and year2.offences == 2
    # Comparison group (PREVHUB_REOFFENDING_COMPARISON_MIN_OFFENCES = 3): D has 2, nobody else
    # outside the cohort has 3 in a year before an index date.
    assert "comparison" not in report.groups


def test_comparison_group_follows_the_setting(store: Path, cohort: None, settings: Any) -> None:
    settings.PREVHUB_REOFFENDING_COMPARISON_MIN_OFFENCES = 2
    report = selectors.measures_report()
    assert report.groups["comparison"].people == 1  # D, as in the library's test


def test_measures_page_suppresses_small_cells_and_says_what_it_cannot_tell(
    store: Path, cohort: None, client: Any
) -> None:
    client.force_login(make_user(roles.OFFENDER_MANAGER))
    page = client.get("/reoffending/measures/").content.decode()
    assert "Not shown: fewer than 5 people." in page  # 3 and 2 people
    assert "Regression to the mean" in page
    assert "1006.5" not in page and "IOM-" not in page  # no member named, no small figure


def test_hub_lead_sees_measures_and_no_record(store: Path, cohort: None, client: Any) -> None:
    lead = make_user(roles.HUB_LEAD)
    client.force_login(lead)
    assert client.get("/reoffending/").status_code == 200
    assert client.get("/reoffending/measures/").status_code == 200
    assert client.get("/reoffending/members/").status_code == 404
    assert client.get("/reoffending/retention/").status_code == 404
    api = api_client_for(lead)
    assert api.get("/api/reoffending/measures/").status_code == 200
    assert api.get("/api/reoffending/members/").status_code == 404
    assert api.get("/api/reoffending/alerts/").status_code == 404


def test_measures_with_five_people_are_shown(store: Path, cohort: None, client: Any) -> None:
    # Two more members with no offences at all, selected 2024-02-01: before and year 1 complete.
    make_member(offender_reference="OFF-N1", selected_on=dt.date(2024, 2, 1))
    make_member(offender_reference="OFF-N2", selected_on=dt.date(2024, 2, 1))
    rows = selectors.measure_rows(selectors.measures_report())
    before = next(r for r in rows if r["group_key"] == "cohort" and r["window"] == "Before")
    # 5 people before selection, 3 reoffended (A, B, C): 60%.
    assert before["people"] == 5 and before["binary_rate_pct"] == 60.0
    client.force_login(make_user(roles.OFFENDER_MANAGER))
    page = client.get("/reoffending/measures/").content.decode()
    assert "60.0%" in page and 'data-testid="reoffending-chart"' in page


def test_no_store_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, client: Any) -> None:
    monkeypatch.setenv("PREVHUB_STORE", str(tmp_path / "none.duckdb"))
    client.force_login(make_user(roles.HUB_LEAD))
    assert "There is no crime store yet" in client.get("/reoffending/measures/").content.decode()
