"""The Reports area in real Chromium: the hub lead's dashboard draws its charts within the
Content Security Policy and passes axe; the annual report is asked for on its page, built by
a real background worker on the embedded SQLite queue while the page polls its progress, and
downloaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_hub_lead_reads_the_dashboard_and_generates_the_report(
    page: Any, demo_year_store: Path, monkeypatch: pytest.MonkeyPatch, worker: None
) -> None:
    from django.core.cache import cache

    monkeypatch.setenv("PREVHUB_STORE", str(demo_year_store))
    cache.clear()
    make_user(roles.HUB_LEAD, username="lead", password=PASSWORD)
    page.login("lead", PASSWORD)
    page.page.get_by_role("navigation", name="Hub areas").get_by_role(
        "link", name="Reports"
    ).click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "The hub's year"
    assert "5,584 fewer" in page.page.get_by_test_id("headline-victim-based").inner_text()
    page.page.locator("#chart-victim-based canvas").wait_for(state="attached", timeout=15_000)
    assert_page_is_clean(page)

    page.page.get_by_role("link", name="Generate the annual report").click()
    page.page.get_by_label("HTML (one self-contained file)").check()
    page.page.get_by_role("button", name="Generate the report").click()
    status = page.page.get_by_test_id("job-status")
    assert status.get_attribute("data-status") in ("queued", "running", "done")
    # The page polls until the worker has finished (no reload by the test).
    page.page.wait_for_selector('[data-status="done"]', timeout=120_000)
    assert_page_is_clean(page)
    with page.page.expect_download() as download:
        page.page.get_by_test_id("job-result").click()
    saved = Path(download.value.path()).read_text()
    assert "768 fewer stalking and harassment offences" in saved


def test_an_analyst_uploads_police_uk_data_and_watches_it_load(
    page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker: None
) -> None:
    from prevhub.crime.demo import demo_archive

    monkeypatch.setenv("PREVHUB_STORE", str(tmp_path / "crime.duckdb"))
    make_user(roles.ANALYST, username="ana", password=PASSWORD)
    page.login("ana", PASSWORD)
    page.goto("/measure/")
    page.page.get_by_role("link", name="Load crime data").click()
    assert_page_is_clean(page)
    page.page.get_by_label("File").set_input_files(str(demo_archive()))
    page.page.get_by_role("button", name="Load the data").click()
    assert page.page.get_by_test_id("job-status").is_visible()
    page.page.wait_for_selector('[data-status="done"]', timeout=120_000)
    summary = page.page.get_by_test_id("job-summary").inner_text()
    assert "2023-01 to 2024-03" in summary
    assert_page_is_clean(page)
