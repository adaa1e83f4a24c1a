"""The scheme's rules, decided once: forms (through ``Model.clean``), API serializers and
services all ask these predicates, never reimplementing them.

Ages follow the Family Law Reform Act 1969 s.9 (a person attains an age at the start of the
anniversary of their birth; a child born on 29 February is a year older on 1 March in other
years). School years are England's year groups: a child is in year N in the school year that
starts in the September after they were N + 4 on 31 August (reception is year 0).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from prevhub.youth import conf
from prevhub.youth.choices import ConsentKind, UnitKind

if TYPE_CHECKING:
    from prevhub.youth.models import Cadet, Leader

DATE_IN_FUTURE = "{label} cannot be in the future."
AGE_AT_JOINING = (
    "Date of birth gives age {age} on the day of joining ({joined}); {kind} takes ages "
    "{low} to {high} at joining."
)
SCHOOL_YEAR_AT_JOINING = (
    "Date of birth puts the child in school year {year} on the day of joining ({joined}); "
    "Mini Police takes school years {low} to {high}."
)
BORN_AFTER_JOINING = "The date of birth must be before the day of joining."
LEFT_BEFORE_JOINING = "The leaving date cannot be before the joining date."
LEFT_NEEDS_REASON = "Say why the cadet left."
NO_DBS = (
    "{leader} has no enhanced DBS check recorded: record its date on the leader's record "
    "before assigning them to a unit."
)
DBS_LAPSED = (
    "{leader}'s enhanced DBS check of {checked} lapsed on {lapsed} (renewed every {years} "
    "years): record the renewal first."
)
DBS_NOT_ENHANCED = (
    "{leader}'s DBS check is not recorded as enhanced with the children's barred list."
)
NO_TRAINING = (
    "{leader} has no mandatory safeguarding training recorded: record its date on the "
    "leader's record before assigning them to a unit."
)
TRAINING_LAPSED = (
    "{leader}'s safeguarding training of {trained} lapsed on {lapsed} (renewed every {years} "
    "years): record the refresher first."
)
ASSIGNMENT_ENDS_BEFORE_START = "The assignment cannot end before it starts."
NO_RISK_ASSESSMENT = (
    "No risk assessment is recorded: an event cannot take place without one, dated on or "
    "before the event ({held})."
)
RISK_ASSESSMENT_AFTER_EVENT = (
    "The risk assessment must be made before the event takes place ({held}), not after."
)
HOURS_RANGE = "Hours must be more than 0 and at most 24 for one event."
HOURS_BEFORE_EVENT = "Hours cannot be recorded before the event has taken place ({held})."
NOT_A_MEMBER = "{cadet} was not on the roll of {unit} on {on}."
EVENT_CONSENT_NEEDS_EVENT = "A health and permission form is given for one event: choose it."
EVENT_ONLY_FOR_EVENT_CONSENT = "Only a health and permission form is given for one event."
WITHDRAWN_BEFORE_GIVEN = "Consent cannot be withdrawn before it was given."
COHORT_NEEDS_SCHOOL = "A Mini Police cohort is hosted by its school: choose the school."
COHORT_NEEDS_YEAR = "A Mini Police cohort runs for one school year: give the year it starts."
YEAR_OUT_OF_RANGE = "The year must be between 1900 and 2100."
MIN_YEAR, MAX_YEAR = 1900, 2100


class YouthError(ValueError):
    """A refused write: ``errors`` maps each field to its message (``__all__`` for none)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years of age on a day (FLRA 1969 s.9; 29 February birthdays count on 1 March).

    >>> leap = dt.date(2012, 2, 29)
    >>> age_on(leap, dt.date(2025, 2, 28)), age_on(leap, dt.date(2025, 3, 1))
    (12, 13)
    """
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def school_year_start(on: dt.date) -> int:
    """The calendar year in which the school year containing `on` began (1 September)."""
    return on.year if on.month >= 9 else on.year - 1


def school_year_on(born: dt.date, on: dt.date) -> int:
    """England's year group of a child on a day (reception is 0).

    >>> term = dt.date(2025, 9, 3)
    >>> school_year_on(dt.date(2016, 8, 31), term), school_year_on(dt.date(2016, 9, 1), term)
    (5, 4)
    """
    return age_on(born, dt.date(school_year_start(on), 8, 31)) - 4


def birthday(born: dt.date, age: int) -> dt.date:
    """The day a person born on `born` reaches `age` (1 March for 29 February in other years)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return dt.date(born.year + age, 3, 1)


def anniversary(day: dt.date, years: int) -> dt.date:
    return birthday(day, years)


def _fmt(day: dt.date) -> str:
    from prevhub.core.formatting import date as hub_date

    return hub_date(day)


