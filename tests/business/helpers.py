"""Records for the Safer Business tests. Coordinates are real places in Nottingham (inside the
packaged Nottinghamshire LSOAs), the names invented."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.partners.models import Organisation

#: Nottingham's Old Market Square area (LSOA "Nottingham 039G" in the packaged 2011 set).
CITY = (-1.14750, 52.95369)


def make_business(members: list[Organisation] | None = None, **extra: Any) -> Business:
    values = {
        "name": "Test Traders",
        "sector": "retail",
        "address": "1 Test Street, Nottingham",
        "longitude": CITY[0],
        "latitude": CITY[1],
        "contact_name": "Terry Contact",
        "contact_phone": "0115 000 0000",
        **extra,
    }
    business = Business.objects.create(**values)
    business.memberships.set(members or [])
    return business


def officer() -> Any:
    from prevhub.core.models import User

    existing = User.objects.filter(username="business-officer").first()
    return existing or make_user(roles.BUSINESS, username="business-officer")


def make_survey(business: Business | None = None, **extra: Any) -> SecuritySurvey:
    values = {
        "business": business or make_business(),
        "surveyed_on": dt.date(2024, 2, 15),
        "surveyed_by": officer(),
        "follow_up_due": dt.date(2024, 3, 28),
        **extra,
    }
    return SecuritySurvey.objects.create(**values)


def make_recommendation(survey: SecuritySurvey | None = None, **extra: Any) -> Recommendation:
    values = {
        "survey": survey or make_survey(),
        "layer": "shell",
        "finding": "Back door left open.",
        "recommendation": "Fit a door closer.",
        "techniques": [1],
        "priority": "high",
        **extra,
    }
    return Recommendation.objects.create(**values)


def make_action_day(partners: list[Organisation] | None = None, **extra: Any) -> ActionDay:
    values = {
        "title": "Test action day",
        "area_name": "City centre",
        "longitude": CITY[0],
        "latitude": CITY[1],
        "radius_m": 400,
        "starts_on": dt.date(2024, 2, 15),
        "ends_on": dt.date(2024, 2, 15),
        "visits": 3,
        **extra,
    }
    day = ActionDay.objects.create(**values)
    day.partners.set(partners or [])
    return day
