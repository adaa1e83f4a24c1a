"""Tables for list pages and CSV/XLSX exports: references and facts, never contact details.

Date-times are written the hub's one way (``core.formatting``: ``15 Jan 2027, 22:56`` in UK
time); plain dates stay dates, so they sort and export as dates (the page writes them
``15 Jan 2027``); choices by their labels, officers by their full names.
"""

from __future__ import annotations

from typing import Any

from prevhub.core import formatting
from prevhub.core.tables import Column, Table
from prevhub.safeguarding import deadlines


def _when(value: Any) -> str:
    return formatting.datetime(deadlines.local(value)) if value else ""


def _officer(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


class CaseTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda c: c.reference),
        # The victim by reference only: names are shown (and their reads logged) on the case.
        Column("victim", "Victim", value=lambda c: f"P-{c.victim_id:06d}"),
        Column("abuse_types", "Abuse", sortable=False, value=lambda c: c.abuse_type_labels()),
        Column("district", "District"),
        Column("status", "Status"),
        Column("officer_in_case", "Officer in case", value=lambda c: _officer(c.officer_in_case)),
        Column("opened_on", "Opened"),
        Column("review_date", "Review date"),
    )
    default_columns = (
        "id",
        "victim",
        "abuse_types",
        "district",
        "status",
        "officer_in_case",
        "review_date",
    )


class IncidentTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda i: i.reference),
        Column("case", "Case", sortable=False, value=lambda i: i.case.reference),
        Column("occurred_at", "Occurred", value=lambda i: _when(i.occurred_at)),
        Column("crime_reference", "Crime reference"),
    )


class RiskAssessmentTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda a: a.reference),
        Column("case", "Case", sortable=False, value=lambda a: a.case.reference),
        Column("assessed_at", "Assessed", value=lambda a: _when(a.assessed_at)),
        Column("score", "Score"),
        Column("computed_level", "Level by score"),
        Column("override_level", "Override"),
        Column("level", "Level", sortable=False, value=lambda a: a.get_level_display()),
    )


class MaracReferralTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda r: r.reference),
        Column("case", "Case", sortable=False, value=lambda r: r.case.reference),
        Column("referred_on", "Referred"),
        Column("criteria", "Criteria", sortable=False, value=lambda r: ", ".join(r.criteria())),
        Column("meeting_date", "Meeting"),
    )


class ProtectionOrderTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("case", "Case", sortable=False, value=lambda o: o.case.reference),
        Column("kind", "Kind"),
        Column("status", "Status"),
        Column("served_at", "Served", value=lambda o: _when(o.served_at)),
        Column("hearing_deadline", "Hearing deadline", value=lambda o: _when(o.hearing_deadline)),
        Column("expires_at", "Expires", value=lambda o: _when(o.expires_at)),
    )


class BreachTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda b: b.reference),
        Column("order", "Order", sortable=False, value=lambda b: str(b.order)),
        Column("occurred_at", "Occurred", value=lambda b: _when(b.occurred_at)),
        Column("action_taken", "Action taken"),
        Column("crime_reference", "Crime reference"),
    )
