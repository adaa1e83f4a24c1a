"""The youth register's settings, read through django.conf.settings with documented defaults.

Every rule here is the scheme's or the force's policy, so each is a setting; the defaults and
their sources are in docs/youth.md ("Rules and their sources").

PREVHUB_YOUTH_AGES (default below): per kind of unit, the youngest and oldest age *at joining*
    (whole years on the day of joining). VPC 13 to 17 (membership 13-18, a cadet leaves or
    becomes an adult volunteer at 18); junior VPC 10 to 12 (10-13, moving up at 13):
    vpc.police.uk "FAQs for cadets". Mini Police uses school years instead (below).
PREVHUB_YOUTH_MINI_POLICE_YEARS (default (5, 6)): the school years a Mini Police child may
    join in (England's year groups, from the date of birth): Mini Police schools' pages.
PREVHUB_YOUTH_LEAVING_AGE (default 18): a cadet reaching it is flagged to leave or become an
    adult volunteer.
PREVHUB_YOUTH_DBS_RENEWAL_YEARS (default 3): an enhanced DBS check is renewed this often.
PREVHUB_YOUTH_TRAINING_RENEWAL_YEARS (default 3): the mandatory safeguarding training likewise.
PREVHUB_YOUTH_ALERT_DAYS (default (90, 60, 30)): renewal alerts start this many days before.
PREVHUB_YOUTH_MONTHLY_HOURS (default 3): volunteering expected of each VPC cadet per month
    ("at least 3 hours per month": vpc.police.uk FAQs for parents and carers).
PREVHUB_YOUTH_VULNERABLE_AIM (default 25): per cent of each unit from a background vulnerable
    to crime or social exclusion (the national VPC programme's expectation).
PREVHUB_YOUTH_SUPPRESS_UNDER (default 5): a share is not shown when it rests on fewer people.
PREVHUB_YOUTH_RETENTION_YEARS (default 2): a leaver's personal data is deleted this long after
    leaving, leaving only anonymous counts (the force's records policy decides).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

AGES: dict[str, tuple[int, int]] = {"vpc": (13, 17), "junior": (10, 12)}
MINI_POLICE_YEARS = (5, 6)
LEAVING_AGE = 18
DBS_RENEWAL_YEARS = 3
TRAINING_RENEWAL_YEARS = 3
ALERT_DAYS = (90, 60, 30)
MONTHLY_HOURS = 3.0
VULNERABLE_AIM = 25
SUPPRESS_UNDER = 5
RETENTION_YEARS = 2


def _get(name: str, default: Any) -> Any:
    return getattr(settings, f"PREVHUB_YOUTH_{name}", default)


def ages() -> dict[str, tuple[int, int]]:
    return {**AGES, **_get("AGES", {})}


def mini_police_years() -> tuple[int, int]:
    low, high = _get("MINI_POLICE_YEARS", MINI_POLICE_YEARS)
    return int(low), int(high)


def leaving_age() -> int:
    return int(_get("LEAVING_AGE", LEAVING_AGE))


def dbs_renewal_years() -> int:
    return int(_get("DBS_RENEWAL_YEARS", DBS_RENEWAL_YEARS))


def training_renewal_years() -> int:
    return int(_get("TRAINING_RENEWAL_YEARS", TRAINING_RENEWAL_YEARS))


def alert_days() -> tuple[int, ...]:
    return tuple(sorted((int(d) for d in _get("ALERT_DAYS", ALERT_DAYS)), reverse=True))


def monthly_hours() -> float:
    return float(_get("MONTHLY_HOURS", MONTHLY_HOURS))


def vulnerable_aim() -> int:
    return int(_get("VULNERABLE_AIM", VULNERABLE_AIM))


def suppress_under() -> int:
    return int(_get("SUPPRESS_UNDER", SUPPRESS_UNDER))


def retention_years() -> int:
    return int(_get("RETENTION_YEARS", RETENTION_YEARS))
