"""The reoffending and substances registers in real Chromium: an offender manager sees the
reviews due, opens a member (the person's read audited), adds a need through the form, opens the
measures with their chart and table; the hub lead opens the measures but no record; a partner
sees only the member shared with them. Every page is checked with axe-core and must raise no
console error (Content Security Policy included)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.crime.store import CrimeStore
from prevhub.reoffending.models import CohortMember, PathwayNeed
from prevhub.substances.demo import load_substances_demo
from tests.reoffending.helpers import make_member, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def assert_page_is_clean(page: Any) -> None:
    violations = page.axe_violations()
    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
    assert page.console_errors == [], page.console_errors


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six members' offender ids with one offence each in the year before selection."""
    extract = tmp_path / "extract.csv"
    with extract.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["crime_reference", "recorded_date", "offence_code", "offender_id"])
        writer.writerow(["Z0", "2022-01-01", "46", "OFF-Z"])
        writer.writerow(["Z1", "2026-06-30", "46", "OFF-Z"])
        for i in range(6):
            writer.writerow([f"B{i}", "2023-06-01", "28E", f"OFF-{i}"])
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as writer_store:
        writer_store.ingest_recorded_crime(extract, force="nottinghamshire")
    monkeypatch.setenv("PREVHUB_STORE", str(path))


def test_an_offender_manager_works_the_cohort_and_reads_the_measures(
    page: Any, store: None
) -> None:
    make_user(roles.OFFENDER_MANAGER, username="om", password=PASSWORD)
    members = [
        make_member(
            person=make_person(given_name=f"Browser{i}"),
            offender_reference=f"OFF-{i}",
            selected_on=dt.date(2024, 1, 1),
            next_review_on=timezone.localdate(),
        )
        for i in range(6)
    ]
    page.login("om", PASSWORD)
    nav = page.page.get_by_role("navigation", name="Hub areas")
    nav.get_by_role("link", name="Reoffending").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Reoffending: reviews due"
    assert members[0].reference in page.page.get_by_test_id("alerts").inner_text()
    assert_page_is_clean(page)

    page.goto(f"/reoffending/members/{members[0].pk}/")
    assert "Browser0" in page.page.get_by_test_id("person-name").inner_text()
    assert_page_is_clean(page)
    assert AuditEntry.objects.filter(
        action="view", object_type="people.person", object_id=str(members[0].person_id)
    ).exists()

    page.goto("/reoffending/needs/add/")
    assert_page_is_clean(page)
    page.page.get_by_label("Member").select_option(str(members[0].pk))
    page.page.get_by_label("Pathway").select_option("accommodation")
    page.page.get_by_label("Need", exact=True).fill("Needs a tenancy.")
    page.page.get_by_label("Identified on").fill("2024-01-10")
    page.page.get_by_label("Started on").fill("2024-01-05")  # before identified: refused
    page.page.get_by_role("button", name="Save").click()
    assert "Started on cannot be before identified on." in page.page.content()
    assert_page_is_clean(page)
    page.page.get_by_label("Started on").fill("2024-01-15")
    page.page.get_by_role("button", name="Save").click()
    assert PathwayNeed.objects.filter(member=members[0], need="Needs a tenancy.").exists()

    page.goto("/reoffending/measures/")
    table = page.page.get_by_test_id("reoffending-table").inner_text()
    # Before selection: 6 people, each with one burglary in 2023: 100%.
    assert "100.0%" in table and "6" in table
    page.page.wait_for_selector("#reoffending-chart svg, #reoffending-chart canvas")
    assert_page_is_clean(page)


def test_hub_lead_reads_measures_and_partner_sees_only_what_is_shared(page: Any) -> None:
    council = OrganisationFactory()
    shared = make_member([council])
    hidden = make_member()
    make_user(roles.HUB_LEAD, username="lead", password=PASSWORD)
    make_user(roles.PARTNER, council, username="partner", password=PASSWORD)
    load_substances_demo()

    page.login("lead", PASSWORD)
    page.goto("/reoffending/")
    assert_page_is_clean(page)
    page.goto("/substances/measures/")
    assert "Diversion by age, sex and ethnicity" in page.page.content()
    assert_page_is_clean(page)
    assert page.goto(f"/reoffending/members/{shared.pk}/").status == 404
    page.console_errors.clear()  # the 404 just asked for

    page.page.context.clear_cookies()
    page.login("partner", PASSWORD)
    page.goto("/reoffending/members/")
    listing = page.page.content()
    assert shared.reference in listing and hidden.reference not in listing
    assert_page_is_clean(page)
    assert page.goto(f"/reoffending/members/{hidden.pk}/").status == 404
    assert page.goto("/reoffending/measures/").status == 404
    assert CohortMember.objects.count() == 2
