"""Writes of the substances register: the retention deletion (the rest are the generic pages'
audited saves, whose rules are the model's checks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from prevhub.core.audit import DELETE, audit_batch, record_event
from prevhub.reoffending.services import blank_values, person_remove_if_unlinked
from prevhub.substances import conf
from prevhub.substances.choices import Outcome, RetentionReason
from prevhub.substances.models import DiversionAppointment, DiversionCondition, DiversionEpisode

NOT_ENDED = "Only an episode that has ended can be deleted at retention review."
REVIEW_NOT_DUE = "The retention review is not due until {date}."
UNKNOWN_REASON = "Unknown reason for deletion: {reason}."
#: Outcomes after which nothing more happens in an episode.
ENDED = frozenset({Outcome.COMPLETED, Outcome.NOT_COMPLETED, Outcome.DECLINED,
                   Outcome.NOT_OFFERED, Outcome.INELIGIBLE})  # fmt: skip


class SubstancesError(ValueError):
    """A write the register's rules refuse."""


def retention_due_on(episode: DiversionEpisode) -> dt.date | None:
    """The end of the episode (completion, non-completion, else the decision for episodes that
    never started) + PREVHUB_SUBSTANCES_RETENTION_YEARS."""
    if episode.outcome not in ENDED:
        return None
    day = episode.ended_on or episode.decided_on
    years = conf.retention_years()
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def episode_retention_delete(
    *, episode: DiversionEpisode, reason: str, today: dt.date | None = None
) -> dict[str, Any]:
    """Delete an ended episode at its retention review with its conditions and appointments,
    and the person record unless another record uses it; values blanked first, one audit
    event saying what kinds and how many were deleted, never whose."""
    today = today or timezone.localdate()
    if reason not in RetentionReason.values:
        raise SubstancesError(UNKNOWN_REASON.format(reason=reason))
    episode = DiversionEpisode._base_manager.select_for_update().get(pk=episode.pk)
    if reason != RetentionReason.RECORDED_IN_ERROR:
        due = retention_due_on(episode)
        if due is None:
            raise SubstancesError(NOT_ENDED)
        if due > today:
            raise SubstancesError(REVIEW_NOT_DUE.format(date=due.isoformat()))
    reference, person_id = episode.reference, episode.person_id
    counts: dict[str, int] = {}
    with audit_batch():
        for model in (DiversionCondition, DiversionAppointment):
            rows = model._base_manager.filter(episode=episode)
            redact = tuple(getattr(model, "audit_redact", ()))
            if redact:
                rows.update(**blank_values(model, redact))
            counts[model._meta.model_name] = rows.count()
            rows.delete()
        DiversionEpisode._base_manager.filter(pk=episode.pk).update(
            **blank_values(DiversionEpisode, DiversionEpisode.audit_redact), eligibility={}
        )
        gone = DiversionEpisode._base_manager.get(pk=episode.pk)
        gone.shared_with.clear()
        gone.delete()
        person_outcome = person_remove_if_unlinked(person_id)
        record_event(
            DELETE,
            object_type="substances.diversionepisode",
            object_id=str(episode.pk),
            object_repr=reference,
            detail=f"retention deletion: {reason}",
            after={"deleted": counts, "person_record": person_outcome, "reason": reason},
        )
    return {"deleted": counts, "person_record": person_outcome}
