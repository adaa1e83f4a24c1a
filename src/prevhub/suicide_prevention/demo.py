"""Demonstration data for the suicide prevention register. Every record here is invented: no
real person, death or place of death. Dates are relative to today so the report and the
cluster alert always have something to show; loading twice changes nothing (the records'
source references are the key)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from prevhub.core import roles
from prevhub.core.audit import audit_batch
from prevhub.core.models import User
from prevhub.core.services import force_organisation_ensure, organisation_ensure, user_add
from prevhub.suicide_prevention.choices import (
    Consent,
    Kind,
    MeasureKind,
    Method,
    PlaceType,
    Status,
)
from prevhub.suicide_prevention.models import (
    LocationMeasure,
    LocationOfConcern,
    SurveillanceRecord,
)

DEMO_LEAD = ("suicideprevention", "Suzy", "Prevent")
SUPPORT_SERVICE = ("bereavement-support", "Amparo-style Bereavement Support (demo)", "charity")
RAILWAY = ("demo-railway", "Railway Infrastructure Owner (demo)", "other")

#: (name, latitude, longitude, place type, LSOA, district, owner slug)
LOCATIONS = (
    ("High Level Bridge (demo)", 52.9421, -1.1402, PlaceType.BRIDGE_HEIGHT, "E01013811",
     "Nottingham City", "city-council"),
    ("Level crossing at Example Lane (demo)", 52.9702, -1.2104, PlaceType.RAILWAY, "E01028145",
     "Broxtowe", "demo-railway"),
)  # fmt: skip

#: (days ago, kind, status, method, age band, sex, place type, at location index or None,
#:  latitude offset, longitude offset)
RECORDS = (
    (20, Kind.SUSPECTED_SUICIDE, Status.SUSPECTED, Method.FALL, "25-34", "male", 0, 0.0005),
    (34, Kind.SUSPECTED_SUICIDE, Status.SUSPECTED, Method.FALL, "18-24", "male", 0, -0.0008),
    (51, Kind.SUSPECTED_SUICIDE, Status.SUSPECTED, Method.DROWNING, "18-24", "female", 0, 0.0011),
    (66, Kind.SUSPECTED_SUICIDE, Status.SUSPECTED, Method.FALL, "35-44", "male", 0, 0.0002),
    (80, Kind.ATTEMPT, "", Method.FALL, "18-24", "female", 0, 0.0003),
    (140, Kind.SUSPECTED_SUICIDE, Status.SUICIDE, Method.HANGING, "45-54", "male", None, 0.031),
    (190, Kind.SUSPECTED_SUICIDE, Status.SUICIDE, Method.MOVING_OBJECT, "55-64", "male", 1, 0.0),
    (230, Kind.SUSPECTED_SUICIDE, Status.NARRATIVE, Method.POISONING, "65-74", "female", None,
     -0.052),
    (260, Kind.ATTEMPT, "", Method.POISONING, "0-17", "female", None, 0.071),
    (300, Kind.SUSPECTED_SUICIDE, Status.SUICIDE, Method.HANGING, "35-44", "male", None, -0.081),
    (340, Kind.SUSPECTED_SUICIDE, Status.NOT_SUICIDE, Method.OTHER, "75+", "male", None, 0.064),
    (380, Kind.SUSPECTED_SUICIDE, Status.SUICIDE, Method.HANGING, "25-34", "male", None, 0.092),
)  # fmt: skip


def load_suicide_prevention_demo() -> str:
    force = force_organisation_ensure()
    council = organisation_ensure(slug="city-council", name="City Council (demo)", kind="council")
    support = organisation_ensure(
        slug=SUPPORT_SERVICE[0], name=SUPPORT_SERVICE[1], kind=SUPPORT_SERVICE[2]
    )
    organisation_ensure(slug=RAILWAY[0], name=RAILWAY[1], kind=RAILWAY[2])
    username, first, last = DEMO_LEAD
    if not User.objects.filter(username=username).exists():
        from prevhub.demo import DEMO_PASSWORD

        user_add(
            username=username,
            role=roles.SUICIDE_PREVENTION,
            organisation=force,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            validate=False,
        )
    today = timezone.localdate()
    locations = []
    with audit_batch():
        for name, lat, lon, place, lsoa, district, owner in LOCATIONS:
            location = LocationOfConcern.objects.filter(name=name).first()
            if location is None:
                location = LocationOfConcern.objects.create(
                    name=name,
                    latitude=lat,
                    longitude=lon,
                    place_type=place,
                    lsoa_code=lsoa,
                    district=district,
                    owner=organisation_ensure(slug=owner),
                    identified_on=today - dt.timedelta(days=400),
                )
                location.shared_with.add(council)
                LocationMeasure.objects.create(
                    location=location,
                    kind=MeasureKind.SIGNAGE,
                    description="Samaritans signs at both ends (demo).",
                    carried_out_by=organisation_ensure(slug=owner),
                    started_on=today - dt.timedelta(days=200),
                )
            locations.append(location)
    added = 0
    with audit_batch():
        for k, (ago, kind, status, method, age, sex, at, offset) in enumerate(RECORDS, 1):
            ref = f"DEMO-RTS-{k:03d}"
            if SurveillanceRecord._base_manager.filter(source_reference=ref).exists():
                continue
            place = locations[at] if at is not None else None
            base_lat, base_lon = (place.latitude, place.longitude) if place else (52.95, -1.15)
            when = timezone.now() - dt.timedelta(days=ago, hours=k)
            concluded = status not in ("", Status.SUSPECTED)
            record = SurveillanceRecord.objects.create(
                source_reference=ref,
                kind=kind,
                status=status,
                occurred_at=when,
                latitude=base_lat + offset,
                longitude=base_lon - offset,
                place_type=place.place_type if place else PlaceType.HOME,
                location=place,
                method=method,
                age_band=age,
                sex=sex,
                concluded_on=(when + dt.timedelta(days=110)).date() if concluded else None,
                family_consent=Consent.GIVEN if k % 2 else Consent.NOT_ASKED,
                consent_on=(when + dt.timedelta(days=3)).date() if k % 2 else None,
                support_service=support if k % 2 else None,
                referred_on=(when + dt.timedelta(days=4)).date() if k % 2 else None,
                notes="Invented demonstration record.",
            )
            if k % 3 == 0:
                record.shared_with.add(support)
            added += 1
    return f"suicide prevention: {added} invented surveillance records, {len(locations)} locations"
