"""Forms and the API refuse impossible dates and out-of-range values, naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.reoffending.checks import IN_FUTURE, NOT_BEFORE, OUT_OF_RANGE, YEAR_OUT_OF_RANGE
from prevhub.reoffending.models import CohortMember
from tests.reoffending.helpers import make_member, make_person

pytestmark = pytest.mark.django_db

DESELECTED_BEFORE = NOT_BEFORE.format(later="De-selected on", earlier="selected on")


def _member_payload(person: Any, **changes: Any) -> dict[str, Any]:
    return {
        "person": person.pk,
        "offender_reference": "OFF-1",
        "strand": "fixed",
        "selection_reason": "Invented.",
        "selected_on": "2025-02-03",
        "statutory_status": "none",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deselected_on": "2025-01-01"}, "deselected_on", DESELECTED_BEFORE),
        ({"selected_on": "1850-01-01"}, "selected_on", YEAR_OUT_OF_RANGE),
        ({"selection_score": "101"}, "selection_score",
         OUT_OF_RANGE.format(label="Selection score", low=0, high=100)),
        ({"reset_on": "2099-01-01"}, "reset_on", IN_FUTURE.format(label="Reset on")),
        ({"strand": "loose"}, "strand", None),
    ],
)  # fmt: skip
def test_member_refusals_name_the_field(
    client: Any, changes: dict[str, Any], field: str, message: str | None
) -> None:
    user = make_user(roles.OFFENDER_MANAGER)
    person = make_person()
    api = api_client_for(user)
    response = api.post("/api/reoffending/members/", _member_payload(person, **changes))
    assert response.status_code == 400
    body = response.json()
    fields = body.get("error", {}).get("fields") or body
    assert field in str(fields)
    if message:
        assert message in str(body)
    client.force_login(user)
    page = client.post("/reoffending/members/add/", _member_payload(person, **changes))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="#id_{field}"' in html or f'id="id_{field}-error"' in html or field in html
    if message:
        assert message.replace("'", "&#x27;") in html
    assert not CohortMember.objects.exists()


def test_custody_cannot_end_before_it_starts() -> None:
    member = make_member()
    api = api_client_for(make_user(roles.OFFENDER_MANAGER))
    response = api.post(
        "/api/reoffending/custody/",
        {"member": member.pk, "started_on": "2025-05-01", "released_on": "2025-04-01"},
    )
    assert response.status_code == 400
    assert "Released on cannot be before started on." in str(response.json())


def test_a_need_cannot_end_before_it_starts_and_the_page_says_which(client: Any) -> None:
    member = make_member()
    client.force_login(make_user(roles.OFFENDER_MANAGER))
    page = client.post(
        "/reoffending/needs/add/",
        {
            "member": member.pk,
            "pathway": "health",
            "need": "x",
            "identified_on": "2025-01-01",
            "started_on": "2025-03-01",
            "ended_on": "2025-02-01",
            "outcome": "met",
        },
    )
    assert page.status_code == 200
    assert "Ended on cannot be before started on." in page.content.decode()
