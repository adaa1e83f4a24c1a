"""Writes of the safeguarding register: keyword-only, atomic, audited (HackSoft style).

The lifecycle of protection orders, breaches and the retention deletion are written here and
nowhere else; the rules they check (what is wrong with an order, a breach, a referral) are
predicates in ``rules.py``, which forms and API serializers ask too, never reimplementing them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone

from prevhub.core.audit import DELETE, audit_batch, record_event
from prevhub.core.models import User
from prevhub.people.models import Person
from prevhub.safeguarding import deadlines, questions
from prevhub.safeguarding.choices import (
    ENDED,
    IN_FORCE,
    NOTICE_KINDS,
    CaseStatus,
    OrderKind,
    OrderStatus,
    RetentionReason,
    RiskLevel,
)
from prevhub.safeguarding.deadlines import when
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracAction,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
    StalkingScreening,
)
from prevhub.safeguarding.rules import (
    BREACH_BY_TRANSITION,
    CASE_NOT_CLOSED,
    EXPIRY_NOT_DUE,
    EXPIRY_UNKNOWN,
    OVERRIDE_NEEDS_REASON,
    PERIOD_REQUIRED,
    REVIEW_NOT_DUE,
    STEP_IN_FUTURE,
    TRANSITION_REFUSED,
    TRANSITIONS,
    UNKNOWN_REASON,
    SafeguardingError,
    check_answers,
    initial_status,
    marac_is_repeat,
    marac_referral_problem,
    order_problems,
    protection_order_breach_problem,
)


@transaction.atomic
def protection_order_create(*, case: SafeguardingCase, kind: str, **fields: Any) -> ProtectionOrder:
    """A new order in its first state (considered; in force for third-party orders)."""
    order = ProtectionOrder(case=case, kind=kind, status=initial_status(kind), **fields)
    problems = order_problems(order)
    if problems:
        raise SafeguardingError(" ".join(problems))
    with audit_batch():
        order.save()
    return order


@transaction.atomic
def protection_order_transition(
    *,
    order: ProtectionOrder,
    to_status: str,
    at: dt.datetime | None = None,
    ends_on: dt.date | None = None,
    until_further_order: bool | None = None,
) -> ProtectionOrder:
    """Move an order along its lifecycle, recording when; refuses any move not in TRANSITIONS.

    Granting a court order needs its period (DVPO 14-28 days, SPO at least two years, checked
    here); deciding an order ends the notice it followed (CSA 2010 s.27; DAA 2021 s.29: a
    notice has effect until the application is determined).
    """
    now = timezone.now()
    at = at or now
    if at > now:
        raise SafeguardingError(STEP_IN_FUTURE.format(at=when(at)))
    order = ProtectionOrder._base_manager.select_for_update().get(pk=order.pk)
    allowed = TRANSITIONS.get(order.status, frozenset())
    if to_status == OrderStatus.BREACHED:
        raise SafeguardingError(BREACH_BY_TRANSITION)
    if to_status not in allowed:
        raise SafeguardingError(
            TRANSITION_REFUSED.format(
                kind=order.get_kind_display(),
                current=order.get_status_display().lower(),
                target=OrderStatus(to_status).label.lower()
                if to_status in OrderStatus.values
                else to_status,
                allowed=", ".join(sorted(OrderStatus(s).label.lower() for s in allowed)) or "none",
            )
        )
    if ends_on is not None:
        order.ends_on = ends_on
    if until_further_order is not None:
        order.until_further_order = until_further_order
    if to_status == OrderStatus.APPLIED:
        order.applied_at = at
    elif to_status in (OrderStatus.GRANTED, OrderStatus.REFUSED):
        order.decided_at = at
        if to_status == OrderStatus.GRANTED and order.kind not in NOTICE_KINDS:
            order.made_on = order.made_on or deadlines.local(at).date()
            if not order.ends_on and not order.until_further_order:
                raise SafeguardingError(PERIOD_REQUIRED)
        _end_notice(order, at)
        _end_interim(order, at)
    elif to_status == OrderStatus.SERVED:
        order.served_at = at
    elif to_status == OrderStatus.DISCHARGED:
        order.ended_at = at
    elif to_status == OrderStatus.EXPIRED:
        expires = order.expires_at
        if expires is None:
            raise SafeguardingError(EXPIRY_UNKNOWN)
        if expires > now:
            raise SafeguardingError(EXPIRY_NOT_DUE.format(expires=when(expires)))
    problems = order_problems(order)
    if problems:
        raise SafeguardingError(" ".join(problems))
    order.status = to_status
    with audit_batch():
        order.save()
    return order


def _end_notice(order: ProtectionOrder, at: dt.datetime) -> None:
    """The DVPN/DAPN an order followed ends when the application is determined."""
    notice = order.notice
    if notice is None or notice.status in ENDED:
        return
    notice.ended_at = at
    notice.status = OrderStatus.EXPIRED
    notice.save()


def _end_interim(order: ProtectionOrder, at: dt.datetime) -> None:
    """An interim SPO ceases to have effect on the determination of the main application
    (Stalking Protection Act 2019 s.5(6)(b)), if it has not already ended."""
    interim = order.interim_order
    if order.kind != OrderKind.SPO or interim is None or interim.status in ENDED:
        return
    interim.ended_at = at
    interim.status = OrderStatus.EXPIRED
    interim.save()


@transaction.atomic
def protection_order_record_breach(
    *,
    order: ProtectionOrder,
    occurred_at: dt.datetime,
    description: str,
    action_taken: str,
    crime_reference: str = "",
    recorded_by: User | None = None,
) -> Breach:
    """Record a breach of an order in force at the time; an order still in force becomes
    'breached' (one that has ended since keeps its status)."""
    order = ProtectionOrder._base_manager.select_for_update().get(pk=order.pk)
    problem = protection_order_breach_problem(order, occurred_at)
    if problem:
        raise SafeguardingError(problem)
    with audit_batch():
        breach = Breach.objects.create(
            order=order,
            occurred_at=occurred_at,
            description=description,
            action_taken=action_taken,
            crime_reference=crime_reference,
            recorded_by=recorded_by,
        )
        if order.status in IN_FORCE:
            order.status = OrderStatus.BREACHED
            order.save()
    return breach


def protection_orders_expire(*, now: dt.datetime | None = None) -> list[ProtectionOrder]:
    """Mark as expired every order in force (or served) whose computed end has passed."""
    now = now or timezone.now()
    expired = []
    for order in ProtectionOrder._base_manager.filter(status__in=IN_FORCE):
        expires = order.expires_at
        if expires is not None and expires <= now:
            with audit_batch():
                order.status = OrderStatus.EXPIRED
                order.save()
            expired.append(order)
    return expired


@transaction.atomic
def risk_assessment_record(
    *,
    case: SafeguardingCase,
    answers: dict[str, str],
    assessor: User | None = None,
    assessed_at: dt.datetime | None = None,
    override_level: str = "",
    override_reason: str = "",
) -> RiskAssessment:
    """Add a DASH assessment (earlier ones stay: the history of the victim's risk)."""
    check_answers(answers, questions.dash_question_keys())
    if override_level and not override_reason.strip():
        raise SafeguardingError(OVERRIDE_NEEDS_REASON)
    with audit_batch():
        return RiskAssessment.objects.create(
            case=case,
            answers=answers,
            assessor=assessor,
            assessed_at=assessed_at or timezone.now(),
            override_level=override_level,
            override_reason=override_reason,
        )


@transaction.atomic
def stalking_screening_record(
    *, case: SafeguardingCase, answers: dict[str, str], assessed_at: dt.datetime | None = None
) -> StalkingScreening:
    check_answers(answers, questions.stalking_question_keys())
    with audit_batch():
        return StalkingScreening.objects.create(
            case=case, answers=answers, assessed_at=assessed_at or timezone.now()
        )


def marac_referral_prepare(referral: MaracReferral) -> None:
    """Set the repeat flag from the victim's referral history (before saving)."""
    referral.repeat = marac_is_repeat(referral.case, referral.referred_on, referral.pk)


@transaction.atomic
def marac_referral_make(
    *,
    case: SafeguardingCase,
    referred_on: dt.date,
    visible_high_risk: bool = False,
    professional_judgement: bool = False,
    potential_escalation: bool = False,
    meeting_date: dt.date | None = None,
) -> MaracReferral:
    referral = MaracReferral(
        case=case,
        referred_on=referred_on,
        visible_high_risk=visible_high_risk,
        professional_judgement=professional_judgement,
        potential_escalation=potential_escalation,
        meeting_date=meeting_date,
    )
    problem = marac_referral_problem(referral)
    if problem:
        raise SafeguardingError(problem)
    marac_referral_prepare(referral)
    with audit_batch():
        referral.save()
    return referral


@transaction.atomic
def case_close(*, case: SafeguardingCase, closed_on: dt.date | None = None) -> SafeguardingCase:
    """Close a case; its review date becomes the retention review (conf.py)."""
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on or timezone.localdate()
    case.review_date = None  # recomputed on save: the retention review
    with audit_batch():
        case.save()
    return case


@transaction.atomic
def victim_register(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    address: str = "",
    postcode: str = "",
    phone: str = "",
    email: str = "",
) -> Person:
    """Create a victim's person record: one audited create, whose entry holds fingerprints of
    the personal fields (``Person.audit_redact``) and the reference as label
    (``Person.audit_label``), so a retention deletion leaves no personal value in the log."""
    with audit_batch():
        return Person.objects.create(
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            address=address,
            postcode=postcode,
            phone=phone,
            email=email,
        )


def _blank(model: type, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        field = model._meta.get_field(name)
        values[name] = None if field.null else ""
    return values


@transaction.atomic
def case_retention_delete(
    *, case: SafeguardingCase, reason: str, today: dt.date | None = None
) -> dict[str, Any]:
    """Delete a closed case whose retention review is due, with everything recorded under it.

    Personal values are blanked before the rows are deleted, so even the deletion entries of
    the audit log hold none (earlier entries hold only fingerprints: ``audit_redact``). The
    victim's person record goes too unless another record still points at it. One dedicated
    audit event records the deletion: what kinds and how many, never whose.
    """
    today = today or timezone.localdate()
    if reason not in RetentionReason.values:
        raise SafeguardingError(UNKNOWN_REASON.format(reason=reason))
    case = SafeguardingCase._base_manager.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.CLOSED:
        raise SafeguardingError(CASE_NOT_CLOSED)
    if (
        reason != RetentionReason.RECORDED_IN_ERROR
        and case.review_date is not None
        and case.review_date > today
    ):
        raise SafeguardingError(REVIEW_NOT_DUE.format(date=case.review_date.isoformat()))
    reference, victim_id = case.reference, case.victim_id
    counts: dict[str, int] = {}
    with audit_batch():
        plan: list[tuple[type, Any]] = [
            (Breach, Breach._base_manager.filter(order__case=case)),
            (MaracAction, MaracAction._base_manager.filter(referral__case=case)),
            (MaracReferral, MaracReferral._base_manager.filter(case=case)),
            (StalkingScreening, StalkingScreening._base_manager.filter(case=case)),
            (RiskAssessment, RiskAssessment._base_manager.filter(case=case)),
            (Incident, Incident._base_manager.filter(case=case)),
            (ProtectionOrder, ProtectionOrder._base_manager.filter(case=case)),
        ]
        for model, rows in plan:
            redact = tuple(model.audit_redact)
            if redact:
                rows.update(**_blank(model, redact))
            if model is ProtectionOrder:
                rows.update(notice=None, interim_order=None)
            counts[model._meta.model_name] = rows.count()
            rows.delete()
        SafeguardingCase._base_manager.filter(pk=case.pk).update(
            **_blank(SafeguardingCase, SafeguardingCase.audit_redact)
        )
        SafeguardingCase._base_manager.get(pk=case.pk).delete()
        victim_outcome = _victim_remove_if_unlinked(victim_id)
        record_event(
            DELETE,
            object_type="safeguarding.safeguardingcase",
            object_id=str(case.pk),
            object_repr=reference,
            detail=f"retention deletion: {reason}",
            after={"deleted": counts, "victim_record": victim_outcome, "reason": reason},
        )
    return {"deleted": counts, "victim_record": victim_outcome}


def _victim_remove_if_unlinked(person_id: int) -> str:
    person = Person._base_manager.filter(pk=person_id).first()
    if person is None:
        return "already gone"
    if SafeguardingCase._base_manager.filter(victim_id=person_id).exists():
        return "kept: victim in another safeguarding case"
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect([person])
    except (ProtectedError, RestrictedError):
        return "kept: linked from another service"
    Person._base_manager.filter(pk=person_id).update(**_blank(Person, Person.audit_redact))
    person = Person._base_manager.get(pk=person_id)
    person.shared_with.clear()
    person.delete()
    return "deleted"


__all__ = [
    "RiskLevel",
    "SafeguardingError",
    "case_close",
    "case_retention_delete",
    "marac_referral_make",
    "protection_order_create",
    "protection_order_record_breach",
    "protection_order_transition",
    "protection_orders_expire",
    "risk_assessment_record",
    "stalking_screening_record",
    "victim_register",
]


DIGEST_SUBJECT = "Safeguarding work queue: {count} item(s) due"


def work_queue_digests_send(*, days: int) -> list[str]:
    """E-mail each active force officer holding the safeguarding role (with an address) their
    own work queue for the next `days` days: references and deadlines only, never a victim's
    name. One audit entry says how many were sent; returns the officers' user names."""
    from django.conf import settings
    from django.core.mail import send_mail

    from prevhub.core import roles
    from prevhub.safeguarding import selectors

    sent = []
    officers = (
        User.objects.filter(is_active=True, groups__name=roles.SAFEGUARDING)
        .exclude(email="")
        .order_by("username")
    )
    for officer in officers:
        if officer.is_partner:
            continue
        queue = selectors.work_queue(officer, days=days)
        send_mail(
            DIGEST_SUBJECT.format(count=len(queue)),
            selectors.digest_text(queue),
            settings.DEFAULT_FROM_EMAIL,
            [officer.email],
        )
        sent.append(officer.username)
    record_event(
        "view",
        object_type="safeguarding.workqueue",
        object_id="digest",
        object_repr="Safeguarding digest",
        detail=f"digest e-mailed to {len(sent)} officer(s)",
    )
    return sent
