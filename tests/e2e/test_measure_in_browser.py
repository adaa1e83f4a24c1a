"""The Measure page in real Chromium: the chart draws without breaking the Content Security
Policy, the tables show, flags lead to what they mean, a form error shows no stale figures, and
axe-core finds no serious accessibility problem. Screenshots are saved to test-results/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_analyst_reads_the_headline_chart_and_tables(page: Any, use_demo_store: Any) -> None:
    make_user(roles.ANALYST, username="ana", password=PASSWORD)
    page.login("ana", PASSWORD)
    page.page.set_viewport_size({"width": 1280, "height": 900})
    page.page.get_by_role("navigation", name="Hub areas").get_by_role(
        "link", name="Measure"
    ).click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Measure"
    headline = page.page.get_by_test_id("headline").inner_text()
    assert "victim-based crimes" in headline and "rate ratio" in headline
    assert "[counting-rule-change]" not in headline
    page.page.locator("#trend-chart canvas").wait_for(state="attached", timeout=10_000)
    # The demo holds Jan-Mar 2023 and 2024: the default (a year-earlier baseline) has a gap.
    assert "Apr 2023" in page.page.get_by_test_id("trend-gaps").inner_text()
    rows = page.page.get_by_test_id("measure-district").locator("tbody tr")
    assert rows.count() >= 8  # Nottinghamshire's eight districts (plus any with no location)
    classes = page.page.get_by_test_id("measure-class").inner_text()
    assert "Victim-based crime" in classes and "victim-based" not in classes
    _shot(page, "measure-default")
    assert_page_is_clean(page)

    # A flag is a link to its explanation on the same page.
    page.page.get_by_test_id("measure-class").get_by_role(
        "link", name="Counting-rule change"
    ).first.click()
    assert page.page.url.endswith("#flag-counting-rule-change")
    explanation = page.page.locator("#flag-counting-rule-change")
    assert explanation.is_visible() and "May 2023" in explanation.inner_text()
    assert explanation.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    )

    # A form the analyst must correct shows its error and no figures from before.
    page.page.get_by_label("From month").fill("2024-03")
    page.page.get_by_label("To month").fill("2024-01")
    page.page.get_by_role("button", name="Show figures").click()
    assert "The last month must be the same as or after the first" in page.page.content()
    assert page.page.get_by_test_id("headline").count() == 0
    assert page.page.get_by_test_id("measure-class").count() == 0
    _shot(page, "measure-form-error")
    assert_page_is_clean(page)

    page.page.get_by_label("Compare with").select_option("last-year")
    page.page.get_by_label("From month").fill("2024-02")
    page.page.get_by_label("To month").fill("2024-03")
    page.page.get_by_role("button", name="Show figures").click()
    assert "Feb 2024 to Mar 2024 against Feb 2023 to Mar 2023" in page.page.content()
    page.page.locator("#trend-chart canvas").wait_for(state="attached", timeout=10_000)
    _shot(page, "measure-feb-mar")
    assert_page_is_clean(page)
