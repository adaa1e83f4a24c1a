"""Tables for list pages and exports: references and facts; a child's health notes and the
vulnerability flag are never a column (they are read, and logged, on the child's page)."""

from __future__ import annotations

from prevhub.core.tables import Column, Table


class UnitTable(Table):
    columns = (
        Column("name", "Unit", link=True),
        Column("kind", "Kind"),
        Column("host_organisation", "Hosted by", sortable=False),
        Column("district", "District"),
        Column("meets", "Meets"),
        Column("ends_on", "Ends"),
        Column("active", "Active"),
    )
    default_columns = ("name", "kind", "host_organisation", "district", "active")


class LeaderTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("user", "Leader", sortable=False, value=lambda o: str(o)),
        Column("dbs_checked_on", "Enhanced DBS check"),
        Column(
            "dbs_renewal_due", "DBS renewal due", sortable=False, value=lambda o: o.dbs_renewal_due
        ),
        Column("safeguarding_trained_on", "Safeguarding training"),
        Column(
            "training_renewal_due",
            "Training renewal due",
            sortable=False,
            value=lambda o: o.training_renewal_due,
        ),
        Column("is_coordinator", "Coordinator"),
        Column("is_safeguarding_lead", "Safeguarding lead"),
    )


class AssignmentTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("leader", "Leader", sortable=False, value=lambda o: str(o.leader)),
        Column("unit", "Unit", sortable=False, value=lambda o: str(o.unit)),
        Column("started_on", "From"),
        Column("ended_on", "To"),
    )


class CadetTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("family_name", "Family name"),
        Column("given_name", "Given name"),
        Column("age", "Age", sortable=False, value=lambda o: o.age),
        Column("unit", "Unit", sortable=False, value=lambda o: str(o.unit)),
        Column("joined_on", "Joined"),
        Column("left_on", "Left"),
    )


class ConsentTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("cadet", "Cadet", sortable=False, value=lambda o: o.cadet.reference),
        Column("kind", "Consent"),
        Column("event", "Event", sortable=False, value=lambda o: str(o.event) if o.event else ""),
        Column("given_on", "Given"),
        Column("withdrawn_on", "Withdrawn"),
    )


class SessionTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("unit", "Unit", sortable=False, value=lambda o: str(o.unit)),
        Column("held_on", "Held on"),
        Column("topic", "Topic"),
        Column("present", "Present", sortable=False, value=lambda o: o.attendees.count()),
    )


class VolunteeringEventTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("title", "Event"),
        Column("unit", "Unit", sortable=False, value=lambda o: str(o.unit)),
        Column("held_on", "Held on"),
        Column("risk_assessed_on", "Risk assessed"),
        Column("place", "Place"),
    )


class VolunteeringHoursTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("event", "Event", sortable=False, value=lambda o: str(o.event)),
        Column("cadet", "Cadet", sortable=False, value=lambda o: o.cadet.reference),
        Column("hours", "Hours"),
    )


class AwardTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("cadet", "Cadet", sortable=False, value=lambda o: o.cadet.reference),
        Column("kind", "Award"),
        Column("section", "Section"),
        Column("achieved_on", "Achieved"),
    )


class ConcernTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda o: o.reference),
        Column("cadet", "Cadet", sortable=False, value=lambda o: o.cadet.reference),
        Column("noticed_on", "Noticed"),
    )
