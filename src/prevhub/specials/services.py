"""Writes of the Special Constabulary register: `<entity>_<verb>(*, ...)`, atomic, audited.

The rules are in :mod:`prevhub.specials.rules`; forms and serializers call ``*_check`` (which
raise :class:`SpecialsError` carrying ``{field: [message]}``) so the page and the API refuse
the same record with the same words.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from prevhub.core.audit import audit_batch, record_event
from prevhub.errors import PrevhubError
from prevhub.specials import conf, rules
from prevhub.specials.choices import DutyStatus, DutyType, SignupStatus
from prevhub.specials.models import (
    AttendanceNotice,
    CalendarFeed,
    Duty,
    EventSignup,
    Officer,
    token_hash,
)


class SpecialsError(PrevhubError):
    """A record the register's rules refuse, with the fields and why."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items()))


CHECKS = {
    "officer": rules.officer_problems,
    "qualification": rules.qualification_problems,
    "duty": rules.duty_problems,
    "event": rules.event_problems,
    "eventsignup": rules.signup_problems,
    "availability": rules.availability_problems,
}


def problems_of(instance: Any) -> dict[str, list[str]]:
    """The rules' objections to this record (empty: it may be saved)."""
    check = CHECKS.get(instance._meta.model_name)
    return check(instance) if check is not None else {}


def record_check(instance: Any) -> None:
    problems = problems_of(instance)
    if problems:
        raise SpecialsError(problems)


@transaction.atomic
def duty_save(*, duty: Duty) -> Duty:
    """Save a duty through the rules; a change to a duty already signed off is recorded as
    such in the audit log (besides the change itself), so late edits to worked hours show."""
    record_check(duty)
    before = Duty._base_manager.filter(pk=duty.pk).first() if duty.pk else None
    with audit_batch():
        duty.save()
    if before is not None and before.signed_off_at is not None:
        changed = [
            f
            for f in ("status", "starts_at", "ends_at", "officer_id", "duty_type", "problem_id")
            if getattr(before, f) != getattr(duty, f)
        ]
        if changed:
            record_event(
                "update",
                object_type="specials.duty",
                object_id=str(duty.pk),
                object_repr=str(duty),
                detail="changed after sign-off: " + ", ".join(changed),
            )
    return duty


@transaction.atomic
def duty_sign_off(*, duty: Duty, now: dt.datetime | None = None) -> Duty:
    """A supervisor confirms a worked duty's hours (only a worked duty can be signed off)."""
    if duty.status != DutyStatus.WORKED:
        raise SpecialsError({"status": ["Only a worked duty can be signed off."]})
    duty.signed_off_at = now or timezone.now()
    with audit_batch():
        duty.save()
    return duty


@transaction.atomic
def event_signup_confirm(*, signup: EventSignup) -> Duty:
    """A leader confirms an officer's sign-up: the officer is booked for the event's duty
    (through the duty rules, so an officer with lapsed vetting cannot be confirmed)."""
    event = signup.event
    signup.status = SignupStatus.CONFIRMED
    record_check(signup)
    duty = Duty(
        officer=signup.officer,
        duty_type=DutyType.EVENT,
        status=DutyStatus.BOOKED,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        district=event.district,
        latitude=event.latitude,
        longitude=event.longitude,
        supervisor=event.leader,
        problem=event.problem,
        event=event,
    )
    problems = rules.duty_problems(duty)
    if problems:
        raise SpecialsError(problems)
    with audit_batch():
        signup.save()
        duty.save()
    return duty


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_issue(*, officer: Officer) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for the officer; every earlier one is revoked. Returns the feed
    and the token, which is shown once: the register keeps only its hash."""
    now = timezone.now()
    token = _new_token()
    with audit_batch():
        for feed in officer.feeds.filter(revoked_at__isnull=True):
            feed.revoked_at = now
            feed.save()
        feed = CalendarFeed.objects.create(officer=officer, token_hash=token_hash(token))
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, officer: Officer) -> int:
    """Revoke the officer's live feeds; their URLs answer 404 from now on."""
    now = timezone.now()
    revoked = 0
    with audit_batch():
        for feed in officer.feeds.filter(revoked_at__isnull=True):
            feed.revoked_at = now
            feed.save()
            revoked += 1
    return revoked


def calendar_feed_officer(token: str) -> Officer | None:
    """The officer whose live feed this token opens, or None (unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed._base_manager.select_related("officer")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    return feed.officer if feed is not None else None


@transaction.atomic
def attendance_notices_issue(*, month: str, today: dt.date | None = None) -> list[AttendanceNotice]:
    """Issue the next staged notice to each serving officer below the minimum-hours policy for
    `month` (YYYY-MM), unless their last notice is under the configured gap old; an officer
    who has met the policy since their last notice starts again at the first stage."""
    from prevhub.specials import selectors

    today = today or timezone.localdate()
    issued: list[AttendanceNotice] = []
    standing = selectors.minimum_standing(month=month)
    gap = dt.timedelta(days=conf.notice_gap_days())
    with audit_batch():
        for row in standing:
            if row["meets"]:
                continue
            officer_id = row["officer_id"]
            last = AttendanceNotice._base_manager.filter(officer_id=officer_id).first()
            stage = 1
            if last is not None:
                if today - last.issued_on < gap:
                    continue
                met_since = selectors.met_minimum_since(officer_id, last.issued_on)
                stage = 1 if met_since else min(last.stage + 1, conf.notice_stages())
                if not met_since and last.stage >= conf.notice_stages():
                    continue  # the final stage is a review, not another letter
            issued.append(
                AttendanceNotice.objects.create(
                    officer_id=officer_id, stage=stage, issued_on=today, hours=row["measured"]
                )
            )
    return issued
