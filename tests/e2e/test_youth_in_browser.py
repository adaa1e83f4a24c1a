"""The youth register in real Chromium: the coordinator opens the area from the navigation,
sees the renewal alert, is refused assigning a leader without a DBS check (the message names
the field), reads a child's record (audited, no health notes for the coordinator), sees the
measures chart drawn with its table; a school's user sees its cohort's session but no child;
an administrator sees only the need-to-know page. Every page is checked with axe-core and must
raise no console (Content Security Policy) error. Every child here is invented."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.youth.choices import UnitKind
from prevhub.youth.models import Assignment, Session, VolunteeringHours
from tests.youth.helpers import make_cadet, make_event, make_leader, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def assert_page_is_clean(page: Any) -> None:
    violations = page.axe_violations()
    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
    assert page.console_errors == [], page.console_errors


def test_the_coordinator_works_the_register_and_a_school_sees_only_its_cohort(page: Any) -> None:
    coordinator = make_user(roles.YOUTH, username="coordinator", password=PASSWORD)
    make_leader(coordinator, is_coordinator=True)
    school = OrganisationFactory(name="Fakefield Primary", slug="fakefield", kind="education")
    make_user(roles.PARTNER, school, username="teacher", password=PASSWORD)
    vpc = make_unit(UnitKind.VPC, name="Browsertown VPC")
    cohort = make_unit(UnitKind.MINI_POLICE, host=school, name="Fakefield Mini Police")
    unchecked = make_leader(
        make_user(None, username="newleader", first_name="Neo", last_name="Uncheckedfake"),
        dbs_checked_on=None,
    )
    make_leader(dbs_checked_on=dt.date(2023, 12, 20))  # lapses 20 Dec 2026: alerted
    cadet = make_cadet(
        vpc, given_name="Brow", family_name="Sertestchild", medical_notes="Asthma (test)"
    )
    pupil = make_cadet(cohort, given_name="Pupa", family_name="Fakepupil")
    Session.objects.create(
        unit=cohort, held_on=dt.date(2026, 10, 1), topic="Learning the law"
    ).attendees.add(pupil)
    event = make_event(vpc, held_on=dt.date(2026, 3, 14), latitude=52.95, longitude=-1.15)
    VolunteeringHours.objects.create(event=event, cadet=cadet, hours=3)

    page.login("coordinator", PASSWORD)
    page.page.get_by_role("navigation", name="Hub areas").get_by_role("link", name="Youth").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Youth: cadets and Mini Police"
    assert (
        "enhanced DBS check due for renewal"
        in page.page.get_by_test_id("youth-alerts").inner_text()
    )
    assert_page_is_clean(page)

    page.goto("/youth/assignments/add/")
    page.page.get_by_label("Leader").select_option(label=str(unchecked))
    page.page.get_by_label("Unit").select_option(label="Browsertown VPC")
    page.page.get_by_role("button", name="Save").click()
    summary = page.page.locator(".govuk-error-summary").inner_text()
    assert "Leader: Neo Uncheckedfake has no enhanced DBS check recorded" in summary
    assert not Assignment.objects.exists()
    assert_page_is_clean(page)

    page.goto(f"/youth/cadets/{cadet.pk}/")
    body = page.page.content()
    assert "Sertestchild" in body and "Asthma" not in body  # health notes: the unit's leaders only
    assert AuditEntry.objects.filter(
        action="view", object_type="youth.cadet", object_id=str(cadet.pk)
    ).exists()
    assert_page_is_clean(page)

    page.goto("/youth/measures/?from=2026-01&to=2026-12")
    page.page.wait_for_selector(
        "[data-testid=youth-hours-chart] svg, [data-testid=youth-hours-chart] canvas"
    )
    assert "Browsertown VPC" in page.page.get_by_test_id("youth-units").inner_text()
    assert_page_is_clean(page)

    page.page.context.clear_cookies()
    page.login("teacher", PASSWORD)
    page.goto("/youth/units/")
    assert (
        "Fakefield Mini Police" in page.page.content()
        and "Browsertown VPC" not in page.page.content()
    )
    assert_page_is_clean(page)
    session = Session.objects.get(unit=cohort)
    page.goto(f"/youth/sessions/{session.pk}/")
    assert "Learning the law" in page.page.content() and "Fakepupil" not in page.page.content()
    assert_page_is_clean(page)
    assert page.goto(f"/youth/cadets/{pupil.pk}/").status == 404


def test_an_administrator_sees_only_that_the_register_is_need_to_know(page: Any) -> None:
    make_user(roles.ADMIN, username="admin", password=PASSWORD)
    cadet = make_cadet()
    page.login("admin", PASSWORD)
    page.goto("/youth/")
    assert "need-to-know" in page.page.content()
    assert_page_is_clean(page)
    assert page.goto(f"/youth/cadets/{cadet.pk}/").status == 404
