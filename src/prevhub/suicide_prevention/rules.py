"""The register's rules, written once: forms, the API and the CSV import all call
:func:`record_problems`, :func:`location_problems` and :func:`measure_problems`, which return
``{field: message}`` for what is impossible or out of range (empty when all is well).

Ranges: dates in the years 1900-2100 and not in the future for what has happened; points in
the United Kingdom's bounding box (49.8°N-60.9°N, 8.7°W-1.8°E: a force records places it
polices, and a swapped latitude and longitude falls outside); LSOA codes as ONS writes them
(E01 or W01 and six digits).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from prevhub.suicide_prevention.choices import CONCLUDED, Consent, Kind, Status

LATITUDE = (49.8, 60.9)
LONGITUDE = (-8.7, 1.8)
LSOA = re.compile(r"^[EW]01\d{6}$")

IN_FUTURE = "{label} cannot be in the future."
YEAR_RANGE = "{label} must be in the years 1900 to 2100."
BEFORE_INCIDENT = "{label} cannot be before the incident ({day})."
BEFORE = "{label} cannot be before {other} ({day})."
LATITUDE_RANGE = "Latitude must be between 49.8 and 60.9 (the United Kingdom), not {value}."
LONGITUDE_RANGE = "Longitude must be between -8.7 and 1.8 (the United Kingdom), not {value}."
LSOA_FORMAT = "{label} must be an LSOA code such as E01012345, not {value!r}."
DEATH_NEEDS_STATUS = "A death needs a status: 'suspected' until the coroner concludes."
ATTEMPT_HAS_NO_STATUS = "An attempt has no coroner's status: leave it blank."
CONCLUSION_NEEDS_DAY = "Give the day of the conclusion (or of ruling it out)."
SUSPECTED_HAS_NO_CONCLUSION = "A suspected death has no conclusion day yet: set the status."
REFERRAL_NEEDS_CONSENT = "A referral needs the family's consent ('Given')."
REFERRAL_NEEDS_SERVICE = "Name the support service referred to."
REFERRAL_NEEDS_DAY = "Give the day of the referral."
CONTACT_NEEDS_REFERRAL = "The service's first contact follows a referral: give the referral day."
ENDS_BEFORE_START = "The end cannot be before the start ({day})."


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


def _date_checks(
    values: dict[str, Any], labels: dict[str, str], not_future: tuple[str, ...]
) -> dict[str, str]:
    problems: dict[str, str] = {}
    now = timezone.now()
    today = timezone.localdate()
    for name, label in labels.items():
        value = values.get(name)
        day = _day(value)
        if day is None:
            continue
        if not 1900 <= day.year <= 2100:
            problems[name] = YEAR_RANGE.format(label=label)
        elif name in not_future and (
            (isinstance(value, dt.datetime) and value > now)
            or (not isinstance(value, dt.datetime) and day > today)
        ):
            problems[name] = IN_FUTURE.format(label=label)
    return problems


def _point_checks(values: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    lat, lon = values.get("latitude"), values.get("longitude")
    if lat is not None and not LATITUDE[0] <= float(lat) <= LATITUDE[1]:
        problems["latitude"] = LATITUDE_RANGE.format(value=lat)
    if lon is not None and not LONGITUDE[0] <= float(lon) <= LONGITUDE[1]:
        problems["longitude"] = LONGITUDE_RANGE.format(value=lon)
    return problems


def _lsoa_check(values: dict[str, Any], name: str, label: str) -> dict[str, str]:
    value = (values.get(name) or "").strip()
    if value and not LSOA.match(value):
        return {name: LSOA_FORMAT.format(label=label, value=value)}
    return {}


RECORD_DATES = {
    "occurred_at": "The time of the incident",
    "inquest_on": "The inquest day",
    "concluded_on": "The conclusion day",
    "consent_on": "The consent day",
    "referred_on": "The referral day",
    "support_contacted_on": "The first contact day",
}


def record_problems(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with a surveillance record's values (the whole record, as it would be
    saved), each message under the field it is about."""
    problems = _date_checks(
        values,
        RECORD_DATES,
        not_future=(
            "occurred_at",
            "concluded_on",
            "consent_on",
            "referred_on",
            "support_contacted_on",
        ),
    )
    problems.update(_point_checks(values))
    problems.update(_lsoa_check(values, "home_area", "Home area"))
    kind, status = values.get("kind"), values.get("status") or ""
    if kind == Kind.SUSPECTED_SUICIDE and not status:
        problems.setdefault("status", DEATH_NEEDS_STATUS)
    if kind == Kind.ATTEMPT and status:
        problems.setdefault("status", ATTEMPT_HAS_NO_STATUS)
    concluded = status in CONCLUDED or status == Status.NOT_SUICIDE
    if kind == Kind.SUSPECTED_SUICIDE and concluded and not values.get("concluded_on"):
        problems.setdefault("concluded_on", CONCLUSION_NEEDS_DAY)
    if status == Status.SUSPECTED and values.get("concluded_on"):
        problems.setdefault("concluded_on", SUSPECTED_HAS_NO_CONCLUSION)
    if values.get("referred_on") or values.get("support_service"):
        if values.get("family_consent") != Consent.GIVEN:
            problems.setdefault("family_consent", REFERRAL_NEEDS_CONSENT)
        if not values.get("support_service"):
            problems.setdefault("support_service", REFERRAL_NEEDS_SERVICE)
        if not values.get("referred_on"):
            problems.setdefault("referred_on", REFERRAL_NEEDS_DAY)
    if values.get("support_contacted_on") and not values.get("referred_on"):
        problems.setdefault("support_contacted_on", CONTACT_NEEDS_REFERRAL)
    incident = _day(values.get("occurred_at"))
    if incident is not None and "occurred_at" not in problems:
        for name in ("inquest_on", "concluded_on", "consent_on", "referred_on"):
            day = _day(values.get(name))
            if day is not None and day < incident and name not in problems:
                problems[name] = BEFORE_INCIDENT.format(
                    label=RECORD_DATES[name], day=incident.isoformat()
                )
    order = (("consent_on", "referred_on"), ("referred_on", "support_contacted_on"))
    for first, then in order:
        a, b = _day(values.get(first)), _day(values.get(then))
        if a is not None and b is not None and b < a and then not in problems:
            problems[then] = BEFORE.format(
                label=RECORD_DATES[then], other=RECORD_DATES[first].lower(), day=a.isoformat()
            )
    return problems


def location_problems(values: dict[str, Any]) -> dict[str, str]:
    problems = _date_checks(
        values, {"identified_on": "The day identified"}, not_future=("identified_on",)
    )
    problems.update(_point_checks(values))
    problems.update(_lsoa_check(values, "lsoa_code", "The LSOA"))
    return problems


def measure_problems(values: dict[str, Any]) -> dict[str, str]:
    problems = _date_checks(
        values,
        {"started_on": "The start day", "ended_on": "The end day"},
        not_future=("started_on",),
    )
    start, end = values.get("started_on"), values.get("ended_on")
    if start and end and end < start and "ended_on" not in problems:
        problems["ended_on"] = ENDS_BEFORE_START.format(day=start.isoformat())
    return problems
