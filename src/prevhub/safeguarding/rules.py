"""The safeguarding register's rules as predicates: what is wrong with an order, a breach, a
set of answers or a MARAC referral, and where an order may go next. They change nothing, so
forms and API serializers ask them while validating, and the services ask them again before
writing (services.py holds the writes only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from prevhub.errors import PrevhubError
from prevhub.safeguarding import deadlines
from prevhub.safeguarding.choices import AWARENESS_KINDS, NOTICE_KINDS, OrderKind, OrderStatus
from prevhub.safeguarding.deadlines import when
from prevhub.safeguarding.models import MaracReferral, ProtectionOrder, SafeguardingCase


class SafeguardingError(PrevhubError):
    """A safeguarding rule refused the change (the API answers 400 with the message)."""


TRANSITION_REFUSED = "A {kind} that is {current} cannot become {target}. Next: {allowed}."
BREACH_NEVER_IN_FORCE = (
    "A breach can only be recorded against an order that was in force when it happened; this "
    "one was {status}, never in force."
)
BREACH_NOT_YET_IN_FORCE = (
    "A breach can only be recorded against an order that was in force when it happened; this "
    "one is {status} and not yet in force."
)
BREACH_BEFORE_SERVICE = "The breach is dated before the order was in force ({served})."
BREACH_AFTER_EXPIRY = "The order had expired ({expires}) when this happened."
BREACH_IN_FUTURE = "A breach cannot be dated in the future."
STEP_IN_FUTURE = "The date and time of a step cannot be in the future ({at})."
BREACH_BY_TRANSITION = "Record a breach (what happened, action taken) instead."
EXPIRY_NOT_DUE = "The order runs until {expires}; to end it early, discharge it."
EXPIRY_UNKNOWN = "The order has no end date (until further order): discharge it instead."
PERIOD_REQUIRED = "Record the period the court set (last day, or until further order) first."
DVPO_FIXED_ONLY = "A DVPO is always for a fixed period of 14 to 28 days."
INTERIM_FIXED_ONLY = (
    "An interim SPO has effect only for a fixed period specified in it (Stalking Protection "
    "Act 2019 s.5(6)): give its last day, not 'until further order'."
)
INTERIM_NOT_AN_INTERIM = "The linked interim order must be an interim SPO of the same case."
INTERIM_ONLY_FOR_SPO = "Only a stalking protection order is linked to an interim SPO."
ENDS_BEFORE_MADE = (
    "The last day in force ({ends}) is before the day the order was made ({made}): an order "
    "cannot last a negative number of days."
)
DATE_IN_FUTURE = "{label} cannot be in the future."
NOTICE_NOT_A_NOTICE = "The linked notice must be a DVPN or DAPN of the same case."
OVERRIDE_NEEDS_REASON = "Give the reason for the professional-judgement override."
UNKNOWN_ANSWERS = "Unknown question or answer: {keys} (answers are yes, no or not_known)."
ANSWERS_NOT_AN_OBJECT = "Answers must be an object mapping {first}..{last} to yes, no or not_known."
MARAC_NO_CRITERION = "A MARAC referral needs at least one criterion."
CASE_NOT_CLOSED = "Only a closed case can be deleted at retention review."
REVIEW_NOT_DUE = "The case's retention review is not due until {date}."
UNKNOWN_REASON = "Unknown retention reason {reason!r}."

#: The lifecycle (docs/safeguarding.md has the diagram). Breaches enter 'breached' only through
#: protection_order_record_breach; 'expired' only once the computed end has passed.
TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.CONSIDERED: frozenset({OrderStatus.APPLIED, OrderStatus.WITHDRAWN}),
    OrderStatus.APPLIED: frozenset(
        {OrderStatus.GRANTED, OrderStatus.REFUSED, OrderStatus.WITHDRAWN}
    ),
    OrderStatus.GRANTED: frozenset({OrderStatus.SERVED}),
    OrderStatus.SERVED: frozenset(
        {OrderStatus.ACTIVE, OrderStatus.VARIED, OrderStatus.EXPIRED, OrderStatus.DISCHARGED}
    ),
    OrderStatus.ACTIVE: frozenset(
        {OrderStatus.VARIED, OrderStatus.BREACHED, OrderStatus.EXPIRED, OrderStatus.DISCHARGED}
    ),
    OrderStatus.VARIED: frozenset(
        {OrderStatus.VARIED, OrderStatus.BREACHED, OrderStatus.EXPIRED, OrderStatus.DISCHARGED}
    ),
    OrderStatus.BREACHED: frozenset(
        {OrderStatus.VARIED, OrderStatus.BREACHED, OrderStatus.EXPIRED, OrderStatus.DISCHARGED}
    ),
    OrderStatus.REFUSED: frozenset(),
    OrderStatus.WITHDRAWN: frozenset(),
    OrderStatus.EXPIRED: frozenset(),
    OrderStatus.DISCHARGED: frozenset(),
}


def initial_status(kind: str) -> str:
    """Third-party orders are recorded already in force; everything else starts 'considered'."""
    return OrderStatus.ACTIVE if kind in AWARENESS_KINDS else OrderStatus.CONSIDERED


#: Dates of an order that record something that has happened, so cannot be in the future.
PAST_DATETIMES = (
    ("applied_at", "The application time"),
    ("decided_at", "The decision time"),
    ("served_at", "The time of service"),
    ("ended_at", "The end time"),
)


def order_problems(order: ProtectionOrder, *, now: dt.datetime | None = None) -> list[str]:
    """What is wrong with an order's recorded dates and links (forms and API show these)."""
    now = now or timezone.now()
    problems = []
    for name, label in PAST_DATETIMES:
        value = getattr(order, name)
        if value is not None and value > now:
            problems.append(DATE_IN_FUTURE.format(label=label))
    if order.made_on is not None and order.made_on > deadlines.local(now).date():
        problems.append(DATE_IN_FUTURE.format(label="The day the order was made"))
    if order.made_on and order.ends_on and order.ends_on < order.made_on:
        problems.append(
            ENDS_BEFORE_MADE.format(ends=order.ends_on.isoformat(), made=order.made_on.isoformat())
        )
    else:
        problems += deadlines.period_problems(order)
    if order.kind == OrderKind.DVPO and order.until_further_order:
        problems.append(DVPO_FIXED_ONLY)
    if order.kind == OrderKind.INTERIM_SPO and order.until_further_order:
        problems.append(INTERIM_FIXED_ONLY)
    notice = order.notice
    if notice is not None and (
        notice.kind not in NOTICE_KINDS or notice.case_id != order.case_id or notice.pk == order.pk
    ):
        problems.append(NOTICE_NOT_A_NOTICE)
    interim = order.interim_order
    if interim is not None:
        if order.kind != OrderKind.SPO:
            problems.append(INTERIM_ONLY_FOR_SPO)
        elif interim.kind != OrderKind.INTERIM_SPO or interim.case_id != order.case_id:
            problems.append(INTERIM_NOT_AN_INTERIM)
    return problems


