"""Reviews due: the alerts (home page, start-page panel, API, CLI), references only; holding a
review moves the member's next review on by the documented interval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.reoffending import selectors
from prevhub.reoffending.models import CohortReview
from tests.reoffending.helpers import make_member

pytestmark = pytest.mark.django_db


def test_alerts_list_due_and_overdue_reviews_of_members_on_the_cohort(client: Any) -> None:
    today = timezone.localdate()
    overdue = make_member(next_review_on=today - dt.timedelta(days=2))
    due = make_member(next_review_on=today + dt.timedelta(days=5))
    make_member(next_review_on=today + dt.timedelta(days=30))  # outside 7 days
    make_member(next_review_on=today, deselected_on=today)  # de-selected: no alert
    found = selectors.alerts(None)
    assert [(a.member_reference, a.overdue) for a in found] == [
        (overdue.reference, True),
        (due.reference, False),
    ]
    user = make_user(roles.OFFENDER_MANAGER)
    client.force_login(user)
    page = client.get("/reoffending/").content.decode()
    assert overdue.reference in page and "Overdue" in page and "Testoffender" not in page
    start = client.get("/").content.decode()
    assert "IOM reviews due" in start and due.reference in start
    api = api_client_for(user).get("/api/reoffending/alerts/").json()
    assert [a["member"] for a in api["alerts"]] == [overdue.reference, due.reference]


def test_holding_a_review_schedules_the_next(client: Any) -> None:
    member = make_member(next_review_on=dt.date(2025, 2, 1))
    review = CohortReview.objects.create(member=member, due_on=dt.date(2025, 2, 1))
    client.force_login(make_user(roles.OFFENDER_MANAGER))
    response = client.post(
        f"/reoffending/reviews/{review.pk}/edit/",
        {"member": member.pk, "due_on": "2025-02-01", "held_on": "2025-02-03",
         "outcome": "continue"},
    )  # fmt: skip
    assert response.status_code == 302
    member.refresh_from_db()
    # Held 3 Feb 2025 + 28 days (PREVHUB_REOFFENDING_REVIEW_DAYS) = 3 March 2025.
    assert member.next_review_on == dt.date(2025, 3, 3)


def test_cli_alerts_print_references_only() -> None:
    member = make_member(next_review_on=timezone.localdate())
    result = CliRunner().invoke(app, ["reoffending", "alerts"])
    assert result.exit_code == 0, result.output
    assert member.reference in result.output and "Testoffender" not in result.output
