"""The Measure page shows the crime library's figures, and they equal an independent count."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, make_user
from tests.insights.store_fixtures import DEMO_ZIP, independent_counts

pytestmark = pytest.mark.django_db
QUERY = {
    "force": "nottinghamshire",
    "period_from": "2024-01",
    "period_to": "2024-03",
    "baseline": "last-year",
}


def _sum(counts: Any, months: tuple[str, ...], cls: str) -> int:
    return sum(counts[(m, cls)] for m in months)


@pytest.fixture
def analyst(client: Any, use_demo_store: Any) -> Any:
    client.force_login(make_user(roles.ANALYST))
    return client


def test_victim_based_figures_equal_an_independent_count_of_the_csv_rows(analyst: Any) -> None:
    counts = independent_counts(DEMO_ZIP)
    current = _sum(counts, ("2024-01", "2024-02", "2024-03"), "victim-based")
    baseline = _sum(counts, ("2023-01", "2023-02", "2023-03"), "victim-based")
    page = analyst.get("/measure/", QUERY).content.decode()
    assert f">{current}<" in page and f">{baseline}<" in page
    fewer = baseline - current
    assert f"{fewer:,} fewer victim-based crimes" in page


def test_csv_export_of_the_class_table_matches_the_independent_count(analyst: Any) -> None:
    counts = independent_counts(DEMO_ZIP)
    response = analyst.get("/measure/", {**QUERY, "export": "csv", "by": "class"})
    rows = {r["class"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    victim = rows["victim-based"]
    assert int(victim["current"]) == _sum(counts, ("2024-01", "2024-02", "2024-03"), "victim-based")
    assert int(victim["baseline"]) == _sum(
        counts, ("2023-01", "2023-02", "2023-03"), "victim-based"
    )
    assert int(victim["change"]) == int(victim["current"]) - int(victim["baseline"])
    assert 0 < float(victim["p_value"]) <= 1
    assert float(victim["ci95_low"]) < float(victim["rate_ratio"]) < float(victim["ci95_high"])


def test_the_default_view_picks_a_window_whose_baseline_is_loaded(analyst: Any) -> None:
    page = analyst.get("/measure/").content.decode()
    assert 'value="2024-01"' in page and 'value="2024-03"' in page
    assert "fewer victim-based crimes" in page or "more victim-based crimes" in page


def test_a_missing_month_is_an_error_unless_allowed(analyst: Any) -> None:
    asked = {**QUERY, "period_from": "2023-12", "period_to": "2024-02"}
    page = analyst.get("/measure/", asked).content.decode()
    assert "These figures cannot be shown" in page and "2023-12" in page
    allowed = analyst.get("/measure/", {**asked, "allow_incomplete": "on"}).content.decode()
    assert "These figures cannot be shown" not in allowed


def test_a_malformed_month_is_refused_with_a_message(analyst: Any) -> None:
    page = analyst.get("/measure/", {**QUERY, "period_from": "2024-13"}).content.decode()
    assert "Enter a month as YYYY-MM" in page


def test_the_page_says_plainly_when_there_is_no_crime_store(
    client: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("PREVHUB_STORE", str(tmp_path / "none.duckdb"))
    client.force_login(make_user(roles.ANALYST))
    page = client.get("/measure/").content.decode()
    assert "no crime store here yet" in page


def test_partners_and_users_without_a_role_cannot_open_measure(
    client: Any, use_demo_store: Any
) -> None:
    client.force_login(make_user(roles.PARTNER, OrganisationFactory()))
    assert client.get("/measure/").status_code == 404
    client.force_login(make_user(None))
    assert client.get("/measure/").status_code == 404
