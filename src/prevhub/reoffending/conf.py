"""The register's settings, read through django.conf.settings with documented defaults
(docs/reoffending.md explains each choice; the force's records policy decides).

PREVHUB_REOFFENDING_REVIEW_DAYS (default 28): the next review of a cohort member, from
    selection or the last review held (IOM cohorts are reviewed monthly at the multi-agency
    meeting in most areas).
PREVHUB_REOFFENDING_ALERT_DAYS (default 7): how far ahead the alerts look.
PREVHUB_REOFFENDING_RETENTION_YEARS (default 3): a de-selected member's records are reviewed
    for deletion this long after de-selection (two follow-up years for the measures, plus one).
PREVHUB_REOFFENDING_SCORE_MAX (default 100): the highest selection score (the force's scoring
    matrix, e.g. recency-frequency-gravity, scaled to this range).
PREVHUB_REOFFENDING_FOLLOW_UP_YEARS (default 2): years after selection the measures follow.
PREVHUB_REOFFENDING_COMPARISON_MIN_OFFENCES (default 3): recorded offences in the 12 months
    before an index date that make a person not selected part of the comparison group.
"""

from __future__ import annotations

from django.conf import settings

REVIEW_DAYS = 28
ALERT_DAYS = 7
RETENTION_YEARS = 3
SCORE_MAX = 100
FOLLOW_UP_YEARS = 2
COMPARISON_MIN_OFFENCES = 3


def _get(name: str, default: int) -> int:
    return int(getattr(settings, f"PREVHUB_REOFFENDING_{name}", default))


def review_days() -> int:
    return _get("REVIEW_DAYS", REVIEW_DAYS)


def alert_days() -> int:
    return _get("ALERT_DAYS", ALERT_DAYS)


def retention_years() -> int:
    return _get("RETENTION_YEARS", RETENTION_YEARS)


def score_max() -> int:
    return _get("SCORE_MAX", SCORE_MAX)


def follow_up_years() -> int:
    return _get("FOLLOW_UP_YEARS", FOLLOW_UP_YEARS)


def comparison_min_offences() -> int:
    return _get("COMPARISON_MIN_OFFENCES", COMPARISON_MIN_OFFENCES)
