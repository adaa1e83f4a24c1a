"""Invented test data for the safeguarding tests (every name here is made up)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prevhub.partners.models import Organisation
from prevhub.people.models import Person
from prevhub.safeguarding.choices import OrderKind, OrderStatus
from prevhub.safeguarding.deadlines import LONDON
from prevhub.safeguarding.models import ProtectionOrder, SafeguardingCase


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A local (England and Wales) time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def make_victim(**fields: Any) -> Person:
    return Person.objects.create(
        given_name=fields.pop("given_name", "Quinn"),
        family_name=fields.pop("family_name", "Testcase"),
        **fields,
    )


def make_case(shared_with: list[Organisation] | None = None, **fields: Any) -> SafeguardingCase:
    victim = fields.pop("victim", None) or make_victim()
    case = SafeguardingCase.objects.create(
        victim=victim,
        abuse_types=fields.pop("abuse_types", ["domestic_abuse"]),
        district=fields.pop("district", "North"),
        **fields,
    )
    case.shared_with.set(shared_with or [])
    return case


def make_order(
    case: SafeguardingCase | None = None,
    kind: str = OrderKind.DVPO,
    status: str = OrderStatus.ACTIVE,
    **fields: Any,
) -> ProtectionOrder:
    return ProtectionOrder.objects.create(
        case=case or make_case(), kind=kind, status=status, **fields
    )
