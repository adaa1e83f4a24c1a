"""Tables for list pages and exports: references and facts, never names."""

from __future__ import annotations

from typing import Any

from prevhub.core.tables import Column, Table


def _officer(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


class CohortMemberTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda m: m.reference),
        Column("person", "Person", sortable=False, value=lambda m: f"P-{m.person_id:06d}"),
        Column("strand", "Strand"),
        Column("statutory_status", "Statutory status"),
        Column("selection_score", "Score"),
        Column("selected_on", "Selected"),
        Column("deselected_on", "De-selected"),
        Column("lead_police_officer", "Lead police officer", sortable=False,
               value=lambda m: _officer(m.lead_police_officer)),
        Column("next_review_on", "Next review"),
    )  # fmt: skip
    default_columns = (
        "id",
        "person",
        "strand",
        "statutory_status",
        "selected_on",
        "deselected_on",
        "next_review_on",
    )


class CustodySpellTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda c: c.reference),
        Column("member", "Member", sortable=False, value=lambda c: c.member.reference),
        Column("started_on", "Received"),
        Column("released_on", "Released"),
    )


class PathwayNeedTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda n: n.reference),
        Column("member", "Member", sortable=False, value=lambda n: n.member.reference),
        Column("pathway", "Pathway"),
        Column("identified_on", "Identified"),
        Column("provider", "Provider", sortable=False, value=lambda n: n.provider or ""),
        Column("started_on", "Started"),
        Column("ended_on", "Ended"),
        Column("outcome", "Outcome"),
    )


class CohortReviewTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda r: r.reference),
        Column("member", "Member", sortable=False, value=lambda r: r.member.reference),
        Column("due_on", "Due"),
        Column("held_on", "Held"),
        Column("outcome", "Outcome"),
    )
