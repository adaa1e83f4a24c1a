"""The Find pages in real Chromium: Leaflet draws the layers without breaking the Content
Security Policy (no tiles configured: the LSOA and district outlines and the data still draw),
the tables name places, the repeat-locations page maps its points, the near-repeat heat table
shows, and axe-core finds no serious accessibility problem."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.crime.geography import force_boundaries
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _map_paths(page: Any, map_id: str) -> int:
    """Leaflet's drawn shapes: SVG paths (or a canvas) inside the map's overlay pane."""
    pane = page.page.locator(f"#{map_id} .leaflet-overlay-pane")
    pane.locator("path, canvas").first.wait_for(state="attached", timeout=10_000)
    return pane.locator("path").count()


def _boundaries_drawn(page: Any, map_id: str) -> int:
    """How many outlines the map drew under the data (set once both layers have loaded)."""
    element = page.page.locator(f"#{map_id}[data-boundaries-drawn]")
    element.wait_for(state="attached", timeout=10_000)
    return int(element.get_attribute("data-boundaries-drawn"))


def _shot(page: Any, name: str) -> None:
    """Screenshots for a person to look at, when FIND_SCREENSHOTS names a folder."""
    folder = os.environ.get("FIND_SCREENSHOTS")
    if folder:
        page.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_an_analyst_maps_hot_spots_and_reads_the_near_repeat_table(
    page: Any, use_demo_store: Any
) -> None:
    boundaries = force_boundaries("nottinghamshire")
    assert boundaries is not None  # packaged with the demo force
    outlines = len(boundaries.lsoa_code) + len(boundaries.districts)
    make_user(roles.COORDINATOR, username="cora", password=PASSWORD)
    page.login("cora", PASSWORD)
    page.page.get_by_role("navigation", name="Hub areas").get_by_role("link", name="Find").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Find"
    drawn = _map_paths(page, "hotspot-map")
    assert drawn > 0
    assert page.page.locator("#hotspot-map").get_attribute("data-map-drawn") == str(drawn)
    # Outlines of every LSOA and district, in their own pane under the data.
    assert _boundaries_drawn(page, "hotspot-map") == outlines
    assert page.page.locator("#hotspot-map .leaflet-boundaries-pane path").count() == outlines
    table = page.page.get_by_test_id("hotspot-table")
    assert table.locator("tbody tr").count() == 25
    # Each square is named by its place; the hottest are Nottingham city centre LSOAs.
    assert table.get_by_test_id("hotspot-place").first.inner_text().startswith("Nottingham ")
    caveats = page.page.get_by_test_id("find-caveats").inner_text()
    assert "Locations are approximate" in caveats and "binomtest" not in caveats
    _shot(page, "find-hotspots")
    assert_page_is_clean(page)

    # A popup names the cell in words (built as DOM text, not HTML), with its place.
    page.page.locator("#hotspot-map .leaflet-overlay-pane path").first.click(force=True)
    page.page.locator(".leaflet-popup-content").wait_for(timeout=5_000)
    popup = page.page.locator(".leaflet-popup-content").inner_text()
    assert "crimes" in popup and "Nottingham" in popup

    # "Open a problem here" leads to the problem form with the force and district chosen.
    link = table.get_by_test_id("open-problem").first
    link.click()
    page.page.wait_for_url("**/problems/add/**")
    assert page.page.get_by_label("Nottingham", exact=True).is_checked()
    # ... and the hot square's LSOA (a 2011 code from the packaged boundaries).
    assert re.fullmatch(r"E0\d{7}", page.page.locator("[name=lsoas_text]").input_value())
    page.page.go_back()

    page.page.get_by_label("Crimes", exact=True).select_option("Burglary")
    page.page.get_by_label("Method", exact=True).select_option("count")
    page.page.get_by_label("Map by", exact=True).select_option("district")
    page.page.get_by_role("button", name="Show hot spots").click()
    assert _map_paths(page, "hotspot-map") >= 8  # a circle per district
    assert "Rushcliffe" in page.page.get_by_test_id("hotspot-table").inner_text()
    assert_page_is_clean(page)

    page.page.get_by_role("navigation", name="Find pages").get_by_role(
        "link", name="Emerging hot spots"
    ).click()
    assert _map_paths(page, "emerging-map") > 0
    assert (
        "persistent hot spot" in page.page.get_by_test_id("emerging-map-key").inner_text().lower()
    )
    _shot(page, "find-emerging")
    assert_page_is_clean(page)

    # A period over months the store lacks: the error names them and no figures are shown.
    page.page.get_by_label("From month").fill("2023-01")
    page.page.get_by_role("button", name="Show emerging hot spots").click()
    summary = page.page.locator(".govuk-error-summary").inner_text()
    assert "April 2023 to December 2023 (9 months)" in summary
    assert page.page.locator("#emerging-map").count() == 0
    assert page.page.get_by_test_id("emerging-table").count() == 0
    _shot(page, "find-emerging-gap")
    assert_page_is_clean(page)

    page.page.get_by_role("navigation", name="Find pages").get_by_role(
        "link", name="Repeat locations"
    ).click()
    assert _map_paths(page, "repeats-map") > 0
    assert _boundaries_drawn(page, "repeats-map") == outlines
    repeats = page.page.get_by_test_id("repeats-table")
    assert repeats.locator("tbody tr").count() == 25
    assert "not repeat victims" in page.page.get_by_test_id("find-caveats").inner_text()
    _shot(page, "find-repeats")
    assert_page_is_clean(page)

    page.page.get_by_role("navigation", name="Find pages").get_by_role(
        "link", name="Near repeat"
    ).click()
    page.page.get_by_label("Permutations", exact=True).fill("99")
    page.page.get_by_label("Random seed (optional)").fill("11")
    page.page.get_by_role("button", name="Run the Knox test").click()
    table = page.page.get_by_test_id("knox-table")
    assert "same location (0 m)" in table.inner_text().lower()
    assert table.locator("tbody tr").count() == 6  # same location + 5 space bands
    assert "seed 11" in table.inner_text()
    # 28-day bands, one per month lag three months can hold: no column is empty by construction.
    lags = table.get_by_test_id("knox-month-lag").all_inner_texts()
    assert lags == ["Same month", "Next month", "2 months apart"]
    empty_columns = page.page.evaluate(
        """() => {
          const rows = [...document.querySelectorAll('[data-testid=knox-table] tbody tr')];
          const cells = rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.innerText));
          return cells[0].map((_, c) => c).filter(
            (c) => cells.every((row) => row[c].includes('no pairs expected')));
        }"""
    )
    assert empty_columns == []  # with 7-day bands, three columns in four were empty
    assert (
        "undefined at the scale of days"
        in page.page.get_by_test_id("month-dates-caveat").inner_text()
    )
    _shot(page, "find-near-repeat")
    assert_page_is_clean(page)
