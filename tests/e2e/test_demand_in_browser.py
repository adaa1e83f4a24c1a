"""The Measure page's demand section in real Chromium: the demand chart draws under the
Content Security Policy, the repeat lists show keyed ids, a repeat address opens a problem with
its area filled in, the repeat-caller CSV downloads, and axe-core finds no serious problem.
Screenshots are saved to test-results/."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from prevhub.core import roles
from prevhub.core.testing import make_user
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"
QUERY = "?force=nottinghamshire&period_from=2024-01&period_to=2024-03&baseline=last-year"


def test_a_coordinator_reads_demand_and_opens_a_problem_at_a_repeat_address(
    page: Any, use_demo_store: Any
) -> None:
    cache.clear()
    make_user(roles.COORDINATOR, username="cora", password=PASSWORD)
    page.login("cora", PASSWORD)
    page.page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/measure/" + QUERY)
    demand = page.page.get_by_test_id("demand")
    assert "incidents in Jan 2024 to Mar 2024" in demand.inner_text()
    assert "fewer incidents" in page.page.get_by_test_id("headline").inner_text()
    page.page.locator("#demand-chart canvas").wait_for(state="attached", timeout=10_000)
    callers = page.page.get_by_test_id("repeat-callers").locator("tbody tr")
    assert callers.count() == 6  # README-incidents.md: six repeat callers in Jan-Mar 2024
    assert "CALLER" not in demand.inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(SHOTS / "measure-demand.png"), full_page=True)
    assert_page_is_clean(page)

    with page.page.expect_download() as info:
        page.page.get_by_role("link", name="CSV of every repeat callers").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    assert len(rows) == 6 and all(len(r["key"]) == 32 for r in rows)

    first = page.page.get_by_test_id("repeat-addresses").locator("tbody tr").first
    lsoa = first.locator("th .govuk-body-s").first.inner_text().split(", ")[-1]
    first.get_by_role("link", name="Open a problem").click()
    assert "/problems/" in page.page.url and lsoa in page.page.url
    assert lsoa in page.page.content()
    assert_page_is_clean(page)
