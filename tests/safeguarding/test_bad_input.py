"""Bad input answers 400 (API) or a form error naming the field, never a server error (review
finding 9): dates outside 1900-2100, DASH answers that are not an object of q1..q27."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding import params
from prevhub.safeguarding.models import Incident, ProtectionOrder, RiskAssessment
from tests.safeguarding.helpers import at, make_case, make_order

pytestmark = pytest.mark.django_db


def _details(response: Any) -> dict[str, Any]:
    return response.json()["error"]["details"]


@pytest.fixture
def api() -> Any:
    return api_client_for(make_user(roles.SAFEGUARDING))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("made_on", "9999-12-31"),
        ("ends_on", "9999-12-31"),
        ("made_on", "0001-01-01"),
        ("served_at", "1899-12-31T23:00:00Z"),
        ("hearing_at", "2101-01-01T10:00:00Z"),
    ],
)
def test_order_dates_outside_1900_to_2100_are_refused(api: Any, field: str, value: str) -> None:
    case = make_case()
    response = api.post(
        "/api/safeguarding/orders/", {"case": case.pk, "kind": "fmpo", field: value}, format="json"
    )
    assert response.status_code == 400, response.content
    assert _details(response)[field] == [params.YEAR_OUT_OF_RANGE]
    assert not ProtectionOrder.objects.exists()


def test_a_far_end_date_on_an_existing_order_is_refused(api: Any) -> None:
    order = make_order(made_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 20))
    url = f"/api/safeguarding/orders/{order.pk}/"
    response = api.patch(url, {"ends_on": "9999-12-31"}, format="json")
    assert response.status_code == 400 and "ends_on" in _details(response)
    assert api.get(url).status_code == 200


def test_transition_dates_are_bounded(api: Any) -> None:
    order = make_order(kind="fmpo", status="applied")
    response = api.post(
        f"/api/safeguarding/orders/{order.pk}/transition/",
        {"to_status": "granted", "ends_on": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400 and "ends_on" in _details(response)


def test_incident_in_the_future_or_far_past_is_refused(api: Any) -> None:
    case = make_case()
    for value, field_message in (
        ((timezone.now() + dt.timedelta(days=3)).isoformat(), "cannot be in the future"),
        ("1066-10-14T10:00:00Z", params.YEAR_OUT_OF_RANGE),
    ):
        response = api.post(
            "/api/safeguarding/incidents/",
            {"case": case.pk, "occurred_at": value},
            format="json",
        )
        assert response.status_code == 400, response.content
        assert field_message in str(_details(response)["occurred_at"])
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    "answers",
    [
        ["yes"],
        "yes",
        {"q1": ["yes"]},
        {"q1": {"a": 1}},
        {"q28": "yes"},
        {"q1": "maybe"},
        {"q1": 1},
    ],
)
def test_dash_answers_must_be_an_object_of_known_answers(api: Any, answers: Any) -> None:
    case = make_case()
    response = api.post(
        "/api/safeguarding/assessments/", {"case": case.pk, "answers": answers}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "answers" in _details(response)
    assert not RiskAssessment.objects.exists()


def test_stalking_screening_answers_must_be_an_object(api: Any) -> None:
    case = make_case()
    response = api.post(
        "/api/safeguarding/stalking-screenings/",
        {"case": case.pk, "answers": ["yes"]},
        format="json",
    )
    assert response.status_code == 400 and "answers" in _details(response)


def test_a_complete_dash_is_accepted(api: Any) -> None:
    case = make_case()
    answers = {f"q{i}": ("yes" if i <= 14 else "not_known") for i in range(1, 28)}
    response = api.post(
        "/api/safeguarding/assessments/", {"case": case.pk, "answers": answers}, format="json"
    )
    assert response.status_code == 201 and response.json()["score"] == 14


def test_forms_refuse_far_dates_with_a_field_error(client: Any) -> None:
    case = make_case()
    client.force_login(make_user(roles.SAFEGUARDING))
    response = client.post(
        "/safeguarding/orders/add/",
        {"case": case.pk, "kind": "fmpo", "considered_on": "2026-06-01", "ends_on": "9999-12-31"},
    )
    assert response.status_code == 200
    assert params.YEAR_OUT_OF_RANGE in response.content.decode()
    assert not ProtectionOrder.objects.exists()
    incident = client.post(
        "/safeguarding/incidents/add/",
        {"case": case.pk, "occurred_at": "2999-01-01T10:00"},
    )
    assert incident.status_code == 200 and params.YEAR_OUT_OF_RANGE in incident.content.decode()
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    later = client.post("/safeguarding/incidents/add/", {"case": case.pk, "occurred_at": future})
    assert later.status_code == 200 and "cannot be in the future" in later.content.decode()
    assert not Incident.objects.exists()
    ok = client.post(
        "/safeguarding/incidents/add/",
        {"case": case.pk, "occurred_at": at(2026, 6, 1, 9).strftime("%Y-%m-%dT%H:%M")},
    )
    assert ok.status_code == 302
