"""Problem writes go through services, so a rule that pages and API both need is written once:
the journal's authorship, a problem's area, a task's owner."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.problems import services
from prevhub.problems.models import JournalEntry, Problem

pytestmark = pytest.mark.django_db


def _problem(owner: Any) -> Problem:
    return Problem.objects.create(
        title="Shed burglaries", problem_type="place", force="nottinghamshire", owner=owner
    )


def test_a_note_is_added_from_the_page_with_its_prefilled_date(client: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = _problem(coordinator)
    client.force_login(coordinator)
    page = client.get(problem.get_absolute_url()).content.decode()
    # What the browser submits is what the date input holds: it must be ISO to be kept.
    shown = re.search(r'<input type="date" name="noted_on" value="([^"]*)"', page)
    assert shown is not None, page[page.find('name="noted_on"') - 200 :][:400]
    response = client.post(
        reverse("problems:journal", args=[problem.pk]),
        {"noted_on": shown.group(1), "text": "Met the allotment society."},
    )
    assert response.status_code == 302
    note = JournalEntry.objects.get(problem=problem)
    assert note.noted_on == dt.date.fromisoformat(shown.group(1))
    assert note.author == coordinator
    assert (
        AuditEntry.objects.filter(action="create", object_type="problems.journalentry").count() == 1
    )


def test_a_note_without_text_says_which_field_is_missing(client: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = _problem(coordinator)
    client.force_login(coordinator)
    response = client.post(reverse("problems:journal", args=[problem.pk]), {"noted_on": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Date: This field is required." in body and "Note: This field is required." in body
    assert JournalEntry.objects.count() == 0


def test_the_api_writes_the_note_as_its_caller_whoever_it_names() -> None:
    coordinator, other = make_user(roles.COORDINATOR), make_user(roles.COORDINATOR)
    problem = _problem(coordinator)
    response = api_client_for(coordinator).post(
        "/api/problem-notes/",
        {"problem": problem.pk, "text": "Call with the council.", "author": other.username},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"] == coordinator.username
    assert JournalEntry.objects.get().author == coordinator


def test_partners_may_not_write_notes_through_the_service() -> None:
    partner_org = OrganisationFactory()
    partner = make_user(roles.PARTNER, partner_org)
    problem = _problem(make_user(roles.COORDINATOR))
    problem.shared_with.add(partner_org)
    assert not services.journal_may_add(partner, problem)
    with pytest.raises(PermissionError, match=services.NOTE_REFUSED):
        services.journal_entry_add(problem=problem, author=partner, text="x")
    analyst = make_user(roles.ANALYST)  # sees every problem, adds notes, changes none
    assert services.journal_may_add(analyst, problem)


def test_one_area_rule_for_the_form_and_the_api(use_demo_store: Any) -> None:
    # The demo store holds Nottinghamshire's districts (Mansfield among them) and police.uk's
    # crime types; Atlantis and Piracy are neither.
    errors = services.problem_area_errors(
        force="nottinghamshire", districts=["Mansfield", "Atlantis"], crime_types=["Piracy"]
    )
    assert errors == {
        "districts": services.NOT_DISTRICTS.format(force="nottinghamshire", names="Atlantis"),
        "crime_types": services.NOT_CRIME_TYPES.format(names="Piracy"),
    }
    kept = Problem(force="nottinghamshire", districts=["Atlantis"])  # saved before the data
    assert (
        services.problem_area_errors(
            force="nottinghamshire", districts=["Atlantis"], crime_types=[], problem=kept
        )
        == {}
    )
    api = api_client_for(make_user(roles.COORDINATOR))
    base = {"title": "x", "problem_type": "place", "force": "nottinghamshire"}
    refused = api.post("/api/problems/", {**base, "districts": ["Atlantis"]}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["details"]["districts"] == [errors["districts"]]


def test_one_task_owner_rule_for_the_form_and_the_api() -> None:
    from prevhub.problems.forms import TaskForm

    coordinator = make_user(roles.COORDINATOR)
    problem = _problem(coordinator)
    form = TaskForm({"title": "Fit alarms", "status": "open"}, problem=problem)
    assert not form.is_valid()
    assert form.non_field_errors() == [services.TASK_NEEDS_OWNER]
    refused = api_client_for(coordinator).post(
        "/api/problem-tasks/",
        {"problem": problem.pk, "title": "Fit alarms", "status": "open"},
        format="json",
    )
    assert refused.status_code == 400 and services.TASK_NEEDS_OWNER in str(refused.json())
