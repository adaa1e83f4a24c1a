"""Tables for list pages and exports: references and facts, never names."""

from __future__ import annotations

from prevhub.core.tables import Column, Table


class DiversionEpisodeTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda e: e.reference),
        Column("person", "Person", sortable=False, value=lambda e: f"P-{e.person_id:06d}"),
        Column("offence_code", "Offence"),
        Column("offence_date", "Offence date"),
        Column("scheme", "Scheme", value=lambda e: e.get_scheme_display()),
        Column("decided_on", "Decided"),
        Column("outcome", "Outcome"),
    )


class DiversionConditionTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda c: c.reference),
        Column("episode", "Episode", sortable=False, value=lambda c: c.episode.reference),
        Column("due_on", "Due"),
        Column("met_on", "Met"),
    )


class DiversionAppointmentTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda a: a.reference),
        Column("episode", "Episode", sortable=False, value=lambda a: a.episode.reference),
        Column("on", "Date"),
        Column("attendance", "Attendance"),
    )


class DrugTestCountTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda d: d.reference),
        Column("month", "Month"),
        Column("tests", "Tests"),
        Column("positive_cocaine", "Cocaine only"),
        Column("positive_opiates", "Opiates only"),
        Column("positive_both", "Both"),
    )


class NaloxoneSupplyTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda n: n.reference),
        Column("month", "Month"),
        Column("kits", "Kits"),
        Column("setting", "Where"),
    )
