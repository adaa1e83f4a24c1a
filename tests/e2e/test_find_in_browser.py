"""The Find pages in real Chromium: Leaflet draws the layers without breaking the Content
Security Policy (no tiles configured: the data still draw), the tables and the near-repeat heat
table show, and axe-core finds no serious accessibility problem."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _map_paths(page: Any, map_id: str) -> int:
    """Leaflet's drawn shapes: SVG paths (or a canvas) inside the map's overlay pane."""
    pane = page.page.locator(f"#{map_id} .leaflet-overlay-pane")
    pane.locator("path, canvas").first.wait_for(state="attached", timeout=10_000)
    return pane.locator("path").count()


def test_an_analyst_maps_hot_spots_and_reads_the_near_repeat_table(
    page: Any, use_demo_store: Any
) -> None:
    make_user(roles.ANALYST, username="ana", password=PASSWORD)
    page.login("ana", PASSWORD)
    page.page.get_by_role("navigation", name="Hub areas").get_by_role("link", name="Find").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Find"
    drawn = _map_paths(page, "hotspot-map")
    assert drawn > 0
    assert page.page.locator("#hotspot-map").get_attribute("data-map-drawn") == str(drawn)
    assert page.page.get_by_test_id("hotspot-table").locator("tbody tr").count() == 25
    assert "snapped" in page.page.get_by_test_id("find-warnings").inner_text()
    assert_page_is_clean(page)

    # A popup names the cell in words (built as DOM text, not HTML).
    page.page.locator("#hotspot-map .leaflet-overlay-pane path").first.click(force=True)
    page.page.locator(".leaflet-popup-content").wait_for(timeout=5_000)
    assert "crimes" in page.page.locator(".leaflet-popup-content").inner_text()

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
    assert (
        "undefined at the scale of days"
        in page.page.get_by_test_id("month-dates-caveat").inner_text()
    )
    assert_page_is_clean(page)
