"""Problem pages in real Chromium say what they mean: all five SARA steps with Monitoring
current, "1 partner engaged", the overdue filter reading "Any", and the evidence library's
ratings in the Crime Reduction Toolkit's words. Screenshots are saved for a person to look at;
every page is checked with axe-core and for CSP errors."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.problems import techniques
from prevhub.problems.models import Stage, Task
from tests.e2e.test_platform_in_browser import PASSWORD, assert_page_is_clean
from tests.problems.test_problem_access import make_problem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def load_library() -> None:
    """The packaged library, as migration 0002 loads it (a transactional test database is
    emptied between tests, migration data with it)."""
    import importlib

    from django.apps import apps

    importlib.import_module("prevhub.problems.migrations.0002_load_intervention_library").load(
        apps, None
    )


def test_steps_plurals_filter_and_ratings_read_in_words(page: Any) -> None:
    load_library()
    coordinator = make_user(roles.COORDINATOR, username="cora", password=PASSWORD)
    council = OrganisationFactory(name="Mansfield District Council", slug="mansfield-dc")
    problem = make_problem(
        [council], owner=coordinator, title="Bike theft at the station", stage=Stage.MONITORING
    )
    Task.objects.create(problem=problem, title="Fit stands", owner_organisation=council)
    page.login("cora", PASSWORD)

    page.goto(problem.get_absolute_url())
    sara = page.page.get_by_role("list", name="SARA stages").get_by_role("listitem")
    assert [" ".join(t.replace("(done)", "").split()) for t in sara.all_inner_texts()] == [
        "1. Scanning",
        "2. Analysis",
        "3. Response",
        "4. Assessment",
        "5. Monitoring Current stage",
    ]
    assert sara.nth(4).get_attribute("aria-current") == "step"
    process = page.page.get_by_test_id("process").inner_text()
    assert "0 of 1 task done" in process and "1 partner engaged" in process
    page.page.screenshot(path="/tmp/ux-problem-page.png", full_page=True)
    assert_page_is_clean(page)

    page.goto("/problems/")
    overdue = page.page.get_by_label("Overdue review or tasks")
    assert overdue.locator("option").all_inner_texts() == ["Any", "Yes"]
    assert_page_is_clean(page)

    page.goto("/problems/interventions/")
    # Every cell but the first of a row (the intervention's name) is a rating or an effect.
    words = {*techniques.EVIDENCE_QUALITY, techniques.NOT_CONFIRMED}
    words |= set(techniques.EFFECT_LABELS.values())
    rows = page.page.locator("tbody tr")
    assert rows.count() == 10
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        assert set(cells[1:]) <= words, cells
    page.page.screenshot(path="/tmp/ux-evidence-library.png", full_page=True)
    assert_page_is_clean(page)
