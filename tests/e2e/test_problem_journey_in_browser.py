"""A problem's whole path in real Chromium: a coordinator opens it from the Measure page's
district figures, records the triangle, plans a response with techniques and shares it with a
partner; the partner signs in, sees only that problem and completes its task; the coordinator
records the assessment and closes it. Every page is checked with axe-core and for CSP errors."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.problems.models import Problem, StageChange, Task
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean
from tests.problems.test_problem_access import make_problem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _move(page: Any, stage: str, reason: str) -> None:
    page.page.get_by_label("Move to").select_option(stage)
    page.page.get_by_label("Why").fill(reason)
    page.page.get_by_role("button", name="Move stage").click()


def test_a_problem_from_figures_to_closure_with_a_partner(page: Any, use_demo_store: Any) -> None:
    council = OrganisationFactory(name="Mansfield District Council", slug="mansfield-dc")
    make_user(roles.COORDINATOR, username="cora", password=PASSWORD)
    make_user(roles.PARTNER, council, username="pat", password=PASSWORD)
    other = make_problem([], title="Someone else's problem")

    # The coordinator opens a problem from Mansfield's line of the Measure page.
    page.login("cora", PASSWORD)
    page.goto("/measure/")
    page.page.get_by_role("link", name="Open a problem in Mansfield").click()
    assert page.page.get_by_label("Mansfield", exact=True).is_checked()
    page.page.get_by_label("Title").fill("Shoplifting in Mansfield town centre")
    page.page.get_by_label("Problem type").select_option("place")
    page.page.get_by_label("Shoplifting", exact=True).check()
    page.page.get_by_label("Mansfield District Council").check()
    assert_page_is_clean(page)
    page.page.get_by_role("button", name="Save").click()
    problem = Problem.objects.get(title="Shoplifting in Mansfield town centre")
    assert problem.districts == ["Mansfield"] and problem.crime_types == ["Shoplifting"]

    page.page.get_by_role("button", name="Take figures from the crime data").click()
    page.page.locator("#scanning-chart canvas").wait_for(state="attached", timeout=10_000)
    problem.refresh_from_db()
    assert page.page.get_by_test_id("scan-current").inner_text() == (
        f"{problem.scanning_figures['current']:,}"
    )
    assert_page_is_clean(page)
    _move(page, "analysis", "Shoplifting is concentrated in the centre")

    # The triangle.
    page.page.get_by_text("Record the analysis").click()
    page.page.get_by_label("Victim or target").fill("Small independent shops")
    page.page.get_by_label("Offender").fill("A few prolific local adults")
    page.page.get_by_label("Place", exact=True).fill("Four Seasons precinct")
    page.page.get_by_label("Place manager").fill("Precinct management company")
    page.page.get_by_role("button", name="Save analysis").click()
    assert "Small independent shops" in page.page.get_by_test_id("triangle").inner_text()
    _move(page, "response", "Triangle agreed with partners")
    assert page.page.get_by_test_id("stage").inner_text() == "Response"

    # A response with techniques, and a task for the council.
    page.page.get_by_role("link", name="Plan a response").click()
    page.page.get_by_label("Title").fill("Tag high-value stock and screen exits")
    page.page.get_by_label("3. Screen exits").check()
    page.page.get_by_label("1. Target harden").check()
    page.page.get_by_role("button", name="Save").click()
    assert "3. Screen exits" in page.page.content()
    page.page.get_by_role("link", name="Add a task").click()
    page.page.get_by_label("Title").fill("Survey CCTV coverage of the precinct")
    page.page.get_by_label("Owner (an organisation)").select_option(label=str(council))
    page.page.get_by_role("button", name="Save").click()
    assert_page_is_clean(page)
    page.page.get_by_role("button", name="Sign out").click()

    # The partner sees that problem only, and completes its task.
    page.login("pat", PASSWORD)
    page.goto("/problems/")
    listing = page.page.locator("#object-table").inner_text()
    assert "Shoplifting in Mansfield" in listing and "Someone else" not in listing
    assert page.goto(f"/problems/{other.pk}/").status == 404
    page.console_errors.clear()  # the browser logs the 404 we asked for
    page.goto(f"/problems/{problem.pk}/")
    assert "Record the analysis" not in page.page.content()
    page.page.get_by_role("link", name="Survey CCTV coverage of the precinct").click()
    page.page.get_by_label("What was done").fill("Survey done: two blind spots found")
    page.page.get_by_role("button", name="Mark as done").click()
    assert page.page.get_by_test_id("task-status").inner_text() == "Done"
    assert_page_is_clean(page)
    page.page.get_by_role("button", name="Sign out").click()

    # The coordinator assesses and closes.
    page.login("cora", PASSWORD)
    page.goto(f"/problems/{problem.pk}/")
    _move(page, "assessment", "Responses delivered")
    page.page.get_by_text("Run the assessment figures").click()
    page.page.get_by_label("Before", exact=True).fill("2023-01:2023-03")
    page.page.get_by_label("After", exact=True).fill("2024-01:2024-03")
    page.page.get_by_label("Ashfield", exact=True).check()
    page.page.get_by_role("button", name="Run assessment").click()
    problem.refresh_from_db()
    figures = problem.assessment_figures
    assert page.page.get_by_test_id("target-after").inner_text() == f"{figures['target_after']:,}"
    assert page.page.get_by_test_id("comparison-before").inner_text() == (
        f"{figures['comparison_before']:,}"
    )
    page.page.get_by_text("Record displacement and lessons").click()
    page.page.get_by_label("Lessons learnt").fill("Exit screening cut thefts; keep it going")
    page.page.get_by_role("button", name="Save", exact=True).click()
    _move(page, "closed", "Assessment shows a fall against Ashfield")
    assert page.page.get_by_test_id("stage").inner_text() == "Closed"
    assert_page_is_clean(page)

    assert Task.objects.get(title__startswith="Survey CCTV").status == "done"
    assert list(StageChange.objects.filter(problem=problem).values_list("to_stage", flat=True)) == [
        "analysis",
        "response",
        "assessment",
        "closed",
    ]
