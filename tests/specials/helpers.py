"""Invented test data for the specials tests (every name here is made up)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from prevhub.specials.choices import DutyStatus, DutyType, OfficerStatus, PatrolMode, VettingLevel
from prevhub.specials.models import Duty, Officer, Qualification, QualificationKind

LONDON = ZoneInfo("Europe/London")
_n = iter(range(1, 10**6))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def ost() -> QualificationKind:
    return QualificationKind._base_manager.get_or_create(
        slug="officer-safety-training",
        defaults={"name": "Officer safety training", "required_for_duty": True},
    )[0]


def make_officer(**fields: Any) -> Officer:
    """A serving, signed-off officer with vetting and officer safety training in date to 2030."""
    n = next(_n)
    defaults: dict[str, Any] = {
        "collar_number": f"T{n:04d}",
        "given_name": "Tess",
        "family_name": f"Testcase{n}",
        "team": "City Centre",
        "joined_on": dt.date(2020, 1, 1),
        "status": OfficerStatus.INDEPENDENT,
        "independent_since": dt.date(2021, 1, 1),
        "vetting_level": VettingLevel.RV,
        "vetting_granted_on": dt.date(2020, 1, 1),
        "vetting_expires_on": dt.date(2030, 1, 1),
    }
    training = fields.pop("ost_expires", dt.date(2030, 1, 1))
    training = dt.date(2030, 1, 1) if training == 1 else training
    defaults.update(fields)
    officer = Officer.objects.create(**defaults)
    if training is not None:
        Qualification.objects.create(
            officer=officer, kind=ost(), obtained_on=dt.date(2020, 2, 1), expires_on=training
        )
    return officer


def make_duty(officer: Officer | None = None, **fields: Any) -> Duty:
    start = fields.pop("starts_at", at(2026, 6, 1, 18))
    defaults: dict[str, Any] = {
        "officer": officer or make_officer(),
        "duty_type": DutyType.PATROL,
        "patrol_mode": PatrolMode.INDEPENDENT,
        "status": DutyStatus.WORKED,
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=fields.pop("hours", 4)),
    }
    defaults.update(fields)
    return Duty.objects.create(**defaults)
