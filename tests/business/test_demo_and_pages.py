"""The demo register on the real Nottinghamshire sample, the crime-around page's figures
against an independent count, and the registry hooks (team figures, problem deployments)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from prevhub.business.demo import load_business_demo
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.business.selectors import problem_deployments, team_figures
from prevhub.core import roles
from prevhub.core.testing import make_user
from tests.business.test_around import haversine

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_places_every_business(db: Any) -> None:
    first = load_business_demo()
    assert "8 invented businesses" in first
    assert load_business_demo() == "business demo: already loaded"
    assert Business.objects.count() == 8 and ActionDay.objects.count() == 1
    # every demo point lies in a packaged Nottinghamshire LSOA, in the district it was put in
    districts = dict(Business.objects.values_list("name", "district"))
    assert districts["Demo Outfitters"] == "Nottingham"
    assert districts["Invented Interiors"] == "Mansfield"
    assert districts["Placeholder Pets"] == "Broxtowe"
    assert Recommendation.objects.filter(done_on__isnull=False).count() == 3


def test_the_crime_around_page_equals_a_haversine_count_of_the_demo_csv(
    client: Any, use_demo_store: Path
) -> None:
    """Independent count as in test_around: the demo zip read with the csv module, haversine
    distances, shoplifting within 260 m (a radius with no map point within 0.5 % of any
    demo business's circle edge; 300 m has ten), January 2024 before and March 2024 after the demo's
    15 February action day (the sample has no December or April, so the window is 1 month)."""
    from tests.business.test_around import demo_rows

    load_business_demo()
    radius = 260
    rows = demo_rows({"2024-01", "2024-03"}, {"Shoplifting"})
    expected = {}
    for b in Business.objects.all():
        near = []
        for r in rows:
            d = haversine(b.longitude, b.latitude, r["lon"], r["lat"])
            assert abs(d - radius) > 0.005 * radius, (b.name, d)  # away from the edge
            if d <= radius:
                near.append(r)
        before = sum(1 for r in near if r["month"] == "2024-01")
        expected[b.name] = (before, len(near) - before)
    day = ActionDay.objects.get()
    client.force_login(make_user(roles.BUSINESS))
    response = client.get(f"/business/crime-around/?day={day.pk}&radius_m={radius}")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.before == ("2024-01", "2024-01") and page.after == ("2024-03", "2024-03")
    got = {r["business"].name: (r["before"], r["after"]) for r in page.rows}
    assert got == expected
    assert expected["Demo Outfitters"][0] > 10  # the real sample has shoplifting there
    body = response.content.decode()
    assert "snapped" in body and "Relative effect size" in body
    # the CLI prints the same figures
    from prevhub.cli import app

    result = CliRunner().invoke(
        app, ["business", "around", "--day", str(day.pk), "--radius", "260", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert {r["name"]: (r["before"], r["after"]) for r in data["businesses"]} == expected


def test_the_home_list_and_detail_pages_open_for_the_officer_and_the_lead(client: Any) -> None:
    load_business_demo()
    survey = SecuritySurvey.objects.first()
    for role in (roles.BUSINESS, roles.HUB_LEAD):
        client.force_login(make_user(role))
        for url in (
            "/business/",
            "/business/businesses/",
            "/business/surveys/",
            "/business/recommendations/",
            "/business/action-days/",
            survey.get_absolute_url(),
            survey.business.get_absolute_url(),
            ActionDay.objects.get().get_absolute_url(),
        ):
            assert client.get(url).status_code == 200, (role, url)


def test_team_figures_are_aggregates_with_small_counts_left_out(db: Any) -> None:
    """The demo's 2024 by hand: 1 action day, 4 visits, 1 arrest, 3 intelligence reports and
    2 surveys are under 5 and left out; 35 items marked and 6 recommendations stay; 3 of 6
    recommendations done is a cell of 3, so no percentage is given."""
    load_business_demo()
    figures = team_figures(start=dt.date(2024, 1, 1), end=dt.date(2025, 1, 1))
    assert {f.label: f.value for f in figures} == {
        "Items of property marked on action days": 35,
        "Survey recommendations made": 6,
    }
    assert team_figures(start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1)) == []


def test_an_action_day_for_a_problem_shows_on_the_problem(db: Any) -> None:
    from prevhub.problems.models import Problem

    load_business_demo()
    coordinator = make_user(roles.COORDINATOR)
    problem = Problem.objects.create(
        title="City centre shop theft", problem_type="place", owner=coordinator
    )
    day = ActionDay.objects.get()
    day.problem = problem
    day.save()
    shown = problem_deployments(coordinator, problem)
    assert [(d.when, d.source, d.url) for d in shown] == [
        (dt.date(2024, 2, 15), "Safer Business", "")
    ]
    officer = make_user(roles.BUSINESS)
    assert problem_deployments(officer, problem)[0].url == day.get_absolute_url()


def test_a_business_page_counts_shoplifting_before_and_after_its_survey_visit(
    client: Any, use_demo_store: Path, settings: Any
) -> None:
    """Demo Outfitters was surveyed on 15 February 2024: January before, March after. By an
    independent haversine count of the demo CSV within 260 m (no map point within 0.5 % of the
    edge, checked in the test above) gives the page's before and after counts."""
    from tests.business.test_around import demo_rows

    settings.PREVHUB_BUSINESS_RADIUS_M = 260
    load_business_demo()
    b = Business.objects.get(name="Demo Outfitters")
    rows = demo_rows({"2024-01", "2024-03"}, {"Shoplifting"})
    near = [r for r in rows if haversine(b.longitude, b.latitude, r["lon"], r["lat"]) <= 260]
    expected = (
        sum(r["month"] == "2024-01" for r in near),
        sum(r["month"] == "2024-03" for r in near),
    )
    client.force_login(make_user(roles.BUSINESS))
    response = client.get(b.get_absolute_url())
    (row,) = response.context["visit_figures"]["rows"]
    c = row["comparison"]
    assert (c["treated_before"], c["treated_after"]) == expected
    # the comparison: the demo's six never-surveyed businesses
    assert c["comparison_sites"] == 6
    assert 'data-testid="visit-figures"' in response.content.decode()
