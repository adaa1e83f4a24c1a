"""Writes of the youth register: keyword-only, atomic, audited (HackSoft style).

The rules they enforce are predicates in ``rules.py`` (forms and serializers ask the same);
here are the writes that are more than saving a form: assigning a leader, recording hours,
appointing the coordinator and the safeguarding lead, the retention deletion and the roster
import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from prevhub.core.audit import DELETE, audit_batch, record_event
from prevhub.core.models import User
from prevhub.youth import conf, rules
from prevhub.youth.choices import ArchivedMeasure, LeavingReason
from prevhub.youth.models import (
    ArchivedCount,
    Assignment,
    Award,
    Cadet,
    Concern,
    Consent,
    Leader,
    Session,
    Unit,
    VolunteeringEvent,
    VolunteeringHours,
    is_coordinator,
)
from prevhub.youth.rules import YouthError

FLAGS_COORDINATOR_ONLY = (
    "Only the youth coordinator may appoint the coordinator or the designated safeguarding lead."
)
RETENTION_NOT_DUE = (
    "{reference} is not due for deletion until {date} ({years} years after leaving)."
)
NOT_LEFT = "{reference} has not left the scheme: only a leaver's record is deleted at retention."


def _check(errors: dict[str, str]) -> None:
    if errors:
        raise YouthError(errors)


def leader_flags_problem(
    *, user: Any, leader: Leader, is_coordinator_flag: bool, is_lead_flag: bool
) -> str | None:
    """The coordinator and safeguarding-lead flags open children's records and the concerns
    log: only a coordinator changes them (or the CLI's ``youth appoint``, run by an operator)."""
    before = Leader._base_manager.filter(pk=leader.pk).values_list(
        "is_coordinator", "is_safeguarding_lead"
    ).first() or (False, False)
    if (is_coordinator_flag, is_lead_flag) == tuple(before):
        return None
    return None if is_coordinator(user) else FLAGS_COORDINATOR_ONLY


@transaction.atomic
def leader_appoint(
    *, user: User, coordinator: bool | None = None, safeguarding_lead: bool | None = None
) -> Leader:
    """Make (or unmake) a user the youth coordinator or the designated safeguarding lead: the
    operator's bootstrap (``prevhub youth appoint``), audited like any write."""
    with audit_batch():
        leader, _ = Leader.objects.get_or_create(user=user)
        if coordinator is not None:
            leader.is_coordinator = coordinator
        if safeguarding_lead is not None:
            leader.is_safeguarding_lead = safeguarding_lead
        leader.save()
    return leader


@transaction.atomic
def leader_assign(*, leader: Leader, unit: Unit, started_on: dt.date | None = None) -> Assignment:
    """Assign a leader to a unit: refused without a recorded, in-date enhanced DBS check and
    mandatory safeguarding training (rules.leader_assignment_problem)."""
    assignment = Assignment(leader=leader, unit=unit, started_on=started_on or timezone.localdate())
    _check(assignment.problems())
    with audit_batch():
        assignment.save()
    return assignment


@transaction.atomic
def volunteering_hours_record(
    *, event: VolunteeringEvent, cadet: Cadet, hours: Decimal
) -> VolunteeringHours:
    """Hours of one cadet at one event: refused for an event without its risk assessment."""
    record = VolunteeringHours(event=event, cadet=cadet, hours=hours)
    _check(record.problems())
    with audit_batch():
        record.save()
    return record


# --- retention --------------------------------------------------------------------------------


def retention_due_on(cadet: Cadet) -> dt.date | None:
    return rules.anniversary(cadet.left_on, conf.retention_years()) if cadet.left_on else None


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _archive(counts: dict[tuple[int, str, str], float]) -> None:
    for (unit_id, month, measure), value in counts.items():
        row, _ = ArchivedCount.objects.get_or_create(unit_id=unit_id, month=month, measure=measure)
        ArchivedCount.objects.filter(pk=row.pk).update(value=F("value") + value)


@transaction.atomic
def cadet_retention_delete(*, cadet: Cadet, today: dt.date | None = None) -> dict[str, Any]:
    """Delete a leaver's record once the retention period has passed, with everything recorded
    about the child (consents, hours, awards, attendance, concerns).

    What is left: anonymous counts by unit and month (joined, left, session places and
    attendances, volunteering hours) so the measures still add up, and one audit event saying
    what kinds were deleted and how many, never whose. Personal values are overwritten before
    the rows go, so even the deletion entries of the audit log hold none.
    """
    today = today or timezone.localdate()
    cadet = Cadet._base_manager.select_for_update().get(pk=cadet.pk)
    reference = cadet.reference
    if cadet.left_on is None:
        raise YouthError({"left_on": NOT_LEFT.format(reference=reference)})
    due = retention_due_on(cadet)
    if due is not None and due > today:
        raise YouthError(
            {
                "left_on": RETENTION_NOT_DUE.format(
                    reference=reference, date=due.isoformat(), years=conf.retention_years()
                )
            }
        )
    counts: dict[tuple[int, str, str], float] = defaultdict(float)
    uid = cadet.unit_id
    counts[uid, _month(cadet.joined_on), ArchivedMeasure.JOINED] += 1
    counts[uid, _month(cadet.left_on), ArchivedMeasure.LEFT] += 1
    attended = set(cadet.sessions_attended.values_list("pk", flat=True))
    for pk, held_on in Session._base_manager.filter(
        unit_id=uid, held_on__gte=cadet.joined_on, held_on__lte=cadet.left_on
    ).values_list("pk", "held_on"):
        counts[uid, _month(held_on), ArchivedMeasure.EXPECTED] += 1
        if pk in attended:
            counts[uid, _month(held_on), ArchivedMeasure.ATTENDED] += 1
    for unit_id, held_on, hours in VolunteeringHours._base_manager.filter(cadet=cadet).values_list(
        "event__unit_id", "event__held_on", "hours"
    ):
        counts[unit_id, _month(held_on), ArchivedMeasure.HOURS] += float(hours)
    deleted: dict[str, int] = {}
    with audit_batch():
        _archive(counts)
        for model, rows in (
            (Consent, Consent._base_manager.filter(cadet=cadet)),
            (Concern, Concern._base_manager.filter(cadet=cadet)),
            (Award, Award._base_manager.filter(cadet=cadet)),
            (VolunteeringHours, VolunteeringHours._base_manager.filter(cadet=cadet)),
        ):
            blank = {name: "" for name in model.audit_redact}
            if blank:
                rows.update(**blank)
            deleted[model._meta.model_name] = rows.count()
            for row in rows:
                row.delete()
        deleted["attendance"] = len(attended)
        cadet.sessions_attended.clear()
        Cadet._base_manager.filter(pk=cadet.pk).update(
            given_name="",
            family_name="",
            date_of_birth=dt.date(1900, 1, 1),
            parent_name="",
            parent_phone="",
            parent_email="",
            medical_notes="",
            vulnerable_background=False,
        )
        Cadet._base_manager.get(pk=cadet.pk).delete()
        deleted["cadet"] = 1
        record_event(
            DELETE,
            object_type="youth.cadet",
            object_id=str(cadet.pk),
            object_repr=reference,
            detail="retention deletion",
            after={"deleted": deleted, "anonymous_counts_kept": len(counts)},
        )
    return {"reference": reference, "deleted": deleted}


def cadets_retention_delete(*, today: dt.date | None = None) -> list[str]:
    """Every leaver due (the daily job); returns the references deleted."""
    from prevhub.youth.selectors import retention_due

    return [
        cadet_retention_delete(cadet=c, today=today)["reference"]
        for c in list(retention_due(today))
    ]


# --- roster import ----------------------------------------------------------------------------

ROSTER_COLUMNS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "unit",
    "joined_on",
    "parent_name",
    "parent_phone",
    "parent_email",
    "vulnerable_background",
)
REQUIRED_COLUMNS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "unit",
    "joined_on",
    "parent_name",
)
MISSING_COLUMNS = "{file}: the header lacks column(s) {names}."
UNKNOWN_COLUMNS = "{file}: unknown column(s) {names}; the columns are {allowed}."
ROW_ERROR = "{file}, line {line}, {field}: {message}"
BAD_DATE = "not a date (YYYY-MM-DD): {value!r}"
NO_SUCH_UNIT = "no unit named {value!r}"
REQUIRED = "required"
BAD_FLAG = "yes or no (or blank), not {value!r}"
DUPLICATE = "the same child (name and date of birth) is already on line {line}"


