"""The SARA rules, through the API: each refusal says why, each move is recorded."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.problems.models import Response, StageChange
from tests.problems.test_problem_access import make_problem

pytestmark = pytest.mark.django_db


def move(api: Any, pk: int, to: str, reason: str = "Evidence reviewed") -> Any:
    return api.post(f"/api/problems/{pk}/stage/", {"to_stage": to, "reason": reason}, format="json")


def test_the_stage_rules_hold_and_each_move_is_recorded() -> None:
    coordinator = make_user(roles.COORDINATOR, username="cora")
    api = api_client_for(coordinator)
    problem = make_problem(owner=coordinator)

    skip = move(api, problem.pk, "response")
    assert skip.status_code == 400
    assert "it can move to: Analysis" in str(skip.json())
    assert move(api, problem.pk, "analysis", reason="").status_code == 400  # a reason is needed
    assert move(api, problem.pk, "analysis").json()["stage"] == "analysis"

    no_triangle = move(api, problem.pk, "response")
    assert no_triangle.status_code == 400 and "triangle" in str(no_triangle.json())
    api.patch(
        f"/api/problems/{problem.pk}/",
        {"victim_target": "Small shops", "offender": "Local adults", "place": "High Street"},
        format="json",
    )
    assert move(api, problem.pk, "response").json()["stage"] == "response"

    assert move(api, problem.pk, "assessment").status_code == 400  # no response planned
    Response.objects.create(problem=problem, title="Tagging", techniques=[3])
    assert move(api, problem.pk, "assessment").json()["stage"] == "assessment"

    no_assessment = move(api, problem.pk, "closed")
    assert no_assessment.status_code == 400 and "assessment" in str(no_assessment.json())
    api.patch(f"/api/problems/{problem.pk}/", {"lessons": "Tagging worked"}, format="json")
    closed = move(api, problem.pk, "closed", reason="Fall sustained for six months")
    assert closed.json()["stage"] == "closed" and closed.json()["closed_on"]

    changes = list(
        StageChange.objects.filter(problem=problem).values_list("from_stage", "to_stage")
    )
    assert changes == [
        ("scanning", "analysis"),
        ("analysis", "response"),
        ("response", "assessment"),
        ("assessment", "closed"),
    ]
    assert StageChange.objects.filter(moved_by=coordinator).count() == 4
    last = AuditEntry.objects.filter(object_type="problems.problem", action="update").latest("id")
    assert last.username == "cora" and last.after["stage"] == "closed"


def test_a_problem_not_shared_with_a_partner_is_404_everywhere(client: Any) -> None:
    council = OrganisationFactory()
    problem = make_problem([])
    partner = make_user(roles.PARTNER, council)
    api = api_client_for(partner)
    assert api.get(f"/api/problems/{problem.pk}/").status_code == 404
    assert move(api, problem.pk, "analysis").status_code == 404
    client.force_login(partner)
    for url in (f"/problems/{problem.pk}/", f"/problems/{problem.pk}/profile/"):
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/problems/{problem.pk}/stage/", {"to_stage": "analysis"}).status_code == 404
    )


def test_partners_cannot_move_a_shared_problem() -> None:
    council = OrganisationFactory()
    problem = make_problem([council])
    assert (
        move(api_client_for(make_user(roles.PARTNER, council)), problem.pk, "analysis").status_code
        == 404
    )
    problem.refresh_from_db()
    assert problem.stage == "scanning"


def test_responses_take_only_the_25_techniques() -> None:
    problem = make_problem()
    api = api_client_for(make_user(roles.COORDINATOR))
    bad = api.post(
        "/api/problem-responses/",
        {"problem": problem.pk, "title": "x", "techniques": [3, 26]},
        format="json",
    )
    assert bad.status_code == 400 and "26" in str(bad.json())
    good = api.post(
        "/api/problem-responses/",
        {"problem": problem.pk, "title": "Gating", "techniques": [2, 2, 1]},
        format="json",
    )
    assert good.status_code == 201 and good.json()["techniques"] == [1, 2]
