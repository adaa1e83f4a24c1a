"""Invented test data for the suicide prevention tests (no real person, death or place)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from prevhub.partners.models import Organisation
from prevhub.suicide_prevention.models import (
    LocationMeasure,
    LocationOfConcern,
    SurveillanceRecord,
)

LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def make_location(
    shared_with: list[Organisation] | None = None, **fields: Any
) -> LocationOfConcern:
    location = LocationOfConcern.objects.create(
        name=fields.pop("name", "Test viaduct"),
        latitude=fields.pop("latitude", 52.95),
        longitude=fields.pop("longitude", -1.15),
        place_type=fields.pop("place_type", "height"),
        identified_on=fields.pop("identified_on", dt.date(2026, 1, 5)),
        **fields,
    )
    location.shared_with.set(shared_with or [])
    return location


def make_record(shared_with: list[Organisation] | None = None, **fields: Any) -> SurveillanceRecord:
    record = SurveillanceRecord.objects.create(
        kind=fields.pop("kind", "death"),
        status=fields.pop("status", "suspected"),
        occurred_at=fields.pop("occurred_at", at(2026, 3, 14, 22, 30)),
        latitude=fields.pop("latitude", 52.95),
        longitude=fields.pop("longitude", -1.15),
        place_type=fields.pop("place_type", "height"),
        method=fields.pop("method", "fall"),
        age_band=fields.pop("age_band", "25-34"),
        sex=fields.pop("sex", "male"),
        **fields,
    )
    record.shared_with.set(shared_with or [])
    return record


def make_measure(location: LocationOfConcern | None = None, **fields: Any) -> LocationMeasure:
    return LocationMeasure.objects.create(
        location=location or make_location(),
        kind=fields.pop("kind", "signage"),
        started_on=fields.pop("started_on", dt.date(2026, 2, 1)),
        **fields,
    )
