"""Writes of the reoffending register: keyword-only, atomic, audited.

Reviews and the retention deletion are written here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone

from prevhub.core.audit import DELETE, audit_batch, record_event
from prevhub.people.models import Person
from prevhub.reoffending import conf
from prevhub.reoffending.choices import RetentionReason
from prevhub.reoffending.models import CohortMember, CohortReview, CustodySpell, PathwayNeed

NOT_DESELECTED = "Only a member who has been de-selected can be deleted at retention review."
REVIEW_NOT_DUE = "The retention review is not due until {date}."
UNKNOWN_REASON = "Unknown reason for deletion: {reason}."


class ReoffendingError(ValueError):
    """A write the register's rules refuse (the message says why)."""


@transaction.atomic
def review_save(*, review: CohortReview) -> CohortReview:
    """Save a review; a review held moves the member's next review on by the review interval
    (PREVHUB_REOFFENDING_REVIEW_DAYS) from the day it was held, unless one later is set."""
    with audit_batch():
        review.save()
        member = CohortMember._base_manager.select_for_update().get(pk=review.member_id)
        if review.held_on and member.deselected_on is None:
            following = review.held_on + dt.timedelta(days=conf.review_days())
            if member.next_review_on is None or member.next_review_on < following:
                member.next_review_on = following
                member.save()
    return review


def retention_due_on(member: CohortMember) -> dt.date | None:
    """De-selection + PREVHUB_REOFFENDING_RETENTION_YEARS (29 February -> 28 February)."""
    if member.deselected_on is None:
        return None
    day = member.deselected_on
    years = conf.retention_years()
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def blank_values(model: type, names: tuple[str, ...]) -> dict[str, Any]:
    """Empty values for personal fields, blanked before a row is deleted so the deletion's own
    audit entry holds none."""
    values: dict[str, Any] = {}
    for name in names:
        field = model._meta.get_field(name)
        if field.null:
            values[name] = None
        elif field.get_internal_type() in ("CharField", "TextField", "EmailField"):
            values[name] = ""
    return values


def person_remove_if_unlinked(person_id: int) -> str:
    """Delete the person record unless another record of the hub still points at it (a
    PROTECT link anywhere: another register, another membership)."""
    person = Person._base_manager.filter(pk=person_id).first()
    if person is None:
        return "already gone"
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect([person])
    except (ProtectedError, RestrictedError):
        return "kept: linked from another record"
    Person._base_manager.filter(pk=person_id).update(**blank_values(Person, Person.audit_redact))
    person = Person._base_manager.get(pk=person_id)
    person.shared_with.clear()
    person.delete()
    return "deleted"


@transaction.atomic
def member_retention_delete(
    *, member: CohortMember, reason: str, today: dt.date | None = None
) -> dict[str, Any]:
    """Delete a de-selected member whose retention review is due, with everything recorded
    under them, and their person record unless something else uses it. Personal values are
    blanked first; one audit event says what kinds and how many were deleted, never whose."""
    today = today or timezone.localdate()
    if reason not in RetentionReason.values:
        raise ReoffendingError(UNKNOWN_REASON.format(reason=reason))
    member = CohortMember._base_manager.select_for_update().get(pk=member.pk)
    if reason != RetentionReason.RECORDED_IN_ERROR:
        if member.deselected_on is None:
            raise ReoffendingError(NOT_DESELECTED)
        due = retention_due_on(member)
        if due is not None and due > today:
            raise ReoffendingError(REVIEW_NOT_DUE.format(date=due.isoformat()))
    reference, person_id = member.reference, member.person_id
    counts: dict[str, int] = {}
    with audit_batch():
        for model in (CohortReview, PathwayNeed, CustodySpell):
            rows = model._base_manager.filter(member=member)
            redact = tuple(getattr(model, "audit_redact", ()))
            if redact:
                rows.update(**blank_values(model, redact))
            counts[model._meta.model_name] = rows.count()
            rows.delete()
        CohortMember._base_manager.filter(pk=member.pk).update(
            **blank_values(CohortMember, CohortMember.audit_redact)
        )
        gone = CohortMember._base_manager.get(pk=member.pk)
        gone.shared_with.clear()
        gone.delete()
        person_outcome = person_remove_if_unlinked(person_id)
        record_event(
            DELETE,
            object_type="reoffending.cohortmember",
            object_id=str(member.pk),
            object_repr=reference,
            detail=f"retention deletion: {reason}",
            after={"deleted": counts, "person_record": person_outcome, "reason": reason},
        )
    return {"deleted": counts, "person_record": person_outcome}
