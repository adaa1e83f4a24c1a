"""The safeguarding register in real Chromium: an officer walks a DVPN from application to
service and sees its statutory hearing deadline, records a breach against an order in force and
is refused one against an expired order, finds the items due in the work queue; someone without
the role gets 404 and no navigation entry. Every page is checked with axe-core and must raise no
Content Security Policy error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import make_user
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.models import Breach, ProtectionOrder, SafeguardingCase
from prevhub.safeguarding.services import victim_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def assert_page_is_clean(page: Any) -> None:
    violations = page.axe_violations()
    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
    assert page.console_errors == [], page.console_errors


def _case() -> SafeguardingCase:
    victim = victim_register(given_name="Rowan", family_name="Browsertest")
    return SafeguardingCase.objects.create(victim=victim, abuse_types=["domestic_abuse"])


def test_an_officer_walks_a_dvpn_to_service_and_records_breaches(page: Any) -> None:
    make_user(roles.SAFEGUARDING, username="officer", password=PASSWORD)
    case = _case()
    dvpn = ProtectionOrder.objects.create(case=case, kind=OrderKind.DVPN)
    expired = ProtectionOrder.objects.create(
        case=case,
        kind=OrderKind.DVPO,
        status=OrderStatus.ACTIVE,
        made_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 14),
    )
    page.login("officer", PASSWORD)
    nav = page.page.get_by_role("navigation", name="Hub areas")
    nav.get_by_role("link", name="Safeguarding").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Safeguarding work queue"
    assert_page_is_clean(page)

    page.goto(f"/safeguarding/cases/{case.pk}/")
    assert "Rowan Browsertest" in page.page.get_by_test_id("victim-name").inner_text()
    assert_page_is_clean(page)
    assert AuditEntry.objects.filter(
        action="view", object_type="people.person", object_id=str(case.victim_id)
    ).exists()

    page.goto(f"/safeguarding/orders/{dvpn.pk}/")
    assert_page_is_clean(page)
    for status, when in (
        ("Applied for", "2026-04-02T15:00"),
        ("Granted", "2026-04-02T16:00"),
        ("Served", "2026-04-02T18:00"),
    ):
        page.page.get_by_label("New status").select_option(label=status)
        page.page.get_by_label("When").fill(when)
        page.page.get_by_role("button", name="Record").click()
        assert "is now" in page.page.content()
    content = page.page.content()
    # Served Thursday 2 April 2026 18:00: Good Friday, Sunday and Easter Monday do not count.
    assert "07 Apr 2026 18:00" in content
    assert_page_is_clean(page)

    page.page.get_by_role("link", name="Record a breach").click()
    page.page.get_by_label("Occurred at").fill("2026-04-03T21:00")
    page.page.get_by_label("Description").fill("Came to the house.")
    page.page.get_by_label("Action taken").select_option("arrest")
    page.page.get_by_role("button", name="Save").click()
    assert "Breach created" in page.page.content()
    assert Breach.objects.filter(order=dvpn).count() == 1
    assert ProtectionOrder.objects.get(pk=dvpn.pk).status == OrderStatus.BREACHED

    page.goto(f"/safeguarding/breaches/add/?order={expired.pk}")
    page.page.get_by_label("Occurred at").fill("2026-03-20T10:00")
    page.page.get_by_label("Description").fill("Phoned.")
    page.page.get_by_label("Action taken").select_option("file")
    page.page.get_by_role("button", name="Save").click()
    assert "There is a problem" in page.page.content() and "had expired" in page.page.content()
    assert_page_is_clean(page)
    assert not Breach.objects.filter(order=expired).exists()


def test_someone_without_the_role_gets_404_and_no_navigation(page: Any) -> None:
    case = _case()
    make_user(roles.ANALYST, username="ana", password=PASSWORD)
    page.login("ana", PASSWORD)
    labels = (
        page.page.get_by_role("navigation", name="Hub areas").get_by_role("link").all_inner_texts()
    )
    assert "Safeguarding" not in labels
    response = page.goto(f"/safeguarding/cases/{case.pk}/")
    assert response.status == 404
    assert "Browsertest" not in page.page.content()
    # The browser reports the page's own 404 status; anything else would be an error.
    page.console_errors = [e for e in page.console_errors if "status of 404" not in e]
    assert_page_is_clean(page)


def test_the_registers_lists_forms_measures_and_retention_pages_are_accessible(page: Any) -> None:
    from prevhub.safeguarding.demo import load_safeguarding_demo

    make_user(roles.SAFEGUARDING, username="safeguarding", password=PASSWORD)
    load_safeguarding_demo()
    page.login("safeguarding", PASSWORD)
    case = SafeguardingCase.objects.first()
    assert case is not None
    for path in (
        "/safeguarding/",
        "/safeguarding/cases/",
        "/safeguarding/cases/add/",
        "/safeguarding/victims/add/",
        f"/safeguarding/cases/{case.pk}/edit/",
        "/safeguarding/orders/",
        "/safeguarding/orders/add/",
        "/safeguarding/assessments/",
        "/safeguarding/assessments/add/",
        "/safeguarding/marac/",
        "/safeguarding/marac/add/",
        "/safeguarding/incidents/",
        "/safeguarding/breaches/",
        "/safeguarding/measures/",
        "/safeguarding/retention/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert_page_is_clean(page)
    for order in ProtectionOrder.objects.all():
        page.goto(f"/safeguarding/orders/{order.pk}/")
        assert_page_is_clean(page)
