"""The register's settings (force policy), read through django.conf.settings, with defaults.

Every default is the force's to change; where it comes from is in docs/specials.md.

PREVHUB_SPECIALS_MINIMUM_HOURS (default 16): hours a serving officer is expected to work a
    month. Sixteen hours a month is the requirement the Metropolitan Police applied (The Times,
    "Special constables skip their duties", reporting Commander D'Orsi's review of Met specials,
    2016); South Wales Police asks four hours a week. Forces set their own.
PREVHUB_SPECIALS_MINIMUM_RULE (default "average"): "month" (each calendar month on its own)
    or "average" (the average over the last PREVHUB_SPECIALS_AVERAGE_MONTHS months): many
    forces' policies let an officer make up a short month.
PREVHUB_SPECIALS_AVERAGE_MONTHS (default 3): the window of the average rule.
PREVHUB_SPECIALS_NOTICE_STAGES (default 3): staged attendance notices (Suffolk Constabulary's
    Special Constabulary procedure has three unsatisfactory-attendance letters).
PREVHUB_SPECIALS_NOTICE_GAP_DAYS (default 28): least days between two stages.
PREVHUB_SPECIALS_ALERT_DAYS (default (90, 60, 30)): days before a vetting or qualification
    expiry when an alert is raised.
PREVHUB_SPECIALS_HOURLY_VALUE (default 0): the value of one volunteered hour in pounds, for
    the "hours' value" figure. No national figure exists: the force sets the one it uses (for
    instance the hourly cost of a constable); 0 leaves the figure out.
"""

from __future__ import annotations

from django.conf import settings

MINIMUM_HOURS = 16.0
MINIMUM_RULE = "average"
MINIMUM_RULES = ("month", "average")
AVERAGE_MONTHS = 3
NOTICE_STAGES = 3
NOTICE_GAP_DAYS = 28
ALERT_DAYS = (90, 60, 30)
HOURLY_VALUE = 0.0


def _get(name: str, default):  # type: ignore[no-untyped-def]
    return getattr(settings, f"PREVHUB_SPECIALS_{name}", default)


def minimum_hours() -> float:
    return float(_get("MINIMUM_HOURS", MINIMUM_HOURS))


def minimum_rule() -> str:
    rule = str(_get("MINIMUM_RULE", MINIMUM_RULE))
    if rule not in MINIMUM_RULES:
        raise ValueError(f"PREVHUB_SPECIALS_MINIMUM_RULE must be one of {MINIMUM_RULES}")
    return rule


def average_months() -> int:
    return int(_get("AVERAGE_MONTHS", AVERAGE_MONTHS))


def notice_stages() -> int:
    return int(_get("NOTICE_STAGES", NOTICE_STAGES))


def notice_gap_days() -> int:
    return int(_get("NOTICE_GAP_DAYS", NOTICE_GAP_DAYS))


def alert_days() -> tuple[int, ...]:
    return tuple(sorted((int(d) for d in _get("ALERT_DAYS", ALERT_DAYS)), reverse=True))


def hourly_value() -> float:
    return float(_get("HOURLY_VALUE", HOURLY_VALUE))
