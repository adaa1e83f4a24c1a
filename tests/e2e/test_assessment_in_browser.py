"""A problem assessed in real Chromium by weighted displacement difference and by synthetic
control: the page shows each result with its interval, chart (rendered), data table and
caveats, and is axe-clean; once the problem is closed, its assessment cannot be re-run."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.problems.models import Problem, Stage
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean
from tests.problems.test_problem_access import make_problem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARGET = ["E01028268", "E01028284"]


def _run(page: Any, method: str, comparison_lsoas: str = "") -> None:
    page.page.get_by_text("Run the assessment figures").click()
    page.page.get_by_label("Method").select_option(method)
    page.page.get_by_label("Before", exact=True).fill("2023-01:2023-03")
    page.page.get_by_label("After", exact=True).fill("2024-01:2024-03")
    page.page.get_by_label("Comparison LSOAs").fill(comparison_lsoas)
    page.page.get_by_role("button", name="Run assessment").click()
    page.page.locator("#assessment-chart canvas").wait_for(state="attached", timeout=20_000)


def test_a_problem_assessed_by_wdd_and_by_synthetic_control(page: Any, use_demo_store: Any) -> None:
    cora = make_user(roles.COORDINATOR, username="cora", password=PASSWORD)
    problem = make_problem(
        owner=cora,
        title="Shoplifting on two Mansfield streets",
        districts=[],
        lsoas=TARGET,
        crime_types=["Shoplifting"],
        stage=Stage.ASSESSMENT,
    )
    page.login("cora", PASSWORD)
    page.goto(f"/problems/{problem.pk}/")
    page.page.get_by_text("Run the assessment figures").click()
    assert page.page.get_by_test_id("suggested-comparisons").is_visible()
    page.page.get_by_text("Run the assessment figures").click()  # closed again

    # WDD against two LSOAs of the same district, with the buffer drawn around the area.
    _run(page, "wdd", "E01028300, E01028301")
    problem.refresh_from_db()
    e = problem.assessment_figures["evaluation"]
    lo, hi = e["ci"]
    assert page.page.get_by_test_id("assessment-interval").inner_text() == f"{lo:.2f} to {hi:.2f}"
    buffer = problem.assessment_figures["inputs"]["buffer"]
    assert buffer and page.page.get_by_test_id("assessment-buffer").inner_text() == ", ".join(
        buffer
    )
    counts = page.page.get_by_test_id("wdd-counts").inner_text()
    assert "Displacement buffer" in counts
    assert "WDD cannot test" in page.page.get_by_test_id("assessment-caveats").inner_text()
    assert_page_is_clean(page)

    # Synthetic control from the suggested areas (no comparison given).
    _run(page, "synthetic-control")
    problem.refresh_from_db()
    figures = problem.assessment_figures
    assert figures["method"] == "synthetic-control"
    assert [h["method"] for h in problem.assessment_history] == ["wdd"]
    series = page.page.get_by_test_id("synth-series").inner_text()
    observed = figures["evaluation"]["parts"]["treated"][0]["observed"]
    assert f"2024-03 (after)\t{int(observed[-1]):,}" in series
    assert (
        "the areas most like the problem's"
        in page.page.get_by_test_id("assessment-comparison").inner_text()
    )
    assert "placebo p" in page.page.get_by_test_id("synth-summary").inner_text()
    assert_page_is_clean(page)

    # Closed: the assessment is kept as computed; running it again is refused in words.
    Problem.objects.filter(pk=problem.pk).update(stage=Stage.CLOSED)
    page.goto(f"/problems/{problem.pk}/")
    page.page.get_by_text("Run the assessment figures").click()
    page.page.get_by_label("Method").select_option("did-poisson")
    page.page.get_by_label("Before", exact=True).fill("2023-01:2023-03")
    page.page.get_by_label("After", exact=True).fill("2024-01:2024-03")
    page.page.get_by_role("button", name="Run assessment").click()
    assert "its assessment is kept as it was computed" in page.page.content()
    assert Problem.objects.get(pk=problem.pk).assessment_figures == figures
    page.console_errors.clear()  # the browser logs the 400 the refusal answers with
    assert_page_is_clean(page)