@dataclass(frozen=True)
class ImportResult:
    added: int
    unchanged: int


class ImportRefused(YouthError):
    """The whole file was refused: ``lines`` lists every problem (file, line, field)."""

    def __init__(self, lines: list[str]) -> None:
        ValueError.__init__(self, "\n".join(lines))
        self.errors = {"file": "\n".join(lines)}
        self.lines = lines


def _parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value.strip())


def cadet_roster_import(*, text: str, file_name: str = "roster.csv") -> ImportResult:
    """Load an existing roster (CSV, one child a line). Every row is checked first — each
    problem named by file, line and field — and nothing is loaded if any row is bad. A child
    already on the register (same name, date of birth and unit) is left as it is, so loading
    the same file twice changes nothing."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in ROSTER_COLUMNS]
    if missing:
        raise ImportRefused([MISSING_COLUMNS.format(file=file_name, names=", ".join(missing))])
    if unknown:
        raise ImportRefused(
            [
                UNKNOWN_COLUMNS.format(
                    file=file_name, names=", ".join(unknown), allowed=", ".join(ROSTER_COLUMNS)
                )
            ]
        )
    units = {u.name.strip().casefold(): u for u in Unit._base_manager.all()}
    problems: list[str] = []
    drafts: list[Cadet] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        for name in REQUIRED_COLUMNS:
            if not row.get(name):
                errors[name] = REQUIRED
        for name in ("date_of_birth", "joined_on"):
            if row.get(name) and name not in errors:
                try:
                    values[name] = _parse_date(row[name])
                except ValueError:
                    errors[name] = BAD_DATE.format(value=row[name])
        unit = units.get(row.get("unit", "").casefold())
        if row.get("unit") and unit is None:
            errors["unit"] = NO_SUCH_UNIT.format(value=row["unit"])
        flag = row.get("vulnerable_background", "").lower()
        if flag not in ("", "yes", "no", "true", "false", "y", "n", "1", "0"):
            errors["vulnerable_background"] = BAD_FLAG.format(value=row["vulnerable_background"])
        if not errors:
            cadet = Cadet(
                given_name=row["given_name"],
                family_name=row["family_name"],
                date_of_birth=values["date_of_birth"],
                unit=unit,
                joined_on=values["joined_on"],
                parent_name=row["parent_name"],
                parent_phone=row.get("parent_phone", ""),
                parent_email=row.get("parent_email", ""),
                vulnerable_background=flag in ("yes", "true", "y", "1"),
            )
            errors |= cadet.problems()
            if len(cadet.parent_phone) > 30:
                errors["parent_phone"] = "at most 30 characters"
            key = (
                cadet.given_name.casefold(),
                cadet.family_name.casefold(),
                cadet.date_of_birth.isoformat(),
            )
            if key in seen:
                errors["given_name"] = DUPLICATE.format(line=seen[key])
            seen.setdefault(key, line)
            drafts.append(cadet)
        for field, message in errors.items():
            problems.append(
                ROW_ERROR.format(file=file_name, line=line, field=field, message=message)
            )
    if problems:
        raise ImportRefused(problems)
    added = unchanged = 0
    with transaction.atomic(), audit_batch():
        for cadet in drafts:
            exists = Cadet._base_manager.filter(
                given_name=cadet.given_name,
                family_name=cadet.family_name,
                date_of_birth=cadet.date_of_birth,
                unit=cadet.unit,
            ).exists()
            if exists:
                unchanged += 1
                continue
            cadet.save()
            added += 1
    return ImportResult(added=added, unchanged=unchanged)


__all__ = [
    "ImportRefused",
    "LeavingReason",
    "YouthError",
    "cadet_retention_delete",
    "cadet_roster_import",
    "cadets_retention_delete",
    "leader_appoint",
    "leader_assign",
    "volunteering_hours_record",
]
