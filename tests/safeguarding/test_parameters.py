"""Query parameters refused with a message naming them, never a hang or a server error (review:
``?from=2026-13&to=2027-01`` looped for ever, ``?from=abc`` answered 500)."""

from __future__ import annotations

from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.safeguarding import params, selectors

pytestmark = pytest.mark.django_db

MEASURES = "/api/safeguarding/measures/"


def _details(response: Any) -> dict[str, Any]:
    return response.json()["error"]["details"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-13", "to": "2027-01"}, "from"),
        ({"from": "abc", "to": "2026-05"}, "from"),
        ({"from": "2026-00", "to": "2026-05"}, "from"),
        ({"from": "2026-1", "to": "2026-05"}, "from"),
        ({"from": "2026-01", "to": "2026-5x"}, "to"),
        ({"from": "0001-01", "to": "0001-02"}, "from"),
        ({"from": "2026-05", "to": "2026-04"}, "from"),
        ({"from": "2020-01", "to": "2025-01"}, "to"),  # 61 months
    ],
)
def test_measures_api_refuses_bad_months(query: dict[str, str], field: str) -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    response = api.get(MEASURES, query)
    assert response.status_code == 400, response.content
    assert field in _details(response)


def test_measures_api_accepts_sixty_months_exactly() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    response = api.get(MEASURES, {"from": "2021-01", "to": "2025-12"})
    assert response.status_code == 200
    months = [row["month"] for row in response.json()["rows"] if row["district"] == "All districts"]
    assert len(months) == 60 and months[0] == "2021-01" and months[-1] == "2025-12"


def test_measures_page_shows_the_error(client: Any) -> None:
    client.force_login(make_user(roles.SAFEGUARDING))
    response = client.get("/safeguarding/measures/", {"from": "2026-13", "to": "2027-01"})
    assert response.status_code == 400
    assert params.MONTH_INVALID in response.content.decode()
    ok = client.get("/safeguarding/measures/", {"from": "2026-01", "to": "2026-03"})
    assert ok.status_code == 200


def test_months_between_refuses_what_would_loop() -> None:
    with pytest.raises(params.ParameterError):
        selectors.months_between("2026-13", "2027-01")
    assert selectors.months_between("2026-11", "2027-02") == [
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
    ]


@pytest.mark.parametrize("days", ["0", "91", "-1", "abc", "1e3", "99999999999999999999"])
def test_work_queue_days_must_be_1_to_90(days: str, client: Any) -> None:
    user = make_user(roles.SAFEGUARDING)
    response = api_client_for(user).get("/api/safeguarding/work-queue/", {"days": days})
    assert response.status_code == 400 and "days" in _details(response)
    client.force_login(user)
    page = client.get("/safeguarding/", {"days": days})
    assert page.status_code == 400 and params.DAYS_INVALID in page.content.decode()


def test_work_queue_days_at_the_bounds(client: Any) -> None:
    user = make_user(roles.SAFEGUARDING)
    api = api_client_for(user)
    assert api.get("/api/safeguarding/work-queue/", {"days": "1"}).json()["days"] == 1
    assert api.get("/api/safeguarding/work-queue/", {"days": "90"}).json()["days"] == 90
    client.force_login(user)
    assert client.get("/safeguarding/", {"days": "90"}).status_code == 200
