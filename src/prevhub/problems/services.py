"""Writes to problems: the SARA rules live here, once, for pages, API and CLI alike.

Each service runs in one audit batch (one audit entry per object changed) and checks who may
act through the same restricted querysets the pages use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from prevhub.core.access import ADD, CHANGE, VIEW
from prevhub.core.audit import audit_batch
from prevhub.core.models import User
from prevhub.errors import PrevhubError
from prevhub.problems import assessment, figures
from prevhub.problems.models import (
    Attachment,
    JournalEntry,
    Problem,
    Stage,
    StageChange,
    Task,
    TaskStatus,
)

#: Where a problem may go from each stage. Moving back one stage is allowed (new evidence
#: sends a problem back to analysis); skipping forward is not.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.SCANNING: (Stage.ANALYSIS, Stage.CLOSED),
    Stage.ANALYSIS: (Stage.RESPONSE, Stage.SCANNING, Stage.CLOSED),
    Stage.RESPONSE: (Stage.ASSESSMENT, Stage.ANALYSIS, Stage.CLOSED),
    Stage.ASSESSMENT: (Stage.CLOSED, Stage.MONITORING, Stage.RESPONSE),
    Stage.MONITORING: (Stage.CLOSED, Stage.ASSESSMENT),
    Stage.CLOSED: (Stage.MONITORING, Stage.ASSESSMENT),
}

NEEDS_ANALYSIS = (
    "A problem cannot move to Response before its analysis is recorded: describe the victim "
    "or target, the offender and the place (the problem analysis triangle)."
)
NEEDS_RESPONSE = "A problem cannot be assessed before at least one response is planned."
NEEDS_ASSESSMENT = (
    "A problem cannot be closed or monitored without an assessment: run the before/after "
    "figures, or record what was learnt (also when closing early, e.g. 'not a recurring "
    "problem')."
)


ASSESSMENT_CLOSED = (
    "This problem is closed: its assessment is kept as it was computed. Move it back to "
    "assessment to run the figures again (the earlier result is kept in its history)."
)

NOT_DISTRICTS = "Not districts of {force}: {names}."
NOT_CRIME_TYPES = "Not police.uk crime types: {names}."
TASK_NEEDS_OWNER = "Give the task an owner: a person or an organisation."
NOTE_REFUSED = "You may not add notes to this problem."
MAY_NOT_CHANGE = "You may not change this record."


def _may_change(user: User, obj: Any) -> None:
    if not type(obj).objects.restrict(user, CHANGE).filter(pk=obj.pk).exists():
        raise PermissionError(MAY_NOT_CHANGE)


def problem_area_errors(
    *,
    force: str,
    districts: Iterable[str],
    crime_types: Iterable[str],
    problem: Problem | None = None,
) -> dict[str, str]:
    """What is wrong with a problem's area, by field (empty when nothing is): districts that
    are not the force's and crime types the crime store does not know would count as zero,
    not fail. Values the problem already holds stay allowed (it may predate the store's data);
    with no data for the force at all nothing can be checked. Form and API both ask here."""
    known = figures.store_choices()
    errors: dict[str, str] = {}
    allowed = set(known["districts"].get(force, []))
    if allowed:
        allowed |= set(getattr(problem, "districts", None) or [])
        wrong = [d for d in districts if d not in allowed]
        if wrong:
            errors["districts"] = NOT_DISTRICTS.format(force=force, names=", ".join(wrong))
    types = set(known["crime_types"])
    if types:
        types |= set(getattr(problem, "crime_types", None) or [])
        wrong = [t for t in crime_types if t not in types]
        if wrong:
            errors["crime_types"] = NOT_CRIME_TYPES.format(names=", ".join(wrong))
    return errors


def task_owner_error(*, owner_user: Any, owner_organisation: Any) -> str | None:
    """A task is somebody's: a person or an organisation (form and API both ask here)."""
    if owner_user is None and owner_organisation is None:
        return TASK_NEEDS_OWNER
    return None


@transaction.atomic
def problem_update(*, problem: Problem, user: User, **fields: Any) -> Problem:
    """Change some of a problem's own fields (a section of its page: analysis, lessons)."""
    _may_change(user, problem)
    for name, value in fields.items():
        setattr(problem, name, value)
    with audit_batch():
        problem.save()
    return problem


def problem_record_save(
    *, problem: Problem, user: User, record: models.Model, m2m: dict[str, Any] | None = None
) -> models.Model:
    """Save a response or task of a problem (new or changed), with its many-to-many links.

    Whoever may change the problem may add to it; a changed record must be one the user may
    change."""
    _may_change(user, problem)
    if record.pk is not None:
        _may_change(user, record)
    with transaction.atomic(), audit_batch():
        record.problem = problem  # type: ignore[attr-defined]
        record.save()
        for name, values in (m2m or {}).items():
            getattr(record, name).set(values)
    return record


def journal_may_add(user: Any, problem: Problem) -> bool:
    """Who may add a note to a problem's journal: a force user with a problem role who can see
    the problem (partners read shared notes but do not write them)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_partner", True):
        return False
    if not JournalEntry.access_policy.can(user, ADD):
        return False
    return Problem.objects.restrict(user, VIEW).filter(pk=problem.pk).exists()


@transaction.atomic
def journal_entry_add(
    *, problem: Problem, author: User, text: str, noted_on: dt.date | None = None
) -> JournalEntry:
    """A dated note by its author (always the user adding it, never someone named)."""
    if not journal_may_add(author, problem):
        raise PermissionError(NOTE_REFUSED)
    with audit_batch():
        return JournalEntry.objects.create(
            problem=problem,
            author=author,
            noted_on=noted_on or timezone.localdate(),
            text=text,
        )


@transaction.atomic
def attachment_add(*, problem: Problem, user: User, title: str, upload: Any) -> Attachment:
    """A file on the problem, remembered with its original name, size and uploader."""
    _may_change(user, problem)
    with audit_batch():
        return Attachment.objects.create(
            problem=problem,
            uploaded_by=user,
            title=title,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
        )


def problem_stage_move(*, problem: Problem, to_stage: str, user: User, reason: str) -> StageChange:
    """Move a problem to another SARA stage, checking the rules, recording who and why."""
    _may_change(user, problem)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the problem moves stage."})
    if to_stage not in TRANSITIONS.get(problem.stage, ()):
        allowed = ", ".join(Stage(t).label for t in TRANSITIONS.get(problem.stage, ()))
        target = Stage(to_stage).label if to_stage in Stage.values else repr(to_stage)
        raise ValidationError(
            {
                "to_stage": f"A problem in {Stage(problem.stage).label} cannot move to {target}; "
                f"it can move to: {allowed}."
            }
        )
    if to_stage == Stage.RESPONSE and not problem.has_analysis:
        raise ValidationError({"to_stage": NEEDS_ANALYSIS})
    if to_stage == Stage.ASSESSMENT and not problem.responses.exists():
        raise ValidationError({"to_stage": NEEDS_RESPONSE})
    if to_stage in (Stage.CLOSED, Stage.MONITORING) and not problem.has_assessment:
        raise ValidationError({"to_stage": NEEDS_ASSESSMENT})
    with audit_batch():
        change = StageChange.objects.create(
            problem=problem,
            from_stage=problem.stage,
            to_stage=to_stage,
            moved_by=user,
            reason=reason,
        )
        problem.stage = to_stage
        problem.closed_on = timezone.localdate() if to_stage == Stage.CLOSED else None
        problem.save()
    return change


def problem_scan(*, problem: Problem, user: User) -> dict[str, Any]:
    """Take (or retake) the scanning snapshot of the problem's figures from the crime store."""
    _may_change(user, problem)
    snapshot = figures.scanning_snapshot(problem)
    with audit_batch():
        problem.scanning_figures = snapshot
        problem.save(update_fields=["scanning_figures", "last_updated"])
    return snapshot


def problem_assess(
    *,
    problem: Problem,
    user: User,
    before: tuple[str, str],
    after: tuple[str, str],
    method: str = assessment.DEFAULT_METHOD,
    comparison_districts: Iterable[str] = (),
    comparison_lsoas: Iterable[str] = (),
) -> dict[str, Any]:
    """Run an assessment method for the problem's area against the chosen comparison area and
    keep the result (with the method's name, its inputs and the version of the rules that
    made it) on the problem.

    A closed problem's assessment is never re-run (:data:`ASSESSMENT_CLOSED`); on an open one
    the result it replaces moves to ``assessment_history`` with its method, version and time.
    """
    from prevhub.crime.evaluation import EVALUATION_VERSION

    _may_change(user, problem)
    if problem.stage == Stage.CLOSED:
        raise PrevhubError(ASSESSMENT_CLOSED)
    result = assessment.run(
        method,
        problem=problem,
        before=before,
        after=after,
        comparison_districts=list(comparison_districts),
        comparison_lsoas=list(comparison_lsoas),
    )
    now = timezone.now()
    result["version"] = EVALUATION_VERSION
    result["computed_at"] = now.isoformat()
    result["computed_by"] = user.get_full_name() or user.username
    with audit_batch():
        if problem.assessment_figures is not None:
            problem.assessment_history = [
                *problem.assessment_history,
                {
                    "method": problem.assessment_method,
                    "version": problem.assessment_version,
                    "computed_at": problem.assessment_computed_at.isoformat()
                    if problem.assessment_computed_at
                    else None,
                    "figures": problem.assessment_figures,
                },
            ]
        problem.assessment_method = method
        problem.comparison_districts = list(comparison_districts)
        problem.comparison_lsoas = list(comparison_lsoas)
        problem.assessment_figures = result
        problem.assessment_version = EVALUATION_VERSION
        problem.assessment_computed_at = now
        problem.save()
    return result


def task_complete(*, task: Task, user: User, outcome: str) -> Task:
    """Mark a task done with what was done; partners may do this for their own tasks."""
    _may_change(user, task)
    with audit_batch():
        task.status = TaskStatus.DONE
        task.completed_on = timezone.localdate()
        task.outcome = outcome.strip()
        task.save()
    return task


def process_measures(problem: Problem) -> dict[str, Any]:
    """Tasks done and overdue, responses delivered, partners engaged: was the plan carried out?"""
    tasks = list(problem.tasks.all())
    responses = list(problem.responses.all())
    engaged = {t.owner_organisation_id for t in tasks if t.owner_organisation_id} | {
        o.pk for o in problem.shared_with.all()
    }
    return {
        "tasks": len(tasks),
        "tasks_done": sum(t.status == TaskStatus.DONE for t in tasks),
        "tasks_overdue": sum(t.overdue for t in tasks),
        "responses": len(responses),
        "responses_done": sum(r.status == "done" for r in responses),
        "partners_engaged": len(engaged),
    }


def due_reminders(today: dt.date | None = None) -> dict[str, list[str]]:
    """E-mail address -> lines about overdue tasks and problem reviews, for the daily reminder.

    Tasks owned by a user go to that user; tasks owned by a partner organisation go to its
    contact address; overdue reviews go to the problem's owner.
    """
    today = today or timezone.localdate()
    out: dict[str, list[str]] = {}
    tasks = Task.objects.filter(status=TaskStatus.OPEN, due_date__lt=today).select_related(
        "problem", "owner_user", "owner_organisation"
    )
    for task in tasks:
        address = (
            task.owner_user.email
            if task.owner_user
            else (task.owner_organisation.contact_email if task.owner_organisation else "")
        ) or task.problem.owner.email
        if address:
            out.setdefault(address, []).append(
                f"Task overdue since {task.due_date:%d %B %Y}: {task.title} "
                f"({task.problem.reference})"
            )
    problems = Problem.objects.filter(review_date__lt=today).exclude(stage=Stage.CLOSED)
    for problem in problems.select_related("owner"):
        if problem.owner.email:
            out.setdefault(problem.owner.email, []).append(
                f"Review overdue since {problem.review_date:%d %B %Y}: {problem}"
            )
    return out


def reminders_send(today: dt.date | None = None) -> int:
    """Send one e-mail per person with everything overdue for them; returns messages sent.

    No personal data about victims goes in these e-mails: only task and problem titles.
    """
    from django.conf import settings
    from django.core.mail import send_mail

    sent = 0
    for address, lines in sorted(due_reminders(today).items()):
        body = "Overdue in Prevention Hub:\n\n" + "\n".join(f"- {line}" for line in lines)
        send_mail(
            "Prevention Hub: overdue problem-solving work",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
        sent += 1
    return sent
