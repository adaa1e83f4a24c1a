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
    assert "7 Apr 2026, 18:00" in content
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


def test_the_queue_sets_a_hearing_due_tomorrow_apart_and_leads_to_the_step_it_needs(
    page: Any,
) -> None:
    """A DVPO hearing listed in 20 hours sits above an order ending in 7 days, tagged in words
    and in a different colour; the high-risk case's row leads to a MARAC referral with the
    case filled in; the measures chart is drawn under the Content Security Policy."""
    from django.utils import timezone

    from prevhub.safeguarding.models import RiskAssessment

    make_user(roles.SAFEGUARDING, username="officer", password=PASSWORD)
    now = timezone.localtime()
    case = _case()
    hearing = ProtectionOrder.objects.create(
        case=case,
        kind=OrderKind.DVPO,
        status=OrderStatus.APPLIED,
        hearing_at=now + dt.timedelta(hours=20),
    )
    ending = ProtectionOrder.objects.create(
        case=case,
        kind=OrderKind.DVPO,
        status=OrderStatus.ACTIVE,
        made_on=now.date() - dt.timedelta(days=7),
        ends_on=now.date() + dt.timedelta(days=6),
    )
    high = _case()
    RiskAssessment.objects.create(
        case=high,
        answers={f"q{i}": "yes" if i <= 15 else "no" for i in range(1, 28)},
        assessed_at=now - dt.timedelta(days=1),
    )
    page.login("officer", PASSWORD)
    page.goto("/safeguarding/")
    rows = page.page.get_by_test_id("queue-row")
    assert rows.count() == 3
    texts = rows.all_inner_texts()
    assert high.reference in texts[0] and "Action needed" in texts[0]
    assert hearing.reference in texts[1] and "Due within 24 hours" in texts[1]
    assert ending.reference in texts[2] and "Due later" in texts[2]
    colours = [
        rows.nth(i).get_by_test_id("urgency").evaluate("e => getComputedStyle(e).backgroundColor")
        for i in (1, 2)
    ]
    assert colours[0] != colours[1], colours
    page.page.screenshot(path="/tmp/ux-safeguarding-queue.png", full_page=True)
    assert_page_is_clean(page)

    rows.nth(0).get_by_role("link", name=f"Refer to MARAC for {high.reference}").click()
    assert page.page.get_by_label("Case").evaluate("e => e.selectedOptions[0].value") == str(
        high.pk
    )
    assert_page_is_clean(page)

    page.goto(f"/safeguarding/cases/{high.pk}/")
    banner = page.page.get_by_test_id("case-needs")
    assert "no MARAC referral" in banner.inner_text()
    page.page.screenshot(path="/tmp/ux-safeguarding-case.png", full_page=True)
    assert_page_is_clean(page)

    page.goto(f"/safeguarding/orders/{hearing.pk}/")
    deadlines = page.page.get_by_test_id("order-deadlines")
    assert "Hearing listed for" in deadlines.inner_text()
    assert "Due within 24 hours" in deadlines.inner_text()
    page.page.screenshot(path="/tmp/ux-safeguarding-order.png", full_page=True)
    assert_page_is_clean(page)

    page.goto("/safeguarding/measures/")
    page.page.wait_for_selector("#measures-chart canvas")
    page.page.screenshot(path="/tmp/ux-safeguarding-measures.png", full_page=True)
    assert_page_is_clean(page)
