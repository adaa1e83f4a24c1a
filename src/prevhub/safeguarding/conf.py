"""The app's settings, read through django.conf.settings with documented defaults.

PREVHUB_SAFEGUARDING_OPEN_REVIEW_DAYS (default 90): an open case's next review, from opening.
PREVHUB_SAFEGUARDING_RETENTION_REVIEW_YEARS (default 6): a closed case's retention review,
    from closing (docs/safeguarding.md explains the choice; the force's records policy decides).
PREVHUB_SAFEGUARDING_DIGEST_DAYS (default 7): how far ahead the work queue and digest look.
"""

from __future__ import annotations

from django.conf import settings

OPEN_REVIEW_DAYS = 90
RETENTION_REVIEW_YEARS = 6
DIGEST_DAYS = 7


def open_review_days() -> int:
    return int(getattr(settings, "PREVHUB_SAFEGUARDING_OPEN_REVIEW_DAYS", OPEN_REVIEW_DAYS))


def retention_review_years() -> int:
    return int(
        getattr(settings, "PREVHUB_SAFEGUARDING_RETENTION_REVIEW_YEARS", RETENTION_REVIEW_YEARS)
    )


def digest_days() -> int:
    return int(getattr(settings, "PREVHUB_SAFEGUARDING_DIGEST_DAYS", DIGEST_DAYS))
