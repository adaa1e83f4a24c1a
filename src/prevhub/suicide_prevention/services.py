"""Writes of the suicide prevention register: the CSV import, the deletion at the end of
retention, and the cluster alerts sent to the suicide prevention leads.

Pages and the API save records through their forms and serializers (core's generic views and
viewsets, one audited transaction each) after the same rules (rules.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from prevhub.core.audit import DELETE, audit_batch, record_event
from prevhub.errors import PrevhubError
from prevhub.partners.models import Organisation
from prevhub.suicide_prevention import rules
from prevhub.suicide_prevention.choices import (
    AgeBand,
    Consent,
    Kind,
    Method,
    PlaceType,
    RetentionReason,
    Sex,
    Status,
)
from prevhub.suicide_prevention.models import SurveillanceRecord, suicide_prevention_leads

UNKNOWN_REASON = "Unknown retention reason {reason!r}."
NOT_DUE = "{reference} is not due for deletion: {why}."


class SuicidePreventionError(PrevhubError):
    """A rule of the register refused an action (the message says which)."""


# --- retention --------------------------------------------------------------------------------


def _blank(names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        field = SurveillanceRecord._meta.get_field(name)
        if field.null:
            values[name] = None
        elif field.get_internal_type() in ("CharField", "TextField"):
            values[name] = ""
    return values


@transaction.atomic
def records_retention_delete(
    *,
    records: list[SurveillanceRecord],
    reason: str,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Delete surveillance records at the end of retention (or recorded in error).

    Text that could identify the person is blanked before the rows go, so even the deletion
    entries of the audit log hold none (earlier entries hold only fingerprints:
    ``audit_redact``). One audit event records the deletion: how many and why, never whose.
    A suspected death is never due: it is kept until the coroner concludes.
    """
    today = today or timezone.localdate()
    if reason not in RetentionReason.values:
        raise SuicidePreventionError(UNKNOWN_REASON.format(reason=reason))
    pks = [r.pk for r in records]
    rows = list(SurveillanceRecord._base_manager.select_for_update().filter(pk__in=pks))
    if reason != RetentionReason.RECORDED_IN_ERROR:
        for row in rows:
            due = row.retention_due_on()
            if due is None:
                raise SuicidePreventionError(
                    NOT_DUE.format(reference=row.reference, why="awaiting the coroner")
                )
            if due > today:
                raise SuicidePreventionError(
                    NOT_DUE.format(reference=row.reference, why=f"due on {due.isoformat()}")
                )
    with audit_batch():
        query = SurveillanceRecord._base_manager.filter(pk__in=[r.pk for r in rows])
        query.update(**_blank(SurveillanceRecord.audit_redact))
        for row in query:
            row.shared_with.clear()
        count = query.count()
        query.delete()
        record_event(
            DELETE,
            object_type="suicide_prevention.surveillancerecord",
            object_id="retention",
            object_repr=f"{count} surveillance record(s)",
            detail=f"retention deletion: {reason}",
            after={"deleted": count, "reason": reason},
        )
    return {"deleted": count}


def records_retention_due(*, today: dt.date | None = None) -> list[SurveillanceRecord]:
    """Every record whose retention has ended (selectors.retention_queue restricts it)."""
    today = today or timezone.localdate()
    return [
        r
        for r in SurveillanceRecord._base_manager.order_by("id")
        if (due := r.retention_due_on()) is not None and due <= today
    ]


# --- import -----------------------------------------------------------------------------------

IMPORT_COLUMNS = (
    "source_reference",
    "kind",
    "occurred_at",
    "latitude",
    "longitude",
    "place_type",
    "method",
    "age_band",
    "sex",
    "home_area",
    "status",
    "concluded_on",
    "family_consent",
    "consent_on",
    "support_service",
    "referred_on",
)
REQUIRED = ("source_reference", "kind", "occurred_at", "latitude", "longitude", "place_type",
            "age_band", "sex")  # fmt: skip
CHOICES = {
    "kind": Kind.values,
    "place_type": PlaceType.values,
    "method": Method.values,
    "age_band": AgeBand.values,
    "sex": Sex.values,
    "status": [*Status.values, ""],
    "family_consent": Consent.values,
}


@dataclass(frozen=True)
class ImportResult:
    added: int
    unchanged: int


