"""Invented test data for the youth tests (every name here is made up, obviously fake)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prevhub.core import roles
from prevhub.core.models import User
from prevhub.core.testing import make_user
from prevhub.partners.models import Organisation
from prevhub.youth.choices import UnitKind
from prevhub.youth.models import (
    Assignment,
    Cadet,
    Leader,
    Unit,
    VolunteeringEvent,
)

CHECKED = dt.date(2025, 6, 1)  # a DBS check and training in date until 1 Jun 2028 (3 years)


def make_unit(
    kind: str = UnitKind.VPC, host: Organisation | None = None, name: str = "", **fields: Any
) -> Unit:
    if kind == UnitKind.MINI_POLICE and "school_year" not in fields:
        fields["school_year"] = 2026
    return Unit.objects.create(
        name=name or f"Test unit {Unit._base_manager.count() + 1}",
        kind=kind,
        host_organisation=host,
        **fields,
    )


def make_leader(user: User | None = None, **fields: Any) -> Leader:
    fields.setdefault("dbs_checked_on", CHECKED)
    fields.setdefault("dbs_enhanced", True)
    fields.setdefault("safeguarding_trained_on", CHECKED)
    return Leader.objects.create(user=user or make_user(roles.YOUTH), **fields)


def make_coordinator(**extra: Any) -> User:
    user = make_user(roles.YOUTH, **extra)
    make_leader(user, is_coordinator=True)
    return user


def make_safeguarding_lead(**extra: Any) -> User:
    user = make_user(roles.YOUTH, **extra)
    make_leader(user, is_safeguarding_lead=True)
    return user


def make_unit_leader(unit: Unit, **extra: Any) -> User:
    """A youth user assigned (with checks in date) to lead `unit`."""
    user = make_user(roles.YOUTH, **extra)
    Assignment.objects.create(leader=make_leader(user), unit=unit, started_on=dt.date(2025, 9, 1))
    return user


def make_cadet(unit: Unit | None = None, **fields: Any) -> Cadet:
    unit = unit or make_unit()
    fields.setdefault("given_name", "Testy")
    fields.setdefault("family_name", f"Fakecadet{Cadet._base_manager.count() + 1}")
    fields.setdefault(
        "date_of_birth",
        dt.date(2012, 3, 4) if unit.kind != UnitKind.MINI_POLICE else dt.date(2016, 5, 6),
    )
    fields.setdefault(
        "joined_on",
        dt.date(2026, 1, 10) if unit.kind != UnitKind.MINI_POLICE else dt.date(2026, 9, 14),
    )
    fields.setdefault("parent_name", "Parent Pretendperson")
    return Cadet.objects.create(unit=unit, **fields)


def make_event(unit: Unit | None = None, **fields: Any) -> VolunteeringEvent:
    fields.setdefault("title", "Litter pick (test)")
    fields.setdefault("held_on", dt.date(2026, 3, 14))
    fields.setdefault("risk_assessed_on", dt.date(2026, 3, 1))
    return VolunteeringEvent.objects.create(unit=unit or make_unit(), **fields)
