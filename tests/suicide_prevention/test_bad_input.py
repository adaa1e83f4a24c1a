"""Impossible dates and out-of-range values are refused naming the field: forms, API and
the CSV import (which names file, line and field, and loads nothing if any row is wrong)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.suicide_prevention import rules, services
from prevhub.suicide_prevention.models import SurveillanceRecord
from tests.suicide_prevention.helpers import make_location

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "death",
    "status": "suspected",
    "occurred_at": "2026-05-02T23:10",
    "latitude": "52.951",
    "longitude": "-1.149",
    "place_type": "height",
    "method": "fall",
    "age_band": "35-44",
    "sex": "male",
    "family_consent": "not_asked",
}


def _errors(response: Any) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"latitude": "152.9"}, "latitude", "between 49.8 and 60.9"),
        ({"longitude": "52.95", "latitude": "-1.15"}, "latitude", "between 49.8 and 60.9"),
        ({"occurred_at": "2099-01-01T10:00"}, "occurred_at", "cannot be in the future"),
        ({"occurred_at": "1850-01-01T10:00"}, "occurred_at", "1900 to 2100"),
        ({"status": "suicide"}, "concluded_on", "day of the conclusion"),
        (
            {"concluded_on": "2026-04-01", "status": "suicide"},
            "concluded_on",
            "before the incident",
        ),
        ({"kind": "attempt"}, "status", "An attempt has no coroner"),
        ({"status": ""}, "status", "A death needs a status"),
        ({"referred_on": "2026-05-04"}, "family_consent", "needs the family"),
        ({"home_area": "NG1 1AA"}, "home_area", "LSOA code"),
    ],
)
def test_the_record_form_refuses_naming_the_field(
    client: Any, change: dict[str, str], field: str, message: str
) -> None:
    client.force_login(make_user(roles.SUICIDE_PREVENTION))
    response = client.post("/suicide-prevention/records/add/", {**GOOD, **change})
    assert response.status_code == 200
    html = _errors(response)
    assert f'href="#id_{field}"' in html and message in html, html[html.find("problem") :][:800]
    assert not SurveillanceRecord.objects.exists()


def test_the_api_refuses_naming_the_field() -> None:
    api = api_client_for(make_user(roles.SUICIDE_PREVENTION))
    payload = {**GOOD, "occurred_at": "2026-05-02T23:10:00+01:00", "latitude": 99}
    response = api.post("/api/suicide-prevention/records/", payload, format="json")
    assert response.status_code == 400
    assert "latitude" in str(response.json()) and "49.8" in str(response.json())
    support = OrganisationFactory(slug="support")
    bad = {**payload, "latitude": 52.9, "support_service": support.slug,
           "referred_on": "2026-05-01"}  # fmt: skip
    body = str(api.post("/api/suicide-prevention/records/", bad, format="json").json())
    assert "family_consent" in body and "referred_on" in body and "before the incident" in body
    assert not SurveillanceRecord.objects.exists()


def test_measures_and_locations_refuse_impossible_dates(client: Any) -> None:
    client.force_login(make_user(roles.SUICIDE_PREVENTION))
    location = make_location()
    response = client.post(
        "/suicide-prevention/measures/add/",
        {"location": location.pk, "kind": "barriers", "started_on": "2026-06-01",
         "ended_on": "2026-05-01"},
    )  # fmt: skip
    assert 'href="#id_ended_on"' in _errors(response)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        "/suicide-prevention/locations/add/",
        {"name": "X", "place_type": "height", "latitude": "52.9", "longitude": "-1.1",
         "identified_on": future, "lsoa_code": "E0101"},
    )  # fmt: skip
    html = _errors(response)
    assert 'href="#id_identified_on"' in html and 'href="#id_lsoa_code"' in html


HEADER = (
    "source_reference,kind,occurred_at,latitude,longitude,place_type,method,age_band,sex,status\n"
)


def test_the_import_names_file_line_and_field_and_loads_nothing() -> None:
    text = (
        HEADER
        + "R1,death,2026-03-01T10:00,52.9,-1.1,height,fall,25-34,male,suspected\n"
        + "R2,death,2026-03-31T25:00,52.9,-1.1,height,fall,25-34,male,suspected\n"
        + "R3,attempt,2026-03-02T10:00,52.9,-1.1,height,fall,25-34,mail,\n"
        + "R4,death,2026-03-03T10:00,152.9,-1.1,height,fall,25-34,male,suspected\n"
    )
    with pytest.raises(services.SuicidePreventionError) as caught:
        services.records_import(text=text, filename="rts.csv")
    message = str(caught.value)
    assert "rts.csv, line 3, field occurred_at" in message
    assert "rts.csv, line 4, field sex: 'mail' is not one of" in message
    assert "rts.csv, line 5, field latitude: " + rules.LATITUDE_RANGE.format(value=152.9) in message
    assert "line 2" not in message
    assert not SurveillanceRecord.objects.exists()


def test_importing_the_same_file_twice_adds_nothing() -> None:
    text = (
        HEADER
        + "R1,death,2026-03-01T10:00,52.9,-1.1,height,fall,25-34,male,suspected\n"
        + "R2,attempt,2026-03-02T10:00,52.9,-1.1,water,drowning,18-24,female,\n"
    )
    first = services.records_import(text=text, filename="rts.csv")
    again = services.records_import(text=text, filename="rts.csv")
    assert (first.added, first.unchanged, again.added, again.unchanged) == (2, 0, 0, 2)
    assert SurveillanceRecord.objects.count() == 2