#: Statuses of an order that never was in force (refused, withdrawn) or is not yet.
NEVER_IN_FORCE = frozenset({OrderStatus.REFUSED, OrderStatus.WITHDRAWN})
NOT_YET_IN_FORCE = frozenset({OrderStatus.CONSIDERED, OrderStatus.APPLIED, OrderStatus.GRANTED})


def protection_order_breach_problem(
    order: ProtectionOrder, occurred_at: dt.datetime, *, now: dt.datetime | None = None
) -> str | None:
    """Why a breach at `occurred_at` cannot be recorded against `order`, or None.

    Judged at `occurred_at`: an order that was in force then (from service, or the day it was
    made for an order recorded without service, until its computed end) takes the breach even
    if it has expired or been discharged since — breaches are often reported late.
    """
    status = order.get_status_display().lower()
    if order.status in NEVER_IN_FORCE:
        return BREACH_NEVER_IN_FORCE.format(status=status)
    if order.status in NOT_YET_IN_FORCE:
        return BREACH_NOT_YET_IN_FORCE.format(status=status)
    if occurred_at > (now or timezone.now()):
        return BREACH_IN_FUTURE
    start = order.served_at or (deadlines.start_of_day(order.made_on) if order.made_on else None)
    if start is not None and occurred_at < start:
        return BREACH_BEFORE_SERVICE.format(served=when(start))
    expires = order.expires_at
    if expires is not None and occurred_at >= expires:
        return BREACH_AFTER_EXPIRY.format(expires=when(expires))
    return None


def check_answers(answers: Any, keys: list[str]) -> None:
    """Answers are an object mapping question keys (q1..q27; s1..s11) to yes, no or not_known;
    a question left out is not recorded."""
    from prevhub.safeguarding.models import ANSWER_VALUES

    if not isinstance(answers, dict):
        raise SafeguardingError(ANSWERS_NOT_AN_OBJECT.format(first=keys[0], last=keys[-1]))
    bad = [
        str(k)
        for k, v in answers.items()
        if k not in keys or not isinstance(v, str) or v not in ANSWER_VALUES
    ]
    if bad:
        raise SafeguardingError(UNKNOWN_ANSWERS.format(keys=", ".join(sorted(bad))))


def marac_is_repeat(
    case: SafeguardingCase, referred_on: dt.date, exclude_pk: int | None = None
) -> bool:
    """SafeLives repeat criterion: a referral within 12 months of the victim's last one."""
    year_before = deadlines.anniversary(referred_on, -1)
    earlier = MaracReferral._base_manager.filter(
        case__victim_id=case.victim_id, referred_on__gte=year_before, referred_on__lte=referred_on
    )
    if exclude_pk is not None:
        earlier = earlier.exclude(pk=exclude_pk)
    return earlier.exists()


def marac_referral_problem(referral: MaracReferral) -> str | None:
    if not (
        referral.visible_high_risk
        or referral.professional_judgement
        or referral.potential_escalation
        or marac_is_repeat(referral.case, referral.referred_on, referral.pk)
    ):
        return MARAC_NO_CRITERION
    return None
