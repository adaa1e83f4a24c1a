"""Reassigning a case (officer in case, supervisor): only the current officer in case or
supervisor may, and only to safeguarding officers (review finding: another officer could make
themselves supervisor and so read the victim's contact details)."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding.models import SafeguardingCase
from tests.safeguarding.helpers import make_case, make_victim

pytestmark = pytest.mark.django_db


def _details(response: Any) -> dict[str, Any]:
    return response.json()["error"]["details"]


def _case() -> tuple[SafeguardingCase, Any, Any]:
    officer = make_user(roles.SAFEGUARDING)
    supervisor = make_user(roles.SAFEGUARDING)
    case = make_case(officer_in_case=officer, supervisor=supervisor, safe_address="Refuge 4")
    return case, officer, supervisor


def test_another_officer_cannot_make_themselves_supervisor_through_the_api() -> None:
    case, officer, supervisor = _case()
    other = make_user(roles.SAFEGUARDING)
    api = api_client_for(other)
    url = f"/api/safeguarding/cases/{case.pk}/"
    for payload in ({"supervisor": other.pk}, {"officer_in_case": other.pk}):
        response = api.patch(url, payload, format="json")
        assert response.status_code == 400, response.content
        assert set(_details(response)) == set(payload)
    case.refresh_from_db()
    assert (case.officer_in_case_id, case.supervisor_id) == (officer.pk, supervisor.pk)
    assert "safe_address" not in api.get(url).json()


def test_another_officers_edit_form_cannot_reassign_the_case(client: Any) -> None:
    case, officer, supervisor = _case()
    other = make_user(roles.SAFEGUARDING)
    client.force_login(other)
    response = client.post(
        f"/safeguarding/cases/{case.pk}/edit/",
        {
            "victim": case.victim_id,
            "abuse_types": ["stalking"],
            "district": "East",
            "status": "open",
            "opened_on": case.opened_on.isoformat(),
            "officer_in_case": other.pk,
            "supervisor": other.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.district == "East"  # the rest of the edit went through
    assert (case.officer_in_case_id, case.supervisor_id) == (officer.pk, supervisor.pk)


def test_the_supervisor_can_reassign_but_only_to_safeguarding_officers() -> None:
    case, officer, supervisor = _case()
    api = api_client_for(supervisor)
    url = f"/api/safeguarding/cases/{case.pk}/"
    analyst = make_user(roles.ANALYST)
    refused = api.patch(url, {"officer_in_case": analyst.pk}, format="json")
    assert refused.status_code == 400 and "officer_in_case" in _details(refused)
    successor = make_user(roles.SAFEGUARDING)
    assert api.patch(url, {"officer_in_case": successor.pk}, format="json").status_code == 200
    case.refresh_from_db()
    assert (case.officer_in_case_id, case.supervisor_id) == (successor.pk, supervisor.pk)


def test_a_new_case_can_only_name_safeguarding_officers() -> None:
    author = make_user(roles.SAFEGUARDING)
    victim_id = make_victim().pk
    api = api_client_for(author)
    payload = {"victim": victim_id, "abuse_types": ["stalking"]}
    youth = make_user(roles.YOUTH)
    refused = api.post(
        "/api/safeguarding/cases/", {**payload, "supervisor": youth.pk}, format="json"
    )
    assert refused.status_code == 400 and set(_details(refused)) == {"supervisor"}