def not_future(values: dict[str, Any], labels: dict[str, str]) -> dict[str, str]:
    """Fields recording something that has happened: not after today, year in range."""
    today = timezone.localdate()
    errors = {}
    for name, label in labels.items():
        value = values.get(name)
        if not isinstance(value, dt.date):
            continue
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            errors[name] = YEAR_OUT_OF_RANGE
        elif value > today:
            errors[name] = DATE_IN_FUTURE.format(label=label)
    return errors


def joining_age_problem(kind: str, born: dt.date, joined: dt.date) -> str | None:
    """Why a child of this date of birth may not join this kind of unit on that day."""
    if born >= joined:
        return BORN_AFTER_JOINING
    if kind == UnitKind.MINI_POLICE:
        low, high = conf.mini_police_years()
        year = school_year_on(born, joined)
        if not low <= year <= high:
            return SCHOOL_YEAR_AT_JOINING.format(year=year, joined=_fmt(joined), low=low, high=high)
        return None
    low, high = conf.ages().get(kind, (0, 200))
    age = age_on(born, joined)
    if not low <= age <= high:
        label = UnitKind(kind).label if kind in UnitKind.values else kind
        return AGE_AT_JOINING.format(
            age=age, joined=_fmt(joined), kind=label.split(" (")[0], low=low, high=high
        )
    return None


def cadet_problems(cadet: Cadet) -> dict[str, str]:
    errors = not_future(
        {"joined_on": cadet.joined_on, "left_on": cadet.left_on},
        {"joined_on": "The joining date", "left_on": "The leaving date"},
    )
    errors |= {
        k: v
        for k, v in not_future(
            {"date_of_birth": cadet.date_of_birth}, {"date_of_birth": "The date of birth"}
        ).items()
    }
    if cadet.unit_id and cadet.date_of_birth and cadet.joined_on and "date_of_birth" not in errors:
        problem = joining_age_problem(cadet.unit.kind, cadet.date_of_birth, cadet.joined_on)
        if problem:
            errors["date_of_birth"] = problem
    if cadet.left_on and cadet.joined_on and cadet.left_on < cadet.joined_on:
        errors["left_on"] = LEFT_BEFORE_JOINING
    if cadet.left_on and not cadet.leaving_reason:
        errors["leaving_reason"] = LEFT_NEEDS_REASON
    return errors


def renewal_due(checked: dt.date | None, years: int) -> dt.date | None:
    """The day a check or training made on `checked` lapses (its anniversary)."""
    return anniversary(checked, years) if checked else None


def leader_assignment_problem(leader: Leader, on: dt.date) -> str | None:
    """Why this leader may not be assigned to a unit from `on`: no enhanced DBS check or no
    mandatory safeguarding training recorded, or either lapsed by then."""
    name = str(leader)
    if leader.dbs_checked_on is None:
        return NO_DBS.format(leader=name)
    if not leader.dbs_enhanced:
        return DBS_NOT_ENHANCED.format(leader=name)
    years = conf.dbs_renewal_years()
    lapsed = renewal_due(leader.dbs_checked_on, years)
    if lapsed is not None and lapsed <= on:
        return DBS_LAPSED.format(
            leader=name, checked=_fmt(leader.dbs_checked_on), lapsed=_fmt(lapsed), years=years
        )
    if leader.safeguarding_trained_on is None:
        return NO_TRAINING.format(leader=name)
    years = conf.training_renewal_years()
    lapsed = renewal_due(leader.safeguarding_trained_on, years)
    if lapsed is not None and lapsed <= on:
        return TRAINING_LAPSED.format(
            leader=name,
            trained=_fmt(leader.safeguarding_trained_on),
            lapsed=_fmt(lapsed),
            years=years,
        )
    return None


def assignment_problems(assignment: Any) -> dict[str, str]:
    errors = not_future({"started_on": assignment.started_on}, {})
    if (
        assignment.ended_on
        and assignment.started_on
        and assignment.ended_on < assignment.started_on
    ):
        errors["ended_on"] = ASSIGNMENT_ENDS_BEFORE_START
    if assignment.leader_id and assignment.started_on:
        problem = leader_assignment_problem(assignment.leader, assignment.started_on)
        if problem:
            errors["leader"] = problem
    return errors


def leader_problems(leader: Leader) -> dict[str, str]:
    return not_future(
        {
            "dbs_checked_on": leader.dbs_checked_on,
            "safeguarding_trained_on": leader.safeguarding_trained_on,
        },
        {
            "dbs_checked_on": "The DBS check date",
            "safeguarding_trained_on": "The safeguarding training date",
        },
    )


