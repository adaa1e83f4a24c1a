"""The platform as a person uses it, in real Chromium: sign in, find the way, sign out, get
locked out, and (as an administrator) see what was done in the audit log. Every page visited is
checked with axe-core and must raise no Content Security Policy error."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def assert_page_is_clean(page: Any) -> None:
    violations = page.axe_violations()
    assert violations == [], [(v["id"], v["help"], v["nodes"][0]["target"]) for v in violations]
    assert page.console_errors == [], page.console_errors


def test_sign_in_navigate_and_sign_out(page: Any) -> None:
    make_user(roles.ANALYST, username="ana", password=PASSWORD, first_name="Ana")
    page.goto("/")
    assert "/accounts/login/" in page.page.url
    assert_page_is_clean(page)
    page.login("ana", PASSWORD)
    assert page.page.get_by_test_id("signed-in-user").inner_text().startswith("Ana")
    assert_page_is_clean(page)
    nav = page.page.get_by_role("navigation", name="Hub areas")
    labels = nav.get_by_role("link").all_inner_texts()
    assert "Measure" in labels and "Find" in labels
    assert "Safeguarding" not in labels and "Admin" not in labels
    nav.get_by_role("link", name="Reports").click()
    assert page.page.get_by_role("heading", level=1).inner_text() == "The hub's year"
    assert_page_is_clean(page)
    page.page.get_by_role("button", name="Sign out").click()
    page.goto("/")
    assert "/accounts/login/" in page.page.url


def test_repeated_wrong_passwords_lock_the_account(page: Any) -> None:
    make_user(roles.ANALYST, username="victim", password=PASSWORD)
    for _ in range(5):
        page.login("victim", "not the password")
        assert "There is a problem" in page.page.content() or "locked" in page.page.content()
    page.login("victim", PASSWORD)
    assert page.page.get_by_role("heading", level=1).inner_text() == "Your account is locked"
    # The browser reports the lock-out's own 429 status; anything else would be an error.
    page.console_errors = [e for e in page.console_errors if "status of 429" not in e]
    assert_page_is_clean(page)


def test_an_administrator_sees_a_sensitive_read_in_the_audit_log(page: Any) -> None:
    person = Person.objects.create(given_name="Casey", family_name="Fictional")
    make_user(roles.SAFEGUARDING, username="officer", password=PASSWORD)
    make_user(roles.ADMIN, username="boss", password=PASSWORD)
    page.login("officer", PASSWORD)
    page.goto(f"/people/{person.pk}/")
    assert "Casey Fictional" in page.page.content()
    assert_page_is_clean(page)
    page.page.get_by_role("button", name="Sign out").click()

    page.login("boss", PASSWORD)
    page.page.get_by_role("navigation", name="Hub areas").get_by_role("link", name="Admin").click()
    page.page.get_by_role("link", name="Audit log").click()
    page.page.get_by_label("Action").select_option("view")
    page.page.get_by_role("button", name="Apply filters").click()
    page.page.wait_for_url("**action=view**")  # count() does not wait for the new page
    rows = page.page.locator("table.govuk-table tbody tr")
    assert rows.count() == 1
    assert (
        "officer" in rows.first.inner_text() and "\tPerson\t" in rows.first.inner_text()
    )  # in words
    assert_page_is_clean(page)
    rows.first.get_by_role("link").click()
    content = page.page.content()
    assert person.reference in content and "Casey" not in content  # the log names no one
    assert AuditEntry.objects.filter(action="view", username="officer").count() == 1


def test_a_partner_sees_only_what_is_shared_and_gets_404_otherwise(page: Any) -> None:
    council = OrganisationFactory(name="City Council", slug="city-council")
    shared = Person.objects.create(given_name="Shared", family_name="Person")
    shared.shared_with.add(council)
    private = Person.objects.create(given_name="Private", family_name="Person")
    make_user(roles.PARTNER, council, username="pat", password=PASSWORD)
    page.login("pat", PASSWORD)
    page.goto("/people/")
    content = page.page.content()
    assert "Shared" in content and "Private" not in content
    assert_page_is_clean(page)
    response = page.goto(f"/people/{private.pk}/")
    assert response.status == 404
    assert page.page.get_by_role("heading", level=1).inner_text() == "Page not found"


def test_adding_a_person_through_the_form(page: Any) -> None:
    make_user(roles.SAFEGUARDING, username="keeper", password=PASSWORD)
    page.login("keeper", PASSWORD)
    page.goto("/people/add/")
    assert_page_is_clean(page)
    page.page.get_by_role("button", name="Save").click()
    assert "There is a problem" in page.page.content()
    assert_page_is_clean(page)
    page.page.get_by_label("Given name").fill("Robin")
    page.page.get_by_label("Family name").fill("Madeup")
    page.page.get_by_role("button", name="Save").click()
    assert page.page.get_by_role("heading", level=1).inner_text().startswith("Robin Madeup")
    assert AuditEntry.objects.filter(action="create", object_type="people.person").count() == 1


def test_sorting_and_paging_a_list_update_the_table_in_place(page: Any) -> None:
    for i in range(30):
        Person.objects.create(given_name=f"G{i:02d}", family_name=f"F{i:02d}")
    make_user(roles.SAFEGUARDING, username="sorter", password=PASSWORD)
    page.login("sorter", PASSWORD)
    page.goto("/people/")
    page.page.get_by_role("link", name="Family name").click()
    page.page.wait_for_url("**sort=family_name**")
    first = page.page.locator("table.govuk-table tbody tr").first
    assert "F00" in first.inner_text()
    page.page.get_by_role("link", name="Family name").click()
    page.page.wait_for_url("**sort=-family_name**")
    assert "F29" in page.page.locator("table.govuk-table tbody tr").first.inner_text()
    page.page.get_by_role("link", name="Next page").click()
    page.page.wait_for_url("**page=2**")
    assert "Page 2 of 2" in page.page.content()
    assert_page_is_clean(page)
