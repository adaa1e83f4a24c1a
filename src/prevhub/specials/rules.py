"""The register's rules, decided once here; forms, the API, the import and services all ask.

Each check returns ``{field: [message, ...]}`` (empty when the record may be saved), so every
refusal names the field it is about, whichever door the record came through. Messages are
module constants the tests import.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from prevhub.specials.choices import (
    OPERATIONAL,
    DutyStatus,
    DutyType,
    OfficerStatus,
    PatrolMode,
)

if TYPE_CHECKING:
    from prevhub.specials.models import (
        Availability,
        Duty,
        Event,
        EventSignup,
        Officer,
        Qualification,
    )

Problems = dict[str, list[str]]

DATE_IN_FUTURE = "{label} cannot be in the future."
ENDS_BEFORE_START = "{label} must be after the start."
BEFORE_JOINING = "{label} cannot be before the officer joined."
EXPIRES_BEFORE_GRANTED = "The vetting expiry must be after the day it was granted."
VETTING_INCOMPLETE = "Give the vetting level, the day it was granted and its expiry together."
QUALIFICATION_EXPIRES_BEFORE = "The expiry must be after the day the qualification was gained."
INDEPENDENT_NOT_SIGNED_OFF = (
    "An officer with independent patrol status needs the day they were signed off."
)
LEFT_NEEDS_DAY = "An officer who has left needs the day they left."
LEFT_DAY_WITHOUT_STATUS = "An officer with a leaving day must have the status Left."
DUTY_VETTING_EXPIRED = (
    "This officer's vetting has expired (or is not recorded) on the duty's day: "
    "no operational duty until it is renewed."
)
DUTY_QUALIFICATION_EXPIRED = (
    "This officer's {kind} is not in date on the duty's day: no operational duty until it is "
    "renewed."
)
DUTY_NOT_SIGNED_OFF = (
    "This officer has not been signed off for independent patrol on the duty's day: book a "
    "tutored patrol instead."
)
DUTY_OFFICER_LEFT = "This officer is not serving on the duty's day (not yet joined, or left)."
DUTY_OFFICER_ON_LEAVE = "This officer is on leave of absence: no duty can be booked."
DUTY_WORKED_IN_FUTURE = "A duty cannot be recorded as worked before it has ended."
DUTY_TOO_LONG = "A duty cannot be longer than 24 hours."
PATROL_MODE_ONLY_FOR_PATROLS = "Only a patrol is tutored or independent."
PATROL_NEEDS_MODE = "Say whether the patrol is tutored or independent."
POINT_INCOMPLETE = "Give both the latitude and the longitude, or neither."
POINT_OUTSIDE = "{label} is outside Great Britain and Northern Ireland."
SIGNUP_CLOSED = "Sign-ups for this event closed at its deadline."
EVENT_FULL = "Every place at this event is already confirmed."
DEADLINE_AFTER_START = "The sign-up deadline must be before the event starts."
MAX_DUTY_HOURS = 24


def _future(value: Any, label: str, today: dt.date, problems: Problems, name: str) -> None:
    if value is not None and value > today:
        problems.setdefault(name, []).append(DATE_IN_FUTURE.format(label=label))


def officer_problems(officer: Officer, *, today: dt.date | None = None) -> Problems:
    """Dates that cannot be, and statuses without the date that makes them true."""
    today = today or timezone.localdate()
    problems: Problems = {}
    _future(officer.joined_on, "The day the officer joined", today, problems, "joined_on")
    _future(officer.warrant_date, "The warrant date", today, problems, "warrant_date")
    _future(
        officer.vetting_granted_on,
        "The day vetting was granted",
        today,
        problems,
        "vetting_granted_on",
    )
    _future(officer.independent_since, "The sign-off day", today, problems, "independent_since")
    _future(officer.left_on, "The leaving day", today, problems, "left_on")
    _future(
        officer.business_interests_checked_on,
        "The day of the check",
        today,
        problems,
        "business_interests_checked_on",
    )
    joined = officer.joined_on
    if joined is not None:
        for name, label in (
            ("warrant_date", "The warrant date"),
            ("independent_since", "The sign-off day"),
            ("left_on", "The leaving day"),
        ):
            value = getattr(officer, name)
            if value is not None and value < joined:
                problems.setdefault(name, []).append(BEFORE_JOINING.format(label=label))
    vetting = (officer.vetting_level, officer.vetting_granted_on, officer.vetting_expires_on)
    if any(vetting) and not all(vetting):
        problems.setdefault("vetting_level", []).append(VETTING_INCOMPLETE)
    granted, expires = officer.vetting_granted_on, officer.vetting_expires_on
    if granted is not None and expires is not None and expires <= granted:
        problems.setdefault("vetting_expires_on", []).append(EXPIRES_BEFORE_GRANTED)
    if officer.status == OfficerStatus.INDEPENDENT and officer.independent_since is None:
        problems.setdefault("independent_since", []).append(INDEPENDENT_NOT_SIGNED_OFF)
    if officer.status == OfficerStatus.LEFT and officer.left_on is None:
        problems.setdefault("left_on", []).append(LEFT_NEEDS_DAY)
    if officer.left_on is not None and officer.status != OfficerStatus.LEFT:
        problems.setdefault("status", []).append(LEFT_DAY_WITHOUT_STATUS)
    return problems


def qualification_problems(q: Qualification, *, today: dt.date | None = None) -> Problems:
    today = today or timezone.localdate()
    problems: Problems = {}
    _future(q.obtained_on, "The day it was gained", today, problems, "obtained_on")
    if q.obtained_on is not None and q.expires_on is not None and q.expires_on <= q.obtained_on:
        problems.setdefault("expires_on", []).append(QUALIFICATION_EXPIRES_BEFORE)
    return problems


def _point(obj: Any, problems: Problems) -> None:
    lat, lon = obj.latitude, obj.longitude
    if (lat is None) != (lon is None):
        problems.setdefault("longitude" if lon is None else "latitude", []).append(POINT_INCOMPLETE)
        return
    if lat is not None and not 49.8 <= lat <= 60.9:
        problems.setdefault("latitude", []).append(POINT_OUTSIDE.format(label="The latitude"))
    if lon is not None and not -8.7 <= lon <= 1.8:
        problems.setdefault("longitude", []).append(POINT_OUTSIDE.format(label="The longitude"))


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def duty_problems(duty: Duty, *, now: dt.datetime | None = None) -> Problems:
    """Why this duty cannot be saved: impossible times, and the force's deployment rules
    (vetting and required qualifications in date, sign-off for independent patrol, a serving
    officer) on the day the duty starts. Cancelled duties are not checked against the rules."""
    now = now or timezone.now()
    problems: Problems = {}
    start, end = duty.starts_at, duty.ends_at
    if start is not None and end is not None:
        if end <= start:
            problems.setdefault("ends_at", []).append(ENDS_BEFORE_START.format(label="The end"))
        elif (end - start).total_seconds() > MAX_DUTY_HOURS * 3600:
            problems.setdefault("ends_at", []).append(DUTY_TOO_LONG)
        if duty.status == DutyStatus.WORKED and end > now:
            problems.setdefault("status", []).append(DUTY_WORKED_IN_FUTURE)
    _point(duty, problems)
    if duty.duty_type == DutyType.PATROL and not duty.patrol_mode:
        problems.setdefault("patrol_mode", []).append(PATROL_NEEDS_MODE)
    if duty.duty_type != DutyType.PATROL and duty.patrol_mode:
        problems.setdefault("patrol_mode", []).append(PATROL_MODE_ONLY_FOR_PATROLS)
    officer = duty.officer if duty.officer_id else None
    if officer is None or start is None or duty.status == DutyStatus.CANCELLED:
        return problems
    day = _local_day(start)
    if not officer.is_serving(day):
        problems.setdefault("officer", []).append(DUTY_OFFICER_LEFT)
    elif officer.status == OfficerStatus.LEAVE:
        problems.setdefault("officer", []).append(DUTY_OFFICER_ON_LEAVE)
    if duty.duty_type in OPERATIONAL:
        expires = officer.vetting_expires_on
        if expires is None or expires < day:
            problems.setdefault("officer", []).append(DUTY_VETTING_EXPIRED)
        for kind_name in expired_required_qualifications(officer, day):
            problems.setdefault("officer", []).append(
                DUTY_QUALIFICATION_EXPIRED.format(kind=kind_name)
            )
    if duty.patrol_mode == PatrolMode.INDEPENDENT and (
        officer.independent_since is None or officer.independent_since > day
    ):
        problems.setdefault("patrol_mode", []).append(DUTY_NOT_SIGNED_OFF)
    return problems


def expired_required_qualifications(officer: Officer, day: dt.date) -> list[str]:
    """Names of the kinds required for duty that the officer does not hold in date on `day`."""
    from prevhub.specials.models import Qualification, QualificationKind

    required = list(QualificationKind.objects.filter(required_for_duty=True))
    if not required:
        return []
    held = Qualification.objects.filter(officer=officer, kind__in=required, obtained_on__lte=day)
    in_date = {q.kind_id for q in held if q.expires_on is None or q.expires_on >= day}
    return [k.name for k in required if k.pk not in in_date]


def event_problems(event: Event) -> Problems:
    problems: Problems = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        problems.setdefault("ends_at", []).append(ENDS_BEFORE_START.format(label="The end"))
    if event.signup_deadline and event.starts_at and event.signup_deadline > event.starts_at:
        problems.setdefault("signup_deadline", []).append(DEADLINE_AFTER_START)
    _point(event, problems)
    return problems


def signup_problems(signup: EventSignup, *, now: dt.datetime | None = None) -> Problems:
    """A sign-up after the deadline is refused; a confirmation beyond the places is refused."""
    from prevhub.specials.choices import SignupStatus

    now = now or timezone.now()
    problems: Problems = {}
    event = signup.event if signup.event_id else None
    if event is None:
        return problems
    if signup.pk is None and now > event.signup_deadline:
        problems.setdefault("event", []).append(SIGNUP_CLOSED)
    if signup.status == SignupStatus.CONFIRMED:
        confirmed = event.signups.filter(status=SignupStatus.CONFIRMED).exclude(pk=signup.pk)
        if confirmed.count() >= event.places:
            problems.setdefault("status", []).append(EVENT_FULL)
    return problems


def availability_problems(availability: Availability) -> Problems:
    problems: Problems = {}
    a = availability
    if a.starts_at and a.ends_at and a.ends_at <= a.starts_at:
        problems.setdefault("ends_at", []).append(ENDS_BEFORE_START.format(label="The end"))
    return problems