def unit_problems(unit: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if unit.kind == UnitKind.MINI_POLICE:
        if not unit.host_organisation_id:
            errors["host_organisation"] = COHORT_NEEDS_SCHOOL
        if not unit.school_year:
            errors["school_year"] = COHORT_NEEDS_YEAR
    if unit.school_year and not MIN_YEAR <= unit.school_year <= MAX_YEAR:
        errors["school_year"] = YEAR_OUT_OF_RANGE
    return errors


def event_problems(event: Any, today: dt.date | None = None) -> dict[str, str]:
    """A volunteering event may be planned without a risk assessment, but it may not take
    place (its day reached, or hours recorded) without one made on or before its day."""
    today = today or timezone.localdate()
    errors = not_future(
        {"risk_assessed_on": event.risk_assessed_on},
        {"risk_assessed_on": "The risk assessment date"},
    )
    if "risk_assessed_on" in errors or event.held_on is None:
        return errors
    if not MIN_YEAR <= event.held_on.year <= MAX_YEAR:
        return {**errors, "held_on": YEAR_OUT_OF_RANGE}
    if event.risk_assessed_on and event.risk_assessed_on > event.held_on:
        errors["risk_assessed_on"] = RISK_ASSESSMENT_AFTER_EVENT.format(held=_fmt(event.held_on))
    elif event.held_on <= today and event.risk_assessed_on is None:
        errors["risk_assessed_on"] = NO_RISK_ASSESSMENT.format(held=_fmt(event.held_on))
    if event.latitude is not None and not -90 <= event.latitude <= 90:
        errors["latitude"] = "Latitude must be between -90 and 90."
    if event.longitude is not None and not -180 <= event.longitude <= 180:
        errors["longitude"] = "Longitude must be between -180 and 180."
    if (event.latitude is None) != (event.longitude is None):
        errors["longitude" if event.longitude is None else "latitude"] = (
            "Give both latitude and longitude, or neither."
        )
    return errors


def on_roll(cadet: Cadet, unit_id: int | None, on: dt.date) -> bool:
    return (
        cadet.unit_id == unit_id
        and cadet.joined_on <= on
        and (cadet.left_on is None or cadet.left_on >= on)
    )


def hours_problems(record: Any, today: dt.date | None = None) -> dict[str, str]:
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if record.hours is None or not 0 < float(record.hours) <= 24:
        errors["hours"] = HOURS_RANGE
    if not record.event_id:
        return errors
    event = record.event
    if event.held_on > today:
        errors["event"] = HOURS_BEFORE_EVENT.format(held=_fmt(event.held_on))
        return errors
    problems = event_problems(event, today)
    if "risk_assessed_on" in problems:
        errors["event"] = problems["risk_assessed_on"]
    if record.cadet_id and not on_roll(record.cadet, event.unit_id, event.held_on):
        errors["cadet"] = NOT_A_MEMBER.format(
            cadet=record.cadet.reference, unit=event.unit, on=_fmt(event.held_on)
        )
    return errors


def consent_problems(consent: Any) -> dict[str, str]:
    errors = not_future(
        {"given_on": consent.given_on, "withdrawn_on": consent.withdrawn_on},
        {"given_on": "The day consent was given", "withdrawn_on": "The day it was withdrawn"},
    )
    if consent.kind == ConsentKind.EVENT and not consent.event_id:
        errors["event"] = EVENT_CONSENT_NEEDS_EVENT
    if consent.kind != ConsentKind.EVENT and consent.event_id:
        errors["event"] = EVENT_ONLY_FOR_EVENT_CONSENT
    if consent.withdrawn_on and consent.given_on and consent.withdrawn_on < consent.given_on:
        errors["withdrawn_on"] = WITHDRAWN_BEFORE_GIVEN
    return errors


def session_problems(session: Any) -> dict[str, str]:
    return _year_only(session.held_on, "held_on")


def _year_only(value: dt.date | None, name: str) -> dict[str, str]:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        return {name: YEAR_OUT_OF_RANGE}
    return {}


def attendance_problem(unit_id: int | None, cadets: Any, on: dt.date | None) -> str | None:
    """Attendees of a session are cadets on the unit's roll that day."""
    if on is None:
        return None
    strangers = [c.reference for c in cadets if not on_roll(c, unit_id, on)]
    if strangers:
        return f"Not on the unit's roll on {_fmt(on)}: {', '.join(strangers)}."
    return None


def award_problems(award: Any) -> dict[str, str]:
    return not_future({"achieved_on": award.achieved_on}, {"achieved_on": "The award date"})


def concern_problems(concern: Any) -> dict[str, str]:
    return not_future({"noticed_on": concern.noticed_on}, {"noticed_on": "The day noticed"})
