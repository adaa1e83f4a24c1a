"""The Safer Business register in real Chromium, on the demo records and the real
Nottinghamshire sample: an officer opens the overview (with its map), a business, a survey and
its report, records a follow-up, and reads the crime around the action day's businesses; a
partnership's user sees only its members and the day it took part in. Every page is checked
with axe-core and must raise no console (CSP) error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from prevhub.business.demo import DEMO_PASSWORD, load_business_demo
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_page_is_clean(page: Any) -> None:
    violations = page.axe_violations()
    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
    assert page.console_errors == [], page.console_errors


def test_an_officer_works_the_register_and_reads_the_crime_around(
    page: Any, use_demo_store: Path
) -> None:
    load_business_demo()
    page.login("business", DEMO_PASSWORD)
    nav = page.page.get_by_role("navigation", name="Hub areas")
    nav.get_by_role("link", name="Safer Business").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Safer Business"
    page.page.wait_for_selector("[data-testid=business-map] .leaflet-interactive")
    assert page.page.locator("[data-testid=business-map] .leaflet-interactive").count() == 8
    assert_page_is_clean(page)

    page.page.get_by_role("link", name="Import businesses").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Import businesses"
    assert_page_is_clean(page)

    outfitters = Business.objects.get(name="Demo Outfitters")
    page.goto(outfitters.get_absolute_url())
    assert "Demo Manager (invented)" in page.page.content()  # the officer sees the contact
    assert_page_is_clean(page)

    survey = SecuritySurvey.objects.get(business=outfitters)
    page.goto(survey.get_absolute_url())
    assert_page_is_clean(page)
    page.page.get_by_role("link", name="The report for the business").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Demo Outfitters"
    assert "Building shell" in page.page.content()
    assert_page_is_clean(page)

    page.goto(f"/business/surveys/{survey.pk}/follow-up/")
    assert_page_is_clean(page)
    not_done = Recommendation.objects.filter(survey=survey, done_on__isnull=True).first()
    page.page.get_by_label("Date of the follow-up visit").fill("2024-04-02")
    page.page.get_by_label(str(not_done)).check()
    page.page.get_by_role("button", name="Save follow-up").click()
    assert "Follow-up saved." in page.page.content()
    assert Recommendation.objects.get(pk=not_done.pk).done_on == dt.date(2024, 4, 2)

    day = ActionDay.objects.get()
    page.goto(day.get_absolute_url())
    assert_page_is_clean(page)
    page.page.get_by_role("link", name="Business crime around the visited premises").click()
    summary = page.page.get_by_test_id("around-summary").inner_text()
    assert "Jan 2024 before and Mar 2024 after" in summary
    assert page.page.get_by_test_id("around-table").locator("tbody tr").count() == 8
    assert "snapped" in page.page.get_by_test_id("around-caveats").inner_text()
    page.page.wait_for_selector("[data-testid=around-map] .leaflet-interactive")
    assert_page_is_clean(page)


def test_a_partnership_sees_its_members_and_its_day_only(page: Any) -> None:
    load_business_demo()
    page.login("bcrp", DEMO_PASSWORD)
    page.goto("/business/businesses/")
    body = page.page.content()
    # the demo BCRP's members: Demo Outfitters, Sample Sports, Pretend Pharmacy, Fictional Foods
    for name in ("Demo Outfitters", "Sample Sports", "Pretend Pharmacy", "Fictional Foods"):
        assert name in body
    for name in ("Madeup Mobiles", "Example Express", "Invented Interiors"):
        assert name not in body
    assert_page_is_clean(page)
    day = ActionDay.objects.get()
    page.goto(day.get_absolute_url())
    visited = page.page.get_by_test_id("visited").inner_text()
    assert "Demo Outfitters" in visited and "Madeup Mobiles" not in visited
    assert "Demo Manager" not in page.page.content()
    assert_page_is_clean(page)
