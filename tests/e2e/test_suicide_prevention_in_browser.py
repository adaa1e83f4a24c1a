"""The suicide prevention register in real Chromium: the lead sees the cluster alert, records
a suspected suicide through the form (a wrong latitude is refused naming the field), reads
the monthly report with its chart drawn under the Content Security Policy, and opens a SARA
problem from a location of concern; a partner sees only the record shared with it; an
administrator without the role sees only that the register is need-to-know. Every page is
checked with axe-core and must raise no console error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.suicide_prevention.models import LocationOfConcern, SurveillanceRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def assert_page_is_clean(page: Any) -> None:
    violations = page.axe_violations()
    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
    assert page.console_errors == [], page.console_errors


def _cluster(location: LocationOfConcern) -> list[SurveillanceRecord]:
    """Four deaths at one bridge within a month, six elsewhere months apart (invented): the
    bridge deaths take the four closest dates 1 time in C(10, 4) = 210 by chance."""
    now = timezone.now()
    made = [
        SurveillanceRecord.objects.create(
            kind="death", status="suspected", occurred_at=now - dt.timedelta(days=5 + 7 * k),
            latitude=location.latitude + 0.0005 * k, longitude=location.longitude,
            place_type="height", location=location, method="fall", age_band="25-34",
            sex="male",
        )
        for k in range(4)
    ]  # fmt: skip
    for k in range(1, 7):
        made.append(
            SurveillanceRecord.objects.create(
                kind="death", status="suicide", concluded_on=timezone.localdate(),
                occurred_at=now - dt.timedelta(days=50 + 50 * k), latitude=53.2 + 0.1 * k,
                longitude=-1.4, place_type="home", method="hanging", age_band="45-54",
                sex="female",
            )
        )  # fmt: skip
    return made


def test_the_lead_sees_the_alert_records_a_death_and_reads_the_report(page: Any) -> None:
    cache.clear()
    lead = make_user(roles.SUICIDE_PREVENTION, username="rtslead", password=PASSWORD)
    lead.groups.add(Group.objects.get_or_create(name=roles.COORDINATOR)[0])
    location = LocationOfConcern.objects.create(
        name="Example viaduct", place_type="height", latitude=52.9536, longitude=-1.1505,
        lsoa_code="E01013811", district="Nottingham City", identified_on=dt.date(2026, 1, 5),
    )  # fmt: skip
    _cluster(location)
    page.login("rtslead", PASSWORD)
    assert "Possible cluster: 4 linked deaths" in page.page.content()  # the start page panel
    nav = page.page.get_by_role("navigation", name="Hub areas")
    nav.get_by_role("link", name="Suicide prevention").click()
    assert page.page.get_by_test_id("cluster-alert").is_visible()
    pane = page.page.locator("#locations-map .leaflet-overlay-pane")
    pane.locator("path").first.wait_for(state="attached", timeout=10_000)
    assert pane.locator("path").count() == 1  # the one location of concern
    assert "4" in page.page.get_by_test_id("locations-table").inner_text()
    assert_page_is_clean(page)

    page.page.get_by_role("link", name="Review the cluster alert").click()
    assert page.page.get_by_test_id("cluster-test").is_visible()
    assert_page_is_clean(page)

    page.goto("/suicide-prevention/records/add/")
    page.page.get_by_label("Occurred at").fill("2026-11-20T02:15")
    page.page.get_by_label("Latitude").fill("-1.15")  # swapped with the longitude
    page.page.get_by_label("Longitude").fill("52.95")
    page.page.get_by_label("Place type").select_option("water")
    page.page.get_by_label("Method").select_option("drowning")
    page.page.get_by_label("Age band").select_option("18-24")
    page.page.get_by_label("Sex").select_option("female")
    page.page.get_by_role("button", name="Save").click()
    summary = page.page.locator(".govuk-error-summary").inner_text()
    assert "Latitude" in summary and "between 49.8 and 60.9" in summary
    assert_page_is_clean(page)
    page.page.get_by_label("Latitude").fill("52.95")
    page.page.get_by_label("Longitude").fill("-1.15")
    page.page.get_by_role("button", name="Save").click()
    assert "Surveillance record created." in page.page.content()
    assert SurveillanceRecord.objects.count() == 11
    assert_page_is_clean(page)

    page.goto("/suicide-prevention/report/")
    page.page.wait_for_selector("#report-chart canvas", timeout=10_000)
    assert page.page.get_by_test_id("report-concluded-sex").is_visible()
    assert "[c]" in page.page.get_by_test_id("report-monthly").inner_text()
    assert_page_is_clean(page)

    page.goto(location.get_absolute_url())
    assert_page_is_clean(page)
    page.page.get_by_test_id("open-problem").click()
    assert "/problems/add/" in page.page.url and "E01013811" in page.page.content()


def test_a_partner_sees_only_what_is_shared_and_an_admin_only_the_landing_page(
    page: Any,
) -> None:
    support = OrganisationFactory(slug="support", name="Bereavement Support (test)")
    make_user(roles.PARTNER, support, username="supporter", password=PASSWORD)
    make_user(roles.ADMIN, username="admin", password=PASSWORD)
    now = timezone.now()
    shared, hidden = (
        SurveillanceRecord.objects.create(
            kind="death", status="suspected", occurred_at=now - dt.timedelta(days=d),
            latitude=52.95, longitude=-1.15, place_type="home", age_band="55-64", sex="male",
        )
        for d in (3, 4)
    )  # fmt: skip
    shared.shared_with.add(support)
    page.login("supporter", PASSWORD)
    page.goto("/suicide-prevention/records/")
    listed = page.page.content()
    assert shared.reference in listed and hidden.reference not in listed
    assert_page_is_clean(page)
    assert page.goto(hidden.get_absolute_url()).status == 404
    assert page.goto("/suicide-prevention/report/").status == 404
    page.console_errors.clear()  # the two 404s just asked for, logged by the browser

    page.page.context.clear_cookies()
    page.login("admin", PASSWORD)
    page.goto("/suicide-prevention/")
    assert "need-to-know" in page.page.content()
    assert_page_is_clean(page)
    assert page.goto(shared.get_absolute_url()).status == 404
