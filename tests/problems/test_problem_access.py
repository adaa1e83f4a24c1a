"""Problems through the platform's permission matrix, and partner reach over tasks."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.models import User
from prevhub.core.testing import OrganisationFactory, PermissionMatrix, api_client_for, make_user
from prevhub.partners.models import Organisation
from prevhub.problems.models import Problem, Task

pytestmark = pytest.mark.django_db


def make_problem(shared_with: list[Organisation] | None = None, **fields: Any) -> Problem:
    owner = fields.pop("owner", None) or make_user(roles.COORDINATOR)
    problem = Problem.objects.create(
        title=fields.pop("title", "Shoplifting on the high street"),
        problem_type="place",
        force="nottinghamshire",
        districts=fields.pop("districts", ["Mansfield"]),
        crime_types=fields.pop("crime_types", ["Shoplifting"]),
        owner=owner,
        **fields,
    )
    problem.shared_with.set(shared_with or [])
    return problem


class TestProblemPermissions(PermissionMatrix):
    model = Problem
    url_namespace = "problems"
    api_basename = "problem"
    allowed_role = roles.COORDINATOR

    def make_object(self, shared_with: list[Organisation]) -> Problem:
        return make_problem(shared_with)

    def api_payload(self) -> dict[str, Any]:
        return {"title": "Street drinking", "problem_type": "behaviour", "force": "nottinghamshire"}

    def api_change(self) -> dict[str, Any]:
        return {"priority": "high"}

    def form_data(self) -> dict[str, Any]:
        owner = User.objects.filter(groups__name=roles.COORDINATOR).latest("pk")
        return {
            "title": "Bike thefts at the station",
            "problem_type": "place",
            "force": "nottinghamshire",
            "owner": owner.pk,
            "priority": "medium",
        }

    def form_change(self) -> dict[str, Any]:
        return {"priority": "high"}


def test_a_partner_sees_only_problems_shared_with_it_in_lists() -> None:
    council, housing = OrganisationFactory(), OrganisationFactory()
    shared = make_problem([council], title="Shared with the council")
    make_problem([housing], title="Shared with housing")
    make_problem([], title="Not shared")
    api = api_client_for(make_user(roles.PARTNER, council))
    titles = [p["title"] for p in api.get("/api/problems/").json()["results"]]
    assert titles == ["Shared with the council"]
    assert api.get(f"/api/problems/{shared.pk}/").json()["shared_with"] == [council.slug]


def test_a_partner_completes_its_own_task_and_nothing_else() -> None:
    council, housing = OrganisationFactory(), OrganisationFactory()
    problem = make_problem([council, housing])
    ours = Task.objects.create(problem=problem, title="Survey CCTV", owner_organisation=council)
    theirs = Task.objects.create(problem=problem, title="Fit locks", owner_organisation=housing)
    api = api_client_for(make_user(roles.PARTNER, council))
    # Only our own task is visible: housing's would tell us housing works the problem too.
    listed = {t["title"] for t in api.get("/api/problem-tasks/").json()["results"]}
    assert listed == {"Survey CCTV"}
    done = api.patch(
        f"/api/problem-tasks/{ours.pk}/", {"status": "done", "outcome": "Surveyed"}, format="json"
    )
    assert done.status_code == 200, done.content
    ours.refresh_from_db()
    assert ours.status == "done" and ours.completed_on is not None
    sneaky = api.patch(f"/api/problem-tasks/{ours.pk}/", {"title": "Renamed"}, format="json")
    assert sneaky.status_code == 400
    assert (
        api.patch(f"/api/problem-tasks/{theirs.pk}/", {"status": "done"}, format="json").status_code
        == 404
    )
    assert (
        api.patch(f"/api/problems/{problem.pk}/", {"title": "x"}, format="json").status_code == 404
    )
    assert (
        api.post(
            "/api/problem-tasks/", {"problem": problem.pk, "title": "New"}, format="json"
        ).status_code
        == 404
    )
    assert Task.objects.get(pk=theirs.pk).status == "open"


def test_nobody_attaches_work_to_a_problem_they_cannot_change() -> None:
    problem = make_problem()
    analyst = make_user(roles.ANALYST)  # analysts read problems but do not run them
    response = api_client_for(analyst).post(
        "/api/problem-tasks/",
        {"problem": problem.pk, "title": "Sneaky", "owner_user": analyst.username},
        format="json",
    )
    assert response.status_code == 404
    coordinator = make_user(roles.COORDINATOR)
    hidden = Problem.objects.create(
        title="x", problem_type="place", force="nottinghamshire", owner=coordinator
    )
    # A coordinator may change every problem; the problem must exist and be reachable.
    ok = api_client_for(coordinator).post(
        "/api/problem-tasks/",
        {"problem": hidden.pk, "title": "Fine", "owner_user": coordinator.username},
        format="json",
    )
    assert ok.status_code == 201, ok.content


def test_the_district_filter_finds_problems_listing_that_district() -> None:
    make_problem(title="In Mansfield", districts=["Mansfield", "Ashfield"])
    make_problem(title="In Bassetlaw", districts=["Bassetlaw"])
    api = api_client_for(make_user(roles.COORDINATOR))
    found = api.get("/api/problems/", {"district": "Ashfield"})
    assert found.status_code == 200
    assert [p["title"] for p in found.json()["results"]] == ["In Mansfield"]


def test_an_absurd_problem_id_in_a_filter_is_a_400_not_a_server_error() -> None:
    api = api_client_for(make_user(roles.COORDINATOR))
    response = api.get("/api/problem-tasks/", {"problem": 10**30})
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400
