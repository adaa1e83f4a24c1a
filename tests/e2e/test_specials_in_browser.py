"""The Special Constabulary register in real Chromium: a specials leader opens the alerts, an
officer (vetting read audited), the duty list, the booking form refusing a duty for an officer
whose vetting has expired, the measures chart and the "where the hours went" page on the demo's
real crime data. Every page is checked with axe-core and must raise no console (CSP) error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import make_user
from prevhub.specials.demo import load_specials_demo
from prevhub.specials.models import Duty, Officer, QualificationKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def assert_page_is_clean(page: Any) -> None:
    violations = page.axe_violations()
    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
    assert page.console_errors == [], page.console_errors


def test_a_specials_leader_walks_the_register(page: Any, use_demo_store: Any) -> None:
    QualificationKind.objects.get_or_create(
        slug="officer-safety-training",
        defaults={"name": "Officer safety training", "required_for_duty": True},
    )
    load_specials_demo()
    make_user(roles.SPECIALS, username="leader", password=PASSWORD)
    lapsed = Officer.objects.create(
        collar_number="LAPSED1", given_name="Lee", family_name="Lapsed", team="City Centre",
        joined_on=dt.date(2020, 1, 1), status="independent", independent_since=dt.date(2021, 1, 1),
        vetting_level="rv", vetting_granted_on=dt.date(2019, 1, 1),
        vetting_expires_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    page.login("leader", PASSWORD)
    nav = page.page.get_by_role("navigation", name="Hub areas")
    nav.get_by_role("link", name="Specials").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Special Constabulary"
    assert "DEMO001" in page.page.get_by_test_id("alerts").inner_text()  # vetting expiring
    assert_page_is_clean(page)

    page.goto("/specials/officers/")
    assert_page_is_clean(page)
    officer = Officer.objects.get(collar_number="DEMO001")
    page.goto(f"/specials/officers/{officer.pk}/")
    assert_page_is_clean(page)
    assert AuditEntry.objects.filter(
        action="view", object_type="specials.officer", object_id=str(officer.pk), detail="detail"
    ).exists()

    page.goto("/specials/duties/")
    assert_page_is_clean(page)

    page.goto("/specials/duties/add/")
    form = page.page
    form.select_option("#id_officer", str(lapsed.pk))
    form.select_option("#id_duty_type", "patrol")
    form.select_option("#id_patrol_mode", "independent")
    form.select_option("#id_status", "booked")
    form.fill("#id_starts_at", "2027-01-09T22:00")
    form.fill("#id_ends_at", "2027-01-10T03:00")
    before = Duty.objects.count()
    with form.expect_navigation():
        form.get_by_role("button", name="Save").click()
    assert "vetting has expired" in form.content()
    assert Duty.objects.count() == before
    assert_page_is_clean(page)

    page.goto("/specials/measures/?from=2024-01&to=2024-03")
    page.page.locator("#hours-chart canvas, #hours-chart svg").first.wait_for(
        state="attached", timeout=10_000
    )
    assert "2024" in page.page.get_by_test_id("monthly-table").inner_text()
    assert_page_is_clean(page)

    page.goto("/specials/where-the-hours-went/?period=2024-01:2024-03")
    page.page.locator("#hours-crime-chart canvas, #hours-crime-chart svg").first.wait_for(
        state="attached", timeout=10_000
    )
    table = page.page.get_by_test_id("groups-table").inner_text()
    assert "Top hot spots" in table and "Everywhere else" in table
    assert "association, not an evaluation" in page.page.content()
    assert_page_is_clean(page)

    page.goto("/specials/officers/import/")
    assert_page_is_clean(page)


def test_someone_without_the_role_gets_no_specials_entry(page: Any) -> None:
    make_user(roles.ANALYST, username="analyst", password=PASSWORD)
    page.login("analyst", PASSWORD)
    nav = page.page.get_by_role("navigation", name="Hub areas")
    assert nav.get_by_role("link", name="Specials").count() == 0
    response = page.goto("/specials/officers/")
    assert response.status == 404
