"""The measures against hand counts (each worked out in the comments), the suppression of
small shares, and the aggregates other parts of the hub read: the team's figures, a problem's
deployments and the volunteering hours on the map."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.youth import selectors
from prevhub.youth.choices import UnitKind
from prevhub.youth.models import Session, VolunteeringHours
from tests.youth.helpers import make_cadet, make_event, make_unit

pytestmark = pytest.mark.django_db

D = dt.date


def small_scheme() -> dict[str, Any]:
    """Unit A (VPC) and a Mini Police cohort, for the period January to March 2026.

    A: c1 joined 1 Sep 2025, stays; c2 joined 1 Oct 2025, left 15 Feb 2026; c3 joined 20 Jan
    2026; c4 joined 1 Feb 2026, left 10 Mar 2026; c5 joined 1 Nov 2025, left 31 Dec 2025 (gone
    by the end of the day before the period). Mini: m1 and m2 joined 10 Sep 2025; m2 left
    1 Feb 2026.
    """
    a = make_unit(UnitKind.VPC, name="A")
    school = OrganisationFactory()
    mini = make_unit(UnitKind.MINI_POLICE, host=school, name="Mini", school_year=2025)
    born = D(2011, 5, 5)
    c1 = make_cadet(a, date_of_birth=born, joined_on=D(2025, 9, 1))
    c2 = make_cadet(
        a,
        date_of_birth=born,
        joined_on=D(2025, 10, 1),
        left_on=D(2026, 2, 15),
        leaving_reason="chose",
    )
    c3 = make_cadet(a, date_of_birth=born, joined_on=D(2026, 1, 20))
    c4 = make_cadet(
        a,
        date_of_birth=born,
        joined_on=D(2026, 2, 1),
        left_on=D(2026, 3, 10),
        leaving_reason="chose",
    )
    make_cadet(
        a,
        date_of_birth=born,
        joined_on=D(2025, 11, 1),
        left_on=D(2025, 12, 31),
        leaving_reason="chose",
    )
    m_born = D(2016, 1, 1)  # 9 on 31 Aug 2025: year 5 in 2025/26
    make_cadet(mini, date_of_birth=m_born, joined_on=D(2025, 9, 10))
    make_cadet(
        mini,
        date_of_birth=m_born,
        joined_on=D(2025, 9, 10),
        left_on=D(2026, 2, 1),
        leaving_reason="chose",
    )
    for held, present in (
        (D(2026, 1, 13), [c1]),
        (D(2026, 2, 10), [c1, c3, c4]),
        (D(2026, 3, 10), [c4]),
    ):
        Session.objects.create(unit=a, held_on=held).attendees.set(present)
    feb = make_event(
        a, held_on=D(2026, 2, 14), risk_assessed_on=D(2026, 2, 1), latitude=52.95, longitude=-1.15
    )
    mar = make_event(a, held_on=D(2026, 3, 5), risk_assessed_on=D(2026, 3, 1))
    VolunteeringHours.objects.create(event=feb, cadet=c1, hours=Decimal("2.5"))
    VolunteeringHours.objects.create(event=feb, cadet=c3, hours=Decimal("1.5"))
    VolunteeringHours.objects.create(event=mar, cadet=c4, hours=Decimal("2"))
    return {"a": a, "mini": mini, "c2": c2, "feb": feb}


def _row(result: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in result["units"] if r["unit"] == name)


def test_membership_attendance_and_hours_equal_the_hand_counts() -> None:
    small_scheme()
    result = selectors.measures(first_month="2026-01", last_month="2026-03")
    a = _row(result, "A")
    # Members at the end of 31 Dec 2025: c1, c2 (c5 left that day) = 2; at the end of 31 Mar
    # 2026: c1, c3 = 2. Joiners c3, c4 = 2; leavers c2, c4 = 2; still there of the 2: c1 -> 50%.
    assert (a["members_start"], a["members_end"], a["joiners"], a["leavers"]) == (2, 2, 2, 2)
    assert (a["retained"], a["retention_pct"]) == (1, 50.0)
    # Places: 13 Jan c1, c2 = 2; 10 Feb c1, c2, c3, c4 = 4; 10 Mar c1, c3, c4 (c4's last day)
    # = 3; 9 places, 1 + 3 + 1 = 5 attendances -> 5/9 = 55.6%.
    assert (a["sessions"], a["places"], a["attended"], a["attendance_pct"]) == (3, 9, 5, 55.6)
    # Hours 2.5 + 1.5 + 2 = 6. Expected: month-end members Jan 3 (c1, c2, c3), Feb 3 (c1, c3,
    # c4), Mar 2 (c1, c3) = 8 member-months x 3 hours = 24; 6/24 = 25%.
    assert (a["hours"], a["expected_hours"], a["hours_pct"]) == (6.0, 24.0, 25.0)
    mini = _row(result, "Mini")
    # Mini Police: 2 at the start, 1 at the end, m2 left; no hours expectation.
    assert (
        mini["members_start"],
        mini["members_end"],
        mini["leavers"],
        mini["expected_hours"],
    ) == (2, 1, 1, None)
    total = result["total"]
    assert (total["members_start"], total["members_end"], total["joiners"], total["leavers"]) == (
        4,
        3,
        2,
        3,
    )
    assert total["retention_pct"] == 50.0  # c1 and m1 of 4
    months = {m["month"]: (m["members"], m["hours"], m["expected_hours"]) for m in result["months"]}
    # Jan: A 3 + Mini 2 = 5 members; Feb: A 3 + Mini 1 (m2 left 1 Feb) = 4; Mar: 2 + 1 = 3.
    assert months == {"2026-01": (5, 0.0, 9.0), "2026-02": (4, 4.0, 9.0), "2026-03": (3, 2.0, 6.0)}


def test_mini_police_reach_per_term_equals_the_hand_count() -> None:
    small_scheme()
    terms = selectors.measures(first_month="2025-09", last_month="2026-03")["terms"]
    # Autumn 2025 (Sep-Dec): m1, m2 on the roll -> 2 children, 1 school; Spring 2026 (Jan-Mar):
    # m1, and m2 until 1 Feb -> still 2 children, 1 school.
    assert [(t["term"], t["schools"], t["children"]) for t in terms] == [
        ("Autumn 2025/26", 1, 2),
        ("Spring 2025/26", 1, 2),
    ]


@pytest.mark.parametrize(
    ("members", "flagged", "shown"),
    [
        (4, 0, None),  # fewer than 5 members: nothing shown
        (4, 2, None),
        (10, 3, None),  # 3 flagged children: under 5
        (10, 5, 50.0),
        (10, 7, None),  # only 3 not flagged: under 5 the other way
        (10, 10, None),  # 100% would tell every child's flag
        (6, 0, 0.0),  # 0% tells no child's flag
        (20, 5, 25.0),  # the national aim, exactly
    ],
)
def test_the_share_from_vulnerable_backgrounds_is_suppressed_under_5(
    members: int, flagged: int, shown: float | None
) -> None:
    unit = make_unit(name="Share")
    for i in range(members):
        make_cadet(unit, joined_on=D(2026, 1, 10), vulnerable_background=i < flagged)
    row = _row(selectors.measures(first_month="2026-01", last_month="2026-03"), "Share")
    assert row["vulnerable_pct"] == shown


def test_the_measures_page_shows_a_chart_and_its_table(client: Any) -> None:
    small_scheme()
    client.force_login(make_user(roles.HUB_LEAD))
    page = client.get("/youth/measures/", {"from": "2026-01", "to": "2026-03"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="youth-hours-spec"' in html
    assert "55.6% of 9" in html and "not shown" in html
    bad = client.get("/youth/measures/", {"from": "2026-13", "to": "2026-03"})
    assert bad.status_code == 400 and "A month as YYYY-MM" in bad.content.decode()


def test_volunteering_hours_for_the_map_are_per_located_event_with_no_child() -> None:
    small_scheme()
    found = list(selectors.volunteering_hours_for_map(start=D(2026, 1, 1), end=D(2026, 4, 1)))
    # Only the February event has a location: 2.5 + 1.5 = 4 hours.
    assert found == [{"lat": 52.95, "lon": -1.15, "hours": 4.0, "on": D(2026, 2, 14)}]
    assert list(selectors.volunteering_hours_for_map(start=D(2026, 2, 15), end=D(2026, 4, 1))) == []


def test_team_figures_and_problem_deployments_are_aggregates() -> None:
    from prevhub.problems.models import Problem

    assert selectors.team_figures(start=D(2026, 1, 1), end=D(2026, 4, 1)) == []
    scheme = small_scheme()
    figures = {f.label: f for f in selectors.team_figures(start=D(2026, 1, 1), end=D(2026, 4, 1))}
    # 3 members at the end, 2 joined, 3 left: all under 5, so left out; hours 6 shown.
    assert "Joined" not in figures and "Left" not in figures
    assert figures["Cadets' volunteering hours"].value == 6.0
    assert figures["Attendance at weekly sessions"].value == 55.6
    problem = Problem.objects.create(title="Litter on the rec", owner=make_user(roles.COORDINATOR))
    scheme["feb"].problem = problem
    scheme["feb"].save()
    coordinator = make_user(roles.COORDINATOR)
    [deployment] = selectors.problem_deployments(coordinator, problem)
    assert deployment.hours == 4.0 and deployment.when == D(2026, 2, 14)
    assert "fewer than 5 cadets" in deployment.label and deployment.url == ""
    youth_user = make_user(roles.YOUTH)
    assert (
        selectors.problem_deployments(youth_user, problem)[0].url
        == scheme["feb"].get_absolute_url()
    )


def test_a_problems_page_lists_the_cadet_volunteering_deployed_to_it(client: Any) -> None:
    from prevhub.problems.models import Problem

    scheme = small_scheme()
    owner = make_user(roles.COORDINATOR)
    problem = Problem.objects.create(title="Litter on the rec", owner=owner)
    scheme["feb"].problem = problem
    scheme["feb"].save()
    client.force_login(owner)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "Deployed to this problem" in page and "Cadet volunteering: Litter pick (test)" in page
    assert "Fakecadet" not in page  # no child named
