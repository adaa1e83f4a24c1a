"""The Measure page in real Chromium: the chart draws without breaking the Content Security
Policy, the tables show, and axe-core finds no serious accessibility problem."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_reads_the_headline_chart_and_tables(page: Any, use_demo_store: Any) -> None:
    make_user(roles.ANALYST, username="ana", password=PASSWORD)
    page.login("ana", PASSWORD)
    page.page.get_by_role("navigation", name="Hub areas").get_by_role(
        "link", name="Measure"
    ).click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Measure"
    headline = page.page.get_by_test_id("headline").inner_text()
    assert "victim-based crimes" in headline and "rate ratio" in headline
    page.page.locator("#trend-chart canvas").wait_for(state="attached", timeout=10_000)
    rows = page.page.get_by_test_id("measure-district").locator("tbody tr")
    assert rows.count() >= 8  # Nottinghamshire's eight districts (plus any with no location)
    assert_page_is_clean(page)

    page.page.get_by_label("Compare with").select_option("last-year")
    page.page.get_by_label("From month").fill("2024-02")
    page.page.get_by_role("button", name="Show figures").click()
    assert "2024-02 to 2024-03" in page.page.content()
    assert_page_is_clean(page)