def _parse_row(row: dict[str, str], where: str) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    errors: list[str] = []

    def bad(name: str, message: str) -> None:
        errors.append(f"{where}, field {name}: {message}")

    for name in REQUIRED:
        if not (row.get(name) or "").strip():
            bad(name, "required")
    for name in IMPORT_COLUMNS:
        text = (row.get(name) or "").strip()
        if not text:
            continue
        if name in CHOICES:
            if text not in CHOICES[name]:
                bad(name, f"{text!r} is not one of {', '.join(v for v in CHOICES[name] if v)}")
            values[name] = text
        elif name == "occurred_at":
            try:
                parsed = parse_datetime(text)
            except ValueError:  # well formed but impossible, e.g. hour 25
                parsed = None
            if parsed is None:
                bad(name, f"{text!r} is not a date and time (YYYY-MM-DDTHH:MM)")
            else:
                values[name] = timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
        elif name in ("latitude", "longitude"):
            try:
                values[name] = float(text)
            except ValueError:
                bad(name, f"{text!r} is not a number")
        elif name.endswith("_on"):
            try:
                day = parse_date(text)
            except ValueError:
                day = None
            if day is None:
                bad(name, f"{text!r} is not a date (YYYY-MM-DD)")
            else:
                values[name] = day
        elif name == "support_service":
            org = Organisation.objects.filter(slug=text, active=True).first()
            if org is None:
                bad(name, f"no active organisation {text!r}")
            values[name] = org
        else:
            values[name] = text
    if not errors:
        values.setdefault("status", "" if values.get("kind") == Kind.ATTEMPT else "suspected")
        values.setdefault("method", Method.NOT_KNOWN)
        values.setdefault("family_consent", Consent.NOT_ASKED)
        for name, message in rules.record_problems(values).items():
            bad(name, message)
    return values, errors


def records_import(*, text: str, filename: str = "upload.csv") -> ImportResult:
    """Load surveillance records from a CSV (columns: IMPORT_COLUMNS). Every row is checked
    first and nothing loads if any row is wrong (each error names file, line and field);
    loading the same file again adds nothing (rows match on ``source_reference``)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise SuicidePreventionError(f"{filename}: missing column(s) {', '.join(missing)}")
    parsed: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        values, problems = _parse_row(row, f"{filename}, line {line}")
        ref = values.get("source_reference", "")
        if ref in seen:
            problems.append(
                f"{filename}, line {line}, field source_reference: {ref!r} repeats line {seen[ref]}"
            )
        seen[ref] = line
        errors.extend(problems)
        parsed.append(values)
    if errors:
        raise SuicidePreventionError("\n".join(errors))
    existing = set(
        SurveillanceRecord._base_manager.filter(
            source_reference__in=[v["source_reference"] for v in parsed]
        ).values_list("source_reference", flat=True)
    )
    added = 0
    with transaction.atomic(), audit_batch():
        for values in parsed:
            if values["source_reference"] in existing:
                continue
            SurveillanceRecord.objects.create(**values)
            added += 1
    return ImportResult(added=added, unchanged=len(parsed) - added)


# --- cluster alerts ---------------------------------------------------------------------------

ALERT_SUBJECT = "Suicide prevention: possible cluster ({count} incidents)"


def cluster_alerts_send(*, today: dt.date | None = None, seed: int = 2026) -> list[str]:
    """E-mail each suicide prevention lead (with an address) the cluster alerts of the last
    look-back period: references, the test and its p-value, never a description of a person.
    One audit entry says how many were sent; returns the leads' user names."""
    from django.conf import settings
    from django.core.mail import send_mail

    from prevhub.suicide_prevention import selectors

    alert = selectors.cluster_alert(today=today, seed=seed)
    if alert is None or not alert.alerting:
        return []
    sent = []
    for lead in suicide_prevention_leads().exclude(email=""):
        if lead.is_partner:
            continue
        send_mail(
            ALERT_SUBJECT.format(count=len(alert.references)),
            selectors.alert_text(alert),
            settings.DEFAULT_FROM_EMAIL,
            [lead.email],
        )
        sent.append(lead.username)
    record_event(
        "view",
        object_type="suicide_prevention.clusteralert",
        object_id="alert",
        object_repr="Suicide prevention cluster alert",
        detail=f"alert e-mailed to {len(sent)} lead(s)",
    )
    return sent
